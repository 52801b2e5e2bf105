// The public API of importers/: other folders import from here, never from its files (eslint.config.js).
export * from './configuration-versions.js';
export * from './import-plan.js';
export * from './load-nbo-q-mapping.js';
export * from './micrometa-import.js';
export * from './not-mapped.js';
export * from './ome-xml-import.js';
export * from './parse-ome-xml.js';
