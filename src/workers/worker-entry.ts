import type { WorkerOptions } from 'node:worker_threads';

/**
 * How to start a worker thread whose module sits beside the caller: the compiled `.js` file when
 * running from dist/, or the TypeScript source under tsx when running from src/ (vitest, tsx).
 * Node 20 does not apply `--import tsx` given in a worker's execArgv, so a bootstrap registers
 * tsx inside the thread, then imports the worker source.
 *
 * @param callerUrl - `import.meta.url` of the module starting the worker.
 * @param name - the worker module's file name without extension (e.g. `query-worker`).
 * @param workerData - data passed to the worker.
 * @returns the entry and options for `new Worker(entry, options)`.
 */
export function workerEntry(callerUrl: string, name: string, workerData: unknown): { entry: URL | string; options: WorkerOptions } {
  if (!callerUrl.endsWith('.ts')) return { entry: new URL(`./${name}.js`, callerUrl), options: { workerData } };
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return { entry: bootstrap, options: { eval: true, workerData } };
}
