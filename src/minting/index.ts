// The public API of minting/: other folders import from here, never from its files (eslint.config.js).
export * from './minting-accounts.js';
export * from './pid-provider.js';
export * from './pid-suffix.js';
export * from './provider-error.js';
export * from './pid-minting.js';
export * from './datacite-provider.js';
export * from './handle-provider.js';
export * from './create-providers.js';
