/**
 * PID dereferencing benchmark (issue "PID dereferencing"): JSON-LD dereference of one PID with
 * autocannon at 50 connections against the real service, next to a bare Express app serving the
 * same bytes, and again while heavy SPARQL queries run. Prints a table; not a test.
 *
 * Usage: npx tsx test/bench/pid-bench.ts [seconds]   (default 10 per run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { startServer } from '../support/server-process.js';

const seconds = Number(process.argv[2] ?? 10);
const PATH = '/pid/doi:10.5072/phd.ecc.sp8.v2';
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

interface Run { name: string; requests: number; p50: number; p99: number; errors: number }

async function cannon(name: string, url: string): Promise<Run> {
  const result = await autocannon({ url, connections: 50, duration: seconds, headers: { accept: 'application/ld+json' } });
  return { name, requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const dataDir = mkdtempSync(join(tmpdir(), 'phd-pid-bench-'));
// LOG_LEVEL=warn: no access log line per request, as in the bare app.
const server = await startServer({ PHD_DATA_DIR: dataDir, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', PHD_QUERY_TIMEOUT_MS: '3000', PORT: '39117' });
try {
  const body = await (await fetch(`${server.url}${PATH}`, { headers: { accept: 'application/ld+json' } })).text();
  const bare = express();
  bare.use((_req, res) => res.type('application/ld+json').send(body));
  const bareServer = await new Promise<Server>((resolve) => {
    const s = bare.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = bareServer.address();
  const barePort = typeof address === 'object' && address !== null ? address.port : 0;

  const runs: Run[] = [];
  runs.push(await cannon('bare express, same bytes', `http://127.0.0.1:${barePort}${PATH}`));
  runs.push(await cannon('imaging-phd /pid (JSON-LD)', `${server.url}${PATH}`));
  // Heavy queries on the query workers while PIDs are dereferenced.
  let heavy = true;
  const load = (async () => {
    while (heavy) await fetch(`${server.url}/sparql?query=${encodeURIComponent(HEAVY)}`).then((r) => r.text()).catch(() => '');
  })();
  runs.push(await cannon('imaging-phd /pid during heavy SPARQL', `${server.url}${PATH}`));
  heavy = false;
  await load;
  await new Promise<void>((resolve) => bareServer.close(() => resolve()));
  const [bareRun, pid, loaded] = runs as [Run, Run, Run];
  console.table(runs.map((r) => ({ ...r, requests: Math.round(r.requests) })));
  console.log(`ratio to bare: ${(pid.requests / bareRun.requests).toFixed(2)}× (target ≥ 0.8×); p99 ${pid.p99} ms (target ≤ 25 ms); ` +
    `under heavy SPARQL p99 ${loaded.p99} ms = ${(loaded.p99 / Math.max(1, pid.p99)).toFixed(2)}× (target ≤ 2×)`);
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
