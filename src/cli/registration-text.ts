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
    registration.id, registration.provider, registration.target, registration.providerState ?? '-', registration.sync,
    String(registration.attempts), registration.nextAttemptAt ?? '-', error,
  ];
}
