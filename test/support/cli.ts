import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { storeEnvFor } from './test-store.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const BIN = join(PACKAGE_ROOT, 'bin/imaging-phd.js');

/** The environment of a CLI run: the test's, the test store of PHD_DATA_DIR, then `env`. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...(env.PHD_DATA_DIR === undefined || env.PHD_STORE !== undefined ? {} : storeEnvFor(env.PHD_DATA_DIR)), ...env };
}

/**
 * Runs the real `imaging-phd` command (bin/imaging-phd.js over dist/, built by the global setup),
 * on the test store of PHD_DATA_DIR (see test-store.ts).
 * @param args - arguments.
 * @returns exit status and output.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 120_000, env: cliEnv(env) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * {@link runCli} without blocking the test's event loop: for a command that talks to a server the
 * test itself runs (a provider double).
 * @param args - arguments.
 * @param env - more environment.
 * @returns exit status and output, once the command exits.
 */
export function runCliAsync(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PACKAGE_ROOT, env: cliEnv(env), timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
