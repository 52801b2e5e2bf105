/**
 * Entry point of a query worker thread (started by {@link WorkerQueryEngine}).
 *
 * It loads a replica of the index from the record store's SQLite file (read-only), says `ready`,
 * then handles messages in order: `replace` updates one record graph, `query` runs a query and
 * replies. A query's errors are replies, never crashes. The pool stops a query that runs too long
 * by terminating the whole worker, which is the only way to interrupt a synchronous WASM call.
 */
// First: the engine's memory limit must be in place before query-index.js loads Oxigraph.
import { engineMemory, wasmInstances } from './query-worker-memory.js';
import { rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PhdError } from '../errors/index.js';
import { QueryMemoryError, ResultTooLargeError } from './query-errors.js';
import { WASM } from '../workers/index.js';
import type { QueryIndex } from './query-index.js';
import { oxigraphInstance } from './index-snapshot.js';
import { SnapshotRestoreError, snapshotQueryIndex, startQueryIndex } from './index-startup.js';
import type { FromWorkerMessage, QueryMessage, QueryWorkerData, SnapshotMessage, ToWorkerMessage } from './query-messages.js';

const port = parentPort;
if (port === null) throw new Error('query-worker.ts must run as a worker thread (see WorkerQueryEngine)');
const post = (message: FromWorkerMessage): void => port.postMessage(message);
const { dbPath, maxResultBytes, memoryLimitMb, vocabulary, snapshot } = workerData as QueryWorkerData;

/**
 * Whether an engine failure is the memory limit: a string past V8's longest, or a WebAssembly trap
 * (Rust's allocator aborts when `memory.grow` fails) with the engine's memory at least half full —
 * an allocation that no longer fits. Other traps are engine faults.
 */
function outOfMemory(error: unknown): boolean {
  if (error instanceof RangeError && /string length|allocation failed|out of memory/i.test(error.message)) return true;
  return error instanceof WASM.RuntimeError && engineMemory !== undefined && engineMemory.usedBytes() * 2 >= engineMemory.maxBytes;
}

let index: QueryIndex;
try {
  // Loading is synchronous: messages posted meanwhile wait in the port, and the pool holds back
  // replacements until `ready` anyway.
  const engine = oxigraphInstance(wasmInstances());
  const started = startQueryIndex(dbPath, vocabulary ?? [], snapshot === undefined || engine === undefined ? undefined : { path: snapshot.path, instance: engine });
  index = started.index;
  const { records, quads, vocabularyQuads, ms, source, snapshotRejected, caughtUp } = started.report;
  // The image is written before this worker says it is ready, and before any message is handled:
  // it must be the state of the revision it names, and writing it takes the worker's thread (18 s
  // at 10M triples), so a worker that answered `ready` first would leave the service listening
  // with its only ready worker unable to answer.
  let written: SnapshotMessage = { kind: 'snapshot' };
  if (snapshot?.write === true && started.snapshotStale && engine !== undefined) {
    const t = performance.now();
    try {
      const bytes = snapshotQueryIndex(snapshot.path, engine, started);
      written = { kind: 'snapshot', bytes, ms: Math.round(performance.now() - t) };
    } catch (error) {
      written = { kind: 'snapshot', error: error instanceof Error ? error.message : String(error) };
    }
  }
  post(written);
  post({ kind: 'ready', records, quads, vocabularyQuads, ms, source, snapshotRejected, caughtUp });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // An image that broke the engine once will again: remove it, so the replacement worker rebuilds.
  if (error instanceof SnapshotRestoreError && snapshot !== undefined) rmSync(snapshot.path, { force: true });
  post({
    kind: 'failed',
    // While loading, any trap under a memory limit is the limit: the bulk loader allocates large buffers.
    message: outOfMemory(error) || (engineMemory !== undefined && error instanceof WASM.RuntimeError) ? `the index does not fit in the memory of a query worker (${memoryLimitMb ?? '?'} MiB): raise PHD_QUERY_WORKER_MEMORY_MB (${message})` : message,
  });
  process.exit(1);
}

port.on('message', (message: ToWorkerMessage) => {
  if (message.kind === 'replace') {
    try {
      index.replace(message.graph, message.ntriples);
    } catch (error) {
      post({ kind: 'rejected', graph: message.graph, message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  answer(message);
});

function answer(message: QueryMessage): void {
  try {
    const body = index.execute(message);
    // The answer is copied to the main thread, which holds every answer in flight: bound it.
    if (maxResultBytes !== undefined && Buffer.byteLength(body, 'utf8') > maxResultBytes) throw new ResultTooLargeError(maxResultBytes, 'bytes');
    post({ kind: 'result', id: message.id, ok: true, body, mediaType: message.format });
  } catch (error) {
    if (PhdError.isInstance(error)) {
      post({ kind: 'result', id: message.id, ok: false, fatal: false, error: { status: error.status, code: error.code, message: error.message, details: error.details } });
      return;
    }
    if (outOfMemory(error)) {
      // The engine's memory is full (and never shrinks): the pool replaces us, which frees it.
      const limit = new QueryMemoryError(memoryLimitMb ?? 0);
      post({
        kind: 'result', id: message.id, ok: false, fatal: true,
        error: { status: limit.status, code: limit.code, message: limit.message, details: limit.details },
        reason: `out of memory: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    // The engine failed (a WASM trap, out of memory): its state is suspect, so the pool replaces us.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    post({
      kind: 'result', id: message.id, ok: false, fatal: true,
      error: { status: 500, code: 'query-engine-failure', message: 'The query engine failed on this query and was restarted. Retry; report the query if it fails again.', details: {} },
      reason,
    });
  }
}
