import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Config, ExternalStoreConfig } from '../config/index.js';
import { PhdError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { RecordService } from '../records/index.js';
import { ExternalRecordStore } from '../store/index.js';
import type { RecordStore } from '../store/index.js';
import { SparqlClient } from '../store/index.js';
import { SqliteRecordStore } from '../store/index.js';
import { TokenRegistry } from '../store/index.js';
import { RecordValidator } from '../validation/index.js';
import { pidNamer } from './pid-namer.js';

/** The embedded store's file inside PHD_DATA_DIR (also the external store's catalogue). */
export function databasePath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'phd.sqlite');
}

/** A record store with the SQLite database its tokens live in. */
export type OpenStore = RecordStore & { readonly database: Database.Database };

/** The services every command works with: the store, the tokens kept beside it, and the record service over it. */
export interface StoreServices {
  readonly store: OpenStore;
  readonly tokens: TokenRegistry;
  readonly records: RecordService;
}

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
  if (config.store === 'embedded') return new SqliteRecordStore(databasePath(config), { maxMb: config.storeMaxMb, ...(logger === undefined ? {} : { logger: logger.child('store') }) });
  const client = storeClient(config.store);
  try {
    await client.select('ASK {}');
  } catch (error) {
    throw new PhdError(2, 'store-unavailable', `PHD_STORE=${config.store.queryEndpoint} does not answer SPARQL queries: ${error instanceof Error ? error.message : String(error)}`);
  }
  return ExternalRecordStore.open({ client, catalogPath: databasePath(config), baseUrl: config.baseUrl, ...(logger === undefined ? {} : { logger: logger.child('store') }) });
}

/**
 * Opens the store and the services over it: the building blocks shared by the service
 * ({@link createServices}) and the CLI commands that write or read records.
 * @param config - configuration.
 * @param logger - structured logger (store repairs are reported there).
 * @returns store, tokens and record service.
 */
export async function openServices(config: Config, logger?: Logger): Promise<StoreServices> {
  const store = await openStore(config, logger);
  const tokens = new TokenRegistry(store.database, config.adminToken);
  const records = new RecordService({ store, validator: new RecordValidator(), baseUrl: config.baseUrl, namePid: pidNamer(config.minting), openRegistration: config.workspace.openRegistration });
  return { store, tokens, records };
}
