/**
 * Benchmarks (not tests): prints a table of timings. Run with `npm run bench`.
 * Today: SHACL validation of the sample graph and of single configuration records, per tier.
 * `npm run bench` then runs the store benchmark at 100k only; the store benchmark at its sizes
 * (1M and 3M, 10M with `--10m`; an hour and more) is its own command: `npm run bench:store`
 * (see the header of store-bench.ts).
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import N3 from 'n3';
import { RecordValidator } from '../../src/validation/record-validator.js';
import { sampleData } from '../support/rdf-files.js';

interface Row { case: string; runs: number; p50ms: number; p99ms: number }

async function measure(name: string, runs: number, fn: () => Promise<unknown>): Promise<Row> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { case: name, runs, p50ms: Number(at(0.5).toFixed(1)), p99ms: Number(at(0.99).toFixed(1)) };
}

const validator = new RecordValidator();
const data = await sampleData();
const store = new N3.Store(data);
const sp8v2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const record = store.getQuads(null, null, null, null).filter((q) => q.subject.value === sp8v2 || q.subject.value.startsWith(`${sp8v2}/`) || q.object.value === sp8v2);

const rows: Row[] = [
  await measure(`validate data/ (${data.length} triples, 5 configurations)`, 10, () => validator.validate(data)),
  await measure(`validate one configuration record (${record.length} triples), tier 1`, 30, () => validator.validate(record)),
  await measure(`validate one configuration record (${record.length} triples), tier 3`, 30, () => validator.validate(record, { tier: 3 })),
];
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} ×${os.cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.table(rows);
