// The public API of validation/: other folders import from here, never from its files (eslint.config.js).
export * from './model-files.js';
export * from './parallel-validator.js';
export * from './record-validator.js';
export * from './validation-report.js';
