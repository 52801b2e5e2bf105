import N3 from 'n3';
import type { Quad } from 'n3';
import { ServiceUnavailableError, StoreError } from '../errors/index.js';
import type { SparqlResults } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';
import { iriRef } from '../rdf/index.js';

/**
 * The SPARQL Update request that replaces named graphs: per graph, `DROP SILENT GRAPH` and (when it
 * has triples) `INSERT DATA`.
 * @param graphs - each graph IRI with its new triples; null or none drops the graph.
 * @returns the request text.
 */
export function replaceGraphsUpdate(graphs: readonly { graph: string; quads: readonly Quad[] | null }[]): string {
  const writer = new N3.Writer({ format: 'N-Triples' });
  const operations: string[] = [];
  for (const { graph, quads } of graphs) {
    const name = iriRef(graph);
    operations.push(`DROP SILENT GRAPH ${name}`);
    if (quads !== null && quads.length > 0) {
      const triples = quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)).join('');
      operations.push(`INSERT DATA { GRAPH ${name} {\n${triples}} }`);
    }
  }
  return operations.join(' ;\n');
}

/**
 * How a write meets a store that gives no answer at all (it cannot be reached, or closed the
 * connection): `interactive` fails at once (the caller answers 503); `bulk` (a load of many
 * records) sends it again after each pause of {@link BULK_UNREACHABLE_BACKOFF_MS}, so that a store
 * busy with its own work or restarting for a moment does not stop the load.
 */
export type Patience = 'interactive' | 'bulk';

/**
 * Pauses before each new attempt of a `bulk` request that got no answer: about 8 s in all. Every
 * such request is idempotent (a PUT, a DELETE, or an Update that drops and inserts whole graphs).
 */
export const BULK_UNREACHABLE_BACKOFF_MS = [250, 500, 1_000, 2_000, 4_000] as const;

/** Options of {@link SparqlClient}. */
export interface SparqlClientOptions {
  /** The SPARQL 1.1 Protocol query endpoint. */
  readonly queryEndpoint: string;
  /** The SPARQL 1.1 Update endpoint (default: the query endpoint, as Virtuoso, Oxigraph and GraphDB serve both). */
  readonly updateEndpoint?: string;
  /**
   * The SPARQL 1.1 Graph Store HTTP Protocol endpoint (indirect graph identification, `?graph=`).
   * When given, graphs are written with PUT and DELETE: no request size limit, and the store's
   * own RDF loader (Virtuoso's SPARQL compiler refuses an INSERT DATA of a few thousand triples).
   */
  readonly graphStoreEndpoint?: string;
  /** HTTP Basic credentials for the store (Fuseki, GraphDB, Oxigraph behind a proxy). */
  readonly user?: string;
  readonly password?: string;
  /** Time limit of one request. */
  readonly timeoutMs: number;
}

/**
 * A client of an external triple store through the standards only — the SPARQL 1.1 Protocol
 * (queries) and SPARQL 1.1 Update — so that Virtuoso, Fuseki, GraphDB and Oxigraph server all fit.
 * Each request has a time limit; a store that cannot be reached is a 503, one that answers with an
 * error a 502 carrying its message.
 */
export class SparqlClient {
  private readonly authorization: string | undefined;

  public constructor(private readonly options: SparqlClientOptions) {
    this.authorization = options.user === undefined ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  }

  /** The store's SPARQL 1.1 Protocol query endpoint (PHD_STORE). */
  public get queryEndpoint(): string {
    return this.options.queryEndpoint;
  }

  /**
   * Runs a SELECT or ASK query.
   * @param query - the query.
   * @returns the SPARQL JSON results.
   */
  public async select(query: string): Promise<SparqlResults> {
    const text = await this.send(this.options.queryEndpoint, 'query', query, mediaTypeFor('sparql-results+json'));
    return JSON.parse(text) as SparqlResults;
  }

  /**
   * Runs a CONSTRUCT or DESCRIBE query.
   * @param query - the query.
   * @returns the triples.
   */
  public async construct(query: string): Promise<Quad[]> {
    const text = await this.send(this.options.queryEndpoint, 'query', query, mediaTypeFor('n-triples'));
    return new N3.Parser({ format: 'N-Triples' }).parse(text);
  }

  /** Whether graphs are written through the Graph Store Protocol. */
  public get hasGraphStore(): boolean {
    return this.options.graphStoreEndpoint !== undefined;
  }

  /**
   * Replaces one named graph in one request: a Graph Store Protocol PUT (DELETE for no triples)
   * when the endpoint is configured, else a SPARQL Update request (DROP SILENT, INSERT DATA).
   * @param graph - the graph IRI.
   * @param quads - its new triples; null or none deletes the graph.
   * @param patience - whether to wait out a store that gives no answer ({@link Patience}).
   */
  public async writeGraph(graph: string, quads: readonly Quad[] | null, patience: Patience = 'interactive'): Promise<void> {
    const endpoint = this.options.graphStoreEndpoint;
    if (endpoint === undefined) {
      await this.replaceGraphs([{ graph, quads }], patience);
      return;
    }
    const url = `${endpoint}${endpoint.includes('?') ? '&' : '?'}graph=${encodeURIComponent(graph)}`;
    if (quads === null || quads.length === 0) {
      await this.request(url, { method: 'DELETE' }, { accepted: [404], patience });
      return;
    }
    const writer = new N3.Writer({ format: 'N-Triples' });
    const body = quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)).join('');
    // N-Triples is Turtle: every Graph Store accepts text/turtle.
    await this.request(url, { method: 'PUT', headers: { 'content-type': 'text/turtle;charset=utf-8' }, body }, { patience });
  }

  /**
   * Runs a SPARQL Update request (one request: the store applies it as one transaction).
   * @param update - the update.
   * @param patience - whether to wait out a store that gives no answer ({@link Patience}).
   */
  public async update(update: string, patience: Patience = 'interactive'): Promise<void> {
    await this.send(this.options.updateEndpoint ?? this.options.queryEndpoint, 'update', update, '*/*', patience);
  }

  /**
   * Replaces a named graph's triples in one Update request (`DROP SILENT GRAPH` then `INSERT DATA`):
   * readers see the old graph or the new one, never a mix.
   * @param graph - the graph IRI.
   * @param quads - its new triples (graph names ignored); none drops the graph.
   */
  public async replaceGraph(graph: string, quads: readonly Quad[]): Promise<void> {
    await this.replaceGraphs([{ graph, quads }]);
  }

  /**
   * Replaces several named graphs in one Update request, which the store applies as one
   * transaction (SPARQL 1.1 Update §2: a request's operations are applied together).
   * @param graphs - each graph IRI with its new triples; null or none drops the graph.
   * @param patience - whether to wait out a store that gives no answer ({@link Patience}).
   */
  public async replaceGraphs(graphs: readonly { graph: string; quads: readonly Quad[] | null }[], patience: Patience = 'interactive'): Promise<void> {
    if (graphs.length === 0) return;
    await this.update(replaceGraphsUpdate(graphs), patience);
  }

  /**
   * Reads a named graph.
   * @param graph - the graph IRI.
   * @returns its triples (empty when the graph does not exist).
   */
  public readGraph(graph: string): Promise<Quad[]> {
    return this.construct(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ${iriRef(graph)} { ?s ?p ?o } }`);
  }

  /**
   * Sends a client's query as is and returns the store's answer in the media type asked for
   * (the /sparql endpoint's path when the records live in this store).
   * @param query - the query text.
   * @param options - Accept, the protocol's dataset, an abort signal and a time limit.
   * @returns the answer's text and headers.
   */
  public async query(query: string, options: StoreQueryRequest): Promise<{ body: string; headers: Headers }> {
    const fields: [string, string][] = [['query', query]];
    for (const graph of options.defaultGraph ?? []) fields.push(['default-graph-uri', graph]);
    for (const graph of options.namedGraphs ?? []) fields.push(['named-graph-uri', graph]);
    return this.post(this.options.queryEndpoint, fields, options.accept, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    });
  }

  /**
   * POSTs a query or update as an HTML form (`query=` / `update=`): every store accepts that
   * form of the protocol, while Virtuoso 7 never answers a POST of application/sparql-query.
   */
  private async send(endpoint: string, field: 'query' | 'update', text: string, accept: string, patience: Patience = 'interactive'): Promise<string> {
    return (await this.post(endpoint, [[field, text]], accept, { patience })).body;
  }

  private post(endpoint: string, fields: readonly [string, string][], accept: string, options: RequestOptions): Promise<{ body: string; headers: Headers }> {
    return this.request(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
      body: new URLSearchParams(fields).toString(),
    }, options);
  }

  /**
   * One HTTP request to the store, sent again (every request sent here is idempotent):
   * - at most {@link DEADLOCK_RETRIES} times, after a short random pause, when the store reports a
   *   clash with a concurrent transaction (see DEADLOCK: SQL state 40001 asks the client to retry,
   *   and Virtuoso raises it, or SR197 on a new datatype, under concurrent graph writes), or when
   *   the connection was dropped before any answer (see droppedConnection);
   * - with `bulk` patience, after each pause of {@link BULK_UNREACHABLE_BACKOFF_MS} while the store
   *   gives no answer at all (not on a time limit: the request may still be running there).
   */
  private async request(endpoint: string, init: StoreRequest, options: RequestOptions = {}): Promise<{ body: string; headers: Headers }> {
    let clashes = 0;
    let waits = 0;
    for (;;) {
      try {
        return await this.requestOnce(endpoint, init, options);
      } catch (error) {
        if (((error instanceof StoreError && DEADLOCK.test(error.message)) || droppedConnection(error)) && clashes < DEADLOCK_RETRIES) {
          clashes += 1;
          await pause(20 + Math.random() * 100 * clashes);
          continue;
        }
        const wait = options.patience === 'bulk' && unanswered(error) ? BULK_UNREACHABLE_BACKOFF_MS[waits] : undefined;
        if (wait === undefined) throw error;
        waits += 1;
        await pause(wait);
      }
    }
  }

  /** One HTTP request to the store, with its time limit, credentials and error mapping (`accepted`: error statuses that are fine). */
  private async requestOnce(endpoint: string, init: StoreRequest, options: RequestOptions): Promise<{ body: string; headers: Headers }> {
    const { signal, accepted = [], maxBytes } = options;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new StoreTimeoutError(endpoint, timeoutMs)), timeoutMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // Why a request failed without an answer: the client went away, our time limit, or the store.
    const failure = (error: unknown, what: string): Error => {
      if (signal?.aborted === true) return signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (controller.signal.reason instanceof StoreTimeoutError) return controller.signal.reason;
      return new ServiceUnavailableError(`The triple store at ${endpoint} ${what}.`, { code: 'store-unavailable', cause: error, retryAfterSeconds: 5 });
    };
    try {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: init.method,
          headers: { ...init.headers, ...(this.authorization === undefined ? {} : { authorization: this.authorization }) },
          ...(init.body === undefined ? {} : { body: init.body }),
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (error) {
        throw failure(error, 'cannot be reached');
      }
      let body: string;
      try {
        body = maxBytes === undefined ? await response.text() : await readAtMost(response, maxBytes, controller);
      } catch (error) {
        if (error instanceof StoreAnswerTooLargeError) throw error;
        throw failure(error, 'closed the connection');
      }
      if (!response.ok && !accepted.includes(response.status)) {
        throw new StoreError(`The triple store answered ${response.status}: ${body.replace(/\s+/g, ' ').trim().slice(0, 300)}`, { details: { storeStatus: response.status } });
      }
      return { body, headers: response.headers };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** One request to the store: its method, headers and body. */
interface StoreRequest {
  readonly method: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** How one request is sent: time limit (default: the client's), abort signal, error statuses that are fine, largest answer, {@link Patience}. */
interface RequestOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly accepted?: readonly number[];
  readonly maxBytes?: number;
  readonly patience?: Patience;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a request got no answer at all: the store could not be reached or closed the connection (not a time limit). */
function unanswered(error: unknown): boolean {
  return error instanceof ServiceUnavailableError && error.code === 'store-unavailable';
}

/**
 * A store's report of a clash with a concurrent transaction, after which the request may simply be
 * sent again: a deadlock (SQL state 40001), or Virtuoso's SR197 on its datatype or language table,
 * raised when two concurrent writes each bring the same datatype or language tag the store has not
 * seen before (the retry finds it registered).
 */
const DEADLOCK = /\b40001\b|deadlock|SR197: Non unique primary key on DB\.DBA\.RDF_(?:DATATYPE|LANGUAGE)\b/i;
const DEADLOCK_RETRIES = 5;

/** Socket errors of a connection the store closed under a request (undici's `other side closed`, a reset, a broken pipe). */
const DROPPED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * Whether a request failed because the store closed its connection before answering: typically a
 * kept-alive connection the store closed just as the request was sent on it. A refused connection
 * (the store is down) is not one: it is answered 503 at once.
 * @param error - what the request threw.
 * @returns true when sending it again on a new connection is the remedy.
 */
function droppedConnection(error: unknown): boolean {
  if (!(error instanceof ServiceUnavailableError)) return false;
  for (let cause: unknown = error.cause, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth += 1) {
    const code = (cause as Error & { code?: unknown }).code;
    if (typeof code === 'string' && DROPPED.has(code)) return true;
  }
  return false;
}

/** 503: the store did not answer within its time limit (the request may still run there). */
export class StoreTimeoutError extends ServiceUnavailableError {
  public readonly timeoutMs: number;

  public constructor(endpoint: string, timeoutMs: number) {
    super(`The triple store at ${endpoint} did not answer within ${timeoutMs} ms.`, { code: 'store-timeout', retryAfterSeconds: 5 });
    this.timeoutMs = timeoutMs;
  }
}

/** A client's query as {@link SparqlClient.query} sends it. */
export interface StoreQueryRequest {
  readonly accept: string;
  readonly defaultGraph?: readonly string[] | undefined;
  readonly namedGraphs?: readonly string[] | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's time limit for this request. */
  readonly timeoutMs?: number;
  /** The largest answer read, in bytes: past it the request is dropped ({@link StoreAnswerTooLargeError}). */
  readonly maxBytes?: number | undefined;
}

/**
 * The store's answer to a client's query was larger than the request allowed; it was not read to
 * the end. The query engine turns it into the endpoint's result limit.
 */
export class StoreAnswerTooLargeError extends StoreError {
  public readonly maxBytes: number;

  /** @param maxBytes - the limit that was passed. */
  public constructor(maxBytes: number) {
    super(`The triple store's answer is larger than ${maxBytes} bytes.`, { details: { maxBytes } });
    this.maxBytes = maxBytes;
  }
}

/**
 * A response's body as text, read chunk by chunk and dropped (the request aborted) as soon as it
 * passes `maxBytes`, so one huge answer never sits in memory whole.
 */
async function readAtMost(response: Response, maxBytes: number, controller: AbortController): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    total += next.value.byteLength;
    if (total > maxBytes) {
      const error = new StoreAnswerTooLargeError(maxBytes);
      controller.abort(error);
      await reader.cancel().catch(() => undefined);
      throw error;
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
