import { describe, expect, it } from 'vitest';
import { pidNamer } from '../../../src/app/pid-namer.js';
import type { DataciteAccount, HandleAccount, MintingConfig } from '../../../src/config/load-config.js';

const ECC = 'https://identifiers.org/RRID:SCR_999003';
const IGC = 'https://identifiers.org/RRID:SCR_999001';
const datacite = (prefix: string): DataciteAccount => ({ api: 'http://127.0.0.1:9', repository: 'R', password: 'p', prefix });
const handle: HandleAccount = { api: 'http://127.0.0.1:9', prefix: '21.T11998', user: '300:0.NA/21.T11998', password: 'p' };

function minting(overrides: Partial<MintingConfig>): MintingConfig {
  return { datacite: undefined, facilityDatacite: new Map(), handle: undefined, defaultProvider: 'datacite', maxAttempts: 3, timeoutMs: 1000, retryBaseMs: 1000, ...overrides };
}

const SUFFIX = '/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$';

describe('pidNamer', () => {
  it('is absent when minting is off.', () => {
    expect(pidNamer(undefined)).toBeUndefined();
  });

  it('names instances and configurations by a DOI under the service\'s prefix, or the facility\'s own.', () => {
    const name = pidNamer(minting({ datacite: datacite('10.5072'), facilityDatacite: new Map([[ECC, datacite('10.80123')]]) }));
    expect(name?.('instance', IGC)).toMatch(new RegExp(`^https://doi\\.org/10\\.5072${SUFFIX}`));
    expect(name?.('configuration', ECC)).toMatch(new RegExp(`^https://doi\\.org/10\\.80123${SUFFIX}`));
  });

  it('names them by a handle when handles are the default provider.', () => {
    const name = pidNamer(minting({ datacite: datacite('10.5072'), handle, defaultProvider: 'handle' }));
    expect(name?.('instance', IGC)).toMatch(new RegExp(`^https://hdl\\.handle\\.net/21\\.T11998${SUFFIX}`));
  });

  it('names no other kind, and no record of a facility no account mints for.', () => {
    const name = pidNamer(minting({ facilityDatacite: new Map([[ECC, datacite('10.80123')]]) }));
    expect(name?.('model', ECC)).toBeUndefined();
    expect(name?.('instance', IGC)).toBeUndefined();
  });
});
