// The public API of workspace/: other folders import from here, never from its files (eslint.config.js).
export * from './form-controls.js';
export * from './issues-in-words.js';
export * from './viewer.js';
export * from './workspace-deps.js';
export * from './workspace-page.js';
export * from './workspace-paths.js';
export * from './workspace-router.js';
