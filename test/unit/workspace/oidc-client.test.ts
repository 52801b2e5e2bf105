import { describe, expect, it } from 'vitest';
import { nameOf, orcidOf } from '../../../src/workspace/oidc-client.js';

describe('orcidOf', () => {
  it('canonicalises a trusted orcid claim in any accepted spelling.', () => {
    expect(orcidOf('https://idp.example', { orcid: '0000-0002-1825-0097' }, true)).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(orcidOf('https://idp.example', { orcid: 'orcid:0000000218250097' }, true)).toBe('https://orcid.org/0000-0002-1825-0097');
  });

  it('ignores an orcid claim from a provider other than ORCID unless the operator trusts its claims.', () => {
    expect(orcidOf('https://idp.example', { orcid: '0000-0002-1825-0097' })).toBeUndefined();
    expect(orcidOf('https://idp.example', { orcid: '0000-0002-1825-0097' }, false)).toBeUndefined();
    // ORCID's iD is its subject; a claim beside it says nothing more.
    expect(orcidOf('https://orcid.org', { sub: 'not-an-id', orcid: '0000-0002-1825-0097' })).toBeUndefined();
  });

  it("takes ORCID's own subject as the ORCID iD, and no other issuer's.", () => {
    expect(orcidOf('https://orcid.org', { sub: '0000-0002-1825-0097' })).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(orcidOf('https://sandbox.orcid.org', { sub: '0000-0002-1825-0097' })).toBe('https://orcid.org/0000-0002-1825-0097');
    expect(orcidOf('https://idp.example', { sub: '0000-0002-1825-0097' })).toBeUndefined();
  });

  it('ignores an orcid claim that fails the checksum.', () => {
    expect(orcidOf('https://idp.example', { orcid: '0000-0002-1825-0098' }, true)).toBeUndefined();
  });
});

describe('nameOf', () => {
  it('takes name, else given and family names, else the subject.', () => {
    expect(nameOf({ name: ' Ada Lovelace ' }, 's')).toBe('Ada Lovelace');
    expect(nameOf({ given_name: 'Ada', family_name: 'Lovelace' }, 's')).toBe('Ada Lovelace');
    expect(nameOf({ family_name: 'Lovelace' }, 's')).toBe('Lovelace');
    expect(nameOf({}, 'subject-1')).toBe('subject-1');
  });
});
