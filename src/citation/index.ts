// The public API of citation/: other folders import from here, never from its files (eslint.config.js).
export * from './citation-facts.js';
export * from './citation-formats.js';
export * from './citation-service.js';
export * from './citation-view.js';
export * from './csl-item.js';
export * from './csl-items.js';
export * from './hardware-relations.js';
export * from './methods-sentence.js';
