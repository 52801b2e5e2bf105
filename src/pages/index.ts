// The public API of pages/: other folders import from here, never from its files (eslint.config.js).
export * from './asset-router.js';
export * from './diff-page.js';
export * from './instrument-label-paths.js';
export * from './label-page.js';
export * from './methods-link-section.js';
export * from './methods-page.js';
export * from './landing-page.js';
export * from './problem-page.js';
export * from './qr-code-svg.js';
export * from './search-page.js';
export * from './sparql-page.js';
export * from './html.js';
export * from './layout.js';
export * from './safe-href.js';
export * from './time-element.js';
export * from './compare-page.js';
