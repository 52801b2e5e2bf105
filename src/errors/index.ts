// The public API of errors/: other folders import from here, never from its files (eslint.config.js).
export * from './invalid-pid-error.js';
export * from './phd-error.js';
