import type { DataciteAccount, HandleAccount, MintingConfig } from '../config/index.js';
import type { ProviderName } from './pid-provider.js';

/** The account a facility's PIDs are minted and pushed with. */
export type MintingAccount =
  | { readonly provider: 'datacite'; readonly account: DataciteAccount }
  | { readonly provider: 'handle'; readonly account: HandleAccount };

/**
 * The account that mints for a facility: its own DataCite repository when it has one, else the
 * service's; the handle server for `handle`.
 * @param minting - the minting configuration.
 * @param facility - the facility IRI of the record (undefined for records of no facility).
 * @param provider - the provider asked for (default: the configured default provider).
 * @returns the account, or undefined when that provider is not configured for this facility.
 */
export function accountFor(minting: MintingConfig, facility: string | undefined, provider: ProviderName = minting.defaultProvider): MintingAccount | undefined {
  if (provider === 'handle') return minting.handle === undefined ? undefined : { provider, account: minting.handle };
  const own = facility === undefined ? undefined : minting.facilityDatacite.get(facility);
  const account = own ?? minting.datacite;
  return account === undefined ? undefined : { provider, account };
}

/**
 * Every prefix this service mints under, with its provider: a PID under one of them is registered here.
 * @param minting - the minting configuration.
 * @returns prefix → provider (DOI prefixes lower-cased).
 */
export function mintedPrefixes(minting: MintingConfig): Map<string, ProviderName> {
  const prefixes = new Map<string, ProviderName>();
  for (const account of [minting.datacite, ...minting.facilityDatacite.values()]) {
    if (account !== undefined) prefixes.set(account.prefix.toLowerCase(), 'datacite');
  }
  if (minting.handle !== undefined) prefixes.set(minting.handle.prefix, 'handle');
  return prefixes;
}
