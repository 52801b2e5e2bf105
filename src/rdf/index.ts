// The public API of rdf/: other folders import from here, never from its files (eslint.config.js).
export * from './engine-objects.js';
export * from './iri-ref.js';
export * from './oxigraph-engine.js';
export * from './parse-json.js';
export * from './parse-rdf.js';
export * from './rdf-format.js';
export * from './same-graph.js';
export * from './serialize-quads.js';
export * from './servable-terms.js';
export * from './parse-rdf-stream.js';
