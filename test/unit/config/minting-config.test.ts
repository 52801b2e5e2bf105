import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

const DATACITE = {
  PHD_DATACITE_API: 'https://api.test.datacite.org/',
  PHD_DATACITE_REPOSITORY: 'PHD.CORE',
  PHD_DATACITE_PASSWORD: 'datacite-secret-1',
  PHD_DATACITE_PREFIX: '10.5072',
};
const HANDLE = {
  PHD_HANDLE_API: 'https://hdl.example.org:8000',
  PHD_HANDLE_PREFIX: '21.T11998',
  PHD_HANDLE_USER: '300:0.NA/21.T11998',
  PHD_HANDLE_PASSWORD: 'handle-secret-1',
};

/** The message of what loadConfig throws for an environment. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig: PID minting', () => {
  it('is off when no provider is configured.', () => {
    expect(loadConfig({}).minting).toBeUndefined();
  });

  it('reads a DataCite repository, with the defaults of retries and time limits.', () => {
    const minting = loadConfig(DATACITE).minting;
    expect(minting?.datacite).toEqual({ api: 'https://api.test.datacite.org', repository: 'PHD.CORE', password: 'datacite-secret-1', prefix: '10.5072' });
    expect(minting?.handle).toBeUndefined();
    expect(minting?.defaultProvider).toBe('datacite');
    expect([minting?.maxAttempts, minting?.timeoutMs, minting?.retryBaseMs]).toEqual([8, 10_000, 5_000]);
  });

  it('reads a handle server, and makes it the default provider when it is the only one or when asked.', () => {
    expect(loadConfig(HANDLE).minting?.defaultProvider).toBe('handle');
    expect(loadConfig(HANDLE).minting?.handle?.prefix).toBe('21.T11998');
    expect(loadConfig({ ...DATACITE, ...HANDLE }).minting?.defaultProvider).toBe('datacite');
    expect(loadConfig({ ...DATACITE, ...HANDLE, PHD_MINT_PROVIDER: 'handle' }).minting?.defaultProvider).toBe('handle');
  });

  it('gives a facility its own DataCite repository, named by RRID or IRI, sharing the service API unless it names its own.', () => {
    const minting = loadConfig({
      ...DATACITE,
      PHD_DATACITE_FACILITIES: 'RRID:SCR_017246=ECC, https://phd.example/id/facility/igc=IGC',
      PHD_DATACITE_ECC_REPOSITORY: 'ECC.CORE', PHD_DATACITE_ECC_PASSWORD: 'ecc-secret-12', PHD_DATACITE_ECC_PREFIX: '10.80001',
      PHD_DATACITE_IGC_API: 'https://api.datacite.org', PHD_DATACITE_IGC_REPOSITORY: 'IGC.CORE', PHD_DATACITE_IGC_PASSWORD: 'igc-secret-12', PHD_DATACITE_IGC_PREFIX: '10.80002',
    }).minting;
    expect(minting?.facilityDatacite.get('https://identifiers.org/RRID:SCR_017246')).toEqual({ api: 'https://api.test.datacite.org', repository: 'ECC.CORE', password: 'ecc-secret-12', prefix: '10.80001' });
    expect(minting?.facilityDatacite.get('https://phd.example/id/facility/igc')?.api).toBe('https://api.datacite.org');
  });

  it('lets facilities have repositories on a shared API without a service repository.', () => {
    const minting = loadConfig({
      PHD_DATACITE_API: 'https://api.test.datacite.org', PHD_DATACITE_FACILITIES: 'RRID:SCR_017246=ECC',
      PHD_DATACITE_ECC_REPOSITORY: 'ECC.CORE', PHD_DATACITE_ECC_PASSWORD: 'ecc-secret-12', PHD_DATACITE_ECC_PREFIX: '10.80001',
    }).minting;
    expect(minting?.datacite).toBeUndefined();
    expect(minting?.facilityDatacite.size).toBe(1);
    expect(minting?.defaultProvider).toBe('datacite');
  });

  it('refuses an incomplete account, naming what is missing and never the password.', () => {
    const message = refusal({ ...DATACITE, PHD_DATACITE_PREFIX: '' });
    expect(message).toContain('PHD_DATACITE_PREFIX is not set');
    expect(message).not.toContain('datacite-secret-1');
    expect(refusal({ ...HANDLE, PHD_HANDLE_USER: '' })).toContain('PHD_HANDLE_USER is not set');
  });

  it('refuses credentials in a URL without repeating them, and what is not an http(s) URL.', () => {
    const message = refusal({ ...DATACITE, PHD_DATACITE_API: 'https://PHD.CORE:datacite-secret-1@api.test.datacite.org' });
    expect(message).toContain('not in the URL');
    expect(message).not.toContain('datacite-secret-1');
    expect(refusal({ ...HANDLE, PHD_HANDLE_API: 'ftp://hdl.example.org' })).toContain('is not an http(s) URL');
  });

  it('refuses a URL that does not parse without repeating it, since it may hold a password.', () => {
    const message = refusal({ ...DATACITE, PHD_DATACITE_API: 'https://PHD.CORE:datacite-secret-1@api.test datacite.org' });
    expect(message).not.toContain('datacite-secret-1');
    expect(message).toContain('PHD_DATACITE_API');
    expect(message).toContain('does not parse as a URL');
  });

  it('refuses a malformed prefix, provider, facility entry or retry count.', () => {
    expect(refusal({ ...DATACITE, PHD_DATACITE_PREFIX: '11.5072' })).toContain('is not a DOI prefix');
    expect(refusal({ ...HANDLE, PHD_HANDLE_PREFIX: '21.T11998/x' })).toContain('is not a handle prefix');
    expect(refusal({ ...DATACITE, PHD_MINT_PROVIDER: 'ark' })).toContain('neither datacite nor handle');
    expect(refusal({ ...DATACITE, PHD_MINT_PROVIDER: 'handle' })).toContain('PHD_HANDLE_* is not configured');
    expect(refusal({ PHD_MINT_PROVIDER: 'datacite' })).toContain('no provider is configured');
    expect(refusal({ ...DATACITE, PHD_DATACITE_FACILITIES: 'SCR_017246 ECC' })).toContain('entry 1 is not');
    expect(refusal({ ...DATACITE, PHD_DATACITE_FACILITIES: 'RRID:SCR_017246=ECC' })).toContain('PHD_DATACITE_ECC_REPOSITORY, _PASSWORD and _PREFIX are not set');
    expect(refusal({ ...DATACITE, PHD_PID_MAX_ATTEMPTS: '0' })).toContain('PHD_PID_MAX_ATTEMPTS=0');
  });
});
