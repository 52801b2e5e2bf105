import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `imaging-phd` command (bin/imaging-phd.js over dist/, built by the global setup).
 * @param args - arguments.
 * @returns exit status and output.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), ...args], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
