// The public API of pid/: other folders import from here, never from its files (eslint.config.js).
export * from './component-rows.js';
export * from './configuration-diff.js';
export * from './context.js';
export * from './inbound-links.js';
export * from './landing-view.js';
export * from './linked-resource.js';
export * from './pid-path.js';
export * from './pid-service.js';
export * from './record-href.js';
export * from './record-serializer.js';
export * from './version-changes.js';
