import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workers/index.js';
import type { ValidationIssue } from './validation-report.js';
import type { ChunkMessage, ChunkResult } from './validation-worker.js';

/**
 * Heap limits of a validation worker, from measurement: a worker completes a 1M-triple load within
 * 128 MiB and fails its first chunk at 64 MiB; the default of 512 (PHD_VALIDATOR_HEAP_MB, in
 * src/config) leaves four times the need. Without limits V8 sizes each worker's heap from the
 * machine's memory and lets garbage pile up to it; with them, a worker that truly needs more
 * fails the load with a clear error instead of taking the machine.
 */
const DEFAULT_HEAP_MB = 512;
const YOUNG_GENERATION_MB = 32;

function workerFailure(error: Error, heapMb: number): Error {
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new Error(`a validation worker ran out of memory (its limit is ${heapMb} MiB; set PHD_VALIDATOR_HEAP_MB to raise it): ${error.message}`);
  }
  return new Error(`validation worker failed: ${error.message}`);
}

/**
 * Validates chunks of records on worker threads (one RecordValidator each), for bulk loads:
 * SHACL validation is CPU-bound, so a load uses every core.
 */
export class ParallelValidator {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Map<number, { resolve: (issues: readonly ValidationIssue[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** Why the validator can take no more work (a worker failed or exited); every later call fails with it. */
  private failure: Error | undefined;
  private closing = false;

  private constructor(workers: Worker[], heapMb: number) {
    this.workers = workers;
    this.idle = [...workers];
    for (const worker of workers) {
      worker.on('message', (result: ChunkResult) => {
        const waiter = this.pending.get(result.id);
        this.pending.delete(result.id);
        this.idle.push(worker);
        this.waiting.shift()?.();
        if (waiter === undefined) return;
        if ('error' in result) waiter.reject(new Error(`validation worker: ${result.error}`));
        else waiter.resolve(result.issues);
      });
      // A worker past its memory limit (or failing otherwise) is gone: fail what waits on any worker
      // rather than hang on one that will never answer.
      worker.on('error', (error) => this.fail(workerFailure(error, heapMb)));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`validation worker stopped (exit code ${code})`));
      });
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
    for (const wake of this.waiting.splice(0)) wake();
  }

  /**
   * Starts the workers.
   * @param count - how many (default: available cores).
   * @param heapMb - each worker's heap limit (old generation), in MiB.
   * @returns the validator.
   */
  public static start(count = availableParallelism(), heapMb = DEFAULT_HEAP_MB): ParallelValidator {
    const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
    const workers = Array.from({ length: Math.max(1, count) }, () => {
      const { entry, options } = workerEntry(import.meta.url, 'validation-worker', {});
      return new Worker(entry, { ...options, resourceLimits });
    });
    return new ParallelValidator(workers, heapMb);
  }

  /**
   * Validates one chunk on the next free worker.
   * @param ntriples - the chunk's triples and the types of what it references.
   * @param roots - the IRIs of the chunk's records: issues about other nodes are not reported.
   * @returns the issues.
   */
  public async validate(ntriples: string, roots: readonly string[]): Promise<readonly ValidationIssue[]> {
    while (this.failure === undefined && this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure !== undefined) throw this.failure;
    const worker = this.idle.pop();
    if (worker === undefined) throw new Error('no idle validation worker');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ntriples, roots } satisfies ChunkMessage);
    });
  }

  /** Stops the workers. */
  public async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
