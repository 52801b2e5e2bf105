import { defineConfig } from 'vitest/config';

/**
 * Two projects, one `vitest run`: every test on the embedded store, and the HTTP and CLI suite
 * (test/integration) again with the records in Virtuoso (PHD_TEST_STORE=virtuoso, see
 * test/support/test-store.ts). Left out of the second run: `imaging-phd validate` (no record
 * store), the per-client limits (HTTP middleware; its concurrency test holds a slow query, which
 * Virtuoso may refuse at once), and the files that already run on Virtuoso (the SPARQL client,
 * the external store), and the browser walks (their HTTP tests run on both stores).
 */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/domain/**', 'src/validation/**', 'src/errors/**'],
      thresholds: { lines: 80, functions: 80, branches: 70, statements: 80 },
    },
    projects: [
      { extends: true, test: { name: 'embedded', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'virtuoso',
          include: ['test/integration/**/*.test.ts'],
          exclude: [
            'test/integration/cli-validate.test.ts', 'test/integration/rate-limit.test.ts',
            'test/integration/sparql-client-virtuoso.test.ts', 'test/integration/external-record-store.test.ts',
            'test/integration/vocabulary-graphs-virtuoso.test.ts',
            // Pages in a browser (the workspace, the researcher's pages): the same services; the store is
            // exercised by their HTTP tests.
            'test/integration/*-browser.test.ts',
          ],
          env: { PHD_TEST_STORE: 'virtuoso' },
        },
      },
    ],
  },
});
