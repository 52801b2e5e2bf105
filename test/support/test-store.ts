import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import N3 from 'n3';
import { LIVE_GRAPHS_SQL } from '../../src/store/sqlite-schema.js';
import { SparqlClient } from '../../src/store/sparql-client.js';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';

/**
 * The store the HTTP and CLI suites run against: `embedded` (default) or `virtuoso`
 * (PHD_TEST_STORE=virtuoso; vitest.config.ts runs the integration suite once with each).
 */
export const TEST_STORE: 'embedded' | 'virtuoso' = process.env.PHD_TEST_STORE === 'virtuoso' ? 'virtuoso' : 'embedded';

/** Where started test stores are listed, so the global teardown stops every one. */
export const TEST_STORE_REGISTRY = join(tmpdir(), 'phd-test-stores');

interface StartedStore {
  readonly endpoint: string;
  readonly pid: number;
  readonly dir: string;
}

const MARKER = '.test-store.json';

/**
 * The environment that points the service and the CLI at the test store of a data directory. On
 * the embedded store that is nothing; on Virtuoso, each data directory gets its own fresh
 * Virtuoso (started on first use, shared by every later command on that directory), since the
 * catalogue in the data directory and the graphs in the store belong together.
 * @param dataDir - PHD_DATA_DIR.
 * @returns extra environment variables.
 */
export function storeEnvFor(dataDir: string): Record<string, string> {
  if (TEST_STORE === 'embedded') return {};
  mkdirSync(dataDir, { recursive: true });
  const marker = join(dataDir, MARKER);
  if (existsSync(marker)) return envOf((JSON.parse(readFileSync(marker, 'utf8')) as StartedStore).endpoint);
  const started = spawnSync(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'test/support/virtuoso-daemon.ts')], {
    cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 180_000,
  });
  if (started.status !== 0) throw new Error(`could not start Virtuoso for ${dataDir}: ${started.stderr}`);
  const store = JSON.parse(started.stdout.trim().split('\n').pop() ?? '') as StartedStore;
  mkdirSync(TEST_STORE_REGISTRY, { recursive: true });
  writeFileSync(join(TEST_STORE_REGISTRY, String(store.pid)), store.dir);
  writeFileSync(marker, JSON.stringify(store));
  watchDataDir(marker, store);
  return envOf(store.endpoint);
}

/**
 * Stops a test store once its data directory is gone. The CLI and server-process tests remove
 * their directories themselves, without {@link stopTestStoreFor}; before this watch each of their
 * Virtuosos (~300 MB) lived until the end of the run (50 at once, 15 GB, near the suite's end). A
 * detached shell polls for the marker every 2 s, then stops Virtuoso as {@link stopStore} does.
 */
function watchDataDir(marker: string, store: StartedStore): void {
  const script = [
    'while [ -e "$MARKER" ] && kill -0 "$PID" 2>/dev/null; do sleep 2; done',
    'kill -TERM "$PID" 2>/dev/null',
    'i=0; while kill -0 "$PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
    'kill -KILL "$PID" 2>/dev/null',
    'rm -rf "$DIR" "$ENTRY"',
  ].join('\n');
  const watcher = spawn('sh', ['-c', script], {
    detached: true, stdio: 'ignore',
    env: { ...process.env, MARKER: marker, PID: String(store.pid), DIR: store.dir, ENTRY: join(TEST_STORE_REGISTRY, String(store.pid)) },
  });
  watcher.unref();
}

/** The service's environment for a Virtuoso: SPARQL endpoint, and its Graph Store endpoint for writes. */
function envOf(endpoint: string): { PHD_STORE: string; PHD_STORE_GSP: string } {
  return { PHD_STORE: endpoint, PHD_STORE_GSP: endpoint.replace(/\/sparql$/, '/sparql-graph-crud') };
}

function clientOf(env: Record<string, string>, timeoutMs = 30_000): SparqlClient {
  return new SparqlClient({ queryEndpoint: env.PHD_STORE ?? '', ...(env.PHD_STORE_GSP === undefined ? {} : { graphStoreEndpoint: env.PHD_STORE_GSP }), timeoutMs });
}

/** @returns whether a process is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM (Virtuoso checkpoints and exits), SIGKILL after 10 s, then its database directory is removed. */
async function stopStore(pid: number, dir: string): Promise<void> {
  if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(TEST_STORE_REGISTRY, String(pid)), { force: true });
}

/**
 * Stops the test store of one data directory as soon as its test is done with it, so that a run
 * holds only the Virtuosos its running tests use (each takes ~270 MB; the suite starts well over a
 * hundred). Nothing to do on the embedded store, or when none was started for the directory.
 * @param dataDir - PHD_DATA_DIR of a test that is finished with it.
 */
export async function stopTestStoreFor(dataDir: string): Promise<void> {
  const marker = join(dataDir, MARKER);
  if (TEST_STORE === 'embedded' || !existsSync(marker)) return;
  const store = JSON.parse(readFileSync(marker, 'utf8')) as StartedStore;
  await stopStore(store.pid, store.dir);
  rmSync(marker, { force: true });
}

/**
 * Stops every test store started by this run (the global teardown): SIGTERM (Virtuoso checkpoints
 * and exits), SIGKILL after 10 s, then the database directory is removed.
 */
export async function stopTestStores(): Promise<void> {
  if (!existsSync(TEST_STORE_REGISTRY)) return;
  await Promise.all(readdirSync(TEST_STORE_REGISTRY).map(async (entry) => {
    await stopStore(Number(entry), readFileSync(join(TEST_STORE_REGISTRY, entry), 'utf8'));
  }));
}

/**
 * Makes the test store of a data directory hold the records written straight into its catalogue
 * (test/support/sample-record-db.ts writes them without validation): on the embedded store the
 * catalogue is the store, so nothing is to do; on Virtuoso, each live record's graph is written to
 * the data directory's Virtuoso, as the external store would have written it.
 * @param dataDir - the data directory holding `phd.sqlite`.
 */
export async function storeCatalogueRecords(dataDir: string): Promise<void> {
  const env = storeEnvFor(dataDir);
  if (env.PHD_STORE === undefined) return;
  const client = clientOf(env, 60_000);
  const db = new Database(join(dataDir, 'phd.sqlite'), { readonly: true });
  const graphs = db.prepare<[], { iri: string; ntriples: string }>(LIVE_GRAPHS_SQL).all();
  db.close();
  for (const g of graphs) await client.writeGraph(g.iri, new N3.Parser({ format: 'N-Triples' }).parse(g.ntriples));
}
