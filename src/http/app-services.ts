import type { RequestHandler } from 'express';
import type { Config } from '../config/index.js';
import type { ExportService } from '../exporters/index.js';
import type { MicrometaImporter } from '../importers/index.js';
import type { OmeXmlImporter } from '../importers/index.js';
import type { Logger } from '../logging/index.js';
import type { PidMinting } from '../minting/index.js';
import type { PidService } from '../pid/index.js';
import type { QueryEngine } from '../query/index.js';
import type { RecordService } from '../records/index.js';
import type { SearchParams } from '../search/index.js';
import type { PeerSearchAnswer } from '../search/index.js';
import type { SearchService } from '../search/index.js';
import type { RecordStore } from '../store/index.js';
import type { TokenRegistry } from '../store/index.js';
import type { ClientLimiter } from './rate-limit.js';

/**
 * What the HTTP app serves: the services the composition root (app/create-services) builds, seen
 * through the roles the routes use. Defined here, below the composition, so http depends on no layer
 * above it.
 */
export interface AppServices {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: RecordStore;
  readonly tokens: TokenRegistry;
  readonly records: RecordService;
  readonly pids: PidService;
  /** The engine of /sparql: query workers over the embedded store, or the external store. */
  readonly query: QueryEngine;
  /** The engine of /federated/sparql: this instance and its peers. */
  readonly federated: QueryEngine;
  readonly search: SearchService;
  /** Asks the peers for a search (scope=federated); absent without peers. */
  readonly peerSearch: ((params: SearchParams, signal: AbortSignal) => Promise<PeerSearchAnswer[]>) | undefined;
  readonly imports: { readonly micrometa: MicrometaImporter; readonly omeXml: OmeXmlImporter };
  readonly exports: ExportService;
  /** The per-client limits (PHD_RATE_LIMIT, …; a limit of 0 is off). */
  readonly limits: ClientLimiter;
  /** Minting and syncing PIDs; undefined when no provider is configured (minting off). */
  readonly minting?: PidMinting | undefined;
  /** The web workspace's routes (sign-in, sessions, the pages for facility staff); mounted before the API's routes. */
  readonly workspace?: RequestHandler | undefined;
  /** @returns the facts /health adds to the store's counts. */
  readonly health: () => Record<string, unknown>;
}
