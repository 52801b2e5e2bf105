// The public API of federation/: other folders import from here, never from its files (eslint.config.js).
export * from './federated-query-engine.js';
export * from './peer-identity.js';
export * from './peer-search.js';
export * from './void-description.js';
export { PeerFetch } from './peer-fetch.js';
