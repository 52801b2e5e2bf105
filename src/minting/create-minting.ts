import type Database from 'better-sqlite3';
import type { MintingConfig } from '../config/index.js';
import type { ExportService } from '../exporters/index.js';
import type { Logger } from '../logging/index.js';
import type { RecordStore } from '../store/index.js';
import { MintingService } from './minting-service.js';
import type { AdoptPid, AuthorizeWrite } from './minting-service.js';
import { PidRegistry } from './pid-registry.js';
import type { ProviderFor } from './create-providers.js';
import { PidSync } from './pid-sync.js';

/** What {@link createMinting} builds over a store. */
export interface MintingParts {
  readonly registry: PidRegistry;
  /** The pusher; in the background only once started (the service starts it, the CLI flushes). */
  readonly sync: PidSync;
  readonly service: MintingService;
}

/** Dependencies of {@link createMinting}. */
export interface CreateMintingOptions {
  readonly minting: MintingConfig;
  /** The store's own database: the registry's table and cursor live beside the records and their revisions. */
  readonly database: Database.Database;
  readonly store: Pick<RecordStore, 'meta' | 'canonicalOf'>;
  /** RecordService.authorize: who may write a record may mint it. */
  readonly authorize: AuthorizeWrite;
  /** RecordService.adopt: a local IRI renamed to its new PID. */
  readonly adopt: AdoptPid;
  readonly exports: Pick<ExportService, 'export'>;
  readonly providerFor: ProviderFor;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
  readonly logger?: Logger;
  /** How often the pusher reads the log when nothing told it of a change (default 30 s). */
  readonly pollMs?: number;
}

/**
 * Builds the PID outbox over a store: the registry (its table and the revision consumer), the
 * pusher and the minting operations, which nudge the pusher. The service calls `sync.start()` and
 * `sync.nudge()` on every write, and `sync.close()` before the store closes; a command that mints
 * sends what is due with `sync.runOnce()`.
 * @param options - configuration, store, records, exports, providers.
 * @returns the parts.
 */
export function createMinting(options: CreateMintingOptions): MintingParts {
  const { minting } = options;
  const registry = new PidRegistry(options.database, minting);
  const sync = new PidSync({
    registry, store: options.store, exports: options.exports, providerFor: options.providerFor, baseUrl: options.baseUrl,
    maxAttempts: minting.maxAttempts, timeoutMs: minting.timeoutMs, retryBaseMs: minting.retryBaseMs,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const service = new MintingService({
    minting, registry, store: options.store, authorize: options.authorize, adopt: options.adopt, baseUrl: options.baseUrl,
    nudge: () => {
      sync.nudge();
    },
  });
  return { registry, sync, service };
}
