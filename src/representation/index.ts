// The public API of representation/: other folders import from here, never from its files (eslint.config.js).
export * from './choose-representation.js';
export * from './media-types.js';
export * from './sparql-json.js';
export * from './entity-tag.js';
