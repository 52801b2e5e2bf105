// The public API of workers/: other folders import from here, never from its files (eslint.config.js).
export * from './wasm-memory-limit.js';
export * from './worker-entry.js';
export * from './wasm-instance-capture.js';
