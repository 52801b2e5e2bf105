import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

const WORKER_MB = 256;
const MAX_RESULT_BYTES = 200_000;
const JSON_RESULTS = 'application/sparql-results+json';

/** A query that doubles a 16-character string `steps` times: 16 · 2^steps characters. */
function doubling(steps: number): string {
  const binds = Array.from({ length: steps }, (_, i) => `BIND(CONCAT(?x${i}, ?x${i}) AS ?x${i + 1})`).join(' ');
  return `SELECT ?x${steps} WHERE { BIND("aaaaaaaaaaaaaaaa" AS ?x0) ${binds} }`;
}

/** The peak resident memory of a process, in MiB (Linux: VmHWM). */
function peakMb(pid: number): number {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? Number.NaN) / 1024;
}

let server: ServerProcess;
const query = (text: string) => fetch(`${server.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: JSON_RESULTS }, body: text });

/** A server with the limits under test; `store` pins the embedded store (whose workers have the memory limit). */
function serve(env: Record<string, string>): void {
  beforeAll(async () => {
    server = await startServer({
      PHD_DATA_DIR: mkdtempSync(join(tmpdir(), 'phd-memory-')), PHD_QUERY_WORKERS: '2', PHD_QUERY_TIMEOUT_MS: '30000',
      PHD_QUERY_WORKER_MEMORY_MB: String(WORKER_MB), PHD_QUERY_MAX_RESULT_BYTES: String(MAX_RESULT_BYTES), ...env,
    });
  });
  afterAll(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
  });
}

describe('A query worker\'s memory limit (PHD_QUERY_WORKER_MEMORY_MB)', () => {
  serve({ PHD_STORE: 'embedded' });

  it('answers 503 problem+json with Retry-After to a query that doubles a string until it passes the limit, and the server stays within its budget.', async () => {
    // Unlimited, this query grows the engine to its 4 GiB address space and then fails (500).
    const res = await query(doubling(27));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const problem = await res.json() as { status: number; code: string; detail: string };
    expect(problem).toMatchObject({ status: 503, code: 'query-memory-limit' });
    expect(problem.detail).toContain(`${WORKER_MB} MiB`);
    // Two workers of 256 MiB and the main thread: well under 1 GiB at the peak.
    expect(peakMb(server.child.pid ?? 0)).toBeLessThan(1024);
  });

  it('keeps serving: the next ordinary query is answered 200, and /health is ok.', async () => {
    for (let i = 0; i < 4; i += 1) {
      const res = await query('SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/imaging-phd/ns#Facility> }');
      expect(res.status).toBe(200);
      const body = await res.json() as { results: { bindings: { n: { value: string } }[] } };
      expect(Number(body.results.bindings[0]?.n.value)).toBeGreaterThan(0);
    }
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('answers a query again after its worker was replaced, under the limit.', async () => {
    const small = await query(doubling(10));
    expect(small.status).toBe(200);
    const body = await small.json() as { results: { bindings: Record<string, { value: string }>[] } };
    expect(body.results.bindings[0]?.x10?.value.length).toBe(16 * 2 ** 10);
  });
});

describe('The answer size limit (PHD_QUERY_MAX_RESULT_BYTES), on every store', () => {
  serve({});

  it('refuses an answer larger than PHD_QUERY_MAX_RESULT_BYTES with 422, so the main thread never holds one big answer.', async () => {
    // One row, far fewer than the row limit, but 512 KiB of text.
    const res = await query(doubling(15));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json() as { code: string; detail: string };
    expect(problem.code).toBe('result-too-large');
    expect(problem.detail).toContain(`${MAX_RESULT_BYTES} bytes`);
    expect((await query('ASK { ?s ?p ?o }')).status).toBe(200);
  });
});
