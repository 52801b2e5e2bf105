import { describe, expect, it } from 'vitest';
import type { DataciteAccount, MintingConfig } from '../../../src/config/index.js';
import { DataciteProvider, HandleProvider, createProviders } from '../../../src/minting/index.js';

const SERVICE: DataciteAccount = { api: 'https://api.test.datacite.org', repository: 'PHD.SERVICE', password: 'service-secret', prefix: '10.5072' };
const OWN: DataciteAccount = { api: 'https://api.test.datacite.org', repository: 'PHD.ECC', password: 'ecc-secret', prefix: '10.80000' };
const ECC = 'https://identifiers.org/RRID:SCR_000001';

function minting(change: Partial<MintingConfig> = {}): MintingConfig {
  return {
    datacite: SERVICE,
    facilityDatacite: new Map([[ECC, OWN]]),
    handle: { api: 'https://handle.example.org:8000', prefix: '21.T11998', user: '300:21.T11998/ADMIN', password: 'handle-secret' },
    defaultProvider: 'datacite',
    maxAttempts: 8,
    retryBaseMs: 1000,
    timeoutMs: 10_000,
    ...change,
  };
}

describe('createProviders', () => {
  it('gives each account one provider, built once: the service repository, a facility\'s own, the handle server.', () => {
    const providerFor = createProviders(minting());
    const service = providerFor(undefined);
    expect(service).toBeInstanceOf(DataciteProvider);
    expect(service?.prefix).toBe('10.5072');
    expect(providerFor('https://identifiers.org/RRID:SCR_999999')).toBe(service);
    const own = providerFor(ECC);
    expect(own).toBeInstanceOf(DataciteProvider);
    expect(own?.prefix).toBe('10.80000');
    expect(providerFor(ECC)).toBe(own);
    const handles = providerFor(ECC, 'handle');
    expect(handles).toBeInstanceOf(HandleProvider);
    expect(handles?.prefix).toBe('21.T11998');
    expect(providerFor(undefined, 'handle')).toBe(handles);
  });

  it('answers undefined for a provider that is not configured, and follows the default provider.', () => {
    const handleOnly = createProviders(minting({ datacite: undefined, facilityDatacite: new Map(), defaultProvider: 'handle' }));
    expect(handleOnly(undefined, 'datacite')).toBeUndefined();
    expect(handleOnly(undefined)?.name).toBe('handle');
    expect(createProviders(minting({ handle: undefined }))(ECC, 'handle')).toBeUndefined();
  });
});
