import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/accounts/account-types.js';
import type { TokenInfo } from '../../../src/store/token-registry.js';
import { actorName } from '../../../src/workspace/actor-name.js';

const ADA: Person = { id: 'ada000000001', name: 'Ada <Lovelace>', orcid: undefined, issuer: undefined, subject: undefined, createdAt: '2026-01-01T00:00:00.000Z', disabledAt: undefined };
const people = { get: (id: string) => (id === ADA.id ? ADA : undefined) };
const token = (id: string, label: string | undefined, facility: string | undefined): TokenInfo =>
  ({ id, label, facility, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: undefined, revokedAt: undefined, createdBy: 'admin' });
const TOKENS = [token('tok000000001', 'microscope PC', 'https://identifiers.org/RRID:SCR_999001'), token('tok000000002', undefined, undefined)];

describe('actorName', () => {
  it('names a signed-in person by their name, and a person no longer known by their id.', () => {
    expect(actorName('person:ada000000001', people, TOKENS)).toBe('Ada <Lovelace>');
    expect(actorName('person:gone00000001', people, TOKENS)).toBe('a person no longer known (gone00000001)');
  });

  it('names an API token by its label and facility (or its id and "shared records only").', () => {
    expect(actorName('tok000000001', people, TOKENS)).toBe('API token microscope PC (https://identifiers.org/RRID:SCR_999001)');
    expect(actorName('tok000000001', people, TOKENS, () => 'Imaging core')).toBe('API token microscope PC (Imaging core)');
    expect(actorName('tok000000002', people, TOKENS)).toBe('API token tok000000002 (shared records only)');
  });

  it('hides a token\'s label from those who may not see it, naming only its facility.', () => {
    const shown = (facility: string | undefined) => facility === 'https://identifiers.org/RRID:SCR_999002';
    expect(actorName('tok000000001', people, TOKENS, () => 'Imaging core', shown)).toBe('an API token of Imaging core');
    expect(actorName('tok000000002', people, TOKENS, undefined, shown)).toBe('an API token for shared records only');
    expect(actorName('tok000000001', people, TOKENS, undefined, (f) => f === 'https://identifiers.org/RRID:SCR_999001')).toBe('API token microscope PC (https://identifiers.org/RRID:SCR_999001)');
  });

  it('names the administrator and the operator\'s tools in words, and shows any other actor as recorded.', () => {
    expect(actorName('admin', people, TOKENS)).toBe('Administrator');
    expect(actorName('seed', people, TOKENS)).toMatch(/sample data/);
    expect(actorName('import', people, TOKENS)).toMatch(/importer/);
    expect(actorName('load', people, TOKENS)).toMatch(/bulk load/);
    expect(actorName('peer-sync', people, TOKENS)).toBe('peer-sync');
  });
});
