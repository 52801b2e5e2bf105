import { defineConfig } from 'vitest/config';

/** Unit tests import src/ directly, so they need no build of dist/ first (npm run test:unit). */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
