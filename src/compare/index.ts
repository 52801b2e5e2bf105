// The public API of compare/: other folders import from here, never from its files (eslint.config.js).
export * from './compare-configurations.js';
export * from './compare-service.js';
export * from './compare-view.js';
export * from './component-fields.js';
export * from './peer-record-url.js';
export * from './quantity-value.js';
