import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orcidCheckDigit } from '../../src/domain/pid.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

/** Seconds of each load phase: PHD_LOAD_SECONDS (30 for the figures in RESULTS.md), 4 by default. */
const SECONDS = Number(process.env.PHD_LOAD_SECONDS ?? 4);
const ADMIN = 'load-admin-token-0123456789';
const PID = '/pid/doi:10.5072/phd.ecc.sp8.v2';
const QUERY = 'PREFIX phd: <https://w3id.org/imaging-phd/ns#> PREFIX schema: <https://schema.org/> SELECT ?facility ?name WHERE { ?facility a phd:Facility ; schema:name ?name } ORDER BY ?name';
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

let server: ServerProcess;
let dataDir: string;

function rssMb(): number {
  const status = readFileSync(`/proc/${server.child.pid ?? 0}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** An ORCID iD with a valid check digit for the n-th written person. */
function orcid(n: number): string {
  const first15 = `0000000${String(5_000_000 + n).padStart(8, '0')}`.slice(-15);
  const digits = `${first15}${orcidCheckDigit(first15)}`;
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}

interface RouteFigures { route: string; requests: number; p50: number; p99: number; errors: number; non2xx: number }

function figures(route: string, result: autocannon.Result): RouteFigures {
  return { route, requests: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phd-load-'));
  // The per-client limits are off: one load generator is one client, and this measures capacity.
  server = await startServer({ PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'info', PHD_QUERY_TIMEOUT_MS: '3000' });
}, 120_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`Mixed load for ${SECONDS} s (autocannon)`, () => {
  it('answers PID dereferencing, SPARQL and writes at once without an error, and memory stays bounded.', async () => {
    await fetch(`${server.url}${PID}`, { headers: { accept: 'application/ld+json' } });
    const rssBefore = rssMb();
    let written = 0;
    const [pid, sparql, writes] = await Promise.all([
      autocannon({ url: `${server.url}${PID}`, connections: 8, duration: SECONDS, headers: { accept: 'application/ld+json' } }),
      autocannon({ url: `${server.url}/sparql?query=${encodeURIComponent(QUERY)}`, connections: 2, duration: SECONDS, headers: { accept: 'application/sparql-results+json' } }),
      autocannon({
        url: `${server.url}/records`, connections: 1, duration: SECONDS, method: 'POST',
        headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` },
        requests: [{
          setupRequest: (request) => {
            const id = orcid((written += 1));
            return { ...request, body: `<https://orcid.org/${id}> a <https://w3id.org/imaging-phd/ns#Person> ; <https://schema.org/name> "Load ${id}" ; <http://purl.org/dc/terms/identifier> "${id}" .` };
          },
        }],
      }),
    ]);
    const rssAfter = rssMb();
    const table = [figures('GET /pid (JSON-LD)', pid), figures('GET /sparql', sparql), figures('POST /records', writes)];
    console.info(`load: ${SECONDS} s, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB\n${table.map((r) => `  ${r.route}: ${r.requests} requests, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.non2xx} non-2xx`).join('\n')}`);
    for (const route of table) {
      expect(route.errors, route.route).toBe(0);
      expect(route.non2xx, route.route).toBe(0);
      expect(route.requests, route.route).toBeGreaterThan(0);
    }
    expect(rssAfter).toBeLessThan(Math.max(1024, rssBefore * 2));
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 120_000 + SECONDS * 1_000);

  it('keeps dereferencing PIDs while a client sends a deliberately heavy query (p99 reported; the 2× target is benchmarked).', async () => {
    const quiet = await autocannon({ url: `${server.url}${PID}`, connections: 8, duration: SECONDS, headers: { accept: 'application/ld+json' } });
    let heavy = true;
    const statuses: number[] = [];
    const load = (async () => {
      while (heavy) statuses.push(await fetch(`${server.url}/sparql?query=${encodeURIComponent(HEAVY)}`).then(async (r) => (await r.arrayBuffer(), r.status)));
    })();
    const loaded = await autocannon({ url: `${server.url}${PID}`, connections: 8, duration: SECONDS, headers: { accept: 'application/ld+json' } });
    heavy = false;
    await load;
    console.info(`heavy query: PID p99 ${quiet.latency.p99} ms alone, ${loaded.latency.p99} ms beside it (${(loaded.latency.p99 / Math.max(1, quiet.latency.p99)).toFixed(2)}×); heavy query statuses ${[...new Set(statuses)].join(', ')}`);
    expect(loaded.errors + loaded.timeouts + loaded.non2xx).toBe(0);
    // The heavy query is stopped at the time limit, never answered with a 5xx other than 503.
    expect(statuses.every((s) => s === 503 || s === 200)).toBe(true);
  }, 120_000 + SECONDS * 3_000);
});
