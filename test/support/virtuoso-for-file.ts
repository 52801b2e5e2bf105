import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SparqlClient } from '../../src/store/sparql-client.js';
import { startVirtuoso } from './virtuoso.js';
import type { VirtuosoProcess } from './virtuoso.js';

/** What {@link virtuosoForFile} gives a test file. */
export interface VirtuosoForFile {
  /** The options of a client of the file's Virtuoso, writing with SPARQL Update, or with the Graph Store Protocol when `gsp`. */
  readonly options: (gsp: boolean) => ConstructorParameters<typeof SparqlClient>[0];
  /** A new catalogue file in a temporary directory (removed after the file's tests). */
  readonly catalogue: () => string;
}

/**
 * A Virtuoso of one test file: started before its tests, stopped after them, with the catalogue
 * files the external store keeps beside it. Call it at the top level of the file.
 * @param prefix - the name of the temporary directories.
 * @returns client options and catalogue files.
 */
export function virtuosoForFile(prefix = 'phd-external-'): VirtuosoForFile {
  let virtuoso: VirtuosoProcess | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    virtuoso = await startVirtuoso();
  }, 90_000);
  afterAll(async () => {
    await virtuoso?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    options: (gsp) => {
      const endpoint = virtuoso?.endpoint ?? '';
      return { queryEndpoint: endpoint, ...(gsp ? { graphStoreEndpoint: endpoint.replace(/\/sparql$/, '/sparql-graph-crud') } : {}), timeoutMs: 10_000 };
    },
    catalogue: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return join(dir, 'phd.sqlite');
    },
  };
}
