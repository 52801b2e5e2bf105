/**
 * The messages between the {@link WorkerQueryEngine} (main thread) and its query workers.
 *
 * Each worker processes its messages one at a time, in the order they were posted (a
 * MessagePort is FIFO). So a query posted after a replace sees the replaced graph.
 */
import type { IndexQuery } from './query-index.js';

/** What a worker is started with (`workerData`). */
export interface QueryWorkerData {
  /** The SQLite file of the record store, opened read-only. */
  readonly dbPath: string;
  /** The limit of the engine's (WebAssembly) memory, in bytes; absent: none. */
  readonly engineMemoryBytes?: number | undefined;
  /** The memory limit of the whole worker, in MiB, as reported to clients. */
  readonly memoryLimitMb?: number | undefined;
  /** The largest serialized answer sent back, in bytes; absent: none. */
  readonly maxResultBytes?: number | undefined;
  /** Graphs loaded beside the records: the ontology, each named by its ontology IRI (vocabulary-graphs.ts). */
  readonly vocabulary?: readonly { readonly iri: string; readonly ntriples: string }[] | undefined;
  /** The index snapshot (index-startup.ts): restored from when usable; `write`: this worker writes a new one when it is stale. */
  readonly snapshot?: { readonly path: string; readonly write: boolean } | undefined;
}

/** Replace one record graph (null: delete it). Idempotent. */
export interface ReplaceMessage {
  readonly kind: 'replace';
  readonly graph: string;
  readonly ntriples: string | null;
}

/** Run one query and reply with a {@link ResultMessage} of the same id. */
export interface QueryMessage extends IndexQuery {
  readonly kind: 'query';
  readonly id: number;
}

/** Main thread → worker. */
export type ToWorkerMessage = ReplaceMessage | QueryMessage;

/** A PhdError flattened for the trip between threads. */
export interface SerializedError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The worker has loaded its index and takes messages. */
export interface ReadyMessage {
  readonly kind: 'ready';
  readonly records: number;
  readonly quads: number;
  readonly vocabularyQuads: number;
  readonly ms: number;
  /** `snapshot`: restored from the index snapshot and caught up; `database`: rebuilt from SQLite. */
  readonly source: 'snapshot' | 'database';
  /** Why the snapshot was not used. */
  readonly snapshotRejected?: string | undefined;
  /** Records read again from SQLite after the snapshot was restored. */
  readonly caughtUp: number;
}

/** The worker is done with the snapshot after its start: it wrote one (bytes, ms), failed to, or had none to write. */
export interface SnapshotMessage {
  readonly kind: 'snapshot';
  readonly bytes?: number | undefined;
  readonly ms?: number | undefined;
  readonly error?: string | undefined;
}

/** The worker could not load its index. */
export interface FailedMessage {
  readonly kind: 'failed';
  readonly message: string;
}

/** A record graph that could not be loaded (skipped; the rest of the index is fine). */
export interface RejectedMessage {
  readonly kind: 'rejected';
  readonly graph: string;
  readonly message: string;
}

/** The answer to a {@link QueryMessage}. */
export type ResultMessage =
  | { readonly kind: 'result'; readonly id: number; readonly ok: true; readonly body: string; readonly mediaType: string }
  | {
    readonly kind: 'result';
    readonly id: number;
    readonly ok: false;
    readonly error: SerializedError;
    /** The engine itself failed (not the query): the pool replaces this worker. */
    readonly fatal: boolean;
    /** For the log, when fatal: what failed (never sent to clients). */
    readonly reason?: string;
  };

/** Worker → main thread. */
export type FromWorkerMessage = ReadyMessage | FailedMessage | RejectedMessage | ResultMessage | SnapshotMessage;
