import type { QueryEngine } from '@comunica/query-sparql';
import { RdfStore } from 'rdf-stores';
import type { Logger } from '../logging/index.js';
import sparqljs from 'sparqljs';
import type { DescribeQuery, SelectQuery } from 'sparqljs';
import { BadRequestError, ServiceUnavailableError, UnprocessableError } from '../errors/index.js';
import { QueryTimeoutError, ResultTooLargeError } from '../query/index.js';
import { reserializeGraph } from '../query/index.js';
// Named apart from Comunica's QueryEngine, which evaluates the federated queries here.
import type { QueryEngine as SparqlQueryEngine, QueryEngineStats, QueryOptions, QueryResult } from '../query/index.js';
import { resultFormatFor } from '../query/index.js';
import { analyzeQuery } from '../query/index.js';
import { mediaTypeFor } from '../representation/index.js';
import type { AnalyzedQuery } from '../query/index.js';
import type { SparqlJson, SparqlResults } from '../representation/index.js';
import { normalizeResults, writeResults } from '../query/index.js';
import N3 from 'n3';
import type { Quad } from 'n3';
import { PeerFetch } from './peer-fetch.js';
import { JoinShipping } from './join-shipping.js';
import { isIriRefSafe } from '../rdf/index.js';
import { checkInMemoryEngine, comunicaQueryEngine, inMemoryEngine } from './in-memory-engine.js';
import { EvaluationGuard } from './evaluation-guard.js';
import { joinPlan, prefetchPlan, roundQuery } from './prefetch-plan.js';
import type { JoinPlan, PrefetchPlan } from './prefetch-plan.js';
import type { PeerStatus } from './peer-fetch.js';

/** Options of {@link FederatedQueryEngine}. */
export interface FederatedQueryEngineOptions {
  /** PHD_BASE_URL of this instance: how it is named in the peer statuses. */
  readonly baseUrl: string;
  /** Where this instance's own /sparql answers (loopback), known once the server listens. */
  readonly localEndpoint: () => string;
  /**
   * Runs a query on this instance's own store, as its /sparql would (the query pool or the
   * external store). When given, the shipping rounds ask this instance in process instead of over
   * loopback HTTP; link-by-link evaluation always goes through `localEndpoint`.
   */
  readonly localQuery?: (query: string, options: { readonly format: 'n-triples'; readonly signal: AbortSignal }) => Promise<{ readonly body: string }>;
  /** The configured peers' base URLs (PHD_PEERS); each is queried at `{peer}/sparql`. */
  readonly peers: readonly string[];
  /** Time limit of the whole federated query. */
  readonly timeoutMs: number;
  /** Time budget of each peer within a query. */
  readonly peerTimeoutMs: number;
  /** Largest answer accepted from one peer request, in bytes. */
  readonly peerMaxBytes: number;
  readonly maxResults: number;
  /** Largest serialized answer, in bytes (PHD_QUERY_MAX_RESULT_BYTES; default 64 MiB): 422 beyond, and no longer term is made. */
  readonly maxResultBytes?: number;
  /**
   * How much the heap may grow while one federated query is evaluated, in MiB (default 1024; the
   * service gives PHD_QUERY_WORKER_MEMORY_MB, what a query may use on /sparql): 503 beyond. See
   * {@link EvaluationGuard}.
   */
  readonly memoryBudgetMb?: number;
  /**
   * Federated queries evaluated at once (default 2); more wait their turn, up to the time limit,
   * and are answered 503 with Retry-After only when none came.
   */
  readonly maxConcurrent?: number;
  /**
   * The bearer token sent with each request to a source, by base URL (this instance's own
   * loopback, a peer); undefined: none. See PeerIdentity.
   */
  readonly credential?: (peer: string) => string | undefined;
  readonly logger?: Logger;
}

/** A federated result: the serialized answer, and who answered. */
export interface FederatedQueryResult extends QueryResult {
  readonly peers: readonly PeerStatus[];
  readonly headers: Readonly<Record<string, string>>;
}

/** The status line of the peers, for the response headers. */
function peerHeaders(statuses: readonly PeerStatus[]): Record<string, string> {
  const answered = statuses.filter((s) => s.status === 'ok').map((s) => s.peer);
  const missing = statuses.filter((s) => s.status !== 'ok').map((s) => `${s.peer};reason=${s.status}`);
  return {
    'Phd-Peers-Answered': answered.join(', '),
    ...(missing.length === 0 ? {} : { 'Phd-Peers-Missing': missing.join(', ') }),
  };
}

/**
 * Reads an answer as it is written, each piece counted by the guard: an answer past the byte bound
 * is refused before it is whole, and the stream is stopped.
 */
async function text(stream: NodeJS.ReadableStream, guard: EvaluationGuard): Promise<string> {
  const chunks: string[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      guard.written(chunk);
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    }
  } finally {
    // Leaving the loop early (the guard threw) stops the serializer; destroying it makes sure.
    (stream as Partial<NodeJS.ReadableStream & { destroy: () => void }>).destroy?.();
  }
  return chunks.join('');
}

/** Default of {@link FederatedQueryEngineOptions.maxResultBytes}: that of PHD_QUERY_MAX_RESULT_BYTES. */
const MAX_RESULT_BYTES = 64 * 2 ** 20;
/** The context key of Comunica's data factory (`KeysInitQuery.dataFactory`; it has no shortcut). */
const DATA_FACTORY_KEY = '@comunica/actor-init-query:dataFactory';
/** The factory Comunica would use (rdf-data-factory, which rdf-stores also uses), for the guard to wrap. */
const BASE_FACTORY = RdfStore.createDefault().dataFactory;

/** N-Triples as a set: each triple once (a graph result is a set of triples, whoever else holds it). */
function uniqueTriples(ntriples: string): string[] {
  return [...new Set(ntriples.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')))];
}

/** IRIs described per request to a source: a DESCRIBE stays far below a peer's query length limit. */
const DESCRIBE_BATCH = 100;
const SPARQL_JSON = mediaTypeFor('sparql-results+json');

type Strategy = 'semi-join' | 'prefetch' | 'link-by-link' | 'describe';

/** The state of one federated evaluation, shared by its steps (a DESCRIBE has two). */
interface Evaluation {
  readonly endpoints: readonly string[];
  /** The first fetcher; {@link used} replaces it when a query falls back to link by link. */
  readonly peers: PeerFetch;
  used: PeerFetch;
  strategy: Strategy;
  /** What the serializer read (solutions of a SELECT, triples of a graph before they are a set). */
  count: number;
  /** Each shipping round: its duration and the triples it brought (reported in the debug log). */
  readonly shipped: { ms: number; triples: number }[];
  /** How long Comunica took over the shipped triples, serialization included (debug log). */
  evaluationMs?: number;
  readonly baseIRI: string;
  /** Bounds the answer's bytes, its terms and the heap while Comunica evaluates. */
  readonly guard: EvaluationGuard;
}

/**
 * One SPARQL query over this instance and its peers (`/federated/sparql`), with Comunica: the
 * sources are this instance's /sparql and each configured peer's. Joins across cores meet on
 * canonical PID IRIs. Each peer has one time budget and a size limit per answer; a peer that is
 * down, slow, busy, too large or unreadable is left out (its part of the query is empty) and the
 * answer says so — the query itself does not fail. Only the configured peers are contacted: a
 * SERVICE naming any other endpoint is refused before anything runs.
 *
 * Every query form is answered in every format of /sparql. A graph (CONSTRUCT, DESCRIBE) is a set:
 * each triple once, however many cores hold it, written by the serializer /sparql uses (Oxigraph).
 * DESCRIBE asks each source to describe the resources — the IRIs it names, and those its WHERE
 * clause binds, evaluated as a federated SELECT — as its own /sparql does, and merges the answers.
 *
 * Comunica runs on the main thread: an {@link EvaluationGuard} bounds each evaluation's answer
 * (bytes, while it is written), its terms and its heap growth, so that one query cannot grow the
 * service by gigabytes.
 *
 * A query engine ({@link SparqlQueryEngine}), so the /sparql router serves it unchanged.
 */
export class FederatedQueryEngine implements SparqlQueryEngine {
  /** For link-by-link queries over the sources' endpoints: Comunica's default configuration. */
  private engine: QueryEngine | undefined;
  /** For the triples a query shipped, held in memory: no bind joins (see {@link inMemoryEngine}); made at first use. */
  private inMemory: QueryEngine | undefined;
  private readonly endpoints: ReadonlySet<string>;
  private running = 0;
  /** Queries waiting for one of the `maxConcurrent` places, first come first served. */
  private readonly waiting: (() => void)[] = [];

  public constructor(private readonly options: FederatedQueryEngineOptions) {
    // SERVICE may name a peer's endpoint; this instance is always a source already.
    this.endpoints = new Set(options.peers.map((p) => `${p}/sparql`));
    checkInMemoryEngine();
  }

  /** The limits queries run under (shown in the service description). */
  public get limits(): { readonly timeoutMs: number; readonly maxResults: number } {
    return { timeoutMs: this.options.timeoutMs, maxResults: this.options.maxResults };
  }

  /** @returns the places for federated evaluations (as workers), those in use, and the queries waiting. */
  public stats(): QueryEngineStats {
    return { workers: this.options.maxConcurrent ?? 2, busy: this.running, queued: this.waiting.length, loading: 0 };
  }

  /** Holds nothing to stop: each evaluation ends by its own time limit. @returns at once. */
  public close(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Runs a query over this instance and its peers.
   * @param query - the SPARQL query.
   * @param options - result format; a protocol dataset is refused (see below).
   * @returns the serialized result, the peers' statuses and the headers that report them.
   * @throws BadRequestError (400: SERVICE to an unlisted endpoint, FROM/FROM NAMED), ParseError, NotAcceptableError,
   *   ResultTooLargeError (422: too many results, or more than `maxResultBytes`, or a longer term), QueryTimeoutError,
   *   QueryMemoryError (503: past the memory budget, see {@link EvaluationGuard}); ServiceUnavailableError (503) when no place came free within the time limit.
   */
  public async query(query: string, options: QueryOptions = {}): Promise<FederatedQueryResult> {
    // Comunica runs on the main thread, sharing it with every request until the guard stops it (at
    // the time limit at the latest): bound how many run at once, so federated work cannot starve the service.
    // The others wait their turn (most of a federated query's time is spent waiting for peers).
    const release = await this.place(options.signal);
    try {
      return await this.evaluate(query, options);
    } finally {
      release();
    }
  }

  /** Waits for a place among the `maxConcurrent` running queries, up to the time limit. */
  private async place(signal: AbortSignal | undefined): Promise<() => void> {
    const limit = this.options.maxConcurrent ?? 2;
    const release = () => {
      const next = this.waiting.shift();
      if (next === undefined) this.running -= 1;
      else next();
    };
    if (this.running < limit) {
      this.running += 1;
      return release;
    }
    // An abort before the listener is added would never fire it: a client already gone waits for nothing.
    if (signal?.aborted === true) throw new ServiceUnavailableError('The client closed the connection.', { code: 'client-closed' });
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', gone);
        resolve();
      };
      const leave = (error: Error) => {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) this.waiting.splice(at, 1);
        signal?.removeEventListener('abort', gone);
        reject(error);
      };
      const timer = setTimeout(() => {
        leave(new ServiceUnavailableError(`${limit} federated queries ran for the whole time limit (${this.options.timeoutMs} ms) while this one waited; try again shortly.`, { code: 'federation-busy', retryAfterSeconds: 2 }));
      }, this.options.timeoutMs);
      const gone = () => {
        clearTimeout(timer);
        leave(new ServiceUnavailableError('The client closed the connection.', { code: 'client-closed' }));
      };
      signal?.addEventListener('abort', gone, { once: true });
      this.waiting.push(turn);
    });
    // The place was handed over by release(): `running` already counts it.
    return release;
  }

  private async evaluate(query: string, options: QueryOptions): Promise<FederatedQueryResult> {
    const baseIRI = `${this.options.baseUrl}/federated/sparql`;
    const analyzed = this.analyze(query);
    if (analyzed.defaultGraphs.length + analyzed.namedGraphs.length + (options.defaultGraph?.length ?? 0) + (options.namedGraphs?.length ?? 0) > 0) {
      throw new BadRequestError(
        'FROM, FROM NAMED and graph URIs are not supported by the federated endpoint: it queries the union of every core\'s records. Select record graphs with GRAPH, or query one core\'s /sparql.',
        { code: 'dataset-refused' },
      );
    }
    // Every format of /sparql, written as /sparql writes them: Comunica's answer comes as SPARQL
    // JSON (solutions) or N-Triples (graphs, then made a set), and the service's own writers give
    // the format asked for — Comunica has no RDF/XML, and no XML, CSV or TSV for ASK.
    const format = resultFormatFor(analyzed.type, options.format);
    const graph = analyzed.type === 'CONSTRUCT' || analyzed.type === 'DESCRIBE';
    const local = this.options.localEndpoint().replace(/\/sparql$/, '');
    const abort = new AbortController();
    const maxResultBytes = this.options.maxResultBytes ?? MAX_RESULT_BYTES;
    const guard = new EvaluationGuard({ maxResultBytes, memoryBudgetBytes: (this.options.memoryBudgetMb ?? 1024) * 2 ** 20 });
    // A query stopped by the guard stops asking the peers too.
    guard.onStop(() => abort.abort());
    // A client that goes away stops the peers' requests and Comunica's evaluation.
    const gone = () => {
      guard.trip(new ServiceUnavailableError('The client closed the connection.', { code: 'client-closed' }));
    };
    options.signal?.addEventListener('abort', gone, { once: true });
    const started = performance.now();
    const peers = new PeerFetch({
      peers: [local, ...this.options.peers],
      timeoutMs: this.options.peerTimeoutMs,
      maxBytes: this.options.peerMaxBytes,
      signal: abort.signal,
      // Retries wait within the query's own time limit, never past it.
      deadline: Date.now() + this.options.timeoutMs,
      displayName: (peer) => (peer === local ? this.options.baseUrl : peer),
      ...(this.options.credential === undefined ? {} : { credential: this.options.credential }),
    });
    const run: Evaluation = {
      endpoints: [`${local}/sparql`, ...this.options.peers.map((p) => `${p}/sparql`)],
      peers, used: peers, strategy: 'link-by-link', count: 0, shipped: [], baseIRI, guard,
    };
    // At the time limit the guard stops the evaluation (its streams, the peers' requests) and answers 503.
    const timer = setTimeout(() => {
      guard.trip(new QueryTimeoutError(this.options.timeoutMs));
    }, this.options.timeoutMs);
    let body: string;
    try {
      const answer = analyzed.type === 'DESCRIBE' ? this.describe(analyzed, run) : this.answer(analyzed, graph ? mediaTypeFor('n-triples') : SPARQL_JSON, run);
      body = await Promise.race([answer, guard.stopped]);
    } catch (error) {
      const refused = [...peers.refused, ...run.used.refused];
      if (refused.length > 0) {
        throw new BadRequestError(`The query would contact ${refused[0] ?? ''}, which is not a configured peer: refused.`, { code: 'service-refused', details: { service: refused[0] ?? null } });
      }
      // The guard's error, whatever Comunica made of it on the way (it may wrap or replace it).
      if (guard.violation !== undefined) throw guard.violation;
      throw error;
    } finally {
      clearTimeout(timer);
      guard.dispose();
      options.signal?.removeEventListener('abort', gone);
    }
    // An evaluation that swallowed the guard's error (and answered without the value) is refused all the same.
    if (guard.violation !== undefined) throw guard.violation;
    const statuses = run.used.statuses();
    const refusals = statuses.filter((s) => s.status === 'refused');
    if (refusals.length > 0) {
      throw new UnprocessableError(
        `${refusals.map((r) => `${r.peer} refused its part of the query (${r.detail ?? 'no reason given'})`).join('; ')}. ` +
          'An answer without it would be silently incomplete: make the query more selective (bind a model, facility or date; add LIMIT).',
        { code: 'peer-refused', details: { peers: refusals } },
      );
    }
    if (graph) {
      const triples = uniqueTriples(body);
      run.count = triples.length;
      body = triples.length === 0 ? '' : `${triples.join('\n')}\n`;
    }
    if (analyzed.mustCount && run.count > this.options.maxResults) {
      throw new ResultTooLargeError(this.options.maxResults, analyzed.type === 'SELECT' ? 'results' : 'triples');
    }
    if (graph) {
      body = reserializeGraph(body, format.mediaType);
    } else {
      // Normalized as /sparql writes terms (Comunica's `metadata` member, its request count, goes).
      const results = normalizeResults(JSON.parse(body) as SparqlResults);
      // SPARQL JSON results allow other members: the peers are listed beside head and results.
      body = format.mediaType === SPARQL_JSON ? JSON.stringify({ ...results, peers: statuses }) : writeResults(results, format.mediaType);
    }
    // Rewritten in the format asked for, the answer may have grown (XML, RDF/XML): bounded all the same.
    if (Buffer.byteLength(body) > maxResultBytes) throw new ResultTooLargeError(maxResultBytes, 'bytes');
    this.options.logger?.debug({ strategy: run.strategy, rows: run.count, ms: Math.round(performance.now() - started), rounds: run.shipped, evaluationMs: run.evaluationMs }, 'federated query');
    if (statuses.some((s) => s.status !== 'ok')) this.options.logger?.warn({ peers: statuses.filter((s) => s.status !== 'ok') }, 'federated query answered without some peers');
    return { body, mediaType: format.mediaType, type: analyzed.type, peers: statuses, headers: { ...peerHeaders(statuses), 'Phd-Federation-Strategy': run.strategy } };
  }

  private analyze(query: string): AnalyzedQuery {
    return analyzeQuery(query, {
      maxResults: this.options.maxResults,
      baseIri: `${this.options.baseUrl}/federated/sparql`,
      allowService: (endpoint) => this.endpoints.has(endpoint.replace(/\/+$/, '')),
    });
  }

  /**
   * Evaluates a SELECT, ASK or CONSTRUCT over the sources: shipped (semi-join or prefetch) when
   * it can be, else link by link.
   * @returns the serialized answer in `mediaType`.
   */
  private async answer(analyzed: AnalyzedQuery, mediaType: string, run: Evaluation): Promise<string> {
    const serialize = async (engine: QueryEngine, result: Awaited<ReturnType<QueryEngine['query']>>): Promise<string> => {
      if (result.resultType === 'bindings' || result.resultType === 'quads') {
        // Count what the serializer reads, to refuse a result over the limit.
        // The guard reads the heap between items too, and stops the stream when it trips.
        const execute = result.execute.bind(result) as () => Promise<{ map: (f: (item: unknown) => unknown) => unknown; destroy: () => void }>;
        Object.assign(result, {
          execute: async () => {
            const items = await execute();
            run.guard.onStop(() => items.destroy());
            // Never throws here (Comunica's streams call it): past the guard, items are dropped.
            return items.map((item) => {
              if (!run.guard.ok()) return null;
              run.count += 1;
              return item;
            });
          },
        });
      }
      const { data } = await engine.resultToString(result, mediaType);
      run.guard.restartCount();
      return text(data, run.guard);
    };
    // Every term Comunica makes (read from a source or computed by an expression) passes the guard.
    const factory = { [DATA_FACTORY_KEY]: run.guard.dataFactory(BASE_FACTORY) };
    const plan = prefetchPlan(analyzed.parsed);
    if (plan !== undefined) {
      const join = joinPlan(analyzed.parsed);
      const store = join === undefined ? await this.prefetch(plan, run.endpoints, run.peers, run.shipped) : await this.prefetchJoin(join, run.endpoints, run.peers, run.shipped);
      if (store !== undefined) {
        run.strategy = join === undefined ? 'prefetch' : 'semi-join';
        const engine = (this.inMemory ??= await inMemoryEngine());
        const evaluating = performance.now();
        const body = await serialize(engine, await engine.query(analyzed.text, { sources: [store], baseIRI: run.baseIRI, ...factory }));
        run.evaluationMs = Math.round(performance.now() - evaluating);
        return body;
      }
      // A source had more matching triples than it answers at once: ask link by link instead,
      // without waiting again for peers already found down.
      run.used = run.peers.retry();
    }
    run.strategy = 'link-by-link';
    const engine = (this.engine ??= new (await comunicaQueryEngine())());
    return serialize(engine, await engine.query(analyzed.text, {
      sources: run.endpoints.map((value) => ({ type: 'sparql' as const, value })),
      fetch: run.used.fetch,
      baseIRI: run.baseIRI,
      ...factory,
    }));
  }

  /**
   * A federated DESCRIBE: the resources are the IRIs the query names and those its WHERE clause
   * binds to the described variables (a federated SELECT DISTINCT, with the query's modifiers);
   * every source describes them as its own /sparql does, and the answers are merged.
   * @returns the triples, as N-Triples (not yet a set).
   */
  private async describe(analyzed: AnalyzedQuery, run: Evaluation): Promise<string> {
    const parsed = analyzed.parsed as DescribeQuery;
    const resources = new Set<string>();
    const variables: string[] = [];
    let wildcard = false;
    for (const term of parsed.variables as readonly { termType?: string; value?: string }[]) {
      if (term.termType === 'NamedNode' && term.value !== undefined) resources.add(term.value);
      else if (term.termType === 'Variable' && term.value !== undefined) variables.push(term.value);
      else if (term.termType === 'Wildcard') wildcard = true;
    }
    if ((wildcard || variables.length > 0) && parsed.where !== undefined) {
      const select: SelectQuery = {
        ...(parsed as Omit<DescribeQuery, 'queryType' | 'variables'>),
        queryType: 'SELECT',
        distinct: true,
        variables: wildcard ? [new sparqljs.Wildcard()] : variables.map((v) => N3.DataFactory.variable(v)),
      };
      const inner = this.analyze(new sparqljs.Generator().stringify(select));
      const solutions = JSON.parse(await this.answer(inner, SPARQL_JSON, run)) as SparqlJson;
      if (inner.mustCount && run.count > this.options.maxResults) throw new ResultTooLargeError(this.options.maxResults, 'results');
      for (const binding of solutions.results?.bindings ?? []) {
        for (const [name, term] of Object.entries(binding)) {
          // A blank node names nothing another source could describe; literals describe nothing.
          // A peer's IRI that a query cannot carry as it is would rewrite the DESCRIBE sent to every source.
          if (term?.type === 'uri' && (wildcard || variables.includes(name)) && isIriRefSafe(term.value)) resources.add(term.value);
        }
      }
      run.count = 0;
    }
    // With a WHERE clause, the strategy reported is that of its evaluation.
    if (parsed.where === undefined) run.strategy = 'describe';
    const iris = [...resources];
    const parts: string[] = [];
    run.guard.restartCount();
    for (let i = 0; i < iris.length; i += DESCRIBE_BATCH) {
      const query = `DESCRIBE ${iris.slice(i, i + DESCRIBE_BATCH).map((iri) => `<${iri}>`).join(' ')}`;
      const quads = await this.ship(query, run.endpoints, run.used, true);
      const part = new N3.Writer({ format: 'N-Triples' }).quadsToString(quads ?? []);
      // Many batches of descriptions must not add up past the byte bound either.
      run.guard.written(part);
      parts.push(part);
    }
    return parts.join('');
  }

  /**
   * Fetches, from every source at once, the triples that match the plan's patterns, into one
   * store (blank nodes kept apart per source).
   * @returns the store, or undefined when a source's matches exceed what it answers at once.
   */
  private async prefetch(plan: PrefetchPlan, endpoints: readonly string[], peers: PeerFetch, shipped: { ms: number; triples: number }[]): Promise<RdfStore | undefined> {
    const started = performance.now();
    const answers = await this.ship(plan.query, endpoints, peers);
    shipped.push({ ms: Math.round(performance.now() - started), triples: answers?.length ?? 0 });
    if (answers === undefined) return undefined;
    // rdf-stores, not N3.Store: Comunica evaluates over its indexes about twice as fast (measured on
    // the federation benchmark's Q2: 19 ms against 35 ms for building the store and answering).
    const store = RdfStore.createDefault();
    for (const q of answers) store.addQuad(q);
    return store;
  }

  /**
   * Sends one CONSTRUCT (or DESCRIBE) to every source at once.
   * @param partial - whether to keep the other sources' answers when one is too large or refused.
   * @returns the triples of all answers (blank nodes kept apart per source), or undefined when a
   *   source's matches exceed what it answers at once or it refused the request (unless `partial`).
   */
  private async ship(query: string, endpoints: readonly string[], peers: PeerFetch, partial = false): Promise<Quad[] | undefined> {
    const local = this.options.localQuery;
    const answers = await Promise.all(endpoints.map(async (endpoint, i) => {
      // endpoints[0] is this instance: asked in process when it can be.
      const answer = i === 0 && local !== undefined
        ? await peers.inProcess(endpoint, async (signal) => (await local(query, { format: 'n-triples', signal })).body)
        : await (await peers.fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': mediaTypeFor('sparql-query'), accept: mediaTypeFor('n-triples') },
          body: query,
        })).text();
      try {
        return new N3.Parser({ format: 'N-Triples', blankNodePrefix: `b${i}_` }).parse(answer);
      } catch (error) {
        // A peer whose answer cannot be read is left out like one that is down.
        peers.markFailed(endpoint, `unreadable answer: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
        return [];
      }
    }));
    if (!partial && peers.statuses().some((s) => s.status === 'too-large' || s.status === 'refused')) return undefined;
    return answers.flat();
  }

  /**
   * Ships the triples a join needs in rounds (semi-joins, see {@link JoinShipping}): far fewer
   * triples travel than when every pattern is shipped whole, for one round trip per step of the join.
   * @returns the store, or undefined as for {@link prefetch}.
   */
  private async prefetchJoin(plan: JoinPlan, endpoints: readonly string[], peers: PeerFetch, shipped: { ms: number; triples: number }[]): Promise<RdfStore | undefined> {
    const store = RdfStore.createDefault();
    const shipping = new JoinShipping(plan);
    while (!shipping.done) {
      const started = performance.now();
      const triples = await this.ship(roundQuery(shipping.next()), endpoints, peers);
      shipped.push({ ms: Math.round(performance.now() - started), triples: triples?.length ?? 0 });
      if (triples === undefined) return undefined;
      for (const q of triples) store.addQuad(q);
      shipping.record(triples);
    }
    return store;
  }
}
