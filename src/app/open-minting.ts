import type { Config, MintingConfig } from '../config/index.js';
import { ExportService } from '../exporters/index.js';
import { loadNboqMapping } from '../importers/index.js';
import type { Logger } from '../logging/index.js';
import { createMinting, createProviders, MintingOffError } from '../minting/index.js';
import type { MintingParts, PidMinting } from '../minting/index.js';
import { openServices } from './open-services.js';
import type { StoreServices } from './open-services.js';

/** The minting operations a command runs on PHD_DATA_DIR, outside the service. */
export interface MintingSession {
  readonly minting: PidMinting;
  /**
   * Sends the pushes that are due now, once each, and waits for them: the CLI does before it exits,
   * so that what it minted or retried reaches the provider without the service. A push that fails
   * and may be retried stays due for the service's pusher.
   * @returns how many pushes were sent (whatever their outcome).
   */
  readonly flush: () => Promise<number>;
  /** Closes the store (after the push in flight, if any). */
  readonly close: () => Promise<void>;
}

/**
 * The PID outbox over the store's services, wired to the record service (who may write a record
 * may mint it; adopting a PID renames the record) and to the configured providers.
 * @param minting - the minting configuration.
 * @param services - the store, its record service.
 * @param exports - the DataCite and PIDINST exports the registered metadata is made of.
 * @param baseUrl - PHD_BASE_URL.
 * @param logger - where the pusher reports.
 * @returns the registry, the pusher (not started) and the minting operations.
 */
export function mintingOver(minting: MintingConfig, services: StoreServices, exports: ExportService, baseUrl: string, logger: Logger): MintingParts {
  const { store, records } = services;
  return createMinting({
    minting, database: store.database, store, exports, baseUrl, logger,
    authorize: (principal, record) => {
      records.authorize(principal, record);
    },
    adopt: (oldIri, newIri, principal) => records.adopt(oldIri, newIri, principal),
    providerFor: createProviders(minting),
  });
}

/**
 * Opens the store and the minting operations over it, with the pusher not running in the
 * background: the building block of `imaging-phd mint` and `imaging-phd pid`.
 * @param config - configuration; minting must be configured (a {@link MintingOffError} otherwise).
 * @param logger - structured logger.
 * @returns the session; close it.
 */
export async function openMinting(config: Config, logger: Logger): Promise<MintingSession> {
  if (config.minting === undefined) throw new MintingOffError();
  const services = await openServices(config, logger);
  const exports = new ExportService({ store: services.store, baseUrl: config.baseUrl, mapping: loadNboqMapping });
  const { sync, service } = mintingOver(config.minting, services, exports, config.baseUrl, logger.child('pids'));
  return {
    minting: service,
    flush: async () => (await sync.runOnce()).pushes.length,
    close: async () => {
      await sync.close();
      await services.store.close();
    },
  };
}
