/**
 * Federation benchmark (issue "Federation"): Q2 (datasets and publications of all instances of one
 * model across facilities) over three cores through /federated/sparql, next to the same query on
 * each core's own /sparql. The cores hold generated data of different facilities that share the
 * models (one RRID-like IRI each), like cores that register the same instrument model. Target:
 * federated ≤ 2 × the slowest core alone + 20 ms. Prints a table; not a test.
 *
 * Usage: npx tsx test/bench/federation-bench.ts [triples per core]   (default 30000)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';
import { BENCH_IRIS, generateRecords } from './generate-data.js';
import { freePort } from '../support/free-port.js';

const triplesPerCore = Number(process.argv[2] ?? 30_000);
/** Measured runs, after as many unmeasured ones: the cores' code paths (JIT, query caches) warm up on both sides. */
const RUNS = 100;
const WARM_UP_RUNS = 100;
const Q2 = `PREFIX phd: <https://w3id.org/imaging-phd/ns#> PREFIX cito: <http://purl.org/spar/cito/>
SELECT ?facility ?instance ?dataset ?pub WHERE {
  ?instance phd:instanceOf <${BENCH_IRIS.model(3)}> . ?facility phd:operates ?instance .
  ?instance phd:hasConfiguration ?cfg . ?dataset phd:acquiredWith ?cfg .
  OPTIONAL { ?pub cito:citesAsDataSource ?dataset } }`;


function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(url: string): Promise<{ p50: number; p90: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + WARM_UP_RUNS; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: Q2 });
    const json = (await response.json()) as { results: { bindings: unknown[] } };
    const ms = performance.now() - started;
    if (i >= WARM_UP_RUNS) times.push(ms);
    rows = json.results.bindings.length;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p90: percentile(times, 90), rows };
}

const dirs: string[] = [];
const servers: ServerProcess[] = [];
try {
  const ports = [await freePort(), await freePort(), await freePort()];
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  for (const [i, url] of urls.entries()) {
    const dataDir = mkdtempSync(join(tmpdir(), `phd-fed-bench-${i}-`));
    dirs.push(dataDir);
    const file = join(dataDir, 'records.nt');
    writeFileSync(file, `${[...generateRecords(triplesPerCore, { facilityOffset: i * 1000 })].join('\n')}\n`);
    const load = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), 'load', file], {
      env: { ...process.env, PHD_DATA_DIR: dataDir, PHD_BASE_URL: url }, encoding: 'utf8',
    });
    if (load.status !== 0) throw new Error(`load failed: ${load.stderr}`);
    servers.push(await startServer({
      PORT: String(ports[i]), PHD_BASE_URL: url, PHD_DATA_DIR: dataDir, PHD_SEED_DIR: '', LOG_LEVEL: 'warn',
      PHD_PEERS: urls.filter((u) => u !== url).join(','),
    }));
  }
  const alone = [];
  for (const url of urls) alone.push({ where: `${url}/sparql (one core)`, ...(await measure(`${url}/sparql`)) });
  const federated = { where: `${urls[0] ?? ''}/federated/sparql (3 cores)`, ...(await measure(`${urls[0] ?? ''}/federated/sparql`)) };
  const slowest = Math.max(...alone.map((a) => a.p50));
  const target = 2 * slowest + 20;
  console.table([...alone, federated].map((r) => ({ where: r.where, rows: r.rows, 'p50 ms': r.p50.toFixed(1), 'p90 ms': r.p90.toFixed(1) })));
  const sum = alone.reduce((n, a) => n + a.rows, 0);
  console.log(`${triplesPerCore} triples per core; federated rows ${federated.rows} (sum of the cores: ${sum}); ` +
    `federated p50 ${federated.p50.toFixed(1)} ms vs target 2 × ${slowest.toFixed(1)} + 20 = ${target.toFixed(1)} ms: ${federated.p50 <= target ? 'met' : 'MISSED'}`);
} finally {
  for (const server of servers) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
