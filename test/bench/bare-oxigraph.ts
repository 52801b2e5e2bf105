/**
 * The bare engine of the store benchmark, run as a child process (`node --import tsx
 * bare-oxigraph.ts <phd.sqlite>` with an IPC channel) so that the benchmark process never holds a
 * 10M-triple index beside the service it measures. It builds the same Oxigraph index as a query
 * worker (`QueryIndex.fromDatabase`), reports how long that took, then times the queries it is
 * sent, in process: no HTTP, no worker hop. Not a test.
 */
import { performance } from 'node:perf_hooks';
import { QueryIndex } from '../../src/query/query-index.js';
import { analyzeQuery } from '../../src/query/sparql-request.js';
import { percentile } from './bench-measures.js';

/** A query to time, from the benchmark. */
export interface BareRequest {
  readonly query: string;
  readonly warmUp: number;
  readonly runs: number;
}

/** The first message: the index is built. */
export interface BareReady {
  readonly ready: true;
  readonly loadSeconds: number;
  readonly quads: number;
}

/** The answer to a {@link BareRequest}. */
export interface BareTiming {
  readonly p50: number;
  readonly p99: number;
  readonly rows: number;
}

function serve(dbPath: string): void {
  const started = performance.now();
  const { index, report } = QueryIndex.fromDatabase(dbPath);
  const ready: BareReady = { ready: true, loadSeconds: (performance.now() - started) / 1000, quads: report.quads };
  process.send?.(ready);
  process.on('message', (request: BareRequest) => {
    const analyzed = analyzeQuery(request.query, { maxResults: 10_000 });
    const run = () => index.execute({ text: analyzed.text, type: analyzed.type, format: 'application/sparql-results+json', maxResults: 10_000, mustCount: false });
    const rows = (JSON.parse(run()) as { results: { bindings: unknown[] } }).results.bindings.length;
    for (let i = 0; i < request.warmUp; i += 1) run();
    const times: number[] = [];
    for (let i = 0; i < request.runs; i += 1) {
      const t = performance.now();
      run();
      times.push(performance.now() - t);
    }
    const timing: BareTiming = { p50: percentile(times, 0.5), p99: percentile(times, 0.99), rows };
    process.send?.(timing);
  });
}

if (process.send !== undefined && process.argv[2] !== undefined) serve(process.argv[2]);
