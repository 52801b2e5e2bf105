/**
 * Q5 of store-bench.ts (a title containing a word) through the embedded query engine, with and
 * without the text index (issue 21): `tsx test/bench/text-filter-bench.ts 100000 1000000`.
 * Loads generated data with the real loader (dist/ must be built), then times the query through
 * WorkerQueryEngine (analysis, text-index lookup, rewrite, worker) both ways on the same file, and
 * the first build of the text index of a file written without one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { WorkerQueryEngine } from '../../src/query/worker-query-engine.js';
import { SqliteRecordStore } from '../../src/store/sqlite-record-store.js';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { generateRecords } from './generate-data.js';

const Q5 = 'PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?s ?title WHERE { ?s dcterms:title ?title FILTER(CONTAINS(LCASE(?title), "publication 1 about 2/")) }';
const RUNS = 30;

async function p50(engine: WorkerQueryEngine): Promise<{ ms: number; body: string }> {
  let body = '';
  for (let i = 0; i < 3; i += 1) body = (await engine.query(Q5, { format: 'sparql-results+csv' })).body;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await engine.query(Q5, { format: 'sparql-results+csv' });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] ?? NaN, body };
}

for (const size of process.argv.slice(2).map(Number).filter((n) => n > 0)) {
  const dir = mkdtempSync(join(tmpdir(), `phd-q5-${size}-`));
  try {
    const file = join(dir, 'records.nt');
    writeFileSync(file, `${[...generateRecords(size)].join('\n')}\n`);
    const dataDir = join(dir, 'store');
    const load = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin/imaging-phd.js'), 'load', file], { env: { ...process.env, PHD_DATA_DIR: dataDir, PHD_SEED_DIR: '' }, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (load.status !== 0) throw new Error(`load failed: ${load.stderr.slice(-2000)}`);
    const dbPath = join(dataDir, 'phd.sqlite');
    const db = new Database(dbPath);
    const literals = (db.prepare('SELECT COUNT(*) AS n FROM text_literals').get() as { n: number }).n;
    // The size of the index: the file after dropping it and vacuuming, against the file with it.
    const withIndex = statSync(dbPath).size;
    db.exec('DROP TABLE text_search; DROP TABLE text_literals; VACUUM');
    const without = statSync(dbPath).size;
    db.close();
    const t = performance.now();
    await new SqliteRecordStore(dbPath).close();
    const buildMs = performance.now() - t;
    const common = { dbPath, workers: 1, timeoutMs: 60_000, maxResults: 10_000 };
    const before = await WorkerQueryEngine.start({ ...common, textIndex: false });
    const scan = await p50(before);
    await before.close();
    const after = await WorkerQueryEngine.start(common);
    const indexed = await p50(after);
    await after.close();
    const same = scan.body.split('\n').sort().join('\n') === indexed.body.split('\n').sort().join('\n');
    console.log(JSON.stringify({ size, literals, answers: scan.body.split('\n').length - 2, sameAnswer: same, scanP50Ms: +scan.ms.toFixed(2), indexedP50Ms: +indexed.ms.toFixed(2), indexBuildMs: Math.round(buildMs), fileMbWithout: +(without / 2 ** 20).toFixed(1), fileMbWith: +(withIndex / 2 ** 20).toFixed(1) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
