import type { Config } from '../config/index.js';
import { MintingOffError } from '../minting/index.js';
import type { PidMinting } from '../minting/index.js';
import type { Logger } from '../logging/index.js';

/** The minting operations a command runs on PHD_DATA_DIR, outside the service. */
export interface MintingSession {
  readonly minting: PidMinting;
  /**
   * Sends the pushes that are due now, once each, and waits for them (the CLI does, before it
   * exits, so that what it minted or retried reaches the provider without the service).
   */
  readonly flush: () => Promise<void>;
  /** Closes the store. */
  readonly close: () => Promise<void>;
}

/**
 * Opens the store and the minting service over it, without the background pusher: the building
 * block of `imaging-phd mint` and `imaging-phd pid`.
 * @param config - configuration; minting must be configured.
 * @param logger - structured logger.
 * @returns the session; close it.
 */
export async function openMinting(config: Config, logger: Logger): Promise<MintingSession> {
  if (config.minting === undefined) throw new MintingOffError();
  logger.debug({}, "opening the minting service");
  return Promise.reject(new Error('the minting service is not built yet'));
}
