// The public API of http/: other folders import from here, never from its files (eslint.config.js).
export * from './app-services.js';
export * from './create-app.js';
export * from './problem-details.js';
export * from './rate-limit.js';
export * from './send-page.js';
