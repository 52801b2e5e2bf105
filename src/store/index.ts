// The public API of store/: other folders import from here, never from its files (eslint.config.js).
export * from './external-record-store.js';
export * from './record-store.js';
export * from './renamed-graph.js';
export * from './sparql-client.js';
export * from './sqlite-record-store.js';
export * from './sqlite-schema.js';
export * from './text-literals.js';
export * from './token-registry.js';
