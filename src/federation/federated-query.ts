import { QueryEngine } from '@comunica/query-sparql';
import { RdfStore } from 'rdf-stores';
import type { Logger } from '../logging/logger.js';
import { BadRequestError, ServiceUnavailableError, UnprocessableError } from '../errors/phd-error.js';
import { QueryTimeoutError, ResultTooLargeError } from '../query/query-errors.js';
import type { PoolQueryOptions, PoolQueryResult } from '../query/query-pool.js';
import { negotiateResultFormat } from '../query/result-formats.js';
import { analyzeQuery } from '../query/sparql-request.js';
import N3 from 'n3';
import type { Quad } from 'n3';
import { PeerFetch } from './peer-fetch.js';
import { JoinShipping } from './join-shipping.js';
import { checkInMemoryEngine, inMemoryEngine } from './in-memory-engine.js';
import { joinPlan, prefetchPlan, roundQuery } from './prefetch-plan.js';
import type { JoinPlan, PrefetchPlan } from './prefetch-plan.js';
import type { PeerStatus } from './peer-fetch.js';

/** Options of {@link FederatedQuery}. */
export interface FederatedQueryOptions {
  /** PHD_BASE_URL of this instance: how it is named in the peer statuses. */
  readonly baseUrl: string;
  /** Where this instance's own /sparql answers (loopback), known once the server listens. */
  readonly localEndpoint: () => string;
  /**
   * Runs a query on this instance's own store, as its /sparql would (the query pool or the
   * external store). When given, the shipping rounds ask this instance in process instead of over
   * loopback HTTP; link-by-link evaluation always goes through `localEndpoint`.
   */
  readonly localQuery?: (query: string, options: { readonly accept: string; readonly signal: AbortSignal }) => Promise<{ readonly body: string }>;
  /** The configured peers' base URLs (PHD_PEERS); each is queried at `{peer}/sparql`. */
  readonly peers: readonly string[];
  /** Time limit of the whole federated query. */
  readonly timeoutMs: number;
  /** Time budget of each peer within a query. */
  readonly peerTimeoutMs: number;
  /** Largest answer accepted from one peer request, in bytes. */
  readonly peerMaxBytes: number;
  readonly maxResults: number;
  /** Federated queries evaluated at once (default 2); more are answered 503 with Retry-After. */
  readonly maxConcurrent?: number;
  readonly logger?: Logger;
}

/** A federated result: the serialized answer, and who answered. */
export interface FederatedQueryResult extends PoolQueryResult {
  readonly peers: readonly PeerStatus[];
  readonly headers: Readonly<Record<string, string>>;
}

/** What Comunica's serializers write (RDF/XML is not among them). */
const COMUNICA_FORMATS = new Set([
  'application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values',
  'text/turtle', 'application/n-triples', 'application/n-quads', 'application/ld+json',
]);

/** The status line of the peers, for the response headers. */
function peerHeaders(statuses: readonly PeerStatus[]): Record<string, string> {
  const answered = statuses.filter((s) => s.status === 'ok').map((s) => s.peer);
  const missing = statuses.filter((s) => s.status !== 'ok').map((s) => `${s.peer};reason=${s.status}`);
  return {
    'Phd-Peers-Answered': answered.join(', '),
    ...(missing.length === 0 ? {} : { 'Phd-Peers-Missing': missing.join(', ') }),
  };
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  return chunks.join('');
}

/**
 * One SPARQL query over this instance and its peers (`/federated/sparql`), with Comunica: the
 * sources are this instance's /sparql and each configured peer's. Joins across cores meet on
 * canonical PID IRIs. Each peer has one time budget and a size limit per answer; a peer that is
 * down, slow or too large is left out (its part of the query is empty) and the answer says so —
 * the query itself does not fail. Only the configured peers are contacted: a SERVICE naming any
 * other endpoint is refused before anything runs.
 *
 * Has the shape of {@link QueryPool.query}, so the /sparql router serves it unchanged.
 */
export class FederatedQuery {
  /** For link-by-link queries over the sources' endpoints: Comunica's default configuration. */
  private engine: QueryEngine | undefined;
  /** For the triples a query shipped, held in memory: no bind joins (see {@link inMemoryEngine}); made at first use. */
  private inMemory: QueryEngine | undefined;
  private readonly endpoints: ReadonlySet<string>;
  private running = 0;

  public constructor(private readonly options: FederatedQueryOptions) {
    // SERVICE may name a peer's endpoint; this instance is always a source already.
    this.endpoints = new Set(options.peers.map((p) => `${p}/sparql`));
    checkInMemoryEngine();
  }

  /** The limits queries run under (shown in the service description). */
  public get limits(): { readonly timeoutMs: number; readonly maxResults: number } {
    return { timeoutMs: this.options.timeoutMs, maxResults: this.options.maxResults };
  }

  /**
   * Runs a query over this instance and its peers.
   * @param query - the SPARQL query.
   * @param options - Accept header; a protocol dataset is refused (see below).
   * @returns the serialized result, the peers' statuses and the headers that report them.
   * @throws BadRequestError (400: SERVICE to an unlisted endpoint, FROM/FROM NAMED), ParseError, NotAcceptableError,
   *   ResultTooLargeError, QueryTimeoutError.
   */
  public async query(query: string, options: PoolQueryOptions = {}): Promise<FederatedQueryResult> {
    // Comunica runs on the main thread and a query given up at its time limit cannot be stopped
    // mid-evaluation: bound how many run at once, so federated work cannot starve the service.
    const limit = this.options.maxConcurrent ?? 2;
    if (this.running >= limit) {
      throw new ServiceUnavailableError(`${limit} federated queries are running; try again shortly.`, { code: 'federation-busy', retryAfterSeconds: 2 });
    }
    this.running += 1;
    try {
      return await this.evaluate(query, options);
    } finally {
      this.running -= 1;
    }
  }

  private async evaluate(query: string, options: PoolQueryOptions): Promise<FederatedQueryResult> {
    const analyzed = analyzeQuery(query, {
      maxResults: this.options.maxResults,
      baseIri: `${this.options.baseUrl}/federated/sparql`,
      allowService: (endpoint) => this.endpoints.has(endpoint.replace(/\/+$/, '')),
    });
    if (analyzed.defaultGraphs.length + analyzed.namedGraphs.length + (options.defaultGraph?.length ?? 0) + (options.namedGraphs?.length ?? 0) > 0) {
      throw new BadRequestError(
        'FROM, FROM NAMED and graph URIs are not supported by the federated endpoint: it queries the union of every core\'s records. Select record graphs with GRAPH, or query one core\'s /sparql.',
        { code: 'dataset-refused' },
      );
    }
    const format = negotiateResultFormat(analyzed.type, options.accept, (f) => COMUNICA_FORMATS.has(f.mediaType));
    const local = this.options.localEndpoint().replace(/\/sparql$/, '');
    const abort = new AbortController();
    // A client that goes away stops the peers' requests (Comunica's own evaluation ends with them).
    const gone = () => abort.abort();
    options.signal?.addEventListener('abort', gone, { once: true });
    const peers = new PeerFetch({
      peers: [local, ...this.options.peers],
      timeoutMs: this.options.peerTimeoutMs,
      maxBytes: this.options.peerMaxBytes,
      signal: abort.signal,
      displayName: (peer) => (peer === local ? this.options.baseUrl : peer),
    });
    const endpoints = [`${local}/sparql`, ...this.options.peers.map((p) => `${p}/sparql`)];
    let count = 0;
    const serialize = async (engine: QueryEngine, result: Awaited<ReturnType<QueryEngine['query']>>): Promise<string> => {
      if (result.resultType === 'bindings' || result.resultType === 'quads') {
        // Count what the serializer reads, to refuse a result over the limit.
        const execute = result.execute.bind(result) as () => Promise<{ map: (f: (item: unknown) => unknown) => unknown }>;
        Object.assign(result, {
          execute: async () => (await execute()).map((item) => {
            count += 1;
            return item;
          }),
        });
      }
      const { data } = await engine.resultToString(result, format.mediaType);
      return text(data);
    };
    const baseIRI = `${this.options.baseUrl}/federated/sparql`;
    const linkByLink = async (fetcher: PeerFetch): Promise<string> => {
      const engine = (this.engine ??= new QueryEngine());
      return serialize(engine, await engine.query(analyzed.text, {
        sources: endpoints.map((value) => ({ type: 'sparql' as const, value })),
        fetch: fetcher.fetch,
        baseIRI,
      }));
    };
    let strategy: 'semi-join' | 'prefetch' | 'link-by-link' = 'link-by-link';
    let used = peers;
    // Each shipping round: its duration and the triples it brought (reported in the debug log).
    const shipped: { ms: number; triples: number }[] = [];
    const started = performance.now();
    // How long Comunica took over the shipped triples, serialization included (debug log).
    let evaluationMs: number | undefined;
    const run = async (): Promise<string> => {
      const plan = prefetchPlan(analyzed.parsed);
      if (plan !== undefined) {
        const join = joinPlan(analyzed.parsed);
        const store = join === undefined ? await this.prefetch(plan, endpoints, peers, shipped) : await this.prefetchJoin(join, endpoints, peers, shipped);
        if (store !== undefined) {
          strategy = join === undefined ? 'prefetch' : 'semi-join';
          const engine = (this.inMemory ??= inMemoryEngine());
          const evaluating = performance.now();
          const body = await serialize(engine, await engine.query(analyzed.text, { sources: [store], baseIRI }));
          evaluationMs = Math.round(performance.now() - evaluating);
          return body;
        }
        // A source had more matching triples than it answers at once: ask link by link instead,
        // without waiting again for peers already found down.
        used = peers.retry();
      }
      return linkByLink(used);
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new QueryTimeoutError(this.options.timeoutMs));
      }, this.options.timeoutMs);
    });
    let body: string;
    try {
      body = await Promise.race([run(), timeout]);
    } catch (error) {
      const refused = [...peers.refused, ...used.refused];
      if (refused.length > 0) {
        throw new BadRequestError(`The query would contact ${refused[0] ?? ''}, which is not a configured peer: refused.`, { code: 'service-refused', details: { service: refused[0] ?? null } });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', gone);
    }
    const refusals = used.statuses().filter((s) => s.status === 'refused');
    if (refusals.length > 0) {
      throw new UnprocessableError(
        `${refusals.map((r) => `${r.peer} refused its part of the query (${r.detail ?? 'no reason given'})`).join('; ')}. ` +
          'An answer without it would be silently incomplete: make the query more selective (bind a model, facility or date; add LIMIT).',
        { code: 'peer-refused', details: { peers: refusals } },
      );
    }
    if (analyzed.mustCount && count > this.options.maxResults) {
      throw new ResultTooLargeError(this.options.maxResults, analyzed.type === 'SELECT' ? 'results' : 'triples');
    }
    this.options.logger?.debug({ strategy, rows: count, ms: Math.round(performance.now() - started), rounds: shipped, evaluationMs }, 'federated query');
    const statuses = used.statuses();
    if (statuses.some((s) => s.status !== 'ok')) this.options.logger?.warn({ peers: statuses.filter((s) => s.status !== 'ok') }, 'federated query answered without some peers');
    if (format.mediaType === 'application/sparql-results+json') {
      // SPARQL JSON results allow other members: the peers are listed beside head and results.
      // Comunica adds a `metadata` member (its HTTP request count): not part of the answer.
      const json = Object.entries(JSON.parse(body) as Record<string, unknown>).filter(([key]) => key !== 'metadata');
      body = JSON.stringify({ ...Object.fromEntries(json), peers: statuses });
    }
    return { body, mediaType: format.mediaType, type: analyzed.type, peers: statuses, headers: { ...peerHeaders(statuses), 'Phd-Federation-Strategy': strategy } };
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
   * Sends one CONSTRUCT to every source at once.
   * @returns the triples of all answers (blank nodes kept apart per source), or undefined when a
   *   source's matches exceed what it answers at once or it refused the request.
   */
  private async ship(query: string, endpoints: readonly string[], peers: PeerFetch): Promise<Quad[] | undefined> {
    const local = this.options.localQuery;
    const answers = await Promise.all(endpoints.map(async (endpoint, i) => {
      // endpoints[0] is this instance: asked in process when it can be.
      const answer = i === 0 && local !== undefined
        ? await peers.inProcess(endpoint, async (signal) => (await local(query, { accept: 'application/n-triples', signal })).body)
        : await (await peers.fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/sparql-query', accept: 'application/n-triples' },
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
    if (peers.statuses().some((s) => s.status === 'too-large' || s.status === 'refused')) return undefined;
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
