// The public API of domain/: other folders import from here, never from its files (eslint.config.js).
export * from './configuration-timeline.js';
export * from './dates.js';
export * from './derived-graph.js';
export * from './instrument-status.js';
export * from './json.js';
export * from './labels.js';
export * from './micrometa-presentation.js';
export * from './namespaces.js';
export * from './nbo-q-mapping.js';
export * from './not-mapped.js';
export * from './pid.js';
export * from './principal.js';
export * from './records.js';
export * from './units.js';
export * from './vocabulary.js';
export * from './site-paths.js';
