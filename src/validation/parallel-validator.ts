import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workers/index.js';
import type { ValidationIssue } from './validation-report.js';
import type { ChunkMessage, ChunkResult } from './validation-worker.js';

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

  private constructor(workers: Worker[]) {
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
      worker.on('error', (error) => {
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      });
    }
  }

  /**
   * Starts the workers.
   * @param count - how many (default: available cores).
   * @returns the validator.
   */
  public static start(count = availableParallelism()): ParallelValidator {
    const workers = Array.from({ length: Math.max(1, count) }, () => {
      const { entry, options } = workerEntry(import.meta.url, 'validation-worker', {});
      return new Worker(entry, options);
    });
    return new ParallelValidator(workers);
  }

  /**
   * Validates one chunk on the next free worker.
   * @param ntriples - the chunk's triples and the types of what it references.
   * @param roots - the IRIs of the chunk's records: issues about other nodes are not reported.
   * @returns the issues.
   */
  public async validate(ntriples: string, roots: readonly string[]): Promise<readonly ValidationIssue[]> {
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
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
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
