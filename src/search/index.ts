// The public API of search/: other folders import from here, never from its files (eslint.config.js).
export * from './home-view.js';
export * from './merge-federated-results.js';
export * from './peer-search-answer.js';
export * from './search-params.js';
export * from './search-result.js';
export * from './search-results.js';
export * from './search-service.js';
export * from './sparql-results-view.js';
