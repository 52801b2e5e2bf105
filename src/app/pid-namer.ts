import type { MintingConfig } from '../config/index.js';
import type { RecordKind } from '../domain/index.js';
import { accountFor, newPidSuffix } from '../minting/index.js';

/** Names a new record by a PID: its full IRI, or undefined to keep the local `{base}/id/{kind}/{uuid}`. */
export type PidNamer = (kind: RecordKind, facility: string | undefined) => string | undefined;

/**
 * The namer of records born with their PID: with minting configured, a new instrument instance or
 * hardware configuration is named `https://doi.org/{prefix}/phd-xxxx-xxxx` (the facility's own
 * DataCite repository, else the service's) or `https://hdl.handle.net/{prefix}/phd-xxxx-xxxx` when
 * handles are the default provider. Other kinds, and facilities no account mints for, keep local IRIs.
 * @param minting - the minting configuration (undefined: minting off).
 * @returns the namer, or undefined when minting is off.
 */
export function pidNamer(minting: MintingConfig | undefined): PidNamer | undefined {
  if (minting === undefined) return undefined;
  return (kind, facility) => {
    if (kind !== 'instance' && kind !== 'configuration') return undefined;
    const minter = accountFor(minting, facility);
    if (minter === undefined) return undefined;
    // DOIs are case-insensitive and written lower case in their canonical IRI (domain parsePid).
    return minter.provider === 'datacite'
      ? `https://doi.org/${minter.account.prefix.toLowerCase()}/${newPidSuffix()}`
      : `https://hdl.handle.net/${minter.account.prefix}/${newPidSuffix()}`;
  };
}
