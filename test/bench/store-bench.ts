/**
 * Store benchmark (issue 21, "ten million triples on one machine"): at each size, generate records
 * in the sample's shape, streamed to an N-Triples file; bulk-load them with the real `imaging-phd
 * load`; serve them with a real `imaging-phd serve`; and measure, per size:
 * - the loader's wall time and peak RSS (VmHWM of the `imaging-phd load` process, its worker
 *   threads included, read from /proc while it runs);
 * - the first start after the load, and a restart: stop, start, first query answered;
 * - the server's RSS after 50 writes (its query worker threads included), and write p50 / p99;
 * - Q1–Q5 over HTTP (two Q3 texts: derived validity intervals, and the older `NOT EXISTS`), next to
 *   bare Oxigraph on the same SQLite file (`QueryIndex.fromDatabase` in a child process, so this
 *   process never holds a 10M index; its build time too), and, with `--with-virtuoso`, next to
 *   Virtuoso's own endpoint on the same data, loaded by Virtuoso's bulk loader (with the
 *   `phd:validUntil` triples the service derives, so that both Q3 texts mean the same there).
 * Then one table per size and a growth table (the ratio of each figure from one size to the next).
 * Not a test; not part of `npm run bench` at these sizes (an hour and more with 10M).
 *
 * Each query is timed over HTTP with two clients: `wrk` (one connection, 4 s; a C client whose
 * own cost is a few microseconds, so the figure is the service's) and Node's `fetch` (20 warm-up
 * runs, then 50; its own cost, about half a millisecond on this machine, is included). Without
 * `wrk` installed (Debian package `wrk`), only the `fetch` figure is given. Bare Oxigraph: 20
 * warm-up runs, then 50, in its process. The growth table uses `wrk`'s figure where there is one.
 *
 * Usage: npx tsx test/bench/store-bench.ts [sizes…] [--10m] [--with-virtuoso] [--store embedded|virtuoso|both]
 *                                          [--workers N] [--gzip]
 * - sizes: triples, as `1000000`, `1M`, `100k` (default 1M 3M; `--10m` adds 10M).
 * - `--store virtuoso|both`: also run the service on Virtuoso (`PHD_STORE`), loaded through
 *   `imaging-phd load` (one Graph Store request per record: ~3 min per million triples).
 * - `--workers N`: PHD_QUERY_WORKERS (default: the service's default).
 * - `--gzip`: the generated file is `records.nt.gz`.
 * `npm run bench:store [-- args…]` builds dist/ (the loader and server run from it) and runs this;
 * `npm run bench` runs it at 100k only.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';
import { startVirtuoso } from '../support/virtuoso.js';
import type { BareReady, BareRequest, BareTiming } from './bare-oxigraph.js';
import { percentile, procMemoryMb, watchPeakRss } from './bench-measures.js';
import { BENCH_IRIS, writeRecordsFile } from './generate-data.js';
import { loadVirtuoso } from './virtuoso-bulk.js';
import { HAS_WRK, wrkMedian } from './wrk.js';

const ADMIN = 'bench-admin-token-0123456789';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const Q3_INSTANCE = BENCH_IRIS.instance(1, 1);
const Q3_DATE = '"2023-06-01"^^xsd:date';

/** The benchmark's queries (Q3 twice: the derived-interval text and the earlier `NOT EXISTS` one). */
export const QUERIES: Readonly<Record<string, string>> = {
  'Q1 everything about one IRI': `SELECT ?p ?o WHERE { <${BENCH_IRIS.configuration(1, 1, 2)}> ?p ?o }`,
  'Q2 datasets+publications of a model': `PREFIX phd: <${PHD}> PREFIX cito: <http://purl.org/spar/cito/>
    SELECT ?facility ?instance ?dataset ?pub WHERE {
      ?instance phd:instanceOf <${BENCH_IRIS.model(3)}> . ?facility phd:operates ?instance .
      ?instance phd:hasConfiguration ?cfg . ?dataset phd:acquiredWith ?cfg .
      OPTIONAL { ?pub cito:citesAsDataSource ?dataset } }`,
  'Q3 configuration at a date': `PREFIX phd: <${PHD}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT ?cfg WHERE { <${Q3_INSTANCE}> phd:hasConfiguration ?cfg . ?cfg phd:validFrom ?f .
      OPTIONAL { ?cfg phd:validUntil ?u }
      FILTER(?f <= ${Q3_DATE} && (!BOUND(?u) || ?u > ${Q3_DATE})) }`,
  'Q3 (NOT EXISTS)': `PREFIX phd: <${PHD}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT ?cfg WHERE { <${Q3_INSTANCE}> phd:hasConfiguration ?cfg . ?cfg phd:validFrom ?from .
      FILTER(?from <= ${Q3_DATE})
      FILTER NOT EXISTS { <${Q3_INSTANCE}> phd:hasConfiguration ?later . ?later phd:validFrom ?f2 .
        FILTER(?f2 <= ${Q3_DATE} && ?f2 > ?from) } }`,
  'Q4 instruments per facility': `PREFIX phd: <${PHD}> SELECT ?facility (COUNT(?i) AS ?n) WHERE { ?facility phd:operates ?i } GROUP BY ?facility ORDER BY DESC(?n) LIMIT 100`,
  'Q5 labels containing a word': `PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?s ?title WHERE { ?s dcterms:title ?title FILTER(CONTAINS(LCASE(?title), "publication 1 about 2/")) }`,
};

/** Runs before the measured ones, on every side: the service's JavaScript is JIT-compiled as it runs. */
const WARM_UP_RUNS = 20;
const MEASURED_RUNS = 50;

/** One figure of a table: its text, and the number the growth table divides. */
interface Cell { readonly text: string; readonly value?: number }
/** One column of a size's table (the service, bare Oxigraph, Virtuoso), by metric. */
type Column = Map<string, Cell>;
interface SizeResult { readonly size: number; readonly triples: number; readonly notes: string[]; readonly columns: Map<string, Column> }

const LOAD = 'load, s';
const LOAD_RSS = 'peak RSS loading, MB';
const FIRST_START = 'first start, s';
const RESTART = 'restart, s';
const SERVING_RSS = 'RSS serving, MB';
const WRITES = 'write p50 / p99, ms';
const RESTART_RSS = 'RSS after restart, MB';
const queryMetric = (name: string) => name.replace(/^(Q\d)( \(.*\))?.*$/, (_, q: string, variant?: string) => `${q}${variant ?? ''}, ms`);

/** Printed under each size's table: what its rows mean in each column. */
const LEGEND = [
  `${LOAD}: service, \`imaging-phd load\` (validated) wall time; bare Oxigraph, its index built from the service's SQLite file; Virtuoso, \`rdf_loader_run\` + checkpoint.`,
  `${LOAD_RSS}: VmHWM of the loading process (the loader with its worker threads; the bare process once built; Virtuoso after its load).`,
  `${FIRST_START} / ${RESTART}: start after the load, and stop + start, each to the first query answered.`,
  `${RESTART_RSS}: the service after the restart and one query, once every query worker is ready.`,
  `${SERVING_RSS}: the service (its query worker threads included) after 50 writes, once every query worker is ready; the others after the queries.`,
  `${WRITES}: one configuration record over HTTP (fetch), 40 after 10 unmeasured; the first write in brackets.`,
  'Q…: p50 over HTTP by wrk / by fetch (rows answered); bare Oxigraph in process. Q3 is the derived-interval text (phd:validUntil), Q3 (NOT EXISTS) the earlier one.',
];

const ms = (v: number) => v.toFixed(2);
const cell = (text: string, value?: number): Cell => (value === undefined ? { text } : { text, value });

/**
 * fetch, retried once when a kept-alive connection was closed by the server just as it was reused
 * (the server closes idle connections after 5 s).
 */
async function fetchOnce(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url, init);
  }
}

/** Times one query on a SPARQL endpoint over HTTP: rows, fetch p50 after warm-up, and wrk's median. */
async function timeEndpoint(endpoint: string, name: string, query: string): Promise<Cell> {
  const url = `${endpoint}?query=${encodeURIComponent(query)}`;
  const get = async () => {
    const res = await fetchOnce(url, { headers: { accept: 'application/sparql-results+json' } });
    if (res.status !== 200) throw new Error(`${name} on ${endpoint}: ${res.status} ${await res.text()}`);
    return res.text();
  };
  const rows = (JSON.parse(await get()) as { results: { bindings: unknown[] } }).results.bindings.length;
  for (let i = 0; i < WARM_UP_RUNS; i += 1) await get();
  const times: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i += 1) {
    const t = performance.now();
    await get();
    times.push(performance.now() - t);
  }
  const fetchP50 = percentile(times, 0.5);
  const wrk = HAS_WRK ? wrkMedian(url, 'application/sparql-results+json') : undefined;
  return cell(`${wrk === undefined ? 'n/a' : ms(wrk)} / ${ms(fetchP50)} (${rows})`, wrk ?? fetchP50);
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

/** Runs `imaging-phd load` on a file, following its peak RSS; throws with its output's end if it fails. */
async function runLoader(file: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakMb: number; summary: string }> {
  const t = performance.now();
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), 'load', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const peak = watchPeakRss(child.pid ?? 0);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => { out = (out + chunk.toString('utf8')).slice(-4000); });
  child.stderr.on('data', (chunk: Buffer) => { err = (err + chunk.toString('utf8')).slice(-4000); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const peakMb = peak.stop();
  if (code !== 0) throw new Error(`load exited with ${String(code)}:\n${err}\n${out}`);
  return { seconds: (performance.now() - t) / 1000, peakMb, summary: out.trim().split('\n').pop() ?? '' };
}

/** Starts the server and waits for its first answer to Q1; returns it and the seconds that took. */
async function startAndQuery(env: Record<string, string>): Promise<{ server: ServerProcess; seconds: number }> {
  const t = performance.now();
  const server = await startServer(env, 1_800_000);
  const res = await fetchOnce(`${server.url}/sparql?query=${encodeURIComponent(QUERIES['Q1 everything about one IRI'] ?? '')}`, { headers: { accept: 'application/sparql-results+json' } });
  if (res.status !== 200) throw new Error(`first query: ${res.status} ${await res.text()}`);
  await res.text();
  return { server, seconds: (performance.now() - t) / 1000 };
}

/** Waits until every query worker holds its index (the first answers while the others restore it). */
async function allWorkersReady(server: ServerProcess): Promise<void> {
  for (;;) {
    const health = await (await fetch(`${server.url}/health`)).json() as { query?: { loading?: number } };
    if ((health.query?.loading ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/**
 * Loads the file with `imaging-phd load` into a new data directory, serves it, and measures.
 * @returns the service's column; and, on Virtuoso, the column of the store's own endpoint.
 */
/** Sets a figure of a column and prints it at once (stderr), so that a run stopped later keeps what it measured. */
function note(column: Column, metric: string, value: Cell): void {
  column.set(metric, value);
  process.stderr.write(`  ${metric}: ${value.text}\n`);
}

async function benchService(file: string, triples: number, dataDir: string, store: 'embedded' | 'virtuoso', options: BenchOptions, buffers: number): Promise<Map<string, Column>> {
  const virtuoso = store === 'virtuoso' ? await startVirtuoso(120_000, { buffers }) : undefined;
  const storeEnv: Record<string, string> = virtuoso === undefined ? {} : { PHD_STORE: virtuoso.endpoint, PHD_STORE_GSP: virtuoso.endpoint.replace(/\/sparql$/, '/sparql-graph-crud') };
  const workers: Record<string, string> = options.workers === undefined ? {} : { PHD_QUERY_WORKERS: String(options.workers) };
  // Each worker's engine must hold the whole index (~370 bytes a triple allocated) in ¾ of its memory.
  const workerMemoryMb = Math.min(5120, Math.max(1024, Math.ceil((triples * 600) / 2 ** 20 / 256) * 256));
  const env = { PHD_DATA_DIR: dataDir, PHD_SEED_DIR: '', PHD_ADMIN_TOKEN: ADMIN, PHD_RATE_LIMIT: '0', PHD_QUERY_MAX_RESULTS: '10000000', PHD_QUERY_TIMEOUT_MS: '120000', PHD_QUERY_WORKER_MEMORY_MB: String(workerMemoryMb), ...workers, ...storeEnv };
  const column: Column = new Map();
  const columns = new Map([[`service (${store})`, column]]);
  try {
    const load = await runLoader(file, { ...process.env, ...env });
    note(column, LOAD, cell(`${load.seconds.toFixed(1)} (${/loaded (\d+ records)/.exec(load.summary)?.[1] ?? load.summary})`, load.seconds));
    note(column, LOAD_RSS, cell(load.peakMb.toFixed(0), load.peakMb));
    let { server, seconds } = await startAndQuery(env);
    note(column, FIRST_START, cell(seconds.toFixed(1), seconds));
    try {
      // The first writes build the validator of their shapes and warm the code up: 10 are not counted.
      const writes: number[] = [];
      for (let n = 0; n < 50; n += 1) {
        const t = performance.now();
        const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` }, body: configurationBody(n) });
        if (res.status !== 201) throw new Error(`write ${n}: ${res.status} ${await res.text()}`);
        writes.push(performance.now() - t);
      }
      const first = writes.splice(0, 10)[0] ?? NaN;
      // Serving memory is every worker's replica: measured once the last worker has restored its own.
      await allWorkersReady(server);
      const rss = procMemoryMb(server.child.pid ?? 0, 'VmRSS') ?? NaN;
      const storeRss = virtuoso === undefined ? '' : ` + Virtuoso ${(procMemoryMb(virtuoso.pid, 'VmRSS') ?? NaN).toFixed(0)}`;
      note(column, SERVING_RSS, cell(`${rss.toFixed(0)}${storeRss}`, rss));
      const p50 = percentile(writes, 0.5);
      note(column, WRITES, cell(`${ms(p50)} / ${ms(percentile(writes, 0.99))} (first ${first.toFixed(0)})`, p50));
      for (const [name, query] of Object.entries(QUERIES)) note(column, queryMetric(name), await timeEndpoint(`${server.url}/sparql`, name, query));
      if (virtuoso !== undefined) {
        const own: Column = new Map();
        for (const [name, query] of Object.entries(QUERIES)) note(own, queryMetric(name), await timeEndpoint(virtuoso.endpoint, name, query));
        columns.set('Virtuoso endpoint (the service\'s store)', own);
      }
      const t = performance.now();
      await stopServer(server);
      const stopped = (performance.now() - t) / 1000;
      ({ server, seconds } = await startAndQuery(env));
      note(column, RESTART, cell(`${(stopped + seconds).toFixed(1)} (stop ${stopped.toFixed(1)})`, stopped + seconds));
      await allWorkersReady(server);
      const idle = procMemoryMb(server.child.pid ?? 0, 'VmRSS') ?? NaN;
      note(column, RESTART_RSS, cell(idle.toFixed(0), idle));
    } finally {
      await stopServer(server);
    }
  } finally {
    await virtuoso?.stop();
  }
  return columns;
}

/** Waits for the next IPC message of a child, or fails when it exits first. */
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => reject(new Error(`the bare Oxigraph process exited with ${signal ?? String(code)}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/** Bare Oxigraph on the service's SQLite file, in a child process: build time, RSS, the queries in process. */
async function benchBare(dbPath: string): Promise<Column> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'test/bench/bare-oxigraph.ts'), dbPath], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const column: Column = new Map();
  try {
    const ready = await nextMessage<BareReady>(child);
    column.set(LOAD, cell(`${ready.loadSeconds.toFixed(1)} (${ready.quads} quads)`, ready.loadSeconds));
    const built = procMemoryMb(child.pid ?? 0, 'VmHWM') ?? NaN;
    column.set(LOAD_RSS, cell(built.toFixed(0), built));
    for (const [name, query] of Object.entries(QUERIES)) {
      const request: BareRequest = { query, warmUp: WARM_UP_RUNS, runs: MEASURED_RUNS };
      child.send(request);
      const timing = await nextMessage<BareTiming>(child);
      column.set(queryMetric(name), cell(`– / ${ms(timing.p50)} (${timing.rows})`, timing.p50));
    }
    const rss = procMemoryMb(child.pid ?? 0, 'VmRSS') ?? NaN;
    column.set(SERVING_RSS, cell(rss.toFixed(0), rss));
  } finally {
    child.kill('SIGTERM');
  }
  return column;
}

/**
 * {@link benchBare}, run a second time when the child dies: Node 20's V8 once aborted it at 1M
 * ("Fatal error … unreachable code" in the deoptimizer, not reproduced on the same file), which
 * should not cost the hour-long run its other figures.
 */
async function benchBareOnceMore(dbPath: string): Promise<Column> {
  try {
    return await benchBare(dbPath);
  } catch (error) {
    console.error(`  bare Oxigraph: ${error instanceof Error ? error.message : String(error)}; running it once more`);
    return benchBare(dbPath);
  }
}

/** Virtuoso loaded by its own bulk loader with the same records (and the derived intervals), its endpoint timed. */
async function benchVirtuosoBulk(files: readonly string[], buffers: number): Promise<Column> {
  const { virtuoso, loadSeconds, triples } = await loadVirtuoso(files, buffers);
  const column: Column = new Map();
  try {
    column.set(LOAD, cell(`${loadSeconds.toFixed(1)} (${triples} triples)`, loadSeconds));
    const loaded = procMemoryMb(virtuoso.pid, 'VmHWM') ?? NaN;
    column.set(LOAD_RSS, cell(loaded.toFixed(0), loaded));
    for (const [name, query] of Object.entries(QUERIES)) column.set(queryMetric(name), await timeEndpoint(virtuoso.endpoint, name, query));
    const rss = procMemoryMb(virtuoso.pid, 'VmRSS') ?? NaN;
    column.set(SERVING_RSS, cell(rss.toFixed(0), rss));
  } finally {
    await virtuoso.stop();
  }
  return column;
}

interface BenchOptions {
  readonly stores: readonly ('embedded' | 'virtuoso')[];
  readonly withVirtuoso: boolean;
  readonly gzip: boolean;
  readonly workers: number | undefined;
}

const sizeLabel = (n: number) => (n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(n));
const load1 = () => os.loadavg()[0]?.toFixed(2) ?? '?';

async function benchSize(size: number, options: BenchOptions): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), `phd-bench-${size}-`));
  const columns = new Map<string, Column>();
  const notes: string[] = [];
  const loadBefore = load1();
  let triples = 0;
  try {
    const t = performance.now();
    const generated = await writeRecordsFile(join(dir, options.gzip ? 'records.nt.gz' : 'records.nt'), size, { gzip: options.gzip, derivedFile: join(dir, 'derived-valid-until.nt') });
    triples = generated.triples;
    notes.push(`${triples} triples generated in ${((performance.now() - t) / 1000).toFixed(1)} s to ${generated.file}`);
    // Virtuoso gets 800 MB of page buffers at 1M (Debian's default being 80 MB), more above.
    const buffers = Math.min(400_000, Math.max(100_000, Math.round(size / 25)));
    for (const store of options.stores) {
      const dataDir = join(dir, `store-${store}`);
      for (const [name, column] of await benchService(generated.file, generated.triples, dataDir, store, options, buffers)) columns.set(name, column);
      if (store === 'embedded') columns.set('bare Oxigraph', await benchBareOnceMore(join(dataDir, 'phd.sqlite')));
    }
    if (options.withVirtuoso) columns.set('Virtuoso endpoint (own bulk load)', await benchVirtuosoBulk([generated.file, generated.derivedFile ?? ''], buffers));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  notes.push(`machine load (1-min average) ${loadBefore} before, ${load1()} after, on ${os.cpus().length} cores`);
  return { size, triples, notes, columns };
}

/** A Markdown table. */
function markdown(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function printSize(result: SizeResult): void {
  const metrics = [...new Set([...result.columns.values()].flatMap((c) => [...c.keys()]))];
  const names = [...result.columns.keys()];
  console.log(`\n## ${sizeLabel(result.size)}: ${result.notes.join('; ')}\n`);
  console.log(markdown(['metric', ...names], metrics.map((metric) => [metric, ...names.map((name) => result.columns.get(name)?.get(metric)?.text ?? '')])));
}

function printGrowth(results: readonly SizeResult[]): void {
  if (results.length < 2) return;
  const steps = results.slice(1).map((r, i) => [results[i] as SizeResult, r] as const);
  const ratio = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined || !(x > 0) ? '' : `${(y / x).toFixed(2)}×`);
  const rows: string[][] = [['triples', ...steps.map(([a, b]) => ratio(a.triples, b.triples))]];
  for (const name of [...new Set(results.flatMap((r) => [...r.columns.keys()]))]) {
    for (const metric of [...new Set(results.flatMap((r) => [...(r.columns.get(name)?.keys() ?? [])]))]) {
      const row = steps.map(([a, b]) => ratio(a.columns.get(name)?.get(metric)?.value, b.columns.get(name)?.get(metric)?.value));
      if (row.some((v) => v !== '')) rows.push([`${name}: ${metric}`, ...row]);
    }
  }
  console.log('\n## Growth: the figure at the larger size ÷ at the smaller (queries: wrk p50 where measured, else fetch)\n');
  console.log(markdown(['metric', ...steps.map(([a, b]) => `${sizeLabel(a.size)} → ${sizeLabel(b.size)}`)], rows));
}

/**
 * Parses a size: `1000000`, `1M`, `3m`, `100k`.
 * @param text - the argument.
 * @returns triples.
 */
function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (m === null) throw new Error(`not a size: ${text} (write 1000000, 1M or 100k)`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'm' ? 1e6 : m[2]?.toLowerCase() === 'k' ? 1e3 : 1));
}

function parseArgs(args: readonly string[]): { sizes: number[]; options: BenchOptions } {
  const sizes: number[] = [];
  let storeArg = 'embedded';
  let workers: number | undefined;
  let withVirtuoso = false;
  let gzip = false;
  let tenMillion = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--store') storeArg = args[(i += 1)] ?? '';
    else if (arg === '--workers') workers = Number(args[(i += 1)]);
    else if (arg === '--with-virtuoso') withVirtuoso = true;
    else if (arg === '--gzip') gzip = true;
    else if (arg === '--10m' || arg === '--10M') tenMillion = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}; see the header of test/bench/store-bench.ts`);
    else sizes.push(parseSize(arg));
  }
  const stores: readonly ('embedded' | 'virtuoso')[] | undefined = storeArg === 'both' ? ['embedded', 'virtuoso'] : storeArg === 'embedded' || storeArg === 'virtuoso' ? [storeArg] : undefined;
  if (stores === undefined) throw new Error(`--store takes embedded, virtuoso or both, not ${storeArg}`);
  if (workers !== undefined && !(workers >= 1)) throw new Error('--workers takes a number ≥ 1');
  if (sizes.length === 0) sizes.push(1_000_000, 3_000_000);
  if (tenMillion && !sizes.includes(10_000_000)) sizes.push(10_000_000);
  return { sizes: sizes.sort((a, b) => a - b), options: { stores, withVirtuoso, gzip, workers } };
}

const { sizes, options } = parseArgs(process.argv.slice(2));
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}; ` +
  `sizes ${sizes.map(sizeLabel).join(', ')}; stores ${options.stores.join(', ')}${options.withVirtuoso ? ' + Virtuoso bulk-loaded' : ''}; query workers ${options.workers ?? 'default'}`);
console.log(LEGEND.map((l) => `- ${l}`).join('\n'));
const results: SizeResult[] = [];
for (const size of sizes) {
  const result = await benchSize(size, options);
  results.push(result);
  printSize(result);
}
if (results.length > 1) for (const result of results) printSize(result);
printGrowth(results);
