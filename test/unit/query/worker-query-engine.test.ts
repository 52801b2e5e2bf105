import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DERIVED_GRAPH } from '../../../src/domain/derived-graph.js';
import { NotAcceptableError, ParseError, PhdError } from '../../../src/errors/phd-error.js';
import { QueryMemoryError, QueryTimeoutError, ResultTooLargeError } from '../../../src/query/query-errors.js';
import { WorkerQueryEngine } from '../../../src/query/worker-query-engine.js';
import { createSampleDatabase } from '../../support/sample-record-db.js';
import type { SampleDatabase } from '../../support/sample-record-db.js';

const EX = 'http://a.example/';
/** A cross product over the whole sample (~7·10⁹ rows): never finishes within the time limit. */
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

let db: SampleDatabase;
let pool: WorkerQueryEngine;
const warnings: string[] = [];
const logger = { info: () => undefined, warn: (_fields: object, msg?: string) => warnings.push(msg ?? '') };

beforeAll(async () => {
  db = await createSampleDatabase();
  pool = await WorkerQueryEngine.start({ dbPath: db.path, workers: 2, timeoutMs: 1000, maxResults: 100, logger });
});
afterAll(async () => {
  await pool.close();
  db.remove();
});

async function ask(text: string, target: WorkerQueryEngine = pool): Promise<boolean> {
  const { body } = await target.query(text);
  return (JSON.parse(body) as { boolean: boolean }).boolean;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('A WorkerQueryEngine', () => {
  it('starts its workers with the whole index loaded.', async () => {
    expect(pool.stats()).toEqual({ workers: 2, busy: 0, queued: 0, loading: 0 });
    expect(pool.limits).toEqual({ timeoutMs: 1000, maxResults: 100 });
    const { body, mediaType, type } = await pool.query(`SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <${DERIVED_GRAPH}>) }`, { format: 'sparql-results+csv' });
    expect({ mediaType, type }).toEqual({ mediaType: 'text/csv', type: 'SELECT' });
    expect(body).toBe(`n\r\n${db.records.length}\r\n`);
  });

  it('lets a query sent right after replace() see the change, on every worker.', async () => {
    pool.replace(`${EX}fifo`, `<${EX}fifo> <${EX}p> "v1" .\n`);
    const first = await Promise.all([1, 2, 3, 4].map(() => ask(`ASK { <${EX}fifo> <${EX}p> "v1" }`)));
    expect(first).toEqual([true, true, true, true]);
    pool.replace(`${EX}fifo`, `<${EX}fifo> <${EX}p> "v2" .\n`);
    const second = await Promise.all([1, 2, 3, 4].map(() => ask(`ASK { <${EX}fifo> <${EX}p> ?v FILTER(?v != "v2") }`)));
    expect(second).toEqual([false, false, false, false]);
    pool.replace(`${EX}fifo`, null);
    expect(await Promise.all([1, 2].map(() => ask(`ASK { <${EX}fifo> ?p ?o }`)))).toEqual([false, false]);
  });

  it('rejects bad queries before they reach a worker.', async () => {
    const parse = await rejection(pool.query('SELECT * WHERE {\n  ?s ?p\n}'));
    expect(parse).toBeInstanceOf(ParseError);
    expect((parse as ParseError).details).toMatchObject({ line: 3, column: 1 });
    expect(await rejection(pool.query('ASK { ?s ?p ?o }', { format: 'turtle' }))).toBeInstanceOf(NotAcceptableError);
    expect(await rejection(pool.query('DELETE WHERE { ?s ?p ?o }'))).toMatchObject({ code: 'update-refused' });
  });

  it('answers a query sent again from its cached analysis, and refuses a bad one every time.', async () => {
    const text = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const first = await pool.query(text, { format: 'sparql-results+csv' });
    const again = await pool.query(text, { format: 'sparql-results+json' });
    expect(first.body).toMatch(/^n\r\n[1-9]\d*\r\n$/);
    expect((JSON.parse(again.body) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]?.n.value).toBe(first.body.split('\r\n')[1]);
    // The limit still applies to a cached query: its text carries the LIMIT the analysis added.
    for (let i = 0; i < 2; i += 1) expect(await rejection(pool.query('SELECT * WHERE { ?s ?p ?o }'))).toBeInstanceOf(ResultTooLargeError);
    for (let i = 0; i < 2; i += 1) expect(await rejection(pool.query('DELETE WHERE { ?s ?p ?o }'))).toMatchObject({ code: 'update-refused' });
  });

  it('reports results above the limit as 422 errors.', async () => {
    const select = await rejection(pool.query('SELECT * WHERE { ?s ?p ?o }'));
    expect(select).toBeInstanceOf(ResultTooLargeError);
    expect((select as ResultTooLargeError).status).toBe(422);
    expect(await rejection(pool.query('CONSTRUCT WHERE { ?s ?p ?o }', { format: 'json-ld' }))).toMatchObject({ code: 'result-too-large', details: { unit: 'triples' } });
    const paged = await pool.query('SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 100 OFFSET 100', { format: 'sparql-results+tsv' });
    expect(paged.body.trimEnd().split('\n')).toHaveLength(101);
  });

  it('uses the protocol dataset over FROM, and FROM over the union graph.', async () => {
    const text = 'SELECT DISTINCT ?s FROM <https://identifiers.org/RRID:SCR_999002> WHERE { ?s a ?type }';
    const fromQuery = await pool.query(text, { format: 'sparql-results+csv' });
    expect(fromQuery.body).toBe('s\r\nhttps://identifiers.org/RRID:SCR_999002\r\n');
    const fromProtocol = await pool.query(text, { format: 'sparql-results+csv', defaultGraph: ['https://identifiers.org/RRID:SCR_999003'] });
    expect(fromProtocol.body).toBe('s\r\nhttps://identifiers.org/RRID:SCR_999003\r\n');
  });

  it('stops a runaway query at the time limit, keeps serving, and replaces the worker with one that catches up on changes.', async () => {
    const started = performance.now();
    const runaway = rejection(pool.query(RUNAWAY)).then((error) => ({ error, ms: performance.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const quick = performance.now();
    expect(await ask('ASK { ?s a <https://w3id.org/imaging-phd/ns#Facility> }')).toBe(true);
    expect(performance.now() - quick).toBeLessThan(750);

    const { error, ms } = await runaway;
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as QueryTimeoutError)).toMatchObject({ status: 503, code: 'query-timeout', retryAfterSeconds: 1 });
    expect(ms).toBeGreaterThanOrEqual(990);
    expect(ms).toBeLessThan(2000);
    expect(warnings).toContain('query timed out; terminating its worker');

    // The replacement is loading from SQLite: a change broadcast now must reach it after its load.
    expect(pool.stats().loading).toBe(1);
    pool.replace(`${EX}during-reload`, `<${EX}during-reload> <${EX}p> "seen" .\n`);
    await until(() => pool.stats().loading === 0);
    const everywhere = await Promise.all([1, 2, 3, 4].map(() => ask(`ASK { <${EX}during-reload> <${EX}p> "seen" }`)));
    expect(everywhere).toEqual([true, true, true, true]);
  });

  it('drops a query that waits longer than the time limit for a worker, and a query whose caller gave up.', async () => {
    const single = await WorkerQueryEngine.start({ dbPath: db.path, workers: 1, timeoutMs: 1000, maxResults: 100 });
    try {
      const runaway = rejection(single.query(RUNAWAY));
      const waiting = rejection(single.query('ASK { ?s ?p ?o }'));
      const controller = new AbortController();
      const abandoned = rejection(single.query('ASK { ?s ?p ?o }', { signal: controller.signal }));
      expect(single.stats()).toMatchObject({ busy: 1, queued: 2 });
      controller.abort(new Error('client gone'));
      expect(await abandoned).toMatchObject({ message: 'client gone' });
      expect(single.stats().queued).toBe(1);
      expect(await runaway).toBeInstanceOf(QueryTimeoutError);
      const queued = await waiting;
      expect(queued).toBeInstanceOf(QueryTimeoutError);
      expect((queued as QueryTimeoutError).message).toMatch(/waited/);
      await until(() => single.stats().loading === 0);
      expect(await ask('ASK { ?s ?p ?o }', single)).toBe(true);
    } finally {
      await single.close();
    }
  });

  it('fails queued and running queries with 503 when it closes.', async () => {
    const closing = await WorkerQueryEngine.start({ dbPath: db.path, workers: 1, timeoutMs: 5000, maxResults: 100 });
    const running = rejection(closing.query(RUNAWAY));
    const queued = rejection(closing.query('ASK { ?s ?p ?o }'));
    await closing.close();
    expect(await running).toMatchObject({ status: 503, code: 'shutting-down' });
    expect(await queued).toMatchObject({ status: 503, code: 'shutting-down' });
    expect(await rejection(closing.query('ASK { ?s ?p ?o }'))).toBeInstanceOf(PhdError);
  });

  it('refuses to start without a database.', async () => {
    await expect(WorkerQueryEngine.start({ dbPath: `${db.dir}/missing.sqlite`, workers: 2, timeoutMs: 1000, maxResults: 10 })).rejects.toThrow(/could not load the index/);
  });

  it('refuses to start when the index does not fit in a worker\'s memory, never serving an empty index.', async () => {
    await expect(WorkerQueryEngine.start({ dbPath: db.path, workers: 1, timeoutMs: 1000, maxResults: 10, memoryMb: 40 }))
      .rejects.toThrow(/does not fit in the memory of a query worker \(40 MiB\): raise PHD_QUERY_WORKER_MEMORY_MB/);
  });

  it('answers a query past the memory limit with 503 query-memory-limit, and the next query on the replaced worker.', async () => {
    const limited = await WorkerQueryEngine.start({ dbPath: db.path, workers: 1, timeoutMs: 20_000, maxResults: 10, memoryMb: 256 });
    try {
      const binds = Array.from({ length: 26 }, (_, i) => `BIND(CONCAT(?x${i}, ?x${i}) AS ?x${i + 1})`).join(' ');
      const error = await rejection(limited.query(`SELECT ?x26 WHERE { BIND("aaaaaaaaaaaaaaaa" AS ?x0) ${binds} }`));
      expect(error).toBeInstanceOf(QueryMemoryError);
      expect(error).toMatchObject({ status: 503, code: 'query-memory-limit', retryAfterSeconds: 2 });
      const next = await limited.query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { format: 'sparql-results+csv' });
      expect(Number(next.body.split('\n')[1])).toBeGreaterThan(1000);
    } finally {
      await limited.close();
    }
  });
});
