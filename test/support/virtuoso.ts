import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Debian's Virtuoso Open Source 7 (package virtuoso-opensource, installed by .ci/install-test-tools.sh). */
export const VIRTUOSO_BINARY = '/usr/bin/virtuoso-t';
const TEMPLATE = '/etc/virtuoso-opensource-7/virtuoso.ini';
const ISQL = '/usr/bin/isql-vt';

/** A running Virtuoso, on loopback only. */
export interface VirtuosoProcess {
  /** The SPARQL 1.1 Protocol / Update endpoint. */
  readonly endpoint: string;
  /** The SQL port (isql). */
  readonly sqlPort: number;
  readonly pid: number;
  /** Its database directory (removed by `stop`). */
  readonly dir: string;
  readonly stop: () => Promise<void>;
}

/** Graphs a fresh Virtuoso holds for its own demos (not its system graph virtrdf#, which stays). */
const DEMO_GRAPHS = ['http://localhost:8890/DAV/', 'http://www.w3.org/2002/07/owl#', 'http://www.w3.org/ns/ldp#', 'http://localhost:8890/sparql'];

/**
 * Runs SQL on a Virtuoso through isql.
 * @param sqlPort - its SQL port.
 * @param sql - statements.
 */
export function virtuosoSql(sqlPort: number, sql: string): void {
  const result = spawnSync(ISQL, [String(sqlPort), 'dba', 'dba', `exec=${sql}`], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0 || /\*\*\* Error/.test(result.stdout)) throw new Error(`isql failed: ${result.stdout.slice(-500)} ${result.stderr}`);
}


/** The last lines of a Virtuoso's log, for an error message. */
function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'virtuoso.log'), 'utf8').trimEnd().split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts a throw-away Virtuoso in a temporary directory, listening on loopback ports only, and
 * waits (at most `timeoutMs`) until its SPARQL endpoint answers. The anonymous SPARQL user is
 * granted SPARQL Update on this private instance, as a test store; a production store takes
 * credentials instead (PHD_STORE_USER / PHD_STORE_PASSWORD).
 * @param timeoutMs - bound on the start-up.
 * @param options - `detached` to outlive this process (stopped by pid); `buffers`, Virtuoso's page buffers.
 * @returns the running process and its endpoint.
 */
export async function startVirtuoso(timeoutMs = 60_000, options: { detached?: boolean; buffers?: number } = {}): Promise<VirtuosoProcess> {
  if (!existsSync(VIRTUOSO_BINARY)) throw new Error(`${VIRTUOSO_BINARY} is missing: run bash .ci/install-test-tools.sh`);
  // A port found free can be taken by another process before Virtuoso binds it; Virtuoso then
  // exits at once, or another server answers on its port. Such a start is tried again on new
  // ports; a start that times out is not.
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await startOnce(timeoutMs, options);
    if (!('exited' in outcome)) return outcome;
    if (attempt >= 3) throw new Error(`Virtuoso exited during start-up ${attempt} times; its last log:\n${outcome.log}`);
  }
}

async function startOnce(timeoutMs: number, options: { detached?: boolean; buffers?: number }): Promise<VirtuosoProcess | { exited: true; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'phd-virtuoso-'));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  const ini = readFileSync(TEMPLATE, 'utf8')
    .replaceAll('/var/lib/virtuoso-opensource-7/db', dir)
    .replace(/^ServerPort(\s*)=\s*1111$/m, `ServerPort$1= 127.0.0.1:${sqlPort}`)
    .replace(/^ServerPort(\s*)=\s*8890$/m, `ServerPort$1= 127.0.0.1:${httpPort}`)
    // Never truncate a result silently below the service's own limit; stop long queries as the service does.
    .replace(/^ResultSetMaxRows(\s*)=\s*\d+/m, 'ResultSetMaxRows$1= 1000000')
    .replace(/^MaxQueryExecutionTime(\s*)=\s*\d+/m, 'MaxQueryExecutionTime$1= 30')
    // ORDER BY … LIMIT n sorts at most MaxSortedTopRows (10000 by default), below the service's LIMIT maxResults + 1.
    .replace(/^\[Parameters\]$/m, '[Parameters]\nMaxSortedTopRows = 1000000')
    // Page buffers (8 kB each; Debian's default of 10000 is 80 MB): Virtuoso's advice is about 2/3 of free memory.
    .replace(/^NumberOfBuffers(\s*)=\s*10000$/m, `NumberOfBuffers$1= ${options.buffers ?? 10_000}`)
    .replace(/^MaxDirtyBuffers(\s*)=\s*6000$/m, `MaxDirtyBuffers$1= ${Math.round((options.buffers ?? 10_000) * 0.75)}`);
  writeFileSync(join(dir, 'virtuoso.ini'), ini);
  const child: ChildProcess = spawn(VIRTUOSO_BINARY, ['+configfile', join(dir, 'virtuoso.ini'), '+foreground'], { cwd: dir, stdio: 'ignore', detached: options.detached === true });
  if (options.detached === true) child.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${httpPort}/sparql`;
  const started = Date.now();
  for (;;) {
    try {
      const response = await fetch(`${endpoint}?query=${encodeURIComponent('ASK {}')}`, { headers: { accept: 'application/sparql-results+json' } });
      // Another process may have taken the port between freePort and Virtuoso's bind (another
      // test's app answers /sparql too); Virtuoso then runs without HTTP. Only Virtuoso counts.
      if (response.headers.get('server')?.startsWith('Virtuoso/') !== true) {
        child.kill('SIGKILL');
        await exited;
        const log = logTail(dir);
        rmSync(dir, { recursive: true, force: true });
        return { exited: true, log: `port ${httpPort} is answered by another server (${response.headers.get('server') ?? 'no Server header'})\n${log}` };
      }
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    const exitedEarly = child.exitCode !== null || child.signalCode !== null;
    if (exitedEarly || Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      const log = logTail(dir);
      rmSync(dir, { recursive: true, force: true });
      if (exitedEarly) return { exited: true, log };
      throw new Error(`Virtuoso did not start within ${timeoutMs} ms; the end of its log:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  virtuosoSql(sqlPort, `GRANT SPARQL_UPDATE TO "SPARQL"; ${DEMO_GRAPHS.map((g) => `SPARQL CLEAR GRAPH <${g}>;`).join(' ')}`);
  return {
    endpoint,
    sqlPort,
    pid: child.pid ?? 0,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
