import type { DataciteAccount, HandleAccount, MintingConfig } from '../config/index.js';
import { DataciteProvider } from './datacite-provider.js';
import { HandleProvider } from './handle-provider.js';
import { accountFor } from './minting-accounts.js';
import type { PidProvider, ProviderName } from './pid-provider.js';

/** The provider that registers a facility's PIDs with one authority, or undefined when it is not configured. */
export type ProviderFor = (facility: string | undefined, provider?: ProviderName) => PidProvider | undefined;

/**
 * The providers of a minting configuration: one per account (the service's DataCite repository,
 * each facility's own, the handle server), built on first use and kept, so that every push for an
 * account goes through the same provider.
 * @param minting - the minting configuration (PHD_DATACITE_*, PHD_HANDLE_*, PHD_PID_TIMEOUT_MS).
 * @returns facility (and provider asked for, default PHD_MINT_PROVIDER) → its provider.
 * @example
 * ```ts
 * const providerFor = createProviders(config.minting);
 * await providerFor(facilityIri)?.push(document, 'draft');
 * ```
 */
export function createProviders(minting: MintingConfig): ProviderFor {
  const built = new Map<DataciteAccount | HandleAccount, PidProvider>();
  const options = { timeoutMs: minting.timeoutMs };
  return (facility, provider) => {
    const found = accountFor(minting, facility, provider);
    if (found === undefined) return undefined;
    let made = built.get(found.account);
    if (made === undefined) {
      made = found.provider === 'datacite' ? new DataciteProvider(found.account, options) : new HandleProvider(found.account, options);
      built.set(found.account, made);
    }
    return made;
  };
}
