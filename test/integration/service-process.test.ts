import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orcidCheckDigit } from '../../src/domain/pid.js';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/server-process.js';
import { TEST_STORE } from '../support/test-store.js';
import type { ServerProcess } from '../support/server-process.js';

const ADMIN = 'service-test-admin-token-000';
const json = 'application/sparql-results+json';

function orcid(n: number): string {
  const first15 = `0000000${String(2_000_000 + n).padStart(8, '0')}`.slice(-15);
  const digits = `${first15}${orcidCheckDigit(first15)}`;
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}

function personTurtle(id: string): string {
  return `@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://orcid.org/${id}> a phd:Person ; schema:name "Writer ${id}" ; dcterms:identifier "${id}" .`;
}

describe('imaging-phd serve (a real process)', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    // A data directory that does not exist yet, as ./var on a fresh checkout (`npm start`).
    dataDir = join(mkdtempSync(join(tmpdir(), 'phd-serve-')), 'var');
    server = await startServer({ PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN, PHD_QUERY_TIMEOUT_MS: '1500', PHD_QUERY_WORKERS: '2' });
  });
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
  });

  it('makes a data directory that does not exist yet, seeds the empty store from data/ and answers SPARQL over it.', async () => {
    expect(existsSync(join(dataDir, 'phd.sqlite'))).toBe(true);
    const health = await (await fetch(`${server.url}/health`)).json() as { records: number; triples: number };
    expect(health.records).toBeGreaterThan(20);
    const query = 'SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/imaging-phd/ns#HardwareConfiguration> }';
    const res = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: json } });
    expect(res.status).toBe(200);
    const body = await res.json() as { results: { bindings: { n: { value: string } }[] } };
    expect(body.results.bindings[0]?.n.value).toBe('5');
  });

  it('sees an acknowledged write in the next query.', async () => {
    const id = orcid(1);
    const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` }, body: personTurtle(id) });
    expect(res.status).toBe(201);
    const ask = `ASK { <https://orcid.org/${id}> a <https://w3id.org/imaging-phd/ns#Person> }`;
    const answer = await (await fetch(`${server.url}/sparql?query=${encodeURIComponent(ask)}`, { headers: { accept: json } })).json() as { boolean: boolean };
    expect(answer.boolean).toBe(true);
  });

  it('refuses `imaging-phd load` into the data directory it serves.', () => {
    const load = runCli(['load', 'data/'], { PHD_DATA_DIR: dataDir });
    expect(load.status).toBe(2);
    expect(load.stderr).toContain('is running');
  });

  it('stops a runaway query at its time limit while /health and record reads keep answering.', async () => {
    const slow = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
    const started = Date.now();
    const pending = fetch(`${server.url}/sparql?query=${encodeURIComponent(slow)}`, { headers: { accept: json } });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const [health, record] = await Promise.all([fetch(`${server.url}/health`), fetch(`${server.url}/records/doi:10.5072/phd.ecc.sp8`)]);
    expect(health.status).toBe(200);
    expect(record.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    const res = await pending;
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    // The embedded engine runs it until the limit; Virtuoso may refuse it at once, its cost estimate
    // being past its own limit (also a 503 query-timeout).
    if (TEST_STORE === 'embedded') expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(10_000);
    const after = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { accept: json } });
    expect(after.status).toBe(200);
  });
});

describe('Hostile SPARQL requests', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ PHD_DATA_DIR: mkdtempSync(join(tmpdir(), 'phd-hostile-')), PHD_QUERY_WORKERS: '1' });
  });
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
  });

  it('answers 400 at once to deeply nested or oversized queries, and to graph URIs that are not IRIs.', async () => {
    const started = Date.now();
    const nested = `ASK { FILTER(${'('.repeat(5000)}1${')'.repeat(5000)}) }`;
    const deep = await fetch(`${server.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: nested });
    expect(deep.status).toBe(400);
    expect((await deep.json() as { code: string }).code).toBe('query-too-deep');
    const long = await fetch(`${server.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `ASK {} #${'x'.repeat(70_000)}` });
    expect(long.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(3000);
    const graph = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK {}')}&default-graph-uri=not%20an%20iri`);
    expect(graph.status).toBe(400);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

/** Kill cycles of the crash test: PHD_CRASH_CYCLES (20 for the full run, `npm run test:crash`), 3 by default. */
const CRASH_CYCLES = Number(process.env.PHD_CRASH_CYCLES ?? 3);

describe('Crash safety', () => {
  it(`keeps every acknowledged write, and no half-written record, over ${CRASH_CYCLES} SIGKILLs of a server under 4 concurrent writers.`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-crash-'));
    const env = { PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN, PHD_QUERY_WORKERS: '1' };
    const acknowledged: string[] = [];
    let next = 100;
    let attempted = 0;
    for (let cycle = 0; cycle < CRASH_CYCLES; cycle += 1) {
      const server = await startServer(env);
      // The store opened without repair: every write acknowledged so far is there, whole.
      for (const id of acknowledged) {
        const res = await fetch(`${server.url}/records/orcid:${id}`, { headers: { accept: 'application/n-triples' } });
        expect(res.status, `cycle ${cycle}: ${id}`).toBe(200);
        expect(await res.text()).toContain(`"Writer ${id}"`);
      }
      const half = await fetch(`${server.url}/sparql?query=${encodeURIComponent('PREFIX schema: <https://schema.org/> PREFIX phd: <https://w3id.org/imaging-phd/ns#> SELECT ?p WHERE { ?p a phd:Person FILTER NOT EXISTS { ?p schema:name ?n } }')}`, { headers: { accept: 'text/csv' } });
      expect((await half.text()).trim(), `cycle ${cycle}: persons without a name`).toBe('p');
      let stop = false;
      const writer = async () => {
        while (!stop) {
          const id = orcid(next++);
          attempted += 1;
          try {
            const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` }, body: personTurtle(id) });
            if (res.status === 201) acknowledged.push(id);
          } catch {
            return; // the server died mid-request: not acknowledged
          }
        }
      };
      const writers = [writer(), writer(), writer(), writer()];
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 700)));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await server.exited;
    }
    expect(acknowledged.length).toBeGreaterThan(CRASH_CYCLES * 3);
    const last = await startServer(env);
    try {
      for (const id of acknowledged) expect((await fetch(`${last.url}/records/orcid:${id}`, { headers: { accept: 'text/turtle' } })).status, id).toBe(200);
      const health = (await (await fetch(`${last.url}/health`)).json()) as { store?: { pendingWrites?: number } | string };
      if (typeof health.store === 'object') expect(health.store.pendingWrites).toBe(0);
      console.info(`crash test: ${CRASH_CYCLES} SIGKILL cycles, ${attempted} writes attempted, ${acknowledged.length} acknowledged, 0 lost`);
    } finally {
      last.child.kill('SIGTERM');
      expect(await last.exited).toBe(0);
    }
  }, 60_000 + CRASH_CYCLES * 30_000);
});

describe('The data CLI commands', () => {
  it('imaging-phd query stops a runaway query at PHD_QUERY_TIMEOUT_MS with a message and exit 2, as /sparql does.', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-cli-timeout-'));
    const env = { PHD_DATA_DIR: dataDir, PHD_QUERY_TIMEOUT_MS: '500' };
    expect(runCli(['load', 'data/'], env).status).toBe(0);
    const runaway = runCli(['query', 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'], env);
    expect(runaway.status).toBe(2);
    expect(runaway.stderr).toMatch(/imaging-phd query: .*500 ms/);
    const quick = runCli(['query', 'ASK { ?s ?p ?o }', '--format', 'json'], env);
    expect(quick.status, quick.stderr).toBe(0);
    expect(JSON.parse(quick.stdout)).toMatchObject({ boolean: true });
  });

  it('load, query and token work against PHD_DATA_DIR.', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-cli-store-'));
    const env = { PHD_DATA_DIR: dataDir };
    const load = runCli(['load', 'data/'], env);
    expect(load.status, load.stderr).toBe(0);
    expect(load.stdout).toMatch(/loaded \d+ records/);
    expect(load.stderr).toMatch(/load 100\.0% .* records committed, .* triples\/s, ETA/);
    const again = runCli(['load', 'data/'], env);
    expect(again.stdout).toMatch(/loaded 0 records .* already present/);
    const query = runCli(['query', 'SELECT ?name WHERE { ?f a <https://w3id.org/imaging-phd/ns#Facility> ; <https://schema.org/name> ?name } ORDER BY ?name', '--format', 'csv'], env);
    expect(query.status, query.stderr).toBe(0);
    expect(query.stdout.split('\n').filter(Boolean)).toHaveLength(4);
    const update = runCli(['query', 'DELETE WHERE { ?s ?p ?o }'], env);
    expect(update.status).toBe(2);
    expect(update.stderr).toContain('read-only');
    const token = runCli(['token', 'create', '--facility', 'RRID:SCR_999003'], env);
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^phd_[a-z0-9]{12}_/);
    const bad = runCli(['token', 'create', '--facility', 'orcid:0000-0002-1825-0097'], env);
    expect(bad.status).toBe(2);
  });
});
