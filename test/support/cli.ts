import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { storeEnvFor } from './test-store.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `imaging-phd` command (bin/imaging-phd.js over dist/, built by the global setup),
 * on the test store of PHD_DATA_DIR (see test-store.ts).
 * @param args - arguments.
 * @returns exit status and output.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), ...args], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...(env.PHD_DATA_DIR === undefined || env.PHD_STORE !== undefined ? {} : storeEnvFor(env.PHD_DATA_DIR)), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
