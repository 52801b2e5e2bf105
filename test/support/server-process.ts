import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { storeEnvFor } from './test-store.js';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: string[];
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the real service (`node bin/imaging-phd.js serve`) on a free port and waits until it listens,
 * on the test store of PHD_DATA_DIR (see test-store.ts).
 * @param env - extra environment (PHD_DATA_DIR, PHD_ADMIN_TOKEN, …).
 * @param timeoutMs - how long to wait for the "listening" log line.
 * @returns the running process.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), 'serve'], {
    cwd: PACKAGE_ROOT,
    env: {
      // Tests drive one server far beyond a person's rate from one address: the per-client limits
      // are off unless a test sets them (test/integration/rate-limit.test.ts does).
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', PHD_RATE_LIMIT: '0', PHD_CLIENT_MAX_QUERIES: '0',
      ...(env.PHD_DATA_DIR === undefined || env.PHD_STORE !== undefined ? {} : storeEnvFor(env.PHD_DATA_DIR)), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const fixedPort = env.PORT !== undefined && env.PORT !== '0' ? Number(env.PORT) : undefined;
  const listening = new Promise<string>((resolve, reject) => {
    if (fixedPort !== undefined) {
      // A fixed port (and maybe a quiet log level): poll /health instead of reading the log.
      const started = Date.now();
      const poll = () => {
        fetch(`http://127.0.0.1:${fixedPort}/health`).then(() => resolve(`http://127.0.0.1:${fixedPort}`)).catch(() => {
          if (Date.now() - started > timeoutMs) reject(new Error(`server did not answer on ${fixedPort} in ${timeoutMs} ms:\n${logs.join('\n')}`));
          else setTimeout(poll, 100);
        });
      };
      poll();
    }
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${logs.join('')}`)), timeoutMs);
    let buffer = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'listening' && entry.port !== undefined) {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${entry.port}`);
          }
        } catch {
          // not a log line
        }
        newline = buffer.indexOf('\n');
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before listening:\n${logs.join('\n')}`));
    });
  });
  const url = await listening.catch(async (error: unknown) => {
    // A server that did not come up in time must not outlive the test that gave up on it.
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return { child, url, logs, exited };
}
