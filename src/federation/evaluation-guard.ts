import { getHeapStatistics } from 'node:v8';
import type { PhdError } from '../errors/index.js';
import { QueryMemoryError, ResultTooLargeError } from '../query/index.js';

/** Options of {@link EvaluationGuard}. */
export interface EvaluationGuardOptions {
  /** Largest serialized answer, in bytes (PHD_QUERY_MAX_RESULT_BYTES): also the longest term. */
  readonly maxResultBytes: number;
  /** How much the JavaScript heap may grow during the evaluation, in bytes (see {@link EvaluationGuard}). */
  readonly memoryBudgetBytes: number;
}

/** The part of an RDF/JS data factory that makes terms whose value a query can compute. */
interface TermFactory {
  literal: (value: string, languageOrDatatype?: never) => unknown;
  namedNode: (value: string) => unknown;
}

/**
 * Terms made between two readings of the heap: a reading costs about a microsecond, a term far
 * less, and a few hundred terms cannot grow the heap by much unless one is long (checked each time).
 */
const CHECK_EVERY = 256;
/** Between two readings of the heap by the timer, in ms (for work that makes no terms: DISTINCT, joins, sorting). */
const WATCH_MS = 20;

/**
 * Bounds the memory of one federated evaluation, which Comunica runs on the main thread — unlike
 * /sparql, there is no worker whose memory limit could stop it. Comunica yields to the event loop
 * now and then, but one step can be long and large (one CONCAT of a 100 MB string), so the checks
 * happen in band too: where the evaluation makes terms (its data factory) and where the answer is
 * written, besides a timer.
 *
 * - **Terms.** No term longer than `maxResultBytes` is made (a UTF-8 value is at least as many
 *   bytes as UTF-16 units): its answer could not be sent anyway. A chain of
 *   `BIND(CONCAT(?x, ?x))` stops at the first value past the bound, having held about twice it.
 *   422 `result-too-large`.
 * - **The answer** is counted while it is written and refused past `maxResultBytes` (422), before
 *   it is whole.
 * - **The heap** (every {@link CHECK_EVERY} terms or chunks, and every {@link WATCH_MS} ms until
 *   {@link dispose}) may grow by the budget: at most
 *   `memoryBudgetBytes`, and at most half of what is left under V8's heap limit when the evaluation
 *   starts, so evaluations running at once cannot together reach it. Past it: 503
 *   `query-memory-limit`. The reading is of the whole heap: work running beside the evaluation
 *   counts against it too, which errs on the safe side.
 *
 * Once tripped, the guard stops what was registered with {@link onStop} (the peers' requests,
 * Comunica's streams), rejects {@link stopped} with its error and keeps it for the caller, whatever
 * Comunica makes of it on the way. Inside Comunica it never throws — an error thrown where a
 * stream parser calls the data factory would escape every handler and end the process — it makes
 * empty terms instead, so that nothing grows any more while the evaluation winds down.
 */
export class EvaluationGuard {
  /** The heap growth allowed to this evaluation, in bytes. */
  public readonly budgetBytes: number;
  private readonly heapLimit: number;
  private calls = 0;
  private bytes = 0;
  private tripped: PhdError | undefined;
  private readonly stops: (() => void)[] = [];
  private readonly watch: NodeJS.Timeout;
  private reject: ((error: PhdError) => void) | undefined;
  /** Rejected with the guard's error when it trips: race the evaluation against it. */
  public readonly stopped: Promise<never>;

  /**
   * @param options - the byte bound and the memory budget.
   */
  public constructor(private readonly options: EvaluationGuardOptions) {
    this.stopped = new Promise<never>((_, reject) => {
      this.reject = reject;
    });
    // Handled by whoever races it; never an unhandled rejection when nobody does.
    this.stopped.catch(() => undefined);
    const heap = getHeapStatistics();
    this.budgetBytes = Math.max(0, Math.min(options.memoryBudgetBytes, Math.floor((heap.heap_size_limit - heap.used_heap_size) / 2)));
    this.heapLimit = heap.used_heap_size + this.budgetBytes;
    this.watch = setInterval(() => {
      this.readHeap();
    }, WATCH_MS);
    // The guard never keeps the process alive (a service shutting down does not wait for it).
    this.watch.unref();
  }

  /** Stops the timer: the evaluation has ended, one way or another. */
  public dispose(): void {
    clearInterval(this.watch);
  }

  /** The error that stopped the evaluation, if any. */
  public get violation(): PhdError | undefined {
    return this.tripped;
  }

  /**
   * Registers what to stop when the guard trips (at once if it already has).
   * @param stop - stops one part of the evaluation; its errors are ignored.
   */
  public onStop(stop: () => void): void {
    if (this.tripped === undefined) this.stops.push(stop);
    else quietly(stop);
  }

  /**
   * Reads the heap every {@link CHECK_EVERY} calls, and trips past the budget (503).
   * @returns whether the evaluation may go on; never throws.
   */
  public ok(): boolean {
    if (this.tripped !== undefined) return false;
    this.calls += 1;
    if (this.calls % CHECK_EVERY === 0) this.readHeap();
    return this.tripped === undefined;
  }

  private readHeap(): void {
    if (this.tripped === undefined && getHeapStatistics().used_heap_size > this.heapLimit) this.trip(new QueryMemoryError(Math.round(this.budgetBytes / 2 ** 20)));
  }

  /**
   * As {@link ok}, for code of the service's own, where an error is handled.
   * @throws QueryMemoryError past the budget, or the error the guard tripped on before.
   */
  public check(): void {
    if (!this.ok() && this.tripped !== undefined) throw this.tripped;
  }

  /**
   * Checks a term's value before it is made, and trips when it is longer than the answer may be (422).
   * @param value - the lexical form or IRI.
   * @returns whether the term may be made; never throws.
   */
  public term(value: string): boolean {
    if (this.tripped === undefined && value.length > this.options.maxResultBytes) this.trip(new ResultTooLargeError(this.options.maxResultBytes, 'bytes'));
    return this.ok();
  }

  /**
   * Counts a piece of the answer being written.
   * @param chunk - the piece.
   * @throws ResultTooLargeError when the answer so far is larger than `maxResultBytes`; as {@link check}.
   */
  public written(chunk: string | Buffer): void {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (this.tripped === undefined && this.bytes > this.options.maxResultBytes) this.trip(new ResultTooLargeError(this.options.maxResultBytes, 'bytes'));
    this.check();
  }

  /** Forgets the bytes counted so far: the next answer is counted on its own (a DESCRIBE has two). */
  public restartCount(): void {
    this.bytes = 0;
  }

  /**
   * A data factory that makes terms as `base` does, after {@link term} checked them: given to
   * Comunica as its data factory, it sees every value an expression computes (BIND, SELECT
   * expressions, aggregates) and every term read from a source. Once the guard has tripped it
   * makes empty values (see the class).
   * @param base - the factory to delegate to.
   * @returns the guarded factory (`base`'s other methods unchanged).
   */
  public dataFactory<F extends TermFactory>(base: F): F {
    const guarded = Object.create(base) as F;
    guarded.literal = (value: string, languageOrDatatype?: never) => base.literal(this.term(value) ? value : '', languageOrDatatype);
    guarded.namedNode = (value: string) => base.namedNode(this.term(value) ? value : '');
    return guarded;
  }

  /**
   * Stops the evaluation with `error`; the first error wins, later ones change nothing.
   * @param error - why.
   */
  public trip(error: PhdError): void {
    if (this.tripped !== undefined) return;
    this.tripped = error;
    this.dispose();
    for (const stop of this.stops.splice(0)) quietly(stop);
    this.reject?.(error);
  }
}

function quietly(stop: () => void): void {
  try {
    stop();
  } catch {
    // Stopping is best effort: the error that matters is the guard's.
  }
}
