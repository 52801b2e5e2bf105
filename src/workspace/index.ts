// The public API of workspace/: other folders import from here, never from its files (eslint.config.js).
export * from './cookie-header.js';
export * from './csrf.js';
export * from './form-controls.js';
export * from './issues-in-words.js';
export * from './load-viewer.js';
export * from './notice-page.js';
export * from './require-viewer.js';
export * from './session-cookie.js';
export * from './signin-limiter.js';
export * from './signin-page.js';
export * from './start-session.js';
export * from './viewer.js';
export * from './workspace-deps.js';
export * from './workspace-page.js';
export * from './workspace-paths.js';
export * from './workspace-router.js';
