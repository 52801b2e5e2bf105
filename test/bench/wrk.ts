/**
 * The `wrk` HTTP load generator (Debian package `wrk`), as the benchmarks' C client: one
 * connection, so its median is one request's latency without Node's own client cost.
 */
import { spawnSync } from 'node:child_process';

/** Whether `wrk` is installed. */
export const HAS_WRK = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;

/**
 * The median latency of one GET, by `wrk` with one connection for 4 s.
 * @param url - the request URL.
 * @param accept - the Accept header.
 * @returns milliseconds.
 */
export function wrkMedian(url: string, accept: string): number {
  const run = spawnSync('wrk', ['-c1', '-t1', '-d4s', '--latency', '-H', `accept: ${accept}`, url], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  if (/Non-2xx or 3xx responses/.test(run.stdout)) throw new Error(`wrk got errors from ${url}:\n${run.stdout}`);
  const match = /^\s*50%\s+([\d.]+)(us|ms|s)\s*$/m.exec(run.stdout);
  if (match === null) throw new Error(`no median in wrk's output:\n${run.stdout}`);
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}
