/**
 * The memory limit of a query worker's engine, set when this module is evaluated: query-worker.ts
 * imports it before anything loads Oxigraph, whose WebAssembly module is compiled as its package
 * loads (see wasm-memory-limit.ts). The instances made afterwards are recorded, for the index
 * snapshot (see index-snapshot.ts).
 */
import { workerData } from 'node:worker_threads';
import { captureWasmInstances, limitWasmMemory } from '../workers/index.js';
import type { WasmMemoryLimit } from '../workers/index.js';
import type { QueryWorkerData } from './query-messages.js';

const limit = (workerData as QueryWorkerData | null)?.engineMemoryBytes;

/** The engine's memory limit and use, or undefined when the worker runs without one. */
export const engineMemory: WasmMemoryLimit | undefined = limit === undefined ? undefined : limitWasmMemory(limit);

/** The WebAssembly instances made on this thread since it started (Oxigraph's among them). */
export const wasmInstances = captureWasmInstances();
