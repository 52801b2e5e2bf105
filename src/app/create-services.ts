import { SqlitePeopleRegistry, SqliteSessionStore } from '../accounts/index.js';
import type { PeopleRegistry, SessionStore } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import { PhdError, StoreError } from '../errors/index.js';
import { ExportService } from '../exporters/index.js';
import { FederatedQueryEngine } from '../federation/index.js';
import { PeerIdentity } from '../federation/index.js';
import { peerSearch } from '../federation/index.js';
import { rateLimit } from '../http/index.js';
import type { AppServices } from '../http/index.js';
import { MicrometaImporter } from '../importers/index.js';
import { loadNboqMapping } from '../importers/index.js';
import { OmeXmlImporter } from '../importers/index.js';
import { getLogger } from '../logging/index.js';
import type { Logger } from '../logging/index.js';
import { PidService } from '../pid/index.js';
import type { QueryEngine } from '../query/index.js';
import { AliasQueryEngine, isReplaceableIndex } from '../query/index.js';
import type { SparqlJson } from '../representation/index.js';
import { bulkLoad } from '../records/index.js';
import { SearchService } from '../search/index.js';
import { workspaceRouter } from '../workspace/index.js';
import { createQueryEngine } from './create-query-engine.js';
import { mintingOver } from './open-minting.js';
import { openServices } from './open-services.js';
import type { OpenStore } from './open-services.js';

/** What a caller may put in place of what the configuration would build (tests). */
export interface ServicesOverrides {
  /** The logger (default: `imaging-phd` at LOG_LEVEL). */
  readonly logger?: Logger;
}

/**
 * Every service of a running instance, built once by {@link createServices}: what the HTTP app
 * serves ({@link AppServices}), plus the store's database and the instance's lifecycle.
 */
export interface Services extends AppServices {
  readonly store: OpenStore;
  /** People and their teams, and the workspace's sessions and one-time links (beside the records). */
  readonly people: PeopleRegistry;
  readonly sessions: SessionStore;
  /**
   * Tells the services where this instance's own /sparql answers once the server listens: the
   * federated engine queries it over loopback like any peer.
   * @param sparqlUrl - the loopback URL of /sparql.
   */
  readonly listeningOn: (sparqlUrl: string) => void;
  /** Stops the query engines and closes the store. @returns when everything is closed. */
  readonly close: () => Promise<void>;
}

/**
 * The composition root: opens the store (seeding an empty one from PHD_SEED_DIR), starts the query
 * engine and builds every service over them, and wires the changes: each committed write replaces
 * its graph in an engine that keeps its own index, and clears the PID caches. With minting
 * configured (PHD_DATACITE_*, PHD_HANDLE_*) it also runs the PID outbox: the registry over the
 * store's database, the pusher in the background (nudged by every write, stopped by `close()`
 * after the push in flight) and the minting operations (`minting`, and `pids` in /health).
 *
 * @example
 * const services = await createServices(loadConfig(process.env));
 * const server = createApp(services).listen(3000, () => services.listeningOn('http://127.0.0.1:3000/sparql'));
 * @param config - configuration (PHD_* variables).
 * @param overrides - what to use instead of what the configuration builds.
 * @returns the services; `close()` them at shutdown.
 */
export async function createServices(config: Config, overrides: ServicesOverrides = {}): Promise<Services> {
  const logger = overrides.logger ?? getLogger('imaging-phd', config.logLevel);
  const { store, tokens, records } = await openServices(config, logger);
  let query: QueryEngine;
  try {
    const { records: stored } = await store.stats();
    if (stored === 0 && config.seedDir !== '') {
      const summary = await bulkLoad([config.seedDir], { service: records, store, rebaseTo: config.baseUrl, validatorHeapMb: config.validatorHeapMb });
      logger.info({ seedDir: config.seedDir, records: summary.records, triples: summary.triples, rejected: summary.rejected.length }, 'seeded an empty store');
    }
    const started = Date.now();
    query = await createQueryEngine(config, logger);
    if (config.store === 'embedded') logger.info({ workers: config.queryWorkers, ms: Date.now() - started }, 'query index loaded');
    else logger.info({ store: config.store.queryEndpoint, concurrent: config.queryWorkers }, 'queries go to the external store');
  } catch (error) {
    await store.close();
    throw error;
  }
  const pids = new PidService(store, config.baseUrl);
  const mapping = loadNboqMapping();
  const exports = new ExportService({ store, baseUrl: config.baseUrl, mapping: () => mapping });
  // Created after seeding: the records an empty store is seeded with are not minted (see PidRegistry).
  const minting = config.minting === undefined ? undefined : mintingOver(config.minting, { store, tokens, records }, exports, config.baseUrl, logger.child('pids'));
  const index = isReplaceableIndex(query) ? query : undefined;
  // SPARQL through either name of a record that adopted a PID (its old IRI is an alias).
  const aliased = new AliasQueryEngine(query, () => store.aliases());
  store.onChange((iri, ntriples) => {
    index?.replace(iri, ntriples);
    pids.invalidate();
    // Only a rename adds an alias, and a rename withdraws the old name (null): the aliases are read
    // again after that, not after every write.
    if (ntriples === null) aliased.invalidate();
    // The write's revision is committed: the pusher reads it from the log.
    minting?.sync.nudge();
  });

  let localEndpoint = '';
  // Peers prove who they are by token or address; this instance's own loopback requests carry a token made at start.
  const identity = new PeerIdentity(config.peerCredentials);
  const limits = rateLimit({
    ratePerSecond: config.rateLimit, burst: config.rateBurst, maxConcurrentQueries: config.clientMaxQueries,
    peers: {
      ratePerSecond: config.peerRateLimit, burst: config.peerRateBurst, maxConcurrentQueries: config.peerMaxQueries,
      identify: (request) => identity.identify(request),
    },
  });
  const federated = new FederatedQueryEngine({
    baseUrl: config.baseUrl,
    localEndpoint: () => localEndpoint,
    localQuery: (text, options) => aliased.query(text, options),
    peers: config.peers,
    timeoutMs: config.queryTimeoutMs,
    peerTimeoutMs: config.peerTimeoutMs,
    peerMaxBytes: config.peerMaxBytes,
    maxResults: config.queryMaxResults,
    // The bounds of /sparql: a federated query may use what a query worker may.
    maxResultBytes: config.queryMaxResultBytes,
    memoryBudgetMb: config.queryWorkerMemoryMb,
    credential: (peer) => (peer === localEndpoint.replace(/\/sparql$/, '') ? identity.ownToken : config.peerToken),
    logger: logger.child('federation'),
  });
  const search = new SearchService({
    baseUrl: config.baseUrl,
    run: async (text) => {
      try {
        return JSON.parse((await query.query(text, { format: 'sparql-results+json' })).body) as SparqlJson;
      } catch (error) {
        // The search's own query refused by an external store is the store's failure, not the client's.
        if (PhdError.isInstance(error) && error.code === 'query-rejected') throw new StoreError(error.message, { cause: error });
        throw error;
      }
    },
  });
  minting?.sync.start();
  const imports = {
    micrometa: new MicrometaImporter({ store, service: records, baseUrl: config.baseUrl, mapping }),
    omeXml: new OmeXmlImporter({ store, service: records, baseUrl: config.baseUrl, mapping }),
  };
  const people = new SqlitePeopleRegistry(store.database);
  const sessions = new SqliteSessionStore(store.database);
  const workspace = workspaceRouter({
    config, logger: logger.child('workspace'), store, records, tokens, people, sessions, pids, search, imports, exports, minting: minting?.service,
  });
  return {
    config, logger, store, tokens, records, pids, query: aliased, federated, search, limits, people, sessions, workspace,
    peerSearch: config.peers.length === 0 ? undefined : peerSearch({ peers: config.peers, timeoutMs: config.peerTimeoutMs, maxBytes: config.peerMaxBytes, token: config.peerToken }),
    imports,
    exports,
    minting: minting?.service,
    listeningOn: (sparqlUrl) => {
      localEndpoint = sparqlUrl;
    },
    health: () => ({ query: query.stats(), peers: config.peers, store: store.health(), ...(minting === undefined ? {} : { pids: minting.service.health() }) }),
    close: async () => {
      // The push in flight is recorded before the store closes.
      await minting?.sync.close();
      await federated.close();
      await query.close();
      await store.close();
    },
  };
}
