import { BadRequestError, ServiceUnavailableError, StoreError } from '../errors/index.js';
import type { SparqlClient } from '../store/index.js';
import { describeAsConstruct } from './describe-query.js';
import { StoreAnswerTooLargeError, StoreTimeoutError } from '../store/index.js';
import { QueryTimeoutError, ResultTooLargeError } from './query-errors.js';
import { countLines, reserializeGraph } from './query-index.js';
import type { SparqlResults } from '../representation/index.js';
import { normalizeResults, writeResults } from './sparql-results-writer.js';
import type { QueryEngine, QueryEngineStats, QueryOptions, QueryResult } from './query-engine.js';
import { resultFormatFor } from './result-formats.js';
import { analyzeQuery } from './sparql-request.js';
import { mediaTypeFor } from '../representation/index.js';

/** Options of {@link ExternalStoreQueryEngine}. */
export interface ExternalStoreQueryEngineOptions {
  readonly client: SparqlClient;
  /** Time limit of one query, queueing included. */
  readonly timeoutMs: number;
  /** Result limit: solutions of a SELECT, triples of a CONSTRUCT or DESCRIBE. */
  readonly maxResults: number;
  /** Queries sent to the store at once; more wait in a FIFO queue. */
  readonly maxConcurrent: number;
  /** Base IRI for relative IRIs in queries (usually `{baseUrl}/sparql`). */
  readonly baseIri?: string;
  /** The largest serialized answer, in bytes (422 beyond); the store's answer is read up to four times that. */
  readonly maxResultBytes?: number | undefined;
}

/**
 * /sparql when the records live in an external store: the same checks and limits as the embedded
 * engine ({@link WorkerQueryEngine}) — read-only, no SERVICE, a result limit, a time limit, a bounded
 * number of queries at once — then the query goes to the store through the SPARQL 1.1 Protocol.
 *
 * - Solutions come back as SPARQL JSON and graphs as N-Triples; both are counted against the
 *   limit and written here in the chosen format, so that every store gives the same answer
 *   in the same bytes as the embedded engine (stores differ: Virtuoso quotes CSV headers and
 *   writes SPARQL 1.0 `typed-literal`s).
 * - A query that would pass the limit gets 422; a store that truncates silently (Virtuoso's
 *   `ResultSetMaxRows`, announced by `X-SPARQL-MaxRows`) also gets 422, never a partial answer.
 * - Past the time limit the request is abandoned (503 `query-timeout`); the store's own time limit
 *   (Virtuoso `MaxQueryExecutionTime`, Fuseki `arq:queryTimeout`) should match PHD_QUERY_TIMEOUT_MS,
 *   so that it stops working too.
 * - DESCRIBE is sent as the standard CONSTRUCT of {@link describeAsConstruct}: its answer is
 *   implementation-defined, and Virtuoso's leaves out triples about the resource that sit in another
 *   record's graph, so the service defines DESCRIBE once, as the embedded engine answers it.
 */
export class ExternalStoreQueryEngine implements QueryEngine {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  public constructor(private readonly options: ExternalStoreQueryEngineOptions) {}

  public get limits(): { readonly timeoutMs: number; readonly maxResults: number } {
    return { timeoutMs: this.options.timeoutMs, maxResults: this.options.maxResults };
  }

  /**
   * Runs a query on the store.
   * @param text - the SPARQL query.
   * @param options - result format, protocol dataset, abort signal.
   * @returns the serialized result.
   */
  public async query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    const { maxResults, timeoutMs, baseIri, maxResultBytes } = this.options;
    /** The answer, when it fits the byte limit (the same rule as the embedded engine's). */
    const bounded = (result: QueryResult): QueryResult => {
      if (maxResultBytes !== undefined && Buffer.byteLength(result.body, 'utf8') > maxResultBytes) throw new ResultTooLargeError(maxResultBytes, 'bytes');
      return result;
    };
    const analyzed = analyzeQuery(text, { maxResults, baseIri });
    const format = resultFormatFor(analyzed.type, options.format);
    const started = performance.now();
    await this.acquire(timeoutMs, options.signal);
    try {
      const graph = analyzed.type === 'CONSTRUCT' || analyzed.type === 'DESCRIBE';
      const text = analyzed.parsed.type === 'query' && analyzed.parsed.queryType === 'DESCRIBE' ? describeAsConstruct(analyzed.parsed) : analyzed.text;
      // The query keeps its own BASE when it has one (a later BASE wins).
      const sent = baseIri === undefined ? text : `BASE <${baseIri}>\n${text}`;
      let answer: { body: string; headers: Headers };
      try {
        answer = await this.options.client.query(sent, {
          accept: mediaTypeFor(graph ? 'n-triples' : 'sparql-results+json'),
          defaultGraph: options.defaultGraph,
          namedGraphs: options.namedGraphs,
          signal: options.signal,
          timeoutMs: Math.max(1, timeoutMs - (performance.now() - started)),
          // The store writes SPARQL JSON or N-Triples, wordier than most formats asked for.
          maxBytes: maxResultBytes === undefined ? undefined : maxResultBytes * 4,
        });
      } catch (error) {
        if (error instanceof StoreTimeoutError) throw new QueryTimeoutError(timeoutMs);
        if (error instanceof StoreAnswerTooLargeError && maxResultBytes !== undefined) throw new ResultTooLargeError(maxResultBytes, 'bytes', { cause: error });
        // Virtuoso refuses up front a query whose estimated cost passes its MaxQueryExecutionTime.
        if (error instanceof StoreError && /estimated execution time/i.test(error.message)) throw new QueryTimeoutError(timeoutMs, false, { cause: error });
        // The query passed our checks, so what the store refuses is the query as that store reads it
        // (Virtuoso answers 500 to an unknown function or an invalid regular expression): a 400.
        if (error instanceof StoreError) {
          throw new BadRequestError(`The triple store refused the query: ${error.message.replace(/^The triple store answered \d+: /, '')}`, { code: 'query-rejected', cause: error });
        }
        throw error;
      }
      // Virtuoso answers a query stopped by its own time limit with partial results and X-SQL-State.
      if (answer.headers.get('x-sql-state') !== null) throw new QueryTimeoutError(timeoutMs);
      const truncatedAt = answer.headers.get('x-sparql-maxrows');
      if (truncatedAt !== null) throw new ResultTooLargeError(Math.min(maxResults, Number(truncatedAt) || maxResults), graph ? 'triples' : 'results');
      if (graph) {
        if (analyzed.mustCount && countLines(answer.body) > maxResults) throw new ResultTooLargeError(maxResults, 'triples');
        return bounded({ body: reserializeGraph(answer.body, format.mediaType), mediaType: format.mediaType, type: analyzed.type });
      }
      let results: SparqlResults;
      try {
        results = normalizeResults(JSON.parse(answer.body) as SparqlResults);
      } catch (error) {
        throw new StoreError(`The triple store's answer is not SPARQL JSON results: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (analyzed.type === 'SELECT' && analyzed.mustCount && (results.results?.bindings.length ?? 0) > maxResults) {
        throw new ResultTooLargeError(maxResults, 'results');
      }
      return bounded({ body: writeResults(results, format.mediaType), mediaType: format.mediaType, type: analyzed.type });
    } finally {
      this.release();
    }
  }

  /** Waits for a free slot, at most `timeoutMs`. */
  private acquire(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.running < this.options.maxConcurrent) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (error: unknown): void => {
        const at = this.waiting.indexOf(enter);
        if (at === -1) return;
        this.waiting.splice(at, 1);
        clearTimeout(timer);
        reject(error instanceof Error ? error : new ServiceUnavailableError('The query was abandoned.'));
      };
      const enter = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.running += 1;
        resolve();
      };
      const onAbort = (): void => leave(signal?.reason);
      const timer = setTimeout(() => leave(new QueryTimeoutError(timeoutMs, true)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(enter);
    });
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }

  /** @returns the pool-shaped snapshot /health reports. */
  public stats(): QueryEngineStats {
    return { workers: this.options.maxConcurrent, busy: this.running, queued: this.waiting.length, loading: 0 };
  }

  public close(): Promise<void> {
    return Promise.resolve();
  }
}
