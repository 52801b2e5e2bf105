// The public API of accounts/: other folders import from here, never from its files (eslint.config.js).
export * from './account-types.js';
export * from './sqlite-people-registry.js';
export * from './sqlite-session-store.js';
