// The public API of config/: other folders import from here, never from its files (eslint.config.js).
export * from './load-config.js';
