import type { PidRegistration } from '../minting/index.js';

/** The columns of `imaging-phd pid status`, in order. */
export const REGISTRATION_COLUMNS = ['pid', 'provider', 'target', 'provider state', 'sync', 'attempts', 'next try', 'last error'] as const;

/**
 * One registration as the cells of a {@link REGISTRATION_COLUMNS} row (`-` for what is not known).
 * @param registration - the registration.
 * @returns the cells.
 */
export function registrationCells(registration: PidRegistration): string[] {
  const error = registration.lastError === undefined ? '-' : `${registration.lastStatus === undefined ? '' : `${registration.lastStatus} `}${registration.lastError}`;
  return [
    // A bare DOI is read back as a DOI; a bare handle is not (it could be anything), so it is shown with its scheme.
    registration.provider === 'handle' ? `hdl:${registration.id}` : registration.id, registration.provider, registration.target, registration.providerState ?? '-', registration.sync,
    String(registration.attempts), registration.nextAttemptAt ?? '-', error,
  ];
}
