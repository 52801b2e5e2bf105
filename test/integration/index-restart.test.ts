import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { orcidCheckDigit } from '../../src/domain/pid.js';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/server-process.js';
import { TEST_STORE } from '../support/test-store.js';
import type { ServerProcess } from '../support/server-process.js';

const ADMIN = 'restart-test-admin-token-0000';
const SNAPSHOT = 'query-index.snapshot';

function orcid(n: number): string {
  const first15 = `0000000${String(3_000_000 + n).padStart(8, '0')}`.slice(-15);
  const digits = `${first15}${orcidCheckDigit(first15)}`;
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}

function personTurtle(id: string): string {
  return `@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://orcid.org/${id}> a phd:Person ; schema:name "Writer ${id}" ; dcterms:identifier "${id}" .`;
}

/** Queries whose answers must not change over a restart: counts, a listing, a graph, the union with the ontology. */
const QUERIES = [
  'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }',
  'SELECT ?p ?name WHERE { ?p a <https://w3id.org/imaging-phd/ns#Person> ; <https://schema.org/name> ?name } ORDER BY ?p ?name',
  'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g',
  'SELECT ?label WHERE { <https://w3id.org/imaging-phd/ns#HardwareConfiguration> <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label',
];

async function answers(server: ServerProcess): Promise<string[]> {
  return Promise.all(QUERIES.map(async (query) => {
    const res = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/csv' } });
    expect(res.status, query).toBe(200);
    return res.text();
  }));
}

async function write(server: ServerProcess, id: string): Promise<number> {
  const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` }, body: personTurtle(id) });
  return res.status;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

/** Waits until every query worker has its index (the first one serves while the others load). */
async function allWorkersReady(server: ServerProcess): Promise<void> {
  for (;;) {
    const health = await (await fetch(`${server.url}/health`)).json() as { query?: { loading?: number } };
    if ((health.query?.loading ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The `query worker ready` log lines of a server, parsed. */
function readyLines(server: ServerProcess): { worker: number; source: string; caughtUp: number; snapshotRejected?: string }[] {
  return server.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; worker: number; source: string; caughtUp: number; snapshotRejected?: string };
      return entry.msg === 'query worker ready' ? [entry] : [];
    } catch {
      return [];
    }
  });
}

/** The persons SQLite holds (the record of truth), as the SPARQL listing of query 2 would show them. */
function personsInStore(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'phd.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { iri: string }>("SELECT iri FROM records WHERE kind = 'person' AND deleted_at IS NULL ORDER BY iri").all().map((r) => r.iri);
  } finally {
    db.close();
  }
}

const running: ServerProcess[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
});

async function serve(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServer({ PHD_ADMIN_TOKEN: ADMIN, PHD_QUERY_WORKERS: '2', ...env });
  running.push(server);
  await allWorkersReady(server);
  return server;
}

describe('A service restarted on the same data directory', () => {
  it('answers the same SPARQL results as before the stop, including records written just before it.', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-restart-'));
    const first = await serve({ PHD_DATA_DIR: dataDir });
    for (let n = 0; n < 3; n += 1) expect(await write(first, orcid(n))).toBe(201);
    const before = await answers(first);
    expect(before[1]).toContain(`Writer ${orcid(2)}`);
    await stop(first);

    const second = await serve({ PHD_DATA_DIR: dataDir });
    expect(await answers(second)).toEqual(before);
    // Both workers answer: round-robin sends the next queries to each in turn.
    expect(await answers(second)).toEqual(before);
    if (TEST_STORE === 'embedded') {
      expect(existsSync(join(dataDir, SNAPSHOT))).toBe(true);
      expect(readyLines(second).map((r) => r.source)).toEqual(['snapshot', 'snapshot']);
    }
  });
});

describe('The query index snapshot (embedded store)', () => {
  const embedded = { PHD_STORE: 'embedded' };

  async function seeded(): Promise<{ dataDir: string; before: string[] }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-snapshot-'));
    const server = await serve({ ...embedded, PHD_DATA_DIR: dataDir });
    // Built from SQLite, the index is written to its snapshot before the service listens: writing
    // takes the worker's thread, so listening first would leave queries waiting on it.
    const logged = (msg: string): number => server.logs.findIndex((line) => line.includes(`"msg":"${msg}"`));
    expect(logged('index snapshot written')).toBeGreaterThanOrEqual(0);
    expect(logged('index snapshot written')).toBeLessThan(logged('listening'));
    expect(await write(server, orcid(10))).toBe(201);
    const before = await answers(server);
    await stop(server);
    expect(existsSync(join(dataDir, SNAPSHOT))).toBe(true);
    return { dataDir, before };
  }

  it('catches up with records loaded by `imaging-phd load` while the service was stopped.', async () => {
    const { dataDir, before } = await seeded();
    const file = join(mkdtempSync(join(tmpdir(), 'phd-snapshot-load-')), 'people.ttl');
    writeFileSync(file, [11, 12].map((n) => personTurtle(orcid(n))).join('\n'));
    const load = runCli(['load', file], { ...embedded, PHD_DATA_DIR: dataDir });
    expect(load.status, load.stderr).toBe(0);

    const server = await serve({ ...embedded, PHD_DATA_DIR: dataDir });
    const after = await answers(server);
    expect(after).not.toEqual(before);
    expect(after[1]).toContain(`Writer ${orcid(11)}`);
    expect(after[1]).toContain(`Writer ${orcid(12)}`);
    // The write made before the stop, and the two records loaded while stopped.
    expect(readyLines(server).map((r) => [r.source, r.caughtUp])).toEqual([['snapshot', 3], ['snapshot', 3]]);
    // Rebuilt from SQLite alone, the index gives the same answers.
    const rebuilt = join(mkdtempSync(join(tmpdir(), 'phd-snapshot-copy-')), 'data');
    await stop(server);
    copyStore(dataDir, rebuilt);
    const fresh = await serve({ ...embedded, PHD_DATA_DIR: rebuilt });
    expect(readyLines(fresh)[0]?.source).toBe('database');
    expect(await answers(fresh)).toEqual(after);
  });

  it('with PHD_INDEX_SNAPSHOT=false, removes the snapshot and rebuilds from SQLite at every start, with the same answers.', async () => {
    const { dataDir, before } = await seeded();
    const off = { ...embedded, PHD_DATA_DIR: dataDir, PHD_INDEX_SNAPSHOT: 'false' };
    const server = await serve(off);
    expect(existsSync(join(dataDir, SNAPSHOT))).toBe(false);
    expect(readyLines(server).map((r) => r.source)).toEqual(['database', 'database']);
    expect(await write(server, orcid(13))).toBe(201);
    const after = await answers(server);
    expect(after[1]).toContain(`Writer ${orcid(13)}`);
    await stop(server);
    expect(existsSync(join(dataDir, SNAPSHOT))).toBe(false);

    const again = await serve(off);
    expect(readyLines(again)[0]?.source).toBe('database');
    expect(await answers(again)).toEqual(after);
    expect(after).not.toEqual(before);
  });

  it('with PHD_INDEX_SNAPSHOT=false and a snapshot it cannot remove, warns naming the file and the reason, and starts from SQLite.', async () => {
    const { dataDir, before } = await seeded();
    const path = join(dataDir, SNAPSHOT);
    // A directory in the snapshot's place: removing a file there fails (EISDIR) as it would without write access.
    rmSync(path);
    mkdirSync(join(path, 'held'), { recursive: true });
    const server = await serve({ ...embedded, PHD_DATA_DIR: dataDir, PHD_INDEX_SNAPSHOT: 'false' });
    const warnings = server.logs.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; path?: string; reason?: string };
        return entry.level === 'warn' && entry.msg?.includes('could not be removed') === true ? [entry] : [];
      } catch {
        return [];
      }
    });
    expect(warnings).toEqual([expect.objectContaining({ path, reason: 'ERR_FS_EISDIR' })]);
    expect(readyLines(server).map((r) => r.source)).toEqual(['database', 'database']);
    expect(await answers(server)).toEqual(before);
  });

  it('rebuilds from SQLite, never serving it, a snapshot whose body was corrupted.', async () => {
    const { dataDir, before } = await seeded();
    const path = join(dataDir, SNAPSHOT);
    const fd = openSync(path, 'r+');
    const middle = Math.floor(statSync(path).size / 2);
    writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, middle);
    closeSync(fd);

    const server = await serve({ ...embedded, PHD_DATA_DIR: dataDir });
    expect(readyLines(server)[0]).toMatchObject({ source: 'database', snapshotRejected: expect.stringContaining('checksum') as unknown });
    expect(await answers(server)).toEqual(before);
  });

  it('rebuilds from SQLite a truncated snapshot, and one taken from another store.', async () => {
    const { dataDir, before } = await seeded();
    const path = join(dataDir, SNAPSHOT);
    truncateSync(path, statSync(path).size - 1000);
    const truncated = await serve({ ...embedded, PHD_DATA_DIR: dataDir });
    expect(readyLines(truncated)[0]).toMatchObject({ source: 'database', snapshotRejected: expect.stringContaining('truncated') as unknown });
    expect(await answers(truncated)).toEqual(before);
    await stop(truncated);

    // Another store, its revisions other records: the snapshot's last revision is not there as recorded.
    const otherDir = mkdtempSync(join(tmpdir(), 'phd-snapshot-other-'));
    const file = join(otherDir, 'people.ttl');
    writeFileSync(file, Array.from({ length: 150 }, (_, n) => personTurtle(orcid(200 + n))).join('\n'));
    const load = runCli(['load', file], { ...embedded, PHD_DATA_DIR: join(otherDir, 'data') });
    expect(load.status, load.stderr).toBe(0);
    copyFileSync(path, join(otherDir, 'data', SNAPSHOT));
    const server = await serve({ ...embedded, PHD_DATA_DIR: join(otherDir, 'data'), PHD_SEED_DIR: '' });
    expect(readyLines(server)[0]).toMatchObject({ source: 'database', snapshotRejected: expect.stringContaining('another database') as unknown });
    const listed = (await answers(server))[1] ?? '';
    expect(listed.trim().split('\r\n')).toHaveLength(151);
  });

  it('gives an index consistent with SQLite after a SIGKILL in the middle of writes.', async () => {
    const { dataDir } = await seeded();
    const server = await serve({ ...embedded, PHD_DATA_DIR: dataDir });
    let stopWriting = false;
    let next = 100;
    const writer = async (): Promise<void> => {
      while (!stopWriting) {
        try {
          await write(server, orcid(next++));
        } catch {
          return; // the server died mid-request
        }
      }
    };
    const writers = [writer(), writer(), writer()];
    await new Promise((r) => setTimeout(r, 700));
    server.child.kill('SIGKILL');
    stopWriting = true;
    await Promise.all(writers);
    await server.exited;

    const restarted = await serve({ ...embedded, PHD_DATA_DIR: dataDir });
    expect(readyLines(restarted)[0]?.source).toBe('snapshot');
    const listed = (await answers(restarted))[1] ?? '';
    const persons = [...new Set(listed.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]))].sort();
    expect(persons).toEqual(personsInStore(dataDir));
    expect(persons.length).toBeGreaterThan(2);
  });
});

/** Copies a stopped store's SQLite file (checkpointed) to a new data directory, without its snapshot. */
function copyStore(from: string, to: string): void {
  const db = new Database(join(from, 'phd.sqlite'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  mkdirSync(to, { recursive: true });
  copyFileSync(join(from, 'phd.sqlite'), join(to, 'phd.sqlite'));
}
