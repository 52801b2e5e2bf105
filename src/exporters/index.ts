// The public API of exporters/: other folders import from here, never from its files (eslint.config.js).
export * from './export-service.js';
export * from './micrometa-export.js';
export * from './datacite-export.js';
export * from './datacite-xml.js';
export * from './pidinst-export.js';
export { landingPageOf } from './instrument-facts.js';
