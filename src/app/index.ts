// The public API of app/: other folders import from here, never from its files (eslint.config.js).
export * from './create-query-engine.js';
export * from './create-services.js';
export * from './open-services.js';
export * from './pid-namer.js';
