import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORES } from '../support/federation-data.js';
import type { ServerProcess } from '../support/server-process.js';
import { startFederation } from '../support/test-federation.js';
import type { FederationCore, TestFederation } from '../support/test-federation.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const BUDGET_MB = 256;
const MAX_RESULT_BYTES = 200_000;
const JSON_RESULTS = 'application/sparql-results+json';

/** A query that doubles a 16-character string `steps` times (16 · 2^steps characters), after `where`. */
function doubling(steps: number, where = ''): string {
  const binds = Array.from({ length: steps }, (_, i) => `BIND(CONCAT(?x${i}, ?x${i}) AS ?x${i + 1})`).join(' ');
  return `SELECT ?x${steps} WHERE { ${where} BIND("aaaaaaaaaaaaaaaa" AS ?x0) ${binds} }`;
}

/** `n` distinct strings of `length` characters, as a VALUES list. */
function values(variable: string, n: number, length: number): string {
  return `VALUES ?${variable} { ${Array.from({ length: n }, (_, i) => `"${String(i).padStart(length, variable)}"`).join(' ')} }`;
}

/** A line of /proc/<pid>/status, in MiB. */
function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? Number.NaN) / 1024;
}

/**
 * Runs `action` and returns how far the process's resident memory rose above where it was: the
 * peak is reset first (Linux: clear_refs 5), so the start-up's peak does not hide the query's.
 */
async function growthMb(pid: number, action: () => Promise<void>): Promise<number> {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = statusMb(pid, 'VmRSS');
  await action();
  return statusMb(pid, 'VmHWM') - before;
}

let federation: TestFederation;
let cores: readonly FederationCore[] = [];
const server = (): ServerProcess => {
  const s = cores[0]?.server;
  if (s === undefined) throw new Error('the core did not start');
  return s;
};

async function federated(query: string, accept = JSON_RESULTS): Promise<Response> {
  return fetch(`${cores[0]?.url ?? ''}/federated/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query });
}

interface Problem { status: number; code: string; detail: string }

async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
  const body = await res.text();
  expect(res.status, body.slice(0, 300)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(body.length).toBeLessThan(10_000);
  const problem = JSON.parse(body) as Problem;
  expect(problem).toMatchObject({ status, code });
  return problem;
}

beforeAll(async () => {
  federation = await startFederation(CORES.slice(0, 2), {
    env: {
      LOG_LEVEL: 'warn', PHD_QUERY_TIMEOUT_MS: '60000',
      PHD_QUERY_WORKER_MEMORY_MB: String(BUDGET_MB), PHD_QUERY_MAX_RESULT_BYTES: String(MAX_RESULT_BYTES),
    },
  });
  cores = federation.cores;
}, 180_000);

afterAll(async () => {
  await federation?.close();
});

describe('The memory of a federated query, evaluated on the main thread', () => {
  let triples = 0;

  it('refuses a chain of BIND(CONCAT(?x, ?x)) with 422 result-too-large, not 200 with a huge body, and the process grows by far less than 1 GiB.', async () => {
    triples = ((await (await fetch(`${cores[0]?.url ?? ''}/health`)).json()) as { triples: number }).triples;
    // Unguarded, this answered 200 with a 268 MB body and the process peaked at 2.8 GB.
    let problem: Problem | undefined;
    const grown = await growthMb(server().child.pid ?? 0, async () => {
      problem = await expectProblem(await federated(doubling(24)), 422, 'result-too-large');
    });
    expect(problem?.detail).toContain(`${MAX_RESULT_BYTES} bytes`);
    expect(grown).toBeLessThan(1024);
  });

  it('refuses it as well when the query also has triple patterns (the shipped triples, evaluated in memory).', async () => {
    const grown = await growthMb(server().child.pid ?? 0, async () => {
      await expectProblem(await federated(doubling(24, `?f a <${PHD}Facility> .`)), 422, 'result-too-large');
    });
    expect(grown).toBeLessThan(1024);
  });

  it('refuses an answer of short values that adds up past PHD_QUERY_MAX_RESULT_BYTES, in every format.', async () => {
    // 40 × 40 rows of two 100-character values: far fewer rows than the row limit, about 400 KB.
    const query = `SELECT ?a ?b WHERE { ${values('a', 40, 100)} ${values('b', 40, 100)} }`;
    for (const accept of [JSON_RESULTS, 'application/sparql-results+xml', 'text/csv']) {
      const problem = await expectProblem(await federated(query, accept), 422, 'result-too-large');
      expect(problem.detail).toContain(`${MAX_RESULT_BYTES} bytes`);
    }
    // The same values, fewer of them, fit.
    const small = await federated(`SELECT ?a ?b WHERE { ${values('a', 10, 100)} ${values('b', 10, 100)} }`);
    expect(small.status).toBe(200);
    expect(((await small.json()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(100);
  });

  it('stops a query whose working memory passes the budget (PHD_QUERY_WORKER_MEMORY_MB) with 503 query-memory-limit and Retry-After.', async () => {
    // A million distinct 1 KB strings held for COUNT(DISTINCT): a tiny answer, about 1 GB of heap.
    const long = 'z'.repeat(1000);
    const query = `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ${values('a', 100, 1)} ${values('b', 100, 1)} ${values('c', 100, 1)} BIND(CONCAT(?a, ?b, ?c, "${long}") AS ?s) }`;
    let res: Response | undefined;
    const grown = await growthMb(server().child.pid ?? 0, async () => {
      res = await federated(query);
    });
    if (res === undefined) throw new Error('no answer');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectProblem(res, 503, 'query-memory-limit');
    expect(grown).toBeLessThan(1024);
  }, 120_000);

  it('stops as well a query that holds many rows without making a term for each (DISTINCT under COUNT).', async () => {
    // A million distinct rows of three 100-character values: one row answered, hundreds of MB held.
    const query = `SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b ?c WHERE { ${values('a', 100, 100)} ${values('b', 100, 100)} ${values('c', 100, 100)} } }`;
    let res: Response | undefined;
    const grown = await growthMb(server().child.pid ?? 0, async () => {
      res = await federated(query);
    });
    if (res === undefined) throw new Error('no answer');
    const problem = await expectProblem(res, 503, 'query-memory-limit');
    expect(problem.detail).toContain(`${BUDGET_MB} MiB`);
    expect(grown).toBeLessThan(1024);
  }, 120_000);

  it('keeps serving: the next federated queries are answered 200 with every core\'s results, /health is ok, and nothing stored changed.', async () => {
    const res = await federated(`SELECT ?f WHERE { ?f a <${PHD}Facility> }`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { bindings: unknown[] }; peers: { status: string }[] };
    expect(body.results.bindings).toHaveLength(2);
    expect(body.peers.every((p) => p.status === 'ok')).toBe(true);
    // A doubled string under the bound is answered whole, on both paths.
    for (const where of ['', `?f a <${PHD}Facility> .`]) {
      const small = await federated(doubling(10, where));
      expect(small.status).toBe(200);
      const rows = ((await small.json()) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]?.x10?.value).toBe('a'.repeat(16 * 2 ** 10));
    }
    const health = await fetch(`${cores[0]?.url ?? ''}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', triples });
  });
});
