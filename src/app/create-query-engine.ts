import { existsSync, rmSync } from 'node:fs';
import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { ExternalStoreQueryEngine, indexSnapshotPath, keepVocabularyGraphs, vocabularyGraphs, WorkerQueryEngine } from '../query/index.js';
import type { QueryEngine } from '../query/index.js';
import { databasePath, storeClient } from './open-services.js';

/**
 * The SPARQL engine PHD_STORE calls for, under the configured limits: query workers over a replica
 * of the embedded store (PHD_QUERY_WORKERS of them), or the external store itself. Either way the
 * ontology files are there too, as named graphs of their own (see vocabulary-graphs.ts). The embedded
 * index is restored from its snapshot unless PHD_INDEX_SNAPSHOT=false. The service's
 * /sparql and the `imaging-phd query` command run the same engine.
 * @param config - configuration.
 * @param logger - where the workers report.
 * @returns the engine; `close()` it when done.
 */
export async function createQueryEngine(config: Config, logger: Logger): Promise<QueryEngine> {
  const common = { timeoutMs: config.queryTimeoutMs, maxResults: config.queryMaxResults, maxResultBytes: config.queryMaxResultBytes, baseIri: `${config.baseUrl}/sparql` };
  if (config.store !== 'embedded') {
    const client = storeClient(config.store);
    // The ontology sits beside the records in the store, as in the embedded index: labels answer in SPARQL.
    const written = await keepVocabularyGraphs(client);
    if (written.length > 0) logger.info({ graphs: written }, 'vocabulary graphs written to the external store');
    return new ExternalStoreQueryEngine({ ...common, client, maxConcurrent: config.queryWorkers });
  }
  const vocabulary = vocabularyGraphs().map(({ iri, ntriples }) => ({ iri, ntriples }));
  const dbPath = databasePath(config);
  const snapshotPath = indexSnapshotPath(dbPath);
  if (!config.indexSnapshot && existsSync(snapshotPath)) {
    // Switched off (PHD_INDEX_SNAPSHOT=false): the space it took is given back. A snapshot left in
    // place is harmless (it is checked against the database before any later start restores it),
    // so a file that cannot be removed is reported and the service starts.
    try {
      rmSync(snapshotPath, { force: true });
      logger.info({ path: snapshotPath }, 'query index snapshot removed (PHD_INDEX_SNAPSHOT=false)');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
      logger.warn({ path: snapshotPath, reason }, `PHD_INDEX_SNAPSHOT=false, but the query index snapshot could not be removed (${reason}): remove ${snapshotPath} by hand to free its space`);
    }
  }
  return WorkerQueryEngine.start({ ...common, dbPath, snapshotPath: config.indexSnapshot ? snapshotPath : undefined, serveWhenFirstReady: true, workers: config.queryWorkers, memoryMb: config.queryWorkerMemoryMb, logger: logger.child('query'), vocabulary });
}
