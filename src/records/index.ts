// The public API of records/: other folders import from here, never from its files (eslint.config.js).
export * from './bulk-loader.js';
export * from './record-service.js';
export * from './quad-reader.js';
