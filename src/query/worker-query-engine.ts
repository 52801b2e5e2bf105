import { Worker } from 'node:worker_threads';
import sparqljs from 'sparqljs';
import type { Logger } from '../logging/index.js';
import { ParseError, PhdError, ServiceUnavailableError } from '../errors/index.js';
import { workerEntry } from '../workers/index.js';
import { QueryMemoryError, QueryTimeoutError, ResultTooLargeError } from './query-errors.js';
import type { FromWorkerMessage, QueryMessage, QueryWorkerData, ReplaceMessage, SerializedError } from './query-messages.js';
import { resultFormatFor } from './result-formats.js';
import type { QueryType } from './result-formats.js';
import type { QueryEngine, QueryEngineStats, QueryOptions, QueryResult } from './query-engine.js';
import type { ReplaceableIndex } from './replaceable-index.js';
import { analyzeQuery } from './sparql-request.js';
import type { AnalyzedQuery } from './sparql-request.js';
import { TextCandidateSource } from './text-candidates.js';
import { rewriteTextFilters } from './text-filter-rewrite.js';

/** Analyzed queries kept, and the longest query text kept. */
const ANALYSIS_CACHE_SIZE = 256;
const ANALYSIS_CACHE_MAX_TEXT = 8 * 1024;

/** Where the engine reports worker life events. */
export type WorkerQueryEngineLogger = Pick<Logger, 'info' | 'warn'>;

/** Options of {@link WorkerQueryEngine.start}. */
export interface WorkerQueryEngineOptions {
  /** The record store's SQLite file; each worker loads its replica from it, read-only. */
  readonly dbPath: string;
  /** Number of worker threads, each holding a full replica of the index (memory × workers). */
  readonly workers: number;
  /** Time limit of one query's execution, in ms; past it the worker is terminated and replaced. */
  readonly timeoutMs: number;
  /** Result limit: solutions of a SELECT, triples of a CONSTRUCT or DESCRIBE. */
  readonly maxResults: number;
  readonly logger?: WorkerQueryEngineLogger;
  /** Base IRI for relative IRIs in queries without BASE (usually `{baseUrl}/sparql`). */
  readonly baseIri?: string;
  /**
   * Memory limit of one worker, in MiB (see {@link workerMemory}): a query that needs more gets
   * 503 `query-memory-limit` and its worker is replaced. Absent: no limit.
   */
  readonly memoryMb?: number | undefined;
  /** The largest serialized answer, in bytes; a larger one gets 422 `result-too-large`. Absent: no limit. */
  readonly maxResultBytes?: number | undefined;
  /** Graphs each worker loads beside the records (the ontology, see vocabulary-graphs.ts); absent: none. */
  readonly vocabulary?: readonly { readonly iri: string; readonly ntriples: string }[] | undefined;
  /**
   * The index snapshot file (see index-startup.ts): workers restore their index from it when it is
   * that of this database, and the first worker rewrites it when it is missing or stale. Absent:
   * every worker rebuilds from SQLite.
   */
  readonly snapshotPath?: string | undefined;
  /**
   * Whether {@link WorkerQueryEngine.start} returns once the first worker is ready (the service:
   * it serves sooner, and /health counts the others as `loading`) rather than once all are.
   */
  readonly serveWhenFirstReady?: boolean | undefined;
  /**
   * Whether a FILTER keeping the literals that contain a word gets their candidates from the
   * store's text index (see text-filter-rewrite.ts); default true. False: every literal is scanned.
   */
  readonly textIndex?: boolean;
}

/**
 * How a worker's memory limit is shared: a quarter (at least 32 MiB) for its JavaScript heap
 * (`resourceLimits.maxOldGenerationSizeMb`: answers being serialized, records being loaded), the
 * rest for the engine's WebAssembly memory (the index and the query's working memory; at most
 * 4 GiB, the most a 32-bit module can address).
 * @param memoryMb - the limit of one worker, in MiB.
 * @returns the JavaScript heap limit in MiB and the engine's limit in bytes.
 */
export function workerMemory(memoryMb: number): { heapMb: number; engineBytes: number } {
  const heapMb = Math.max(32, Math.floor(memoryMb / 4));
  return { heapMb, engineBytes: Math.min(4096, Math.max(16, memoryMb - heapMb)) * 1024 * 1024 };
}

interface Job {
  readonly message: QueryMessage;
  readonly type: QueryType;
  readonly enqueuedAt: number;
  readonly resolve: (result: QueryResult) => void;
  readonly reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
  detach?: () => void;
}

interface Slot {
  readonly index: number;
  readonly worker: Worker;
  state: 'loading' | 'idle' | 'busy';
  /** Replacements broadcast while the worker loads, applied once it is ready. */
  pending: ReplaceMessage[];
  job?: Job | undefined;
  /** Set when the pool terminates this worker on purpose; its later events are ignored. */
  retired: boolean;
  /** Set when the worker's JavaScript heap passed its limit (Node then stops the worker). */
  outOfMemory: boolean;
  readonly startedAt: number;
}

/**
 * Runs SPARQL queries on worker threads, each holding a replica of the index (an Oxigraph store
 * where every record is the named graph named by its IRI), loaded from the record store's SQLite
 * file.
 *
 * - **Freshness**: {@link replace} broadcasts a record change to every worker. A worker handles its
 *   messages in order, so a query sent after `replace()` returned sees the change. A worker that
 *   is (re)loading gets the changes made meanwhile after its load; replacing is idempotent, so a
 *   change already in its snapshot is harmlessly applied twice. The store must call `replace()`
 *   after committing, in commit order.
 * - **Limits**: a query runs on an idle worker, or waits in a FIFO queue for at most `timeoutMs`
 *   (then 503 `query-timeout`, nothing killed). A running query gets `timeoutMs`; past it the
 *   worker is terminated (a synchronous WASM call cannot be interrupted otherwise), the query gets
 *   503 `query-timeout`, and a replacement worker reloads from SQLite while the others serve.
 *   Results above `maxResults` (or `maxResultBytes` serialized) give 422 `result-too-large`.
 * - **Memory**: each worker may use `memoryMb` ({@link workerMemory}); a query that needs more
 *   gets 503 `query-memory-limit` (Retry-After) and its worker is replaced, which frees the memory.
 *
 * @example
 * const pool = await WorkerQueryEngine.start({ dbPath: 'var/phd.sqlite', workers: 2, timeoutMs: 10_000, maxResults: 10_000 });
 * store.onChange((iri, ntriples) => pool.replace(iri, ntriples));
 * const { body, mediaType } = await engine.query('SELECT * WHERE { ?s a ?type } LIMIT 10', { format: 'sparql-results+csv' });
 * await pool.close();
 */
export class WorkerQueryEngine implements QueryEngine, ReplaceableIndex {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly analyses = new Map<string, AnalyzedQuery>();
  private readonly failures: number[];
  private readonly text: TextCandidateSource | undefined;
  private nextId = 1;
  private nextSlot = 0;
  private closed = false;
  /** Called once the first worker is done with its snapshot at start: the others may start. */
  private firstSettled: (() => void) | undefined;

  private constructor(private readonly options: WorkerQueryEngineOptions) {
    this.failures = Array.from({ length: options.workers }, () => 0);
    this.text = options.textIndex === false ? undefined : new TextCandidateSource({ dbPath: options.dbPath, vocabulary: options.vocabulary });
  }

  /** The limits queries run under. */
  public get limits(): { readonly timeoutMs: number; readonly maxResults: number } {
    return { timeoutMs: this.options.timeoutMs, maxResults: this.options.maxResults };
  }

  /**
   * Starts the workers and waits until every one has loaded its replica, or only the first with
   * `serveWhenFirstReady`: queries go to ready workers only, and {@link stats} counts the others as
   * `loading`. The others start once the first is done with the snapshot (restored it, or wrote a
   * new one), so that they restore it instead of rebuilding from SQLite side by side on the same cores.
   * @param options - database, number of workers, limits, logger.
   * @returns the running pool.
   * @throws Error when a worker waited for cannot load (missing or unreadable database); no worker is left running.
   */
  public static async start(options: WorkerQueryEngineOptions): Promise<WorkerQueryEngine> {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`workers must be a positive integer, not ${options.workers}`);
    const pool = new WorkerQueryEngine(options);
    const settled = new Promise<void>((resolve) => {
      pool.firstSettled = resolve;
    });
    const others = settled.then(() => {
      const loads: Promise<void>[] = [];
      for (let index = 1; index < options.workers && !pool.closed; index += 1) loads.push(pool.spawn(index));
      return Promise.all(loads);
    });
    try {
      await pool.spawn(0);
      if (options.serveWhenFirstReady === true) {
        // A worker that fails to load is replaced by its exit handler (with a back-off).
        others.catch(() => undefined);
      } else {
        await others;
      }
    } catch (error) {
      others.catch(() => undefined);
      await pool.close();
      throw error;
    }
    return pool;
  }

  /**
   * Broadcasts a record change to every worker.
   * @param graph - the record IRI (the named graph's name).
   * @param ntriples - the record's new graph as N-Triples, or null when the record was deleted.
   */
  public replace(graph: string, ntriples: string | null): void {
    const message: ReplaceMessage = { kind: 'replace', graph, ntriples };
    for (const slot of this.slots) {
      if (slot.retired) continue;
      if (slot.state === 'loading') slot.pending.push(message);
      else slot.worker.postMessage(message);
    }
  }

  /**
   * Runs a query: checks it (read-only, no SERVICE, result limit) and the result format against
   * its form, and runs it on a worker.
   * @param text - the SPARQL query.
   * @param options - result format, protocol dataset, abort signal.
   * @returns the serialized result, its media type and the query form.
   * @throws ParseError / BadRequestError (400), NotAcceptableError (406: a format the form has not), ResultTooLargeError (422), QueryTimeoutError (503).
   */
  public async query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    if (this.closed) throw shuttingDown();
    const analyzed = this.analyze(text);
    const format = resultFormatFor(analyzed.type, options.format);
    const protocolDataset = (options.defaultGraph?.length ?? 0) > 0 || (options.namedGraphs?.length ?? 0) > 0;
    const queryDataset = analyzed.defaultGraphs.length > 0 || analyzed.namedGraphs.length > 0;
    const dataset = protocolDataset ? { defaultGraph: options.defaultGraph ?? [], namedGraphs: options.namedGraphs ?? [] }
      : queryDataset ? { defaultGraph: analyzed.defaultGraphs, namedGraphs: analyzed.namedGraphs } : {};
    const message: QueryMessage = {
      kind: 'query', id: this.nextId++, text: this.withTextCandidates(analyzed), type: analyzed.type, format: format.mediaType,
      maxResults: this.options.maxResults, mustCount: analyzed.mustCount, baseIri: this.options.baseIri, ...dataset,
    };
    options.signal?.throwIfAborted();
    return new Promise<QueryResult>((resolve, reject) => {
      const job: Job = { message, type: analyzed.type, enqueuedAt: performance.now(), resolve, reject };
      const signal = options.signal;
      if (signal !== undefined) {
        const onAbort = (): void => {
          const at = this.queue.indexOf(job);
          if (at === -1) return;
          this.queue.splice(at, 1);
          clearTimeout(job.timer);
          reject(signal.reason instanceof Error ? signal.reason : new Error('query aborted'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      job.timer = setTimeout(() => {
        const at = this.queue.indexOf(job);
        if (at === -1) return;
        this.queue.splice(at, 1);
        this.settle(job, new QueryTimeoutError(this.options.timeoutMs, true));
      }, this.options.timeoutMs);
      this.queue.push(job);
      this.dispatch();
    });
  }

  /**
   * The query's analysis, from the cache when the same text was analyzed before (tools and pages
   * send the same queries again and again, and parsing is most of the main thread's work on a
   * small query). Only queries that pass are cached; the cache keeps the most recently used.
   */
  private analyze(text: string): AnalyzedQuery {
    const cached = this.analyses.get(text);
    if (cached !== undefined) {
      this.analyses.delete(text);
      this.analyses.set(text, cached);
      return cached;
    }
    const analyzed = analyzeQuery(text, { maxResults: this.options.maxResults, baseIri: this.options.baseIri });
    if (text.length <= ANALYSIS_CACHE_MAX_TEXT) {
      this.analyses.set(text, analyzed);
      const oldest = this.analyses.keys().next();
      if (this.analyses.size > ANALYSIS_CACHE_SIZE && oldest.done !== true) this.analyses.delete(oldest.value);
    }
    return analyzed;
  }

  /**
   * The text to run: the analyzed text, or, where a FILTER keeps the literals holding a word, a
   * rewrite joining from the text index's candidates (same answer; no scan of every literal). The
   * index is read for each query, never cached: it changes with every write.
   */
  private withTextCandidates(analyzed: AnalyzedQuery): string {
    const text = this.text;
    if (text === undefined) return analyzed.text;
    try {
      const rewritten = rewriteTextFilters(analyzed.parsed, (needle) => text.candidates(needle));
      if (rewritten === undefined) return analyzed.text;
      // The analysis lowered or added the LIMIT of a SELECT that must count: keep it.
      const limit = analyzed.type === 'SELECT' && analyzed.mustCount ? { limit: this.options.maxResults + 1 } : {};
      return new sparqljs.Generator().stringify({ ...rewritten, ...limit });
    } catch (error) {
      // The rewrite only saves time: when it cannot be made, the query runs as sent.
      this.options.logger?.warn({ reason: error instanceof Error ? error.message : String(error) }, 'text filter not rewritten');
      return analyzed.text;
    }
  }

  /**
   * The state of the workers and the queue.
   * @returns counts of workers, busy workers, queued queries and loading workers.
   */
  public stats(): QueryEngineStats {
    const live = this.slots.filter((s) => !s.retired);
    return {
      workers: this.options.workers,
      busy: live.filter((s) => s.state === 'busy').length,
      queued: this.queue.length,
      // Workers not yet started (they wait for the first) or being replaced count as loading.
      loading: this.options.workers - live.filter((s) => s.state !== 'loading').length,
    };
  }

  /**
   * Terminates every worker; queued and running queries fail with 503.
   * @returns when every worker has exited.
   */
  public async close(): Promise<void> {
    this.closed = true;
    this.text?.close();
    for (const job of this.queue.splice(0)) this.settle(job, shuttingDown());
    const exits: Promise<number>[] = [];
    for (const slot of this.slots) {
      if (slot.job !== undefined) this.settle(slot.job, shuttingDown());
      slot.job = undefined;
      if (!slot.retired) {
        slot.retired = true;
        exits.push(slot.worker.terminate());
      }
    }
    await Promise.all(exits);
  }

  /** Starts the worker of slot `index`; resolves when it is ready, rejects if it dies loading. */
  private spawn(index: number): Promise<void> {
    const { memoryMb, maxResultBytes, vocabulary } = this.options;
    const memory = memoryMb === undefined ? undefined : workerMemory(memoryMb);
    const snapshot = this.options.snapshotPath === undefined ? undefined : { path: this.options.snapshotPath, write: index === 0 };
    const data: QueryWorkerData = { dbPath: this.options.dbPath, engineMemoryBytes: memory?.engineBytes, memoryLimitMb: memoryMb, maxResultBytes, vocabulary, snapshot };
    const { entry, options } = workerEntry(import.meta.url, 'query-worker', data);
    const worker = new Worker(entry, memory === undefined ? options : { ...options, resourceLimits: { maxOldGenerationSizeMb: memory.heapMb } });
    const slot: Slot = { index, worker, state: 'loading', pending: [], retired: false, outOfMemory: false, startedAt: performance.now() };
    this.slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      let failure = 'the worker exited while loading';
      worker.on('message', (message: FromWorkerMessage) => {
        if (slot.retired) return;
        switch (message.kind) {
          case 'ready':
            this.failures[index] = 0;
            for (const pending of slot.pending) worker.postMessage(pending);
            slot.pending = [];
            slot.state = 'idle';
            this.options.logger?.info({
              worker: index, records: message.records, quads: message.quads, vocabularyQuads: message.vocabularyQuads, loadMs: message.ms,
              startMs: Math.round(performance.now() - slot.startedAt), source: message.source, caughtUp: message.caughtUp, snapshotRejected: message.snapshotRejected,
            }, 'query worker ready');
            resolve();
            this.dispatch();
            break;
          case 'failed':
            failure = message.message;
            break;
          case 'snapshot':
            if (message.error !== undefined) this.options.logger?.warn({ worker: index, reason: message.error }, 'the index snapshot could not be written');
            else if (message.bytes !== undefined) this.options.logger?.info({ worker: index, bytes: message.bytes, ms: message.ms }, 'index snapshot written');
            this.settleFirst(index);
            break;
          case 'rejected':
            this.options.logger?.warn({ worker: index, graph: message.graph, reason: message.message }, 'a record graph could not be indexed');
            break;
          case 'result':
            this.onResult(slot, message);
            break;
        }
      });
      worker.on('error', (error) => {
        failure = error.message;
        if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') slot.outOfMemory = true;
        this.options.logger?.warn({ worker: index, reason: error.message }, 'query worker crashed');
      });
      worker.on('exit', (code) => {
        if (slot.retired) return;
        slot.retired = true;
        const wasLoading = slot.state === 'loading';
        if (slot.job !== undefined) {
          this.settle(slot.job, slot.outOfMemory && memoryMb !== undefined ? new QueryMemoryError(memoryMb)
            : new PhdError(500, 'query-engine-failure', 'The query engine stopped while running this query; it is being restarted. Retry shortly.'));
          slot.job = undefined;
        }
        const error = new Error(`query worker ${index} could not load the index from ${this.options.dbPath}: ${failure} (exit code ${code})`);
        reject(error);
        this.settleFirst(index);
        if (this.closed) return;
        this.options.logger?.warn({ worker: index, code, loading: wasLoading, reason: failure }, 'query worker exited; replacing it');
        this.respawn(index, wasLoading);
      });
    });
  }

  /** Lets the other workers start, once, when the first one is done at start. */
  private settleFirst(index: number): void {
    if (index !== 0 || this.firstSettled === undefined) return;
    const settle = this.firstSettled;
    this.firstSettled = undefined;
    settle();
  }

  /** Replaces the worker of slot `index`, backing off when workers keep failing to load. */
  private respawn(index: number, failedLoading: boolean): void {
    if (this.closed) return;
    const failures = failedLoading ? (this.failures[index] ?? 0) + 1 : 0;
    this.failures[index] = failures;
    const start = (): void => {
      if (this.closed) return;
      this.spawn(index).catch(() => undefined); // a failed load is handled (and retried) by its exit handler
    };
    if (failures === 0) start();
    else setTimeout(start, Math.min(1000 * 2 ** (failures - 1), 30_000)).unref();
  }

  private onResult(slot: Slot, message: Extract<FromWorkerMessage, { kind: 'result' }>): void {
    const job = slot.job;
    if (job?.message.id !== message.id) return;
    slot.job = undefined;
    slot.state = 'idle';
    if (message.ok) this.settle(job, undefined, { body: message.body, mediaType: message.mediaType, type: job.type });
    else this.settle(job, deserialize(message.error));
    if (!message.ok && message.fatal) {
      this.options.logger?.warn({ worker: slot.index, reason: message.reason }, 'query engine failed; replacing the worker');
      this.retire(slot);
    }
    this.dispatch();
  }

  /** Hands queued queries to idle workers, round-robin. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idleSlot();
      if (slot === undefined) return;
      const job = this.queue.shift();
      if (job === undefined) return;
      clearTimeout(job.timer);
      job.detach?.();
      slot.state = 'busy';
      slot.job = job;
      job.timer = setTimeout(() => this.onTimeout(slot, job), this.options.timeoutMs);
      slot.worker.postMessage(job.message);
    }
  }

  private idleSlot(): Slot | undefined {
    const count = this.slots.length;
    for (let i = 0; i < count; i += 1) {
      const slot = this.slots[(this.nextSlot + i) % count];
      if (slot !== undefined && !slot.retired && slot.state === 'idle') {
        this.nextSlot = (slot.index + 1) % count;
        return slot;
      }
    }
    return undefined;
  }

  private onTimeout(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    slot.job = undefined;
    this.options.logger?.warn({ worker: slot.index, timeoutMs: this.options.timeoutMs, query: job.message.text.slice(0, 200) }, 'query timed out; terminating its worker');
    this.settle(job, new QueryTimeoutError(this.options.timeoutMs));
    this.retire(slot);
  }

  /** Terminates a worker on purpose and starts its replacement at once. */
  private retire(slot: Slot): void {
    slot.retired = true;
    void slot.worker.terminate();
    this.respawn(slot.index, false);
  }

  private settle(job: Job, error: unknown, result?: QueryResult): void {
    clearTimeout(job.timer);
    job.detach?.();
    if (result !== undefined) job.resolve(result);
    else job.reject(error);
  }
}

function shuttingDown(): ServiceUnavailableError {
  return new ServiceUnavailableError('The query service is shutting down. Retry against the restarted service.', { code: 'shutting-down', retryAfterSeconds: 5 });
}

/** Rebuilds the error class a worker reported, so callers can test with `instanceof`. */
function deserialize(error: SerializedError): PhdError {
  const { details } = error;
  if (error.code === 'result-too-large' && typeof details.maxResults === 'number') {
    return new ResultTooLargeError(details.maxResults, details.unit === 'triples' || details.unit === 'bytes' ? details.unit : 'results');
  }
  if (error.code === 'query-memory-limit' && typeof details.limitMb === 'number') return new QueryMemoryError(details.limitMb);
  if (error.code === 'parse-error') {
    return new ParseError(error.message, {
      ...(typeof details.line === 'number' ? { line: details.line } : {}),
      ...(typeof details.column === 'number' ? { column: details.column } : {}),
    });
  }
  return new PhdError(error.status, error.code, error.message, { details: error.details });
}
