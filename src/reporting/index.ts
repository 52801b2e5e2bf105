// The public API of reporting/: other folders import from here, never from its files (eslint.config.js).
export * from './build-methods-view.js';
export * from './component-families.js';
export * from './methods-markdown.js';
export * from './methods-ontology.js';
export * from './methods-service.js';
export * from './methods-text.js';
export * from './methods-view.js';
export * from './reporting-checklist.js';
