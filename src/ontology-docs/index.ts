// The public API of ontology-docs/: other folders import from here, never from its files (eslint.config.js).
export * from './ontology-catalog.js';
export * from './ontology-views.js';
export * from './term-examples.js';
export * from './vocabulary-documents.js';
