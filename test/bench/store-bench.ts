/**
 * Store benchmark (issues "Records you can write and query" and "the same service on an external
 * SPARQL store"): at each size, on each store, generate records in the sample's shape, bulk-load
 * them with `imaging-phd load`, restart the server on them, and measure restart time, RSS, the
 * latency of writing one configuration record, and five queries over HTTP next to the engine
 * alone on the same data (in-process Oxigraph for the embedded store; the store's own SPARQL
 * endpoint for Virtuoso). Prints a table; not a test.
 *
 * Each query is timed over HTTP with two clients: `wrk` (one connection, 4 s; a C client whose
 * own cost is a few microseconds, so the figure is the service's) and Node's `fetch` (20 warm-up
 * runs, then 50; its own cost, about half a millisecond on this machine, is included). Without
 * `wrk` installed (Debian package `wrk`), only the `fetch` figure is given.
 *
 * Usage: npx tsx test/bench/store-bench.ts [sizes…] [--store embedded|virtuoso|both]
 *        (default 100000 1000000, both)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryIndex } from '../../src/query/query-index.js';
import { analyzeQuery } from '../../src/query/sparql-request.js';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { startServer } from '../support/server-process.js';
import { startVirtuoso } from '../support/virtuoso.js';
import type { VirtuosoProcess } from '../support/virtuoso.js';
import { BENCH_IRIS, generateRecords } from './generate-data.js';

const ADMIN = 'bench-admin-token-0123456789';
const PHD = 'https://w3id.org/imaging-phd/ns#';

export const QUERIES: Readonly<Record<string, string>> = {
  'Q1 everything about one IRI': `SELECT ?p ?o WHERE { <${BENCH_IRIS.configuration(1, 1, 2)}> ?p ?o }`,
  'Q2 datasets+publications of a model': `PREFIX phd: <${PHD}> PREFIX cito: <http://purl.org/spar/cito/>
    SELECT ?facility ?instance ?dataset ?pub WHERE {
      ?instance phd:instanceOf <${BENCH_IRIS.model(3)}> . ?facility phd:operates ?instance .
      ?instance phd:hasConfiguration ?cfg . ?dataset phd:acquiredWith ?cfg .
      OPTIONAL { ?pub cito:citesAsDataSource ?dataset } }`,
  'Q3 configuration at a date': `PREFIX phd: <${PHD}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT ?cfg WHERE { <${BENCH_IRIS.instance(1, 1)}> phd:hasConfiguration ?cfg . ?cfg phd:validFrom ?from .
      FILTER(?from <= "2023-06-01"^^xsd:date)
      FILTER NOT EXISTS { <${BENCH_IRIS.instance(1, 1)}> phd:hasConfiguration ?later . ?later phd:validFrom ?f2 .
        FILTER(?f2 <= "2023-06-01"^^xsd:date && ?f2 > ?from) } }`,
  'Q4 instruments per facility': `PREFIX phd: <${PHD}> SELECT ?facility (COUNT(?i) AS ?n) WHERE { ?facility phd:operates ?i } GROUP BY ?facility ORDER BY DESC(?n) LIMIT 100`,
  'Q5 labels containing a word': `PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?s ?title WHERE { ?s dcterms:title ?title FILTER(CONTAINS(LCASE(?title), "publication 1 about 2/")) }`,
};

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function configurationBody(n: number): string {
  const instance = BENCH_IRIS.instance(0, 0);
  const cfg = `https://doi.org/10.5072/bench.write.${n}`;
  return `@prefix phd: <${PHD}> . @prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<${instance}> phd:hasConfiguration <${cfg}> .
<${cfg}> a phd:HardwareConfiguration ; rdfs:label "write benchmark ${n}" ; phd:tier 1 ; phd:validFrom "2030-01-01"^^xsd:date ;
  phd:hasComponent <${cfg}/component/laser>, <${cfg}/component/objective>, <${cfg}/component/pmt> .
<${cfg}/component/laser> a nboq:Fluorescence_LightSource_Laser ; dcterms:identifier "laser" ; nboq:tuneable false ; nboq:pulse false ;
  nboq:modulationMechanism "Direct" ; nboq:manufacturer "Bench" ; nboq:model "L" ; nboq:catalogNumber "1" .
<${cfg}/component/objective> a nboq:Objective ; dcterms:identifier "objective" ; nboq:magnification 63 ; nboq:lensNA 1.4 ; nboq:correction "PlanApo" ;
  nboq:immersionType "Mineral Oil" ; nboq:infinityCorrected true ; nboq:contrastModulation "None" ; nboq:dic false ; nboq:manufacturer "Bench" ; nboq:model "O" ; nboq:catalogNumber "2" .
<${cfg}/component/pmt> a nboq:PhotoMultiplierTube ; dcterms:identifier "pmt" ; nboq:coating "Bi-alkali" ; nboq:manufacturer "Bench" ; nboq:model "P" ; nboq:catalogNumber "3" .`;
}

/** Runs before the measured ones, on both sides: the service's JavaScript is JIT-compiled as it runs. */
const WARM_UP_RUNS = 20;

/** Whether the `wrk` load generator is installed. */
const HAS_WRK = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;

/**
 * The median latency of one GET, by `wrk` with one connection for 4 s.
 * @param url - the request URL.
 * @param accept - the Accept header.
 * @returns milliseconds.
 */
function wrkMedian(url: string, accept: string): number {
  const run = spawnSync('wrk', ['-c1', '-t1', '-d4s', '--latency', '-H', `accept: ${accept}`, url], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  if (/Non-2xx or 3xx responses/.test(run.stdout)) throw new Error(`wrk got errors from ${url}:\n${run.stdout}`);
  const match = /^\s*50%\s+([\d.]+)(us|ms|s)\s*$/m.exec(run.stdout);
  if (match === null) throw new Error(`no median in wrk's output:\n${run.stdout}`);
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

async function timeQuery(run: () => unknown, runs: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARM_UP_RUNS; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/**
 * fetch, retried once when a kept-alive connection was closed by the server just as it was reused
 * (the server closes idle connections after 5 s; loading the bare index takes longer at 1M).
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url, init);
  }
}

interface Row { size: number; store: string; [key: string]: string | number }

async function benchSize(size: number, store: 'embedded' | 'virtuoso'): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), `phd-bench-${size}-`));
  const file = join(dir, 'records.nt');
  const lines = [...generateRecords(size)];
  writeFileSync(file, `${lines.join('\n')}\n`);
  const dataDir = join(dir, 'store');
  // Virtuoso gets 800 MB of page buffers, Debian's default being 80 MB.
  const virtuoso: VirtuosoProcess | undefined = store === 'virtuoso' ? await startVirtuoso(60_000, { buffers: 100_000 }) : undefined;
  const storeEnv: Record<string, string> = virtuoso === undefined ? {} : { PHD_STORE: virtuoso.endpoint, PHD_STORE_GSP: virtuoso.endpoint.replace(/\/sparql$/, '/sparql-graph-crud') };
  const env = { ...process.env, PHD_DATA_DIR: dataDir, PHD_SEED_DIR: '', ...storeEnv };

  const t0 = performance.now();
  const load = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), 'load', file], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const loadSeconds = (performance.now() - t0) / 1000;
  if (load.status !== 0) throw new Error(`load failed: ${load.stderr.slice(-2000)}`);

  const t1 = performance.now();
  const server = await startServer({ PHD_DATA_DIR: dataDir, PHD_SEED_DIR: '', PHD_ADMIN_TOKEN: ADMIN, PHD_QUERY_WORKERS: '1', PHD_RATE_LIMIT: '0', ...storeEnv }, 300_000);
  const restartSeconds = (performance.now() - t1) / 1000;
  const rows: Row[] = [];
  try {
    // The first writes build the validator of their shapes and warm the code up: 10 are not counted.
    const writes: number[] = [];
    for (let n = 0; n < 50; n += 1) {
      const t = performance.now();
      const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` }, body: configurationBody(n) });
      if (res.status !== 201) throw new Error(`write ${n}: ${res.status} ${await res.text()}`);
      writes.push(performance.now() - t);
    }
    const firstWrite = writes[0] ?? NaN;
    writes.splice(0, 10);
    const rss = rssMb(server.child.pid ?? 0);
    const storeRss = virtuoso === undefined ? '' : ` + Virtuoso ${rssMb(virtuoso.pid).toFixed(0)} MB`;
    rows.push({ size, store, metric: 'bulk load (imaging-phd load, validated)', value: `${loadSeconds.toFixed(1)} s`, target: size >= 1_000_000 ? '≤ 30 s' : '' });
    rows.push({ size, store, metric: virtuoso === undefined ? 'restart (index rebuilt from SQLite, 1 worker)' : 'restart (catalogue opened, store pinged)', value: `${restartSeconds.toFixed(1)} s`, target: size >= 1_000_000 ? '≤ 10 s' : '' });
    rows.push({ size, store, metric: 'server RSS after writes', value: `${rss.toFixed(0)} MB${storeRss}`, target: size >= 1_000_000 ? '≤ 1024 MB' : '' });
    rows.push({ size, store, metric: 'write one configuration record p50 / p99', value: `${percentile(writes, 0.5).toFixed(1)} / ${percentile(writes, 0.99).toFixed(1)} ms (first ${firstWrite.toFixed(0)} ms)`, target: 'p50 ≤ 5 ms' });

    const index = virtuoso === undefined ? QueryIndex.fromDatabase(join(dataDir, 'phd.sqlite')).index : undefined;
    for (const [name, query] of Object.entries(QUERIES)) {
      const analyzed = analyzeQuery(query, { maxResults: 10_000 });
      const bare = await timeQuery(async () => {
        if (index !== undefined) return index.execute({ text: analyzed.text, type: analyzed.type, format: 'application/sparql-results+json', maxResults: 10_000, mustCount: false });
        // The store's own endpoint, as the service sends it (form-encoded POST, JSON results).
        const res = await fetch(virtuoso?.endpoint ?? '', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' }, body: new URLSearchParams({ query: analyzed.text }).toString() });
        if (res.status !== 200) throw new Error(`${name} on the store: ${res.status} ${await res.text()}`);
        return res.text();
      }, 50);
      const http = await timeQuery(async () => {
        const res = await fetchOnce(`${server.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`);
        await res.text();
      }, 50);
      const wrk = HAS_WRK ? wrkMedian(`${server.url}/sparql?query=${encodeURIComponent(query)}`, 'application/sparql-results+json').toFixed(2) : 'n/a';
      rows.push({
        size, store,
        metric: `${name}: HTTP p50 by wrk / by fetch / ${index === undefined ? 'Virtuoso endpoint' : 'bare Oxigraph'} p50`,
        value: `${wrk} / ${http.p50.toFixed(2)} / ${bare.p50.toFixed(2)} ms`,
        target: bare.p50 < 2 ? 'within 1 ms' : '≤ 1.5×',
      });
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await virtuoso?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const args = process.argv.slice(2);
const storeFlag = args.indexOf('--store');
const storeArg = storeFlag === -1 ? 'both' : args[storeFlag + 1];
const stores: readonly ('embedded' | 'virtuoso')[] | undefined = storeArg === 'both' ? ['embedded', 'virtuoso'] : storeArg === 'embedded' || storeArg === 'virtuoso' ? [storeArg] : undefined;
if (stores === undefined) throw new Error(`--store takes embedded, virtuoso or both, not ${String(storeArg)}`);
const sizes = args.filter((_, i) => storeFlag === -1 || (i !== storeFlag && i !== storeFlag + 1)).map(Number).filter((n) => n > 0);
const all: Row[] = [];
for (const size of sizes.length > 0 ? sizes : [100_000, 1_000_000]) {
  for (const store of stores) {
    all.push(...(await benchSize(size, store)));
    console.table(all.filter((r) => r.size === size && r.store === store));
  }
}
