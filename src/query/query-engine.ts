import type { QueryType, ResultFormat } from './result-formats.js';

/**
 * The dataset a query runs on. When both are absent the default graph is the union of all record
 * graphs and every record graph is a named graph. When either is given, the dataset is exactly these
 * graphs (an absent list is empty), as SPARQL prescribes for FROM / FROM NAMED and the protocol's
 * `default-graph-uri` / `named-graph-uri`, which override the query's own FROM / FROM NAMED.
 */
export interface QueryDataset {
  readonly defaultGraph?: readonly string[] | undefined;
  readonly namedGraphs?: readonly string[] | undefined;
}

/** Options of {@link QueryEngine.query}. */
export interface QueryOptions extends QueryDataset {
  /** The result format, chosen by the caller (the router negotiates it); absent: SPARQL JSON, or Turtle for graphs. */
  readonly format?: ResultFormat | undefined;
  /** Aborting drops the query if it is still waiting for its turn (e.g. the client went away). */
  readonly signal?: AbortSignal | undefined;
}

/** A serialized query result. */
export interface QueryResult {
  readonly body: string;
  /** The media type of `body` (without parameters). */
  readonly mediaType: string;
  readonly type: QueryType;
  /** Extra response headers (the federated endpoint reports its peers in them). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A snapshot of an engine's load, for /health (an engine without workers counts its places as workers). */
export interface QueryEngineStats {
  /** Worker slots (the configured number). */
  readonly workers: number;
  /** Workers running a query. */
  readonly busy: number;
  /** Queries waiting for a worker. */
  readonly queued: number;
  /** Workers (re)loading their replica. */
  readonly loading: number;
}

/** The limits an engine's queries run under (shown in the SPARQL service description). */
export interface QueryLimits {
  readonly timeoutMs: number;
  readonly maxResults: number;
}

/**
 * The role behind a SPARQL endpoint: runs a read-only query under limits and answers it serialized.
 * Implemented by the embedded store's worker threads ({@link WorkerQueryEngine}), an external store
 * ({@link ExternalStoreQueryEngine}) and the federation over the peers ({@link FederatedQueryEngine});
 * the HTTP layer and the search service know only this role.
 */
export interface QueryEngine {
  /** The limits queries run under. */
  readonly limits: QueryLimits;
  /**
   * Runs a query.
   * @param text - the SPARQL query.
   * @param options - result format, protocol dataset, abort signal.
   * @returns the serialized result.
   */
  query: (text: string, options?: QueryOptions) => Promise<QueryResult>;
  /** @returns the engine's load, for /health. */
  stats: () => QueryEngineStats;
  /** Stops the engine; queries still waiting fail with 503. @returns when it has stopped. */
  close: () => Promise<void>;
}
