/**
 * The memory limit of a query worker's engine, set when this module is evaluated: query-worker.ts
 * imports it before anything loads Oxigraph, whose WebAssembly module is compiled as its package
 * loads (see wasm-memory-limit.ts).
 */
import { workerData } from 'node:worker_threads';
import { limitWasmMemory } from '../workers/index.js';
import type { WasmMemoryLimit } from '../workers/index.js';
import type { QueryWorkerData } from './query-messages.js';

const limit = (workerData as QueryWorkerData | null)?.engineMemoryBytes;

/** The engine's memory limit and use, or undefined when the worker runs without one. */
export const engineMemory: WasmMemoryLimit | undefined = limit === undefined ? undefined : limitWasmMemory(limit);
