// The public API of query/: other folders import from here, never from its files (eslint.config.js).
export * from './alias-query-engine.js';
export * from './example-queries.js';
export * from './external-store-query-engine.js';
export * from './query-engine.js';
export * from './query-errors.js';
export * from './query-form.js';
export * from './query-index.js';
export * from './replaceable-index.js';
export * from './result-formats.js';
export * from './run-select.js';
export * from './service-description.js';
export * from './sparql-request.js';
export * from './sparql-results-writer.js';
export * from './vocabulary-graphs.js';
export * from './worker-query-engine.js';
export * from './index-startup.js';
