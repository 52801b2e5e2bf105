import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Config, ExternalStoreConfig } from './config/load-config.js';
import { PhdError, StoreError } from './errors/phd-error.js';
import { ExternalStoreQueryEngine } from './query/external-store-query-engine.js';
import { ExternalRecordStore } from './store/external-record-store.js';
import type { RecordStore } from './store/record-store.js';
import { SparqlClient } from './store/sparql-client.js';
import { ExportService } from './exporters/export-service.js';
import { FederatedQueryEngine } from './federation/federated-query-engine.js';
import { PeerIdentity } from './federation/peer-identity.js';
import { createApp } from './http/create-app.js';
import { rateLimit } from './http/rate-limit.js';
import { answerClientError } from './http/problem-details.js';
import { voidRouter } from './http/void-router.js';
import { searchRouter } from './http/search-router.js';
import { peerSearch } from './federation/peer-search.js';
import { SearchService } from './search/search-service.js';
import type { SparqlJson } from './query/sparql-json.js';
import { MicrometaImporter } from './importers/micrometa-import.js';
import { loadNboqMapping } from './importers/nbo-q-mapping.js';
import { OmeXmlImporter } from './importers/ome-xml-import.js';
import { sparqlRouter } from './http/sparql-router.js';
import type { Logger } from './logging/logger.js';
import { PidService } from './pid/pid-service.js';
import { EXAMPLE_QUERIES } from './query/example-queries.js';
import { WorkerQueryEngine } from './query/worker-query-engine.js';
import { bulkLoad } from './records/bulk-loader.js';
import { RecordService } from './records/record-service.js';
import { SqliteRecordStore } from './store/sqlite-record-store.js';
import { TokenRegistry } from './store/token-registry.js';
import { RecordValidator } from './validation/record-validator.js';

/** The embedded store's file inside PHD_DATA_DIR. */
export function databasePath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'phd.sqlite');
}

/** The file that marks a data directory as served by a running process (its pid). */
export function lockPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'serve.lock');
}

/**
 * The pid of the service running on a data directory, if one is.
 * @param config - configuration.
 * @returns the pid, or undefined (no lock, or a stale lock left by a crash).
 */
export function runningServicePid(config: Pick<Config, 'dataDir'>): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockPath(config), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** The running service. */
export interface RunningService {
  readonly server: Server;
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** A record store with the SQLite database its tokens live in. */
export type OpenStore = RecordStore & { readonly database: Database.Database };

/**
 * A client of the external store PHD_STORE names.
 * @param store - the external store's configuration.
 * @returns the client.
 */
export function storeClient(store: ExternalStoreConfig): SparqlClient {
  return new SparqlClient({
    queryEndpoint: store.queryEndpoint,
    updateEndpoint: store.updateEndpoint,
    ...(store.graphStoreEndpoint === undefined ? {} : { graphStoreEndpoint: store.graphStoreEndpoint }),
    ...(store.user === undefined ? {} : { user: store.user, password: store.password ?? '' }),
    timeoutMs: store.timeoutMs,
  });
}

/**
 * Opens the record store PHD_STORE selects: the embedded SQLite store, or an external SPARQL
 * store with its catalogue in PHD_DATA_DIR (settling any write a crash left half-done).
 * @param config - configuration.
 * @param logger - where the external store reports repairs.
 * @returns the store.
 */
export async function openStore(config: Config, logger?: Logger): Promise<OpenStore> {
  if (config.store === 'embedded') return new SqliteRecordStore(databasePath(config));
  const client = storeClient(config.store);
  try {
    await client.select('ASK {}');
  } catch (error) {
    throw new PhdError(2, 'store-unavailable', `PHD_STORE=${config.store.queryEndpoint} does not answer SPARQL queries: ${error instanceof Error ? error.message : String(error)}`);
  }
  return ExternalRecordStore.open({ client, catalogPath: databasePath(config), baseUrl: config.baseUrl, ...(logger === undefined ? {} : { logger: logger.child('store') }) });
}

/**
 * Opens the store and the services over it (shared by `serve` and the CLI commands).
 * @param config - configuration.
 * @param logger - structured logger (store repairs are reported there).
 * @returns store, tokens and record service.
 */
export async function openServices(config: Config, logger?: Logger): Promise<{ store: OpenStore; tokens: TokenRegistry; service: RecordService }> {
  const store = await openStore(config, logger);
  const tokens = new TokenRegistry(store.database, config.adminToken);
  const service = new RecordService({ store, validator: new RecordValidator(), baseUrl: config.baseUrl });
  return { store, tokens, service };
}

/**
 * The SPARQL engine of /sparql: query workers over the embedded store's replica, or the
 * external store itself.
 * @param config - configuration.
 * @param logger - structured logger.
 * @returns the engine.
 */
async function queryEngine(config: Config, logger: Logger): Promise<WorkerQueryEngine | ExternalStoreQueryEngine> {
  if (config.store !== 'embedded') {
    return new ExternalStoreQueryEngine({
      client: storeClient(config.store),
      timeoutMs: config.queryTimeoutMs,
      maxResults: config.queryMaxResults,
      maxConcurrent: config.queryWorkers,
      baseIri: `${config.baseUrl}/sparql`,
      maxResultBytes: config.queryMaxResultBytes,
    });
  }
  return WorkerQueryEngine.start({
    dbPath: databasePath(config),
    workers: config.queryWorkers,
    timeoutMs: config.queryTimeoutMs,
    maxResults: config.queryMaxResults,
    memoryMb: config.queryWorkerMemoryMb,
    maxResultBytes: config.queryMaxResultBytes,
    logger: logger.child('query'),
    baseIri: `${config.baseUrl}/sparql`,
  });
}

/**
 * The composition root: store → seed (first start) → query workers → HTTP app → listen.
 * SIGTERM/SIGINT close the listener, let requests in flight finish, stop the workers and close
 * the store.
 * @param config - configuration.
 * @param logger - structured logger.
 * @returns the running service.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const { store, tokens, service } = await openServices(config, logger);
  // Other processes (imaging-phd load) must not write behind the running service's query index.
  writeFileSync(lockPath(config), String(process.pid));
  const { records } = await store.stats();
  if (records === 0 && config.seedDir !== '') {
    const summary = await bulkLoad([config.seedDir], { service, store, rebaseTo: config.baseUrl });
    logger.info({ seedDir: config.seedDir, records: summary.records, triples: summary.triples, rejected: summary.rejected.length }, 'seeded an empty store');
  }
  const started = Date.now();
  const pool = await queryEngine(config, logger);
  const pids = new PidService(store, config.baseUrl);
  const mapping = loadNboqMapping();
  store.onChange((iri, ntriples) => {
    if (pool instanceof WorkerQueryEngine) pool.replace(iri, ntriples);
    pids.invalidate();
  });
  if (pool instanceof WorkerQueryEngine) logger.info({ workers: config.queryWorkers, ms: Date.now() - started }, 'query index loaded');
  else logger.info({ store: config.store === 'embedded' ? 'embedded' : config.store.queryEndpoint, concurrent: config.queryWorkers }, 'queries go to the external store');

  let localEndpoint = '';
  // Peers prove who they are by token or address; this instance's own loopback requests carry a token made at start.
  const identity = new PeerIdentity(config.peerCredentials);
  const limiter = rateLimit({
    ratePerSecond: config.rateLimit, burst: config.rateBurst, maxConcurrentQueries: config.clientMaxQueries,
    peers: {
      ratePerSecond: config.peerRateLimit, burst: config.peerRateBurst, maxConcurrentQueries: config.peerMaxQueries,
      identify: (request) => identity.identify(request),
    },
  });
  const credential = (peer: string): string | undefined => (peer === localEndpoint.replace(/\/sparql$/, '') ? identity.ownToken : config.peerToken);
  const federated = new FederatedQueryEngine({
    baseUrl: config.baseUrl,
    localEndpoint: () => localEndpoint,
    localQuery: (query, options) => pool.query(query, options),
    peers: config.peers,
    timeoutMs: config.queryTimeoutMs,
    peerTimeoutMs: config.peerTimeoutMs,
    peerMaxBytes: config.peerMaxBytes,
    maxResults: config.queryMaxResults,
    // The bounds of /sparql: a federated query may use what a query worker may.
    maxResultBytes: config.queryMaxResultBytes,
    memoryBudgetMb: config.queryWorkerMemoryMb,
    credential,
    logger: logger.child('federation'),
  });
  const app = createApp({
    store, service, tokens, logger: logger.child('http'), baseUrl: config.baseUrl, maxBodyBytes: config.maxBodyBytes,
    limits: limiter,
    trustProxy: config.trustProxy,
    pids,
    imports: {
      micrometa: new MicrometaImporter({ store, service, baseUrl: config.baseUrl, mapping }),
      omeXml: new OmeXmlImporter({ store, service, baseUrl: config.baseUrl, mapping }),
    },
    exports: new ExportService({ store, baseUrl: config.baseUrl, mapping: () => mapping }),
    sparql: sparqlRouter({
      pool, baseUrl: config.baseUrl, examples: EXAMPLE_QUERIES, maxBodyBytes: config.maxBodyBytes, queryLimit: limiter.queries,
      graphExists: async (iri) => {
        const record = await store.meta(iri);
        return record !== undefined && record.deletedAt === undefined;
      },
    }),
    health: () => ({
      query: pool.stats(),
      peers: config.peers,
      store: store instanceof ExternalRecordStore ? { endpoint: config.store === 'embedded' ? '' : config.store.queryEndpoint, pendingWrites: store.pendingIntents } : 'embedded',
    }),
    routers: [
      voidRouter({ store, baseUrl: config.baseUrl, peers: config.peers }),
      searchRouter({
        search: new SearchService({
          baseUrl: config.baseUrl,
          run: async (query) => {
            try {
              return JSON.parse((await pool.query(query, { accept: 'application/sparql-results+json' })).body) as SparqlJson;
            } catch (error) {
              // The search's own query refused by an external store is the store's failure, not the client's.
              if (PhdError.isInstance(error) && error.code === 'query-rejected') throw new StoreError(error.message, { cause: error });
              throw error;
            }
          },
        }),
        baseUrl: config.baseUrl,
        ...(config.peers.length === 0 ? {} : { federate: peerSearch({ peers: config.peers, timeoutMs: config.peerTimeoutMs, maxBytes: config.peerMaxBytes, token: config.peerToken }) }),
      }),
      sparqlRouter({ pool: federated, baseUrl: config.baseUrl, examples: EXAMPLE_QUERIES, maxBodyBytes: config.maxBodyBytes, path: '/federated/sparql', queryLimit: limiter.queries }),
    ],
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  server.on('clientError', answerClientError);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  // The federated engine queries this instance's own /sparql over loopback, like any peer.
  const loopbackHost = config.host === '0.0.0.0' || config.host === '::' || config.host === '' ? '127.0.0.1' : config.host;
  localEndpoint = `http://${loopbackHost.includes(':') ? `[${loopbackHost}]` : loopbackHost}:${port}/sparql`;
  logger.info({ port, baseUrl: config.baseUrl, dataDir: config.dataDir, store: config.store === 'embedded' ? 'embedded' : config.store.queryEndpoint }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info({}, 'shutting down');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await stopped;
      await pool.close();
      await store.close();
      rmSync(lockPath(config), { force: true });
      logger.info({}, 'stopped');
    })();
    return closing;
  };
  return { server, url: `http://127.0.0.1:${port}`, close };
}
