/**
 * Entry point of a query worker thread (started by {@link QueryPool}).
 *
 * It loads a replica of the index from the record store's SQLite file (read-only), says `ready`,
 * then handles messages in order: `replace` updates one record graph, `query` runs a query and
 * replies. A query's errors are replies, never crashes. The pool stops a query that runs too long
 * by terminating the whole worker, which is the only way to interrupt a synchronous WASM call.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PhdError } from '../errors/phd-error.js';
import { QueryIndex } from './query-index.js';
import type { FromWorkerMessage, QueryMessage, QueryWorkerData, ToWorkerMessage } from './query-messages.js';

const port = parentPort;
if (port === null) throw new Error('query-worker.ts must run as a worker thread (see QueryPool)');
const post = (message: FromWorkerMessage): void => port.postMessage(message);
const { dbPath } = workerData as QueryWorkerData;

let index: QueryIndex;
try {
  // Loading is synchronous: messages posted meanwhile wait in the port, and the pool holds back
  // replacements until `ready` anyway.
  const loaded = QueryIndex.fromDatabase(dbPath);
  index = loaded.index;
  post({ kind: 'ready', ...loaded.report });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
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
    post({ kind: 'result', id: message.id, ok: true, body, mediaType: message.format });
  } catch (error) {
    if (PhdError.isInstance(error)) {
      post({ kind: 'result', id: message.id, ok: false, fatal: false, error: { status: error.status, code: error.code, message: error.message, details: error.details } });
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
