import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { generateRecords } from '../bench/generate-data.js';
import { runCli } from '../support/cli.js';
import { storeEnvFor } from '../support/test-store.js';

const BIN = join(PACKAGE_ROOT, 'bin/imaging-phd.js');
// Small chunks, so a file of a few thousand records spans many transactions.
const CHUNK = ['--chunk', '2000'];
const RECORDS = 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ?t } }';
const TRIPLES = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER EXISTS { GRAPH ?g { ?g a ?t } } }';

let scratch: string;
let lines: string[];
let plain: string;

/** The number a one-cell CSV query answer holds. */
function countOf(query: string, env: Record<string, string>): number {
  const result = runCli(['query', query, '--format', 'csv'], env);
  expect(result.status).toBe(0);
  return Number(result.stdout.trim().split('\n')[1]);
}

/**
 * What SPARQL counts in an empty store of the same kind (the graphs the service adds itself, e.g. the
 * ontology, whose bookkeeping differs between the embedded store and an external one), per PHD_STORE.
 */
const empties = new Map<string, { records: number; triples: number }>();

function emptyLike(env: Record<string, string>): { records: number; triples: number } {
  const kind = env.PHD_STORE ?? 'project';
  let counts = empties.get(kind);
  if (counts === undefined) {
    const none = { PHD_DATA_DIR: join(scratch, `empty-${kind}`), PHD_BASE_URL: 'http://load.test', ...(env.PHD_STORE === undefined ? {} : { PHD_STORE: env.PHD_STORE }) };
    expect(runCli(['load', join(scratch, 'empty.nt')], none).status).toBe(0);
    counts = { records: countOf(RECORDS, none), triples: countOf(TRIPLES, none) };
    empties.set(kind, counts);
  }
  return counts;
}

/** The records and triples stored in a data directory, as SPARQL sees them, beyond an empty store's. */
function stored(env: Record<string, string>): { records: number; triples: number } {
  const empty = emptyLike(env);
  return { records: countOf(RECORDS, env) - empty.records, triples: countOf(TRIPLES, env) - empty.triples };
}

/** Starts `load` and kills it (SIGKILL) once its progress says a chunk was committed. */
function loadKilledMidway(file: string, env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'load', file, ...CHUNK], { cwd: PACKAGE_ROOT, env: { ...process.env, ...storeEnvFor(env.PHD_DATA_DIR ?? ''), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (/ [1-9][\d,]* records committed/.test(stderr)) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('close', (_status, signal) => resolve({ signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'phd-load-stream-'));
  lines = [...generateRecords(40_000)];
  plain = join(scratch, 'bench.nt');
  writeFileSync(plain, `${lines.join('\n')}\n`);
  writeFileSync(join(scratch, 'empty.nt'), '');
  await pipeline(Readable.from([`${lines.join('\n')}\n`]), createGzip(), createWriteStream(`${plain}.gz`));
}, 300_000);

describe('imaging-phd load, streaming', () => {
  // Chunks this large validate on worker threads, each committed while the next one validates.
  const LARGE = ['--chunk', '25000'];

  it('loads a file in chunks validated on worker threads, committing every record of it.', () => {
    const env = { PHD_DATA_DIR: join(scratch, 'threads'), PHD_BASE_URL: 'http://load.test' };
    const result = runCli(['load', plain, ...LARGE], env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('0 rejected');
    expect(stored(env).triples).toBe(lines.length);
    const rerun = runCli(['load', plain, ...LARGE], env);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/loaded 0 records .* [1-9][\d,]* already present/);
  }, 600_000);

  it('stops with an error naming the memory limit when a validation worker runs out of memory, and stores nothing.', () => {
    const env = { PHD_DATA_DIR: join(scratch, 'worker-oom'), PHD_BASE_URL: 'http://load.test' };
    // One chunk of ~150k triples: a worker needs some 70 MiB for 25k, several times 64 MiB for this.
    const large = join(scratch, 'large.nt');
    writeFileSync(large, `${[...generateRecords(160_000)].join('\n')}\n`);
    const result = runCli(['load', large, '--chunk', '150000'], { ...env, PHD_VALIDATOR_HEAP_MB: '64' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('a validation worker ran out of memory (its limit is 64 MiB');
    expect(result.stderr).toContain('nothing was stored');
    expect(stored(env)).toEqual({ records: 0, triples: 0 });
  }, 600_000);

  it('continues a load killed midway, when rerun with the same file, to the store one uninterrupted load of the gzipped file gives.', async () => {
    const clean = { PHD_DATA_DIR: join(scratch, 'clean'), PHD_BASE_URL: 'http://load.test' };
    const once = runCli(['load', `${plain}.gz`, ...CHUNK], clean);
    expect(once.stderr).toContain('"msg":"load finished"');
    expect(once.status).toBe(0);
    const expected = stored(clean);
    expect(expected.triples).toBe(lines.length);

    const resumed = { PHD_DATA_DIR: join(scratch, 'resumed'), PHD_BASE_URL: 'http://load.test' };
    const killed = await loadKilledMidway(plain, resumed);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).not.toContain('loaded');
    const partial = stored(resumed);
    expect(partial.records).toBeGreaterThan(0);
    expect(partial.records).toBeLessThan(expected.records);

    const rerun = runCli(['load', plain, ...CHUNK], resumed);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain(`${partial.records} already present`);
    expect(stored(resumed)).toEqual(expected);
  }, 600_000);

  it('stops at a malformed line in the middle of a file, naming file and line, and keeps exactly the records it says it committed.', () => {
    const bad = 23_456;
    const broken = [...lines];
    broken[bad - 1] = '<https://bench.example/broken> <https://bench.example/p> "no full stop"';
    const file = join(scratch, 'broken.nt');
    writeFileSync(file, `${broken.join('\n')}\n`);
    const env = { PHD_DATA_DIR: join(scratch, 'broken'), PHD_BASE_URL: 'http://load.test' };
    const result = runCli(['load', file, ...CHUNK], env);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${file}: invalid N-Triples:`);
    expect(result.stderr).toContain(`line ${bad + 1}`);
    const said = /Committed ([\d,]+) records \(([\d,]+) triples\) from lines 1–([\d,]+) of ([^;]+); nothing after/.exec(result.stderr);
    expect(said, result.stderr).not.toBeNull();
    const [records, triples, through] = [said?.[1], said?.[2], said?.[3]].map((n) => Number((n ?? '').replace(/,/g, '')));
    expect(said?.[4]).toBe(file);
    expect(through).toBeLessThan(bad);
    expect(records).toBeGreaterThan(0);
    expect(stored(env)).toEqual({ records, triples });
    // The committed records are whole: every triple of lines 1–through is stored, none after.
    expect(triples).toBe(through);
  }, 600_000);

  it('stops with an error naming both lines when a record reappears after it was committed.', () => {
    const file = join(scratch, 'split.nt');
    const first = lines.findIndex((l) => l.includes('bench.f0.i0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'));
    writeFileSync(file, `${[...lines, lines[first + 1]].join('\n')}\n`);
    const env = { PHD_DATA_DIR: join(scratch, 'split'), PHD_BASE_URL: 'http://load.test' };
    const result = runCli(['load', file, ...CHUNK], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file} line ${(lines.length + 1).toLocaleString('en-US')}: triples of the record https://doi.org/10.5072/bench.f0.i0 appear again`);
    expect(result.stderr).toContain(`ended at ${file} line`);
    expect(result.stderr).toMatch(/Committed [\d,]+ records \([\d,]+ triples\) from lines 1–[\d,]+ of /);
  }, 600_000);

  it('stops with a clear error when the store is full, keeping exactly the records it says it committed.', () => {
    // PHD_STORE_MAX_MB caps the SQLite file (PRAGMA max_page_count): a write past it fails with
    // SQLITE_FULL as on a full disk. It applies to the embedded store, which this test names.
    const env = { PHD_DATA_DIR: join(scratch, 'full'), PHD_BASE_URL: 'http://load.test', PHD_STORE: 'embedded' };
    const result = runCli(['load', plain, ...CHUNK], { ...env, PHD_STORE_MAX_MB: '2' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('The store is full (SQLITE_FULL');
    const said = /Committed ([\d,]+) records \(([\d,]+) triples\) from lines 1–([\d,]+) of /.exec(result.stderr);
    expect(said, result.stderr).not.toBeNull();
    const [records, triples, through] = [said?.[1], said?.[2], said?.[3]].map((n) => Number((n ?? '').replace(/,/g, '')));
    expect(records).toBeGreaterThan(0);
    expect(through).toBeLessThan(lines.length);
    expect(stored(env)).toEqual({ records, triples });
    // Without the cap, the same load continues from there to the whole file.
    const rerun = runCli(['load', plain, ...CHUNK], env);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain(`${records} already present`);
    expect(stored(env).triples).toBe(lines.length);
  }, 600_000);
});
