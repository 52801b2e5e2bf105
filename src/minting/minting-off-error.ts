import { PhdError } from '../errors/index.js';

/** The variables that turn minting on: a DataCite repository, a handle server, or both. */
export const MINTING_ENV = {
  datacite: ['PHD_DATACITE_API', 'PHD_DATACITE_REPOSITORY', 'PHD_DATACITE_PASSWORD', 'PHD_DATACITE_PREFIX'],
  handle: ['PHD_HANDLE_API', 'PHD_HANDLE_PREFIX', 'PHD_HANDLE_USER', 'PHD_HANDLE_PASSWORD'],
} as const;

/**
 * A minting operation asked of a service that has no provider configured. The message names the
 * variables that turn minting on, so the operator knows what to set. 409 for the operations
 * (minting, publishing, retrying, listing: they conflict with the service's configuration), 404 for
 * the registration of one record (there is none: nothing is registered while minting is off).
 */
export class MintingOffError extends PhdError {
  /** @param status - 409 for an operation, 404 for a registration asked for. */
  public constructor(status: 404 | 409 = 409) {
    super(status, 'minting-off',
      `PID minting is not configured on this service. Set ${MINTING_ENV.datacite.join(', ')} (DataCite DOIs) ` +
      `or ${MINTING_ENV.handle.join(', ')} (handles), then restart the service.`,
      { details: { env: MINTING_ENV } });
  }
}
