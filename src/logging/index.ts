// The public API of logging/: other folders import from here, never from its files (eslint.config.js).
export * from './logger.js';
