import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidPidError } from '../../../src/errors/invalid-pid-error.js';
import {
  PID_IRI_PATTERNS,
  type Pid,
  type PidScheme,
  isPid,
  orcidCheckDigit,
  parsePid,
  pidFromIri,
  rorCheckDigits,
} from '../../../src/domain/pid.js';

/** Calls `parsePid` and returns the rule of the InvalidPidError it throws. */
function ruleOf(input: string, expected?: PidScheme | readonly PidScheme[]): string {
  try {
    parsePid(input, expected);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPidError);
    return (error as InvalidPidError).rule;
  }
  throw new Error(`parsePid accepted "${input}"`);
}

const VALID_RORS = [
  '03yrm5c26',
  '02mhbdp94',
  '05dxps055',
  '01an7q238',
  '04b08hq31',
  '00f54p054',
  '042nb2s44',
  '05a28rw58',
  '013meh722',
  '01ggx4157',
];

const VALID_ORCIDS = [
  '0000-0002-1825-0097',
  '0000-0001-5109-3700',
  '0000-0002-1694-233X',
  '0000-0003-1419-2405',
];

describe('parsePid', () => {
  describe('for RRIDs', () => {
    it('canonicalizes every RRID input form to one IRI.', () => {
      const forms = [
        'RRID:SCR_003070',
        'rrid:SCR_003070',
        'rrid:scr_003070',
        'https://scicrunch.org/resolver/RRID:SCR_003070',
        'http://scicrunch.org/resolver/RRID:SCR_003070',
        'https://identifiers.org/RRID:SCR_003070',
        'https://identifiers.org/rrid:SCR_003070',
        'https://identifiers.org/rrid/RRID:SCR_003070',
        '  RRID:SCR_003070\n',
      ];
      for (const form of forms) {
        const pid = parsePid(form);
        expect(pid, form).toEqual({
          scheme: 'rrid',
          id: 'SCR_003070',
          iri: 'https://identifiers.org/RRID:SCR_003070',
          curie: 'RRID:SCR_003070',
          input: form.trim(),
        });
      }
    });

    it('upper-cases the authority and keeps the local part as written.', () => {
      expect(parsePid('rrid:ab_2138153').id).toBe('AB_2138153');
      expect(parsePid('RRID:IMSR_JAX:000664').id).toBe('IMSR_JAX:000664');
      expect(parsePid('RRID:CVCL_0030').iri).toBe('https://identifiers.org/RRID:CVCL_0030');
      expect(parsePid('RRID:Addgene_44362').id).toBe('ADDGENE_44362');
      expect(parsePid('RRID:MGI_3840442-x').id).toBe('MGI_3840442-x');
    });

    it('refuses malformed RRIDs and SCR_ identifiers that are not all digits.', () => {
      for (const bad of ['RRID:', 'RRID:SCR003070', 'RRID:_003070', 'RRID:SCR_', 'RRID:SCR 003070',
        'RRID:AB_12/3', 'RRID:A1_123', 'RRID:SCR_003070a', 'RRID:SCR_00-3070', 'rrid:scr_abc']) {
        expect(ruleOf(bad), bad).toBe('rrid-syntax');
      }
    });

    it('does not guess an RRID without its RRID: prefix.', () => {
      expect(ruleOf('SCR_003070')).toBe('unknown-scheme');
    });
  });

  describe('for ROR IDs', () => {
    it('accepts ROR IDs whose check digits match.', () => {
      for (const ror of VALID_RORS) {
        expect(parsePid(ror).iri, ror).toBe(`https://ror.org/${ror}`);
      }
    });

    it('canonicalizes every ROR input form to one IRI.', () => {
      const forms = ['03yrm5c26', '03YRM5C26', 'ror:03yrm5c26', 'ROR:03yrm5c26', 'ror.org/03yrm5c26',
        'https://ror.org/03yrm5c26', 'http://ror.org/03yrm5c26', 'HTTPS://ROR.ORG/03YRM5C26', ' 03yrm5c26 '];
      for (const form of forms) {
        expect(parsePid(form), form).toEqual({
          scheme: 'ror',
          id: '03yrm5c26',
          iri: 'https://ror.org/03yrm5c26',
          curie: 'ror:03yrm5c26',
          input: form.trim(),
        });
      }
    });

    it('refuses ROR IDs with wrong check digits.', () => {
      for (const bad of ['03yrm5c27', '03yrm5c62', '02mhbdp95', 'https://ror.org/05dxps056', '04b08hq13']) {
        expect(ruleOf(bad), bad).toBe('ror-checksum');
      }
    });

    it('refuses ROR IDs that break the syntax.', () => {
      for (const bad of ['ror:13yrm5c26', 'ror:03yrm5c2', '03yrm5c2a', 'ror:03yrm5c266', 'ror:03ylm5c26', 'ror:03yrm5ci6',
        'ror:0ouyrm526', 'ror:03yrm5cab', 'https://ror.org/', 'ror.org/03yrm5c26/']) {
        expect(ruleOf(bad), bad).toBe('ror-syntax');
      }
    });

    it('builds valid ROR IDs with rorCheckDigits.', () => {
      for (const middle of ['000000', 'zzzzzz', 'abcdef', '123456', 'yrm5c2', 'x7k9pq']) {
        const ror = `0${middle}${rorCheckDigits(middle)}`;
        expect(parsePid(ror).id).toBe(ror);
      }
    });
  });

  describe('for ORCID iDs', () => {
    it('accepts ORCID iDs whose check character matches.', () => {
      for (const orcid of VALID_ORCIDS) {
        expect(parsePid(orcid).iri, orcid).toBe(`https://orcid.org/${orcid}`);
      }
    });

    it('canonicalizes every ORCID input form to one IRI.', () => {
      const forms = ['0000-0002-1825-0097', '0000000218250097', 'orcid:0000-0002-1825-0097',
        'ORCID:0000000218250097', 'https://orcid.org/0000-0002-1825-0097', 'http://orcid.org/0000-0002-1825-0097',
        'orcid.org/0000-0002-1825-0097', 'HTTPS://ORCID.ORG/0000-0002-1825-0097', '\t0000-0002-1825-0097 '];
      for (const form of forms) {
        expect(parsePid(form), form).toEqual({
          scheme: 'orcid',
          id: '0000-0002-1825-0097',
          iri: 'https://orcid.org/0000-0002-1825-0097',
          curie: 'orcid:0000-0002-1825-0097',
          input: form.trim(),
        });
      }
    });

    it('normalizes a lower-case x check character to X.', () => {
      expect(parsePid('0000-0002-1694-233x').id).toBe('0000-0002-1694-233X');
      expect(parsePid('https://orcid.org/000000021694233x').iri).toBe('https://orcid.org/0000-0002-1694-233X');
    });

    it('refuses ORCID iDs with a wrong check character.', () => {
      for (const bad of ['0000-0002-1825-0098', '0000-0002-1825-009X', '0000-0002-1694-2330',
        'orcid:0000-0002-1852-0097', '0000000218250098']) {
        expect(ruleOf(bad), bad).toBe('orcid-checksum');
      }
    });

    it('refuses ORCID iDs that break the syntax.', () => {
      for (const bad of ['0000-0002-1825-009', '0000-0002-1825-00977', '0000-00021825-0097', '0000 0002 1825 0097',
        'orcid:0000-0002-1825-00X7', 'https://orcid.org/0000-0002-1825-009Y', 'orcid:', 'orcid:00000002182500X7']) {
        expect(ruleOf(bad), bad).toBe('orcid-syntax');
      }
    });

    it('computes check characters with orcidCheckDigit.', () => {
      expect(orcidCheckDigit('000000021825009')).toBe('7');
      expect(orcidCheckDigit('0000-0002-1825-009')).toBe('7');
      expect(orcidCheckDigit('000000021694233')).toBe('X');
      expect(() => orcidCheckDigit('00000002182500')).toThrow(RangeError);
      expect(() => orcidCheckDigit('00000002182500a')).toThrow(RangeError);
    });
  });

  describe('for DOIs', () => {
    it('keeps an escape that is not valid UTF-8 as written.', () => {
      const pid = parsePid('10.1234/a%C3b');
      expect(pid.id).toBe('10.1234/a%c3b');
      expect(pid.iri).toBe('https://doi.org/10.1234/a%25c3b');
    });

    it('canonicalizes every DOI input form to one lower-cased IRI.', () => {
      const forms = ['10.1234/abc', '10.1234/ABC', 'doi:10.1234/abc', 'DOI:10.1234/Abc', 'info:doi/10.1234/abc',
        'https://doi.org/10.1234/ABC', 'http://doi.org/10.1234/abc', 'https://dx.doi.org/10.1234/abc',
        'http://dx.doi.org/10.1234/abc', 'doi.org/10.1234/abc', 'https://doi.org/10.1234%2Fabc', ' 10.1234/abc '];
      for (const form of forms) {
        expect(parsePid(form), form).toEqual({
          scheme: 'doi',
          id: '10.1234/abc',
          iri: 'https://doi.org/10.1234/abc',
          curie: 'doi:10.1234/abc',
          input: form.trim(),
        });
      }
    });

    it('lower-cases ASCII letters only.', () => {
      expect(parsePid('10.5281/ZENODO.1234567').id).toBe('10.5281/zenodo.1234567');
      expect(parsePid('10.1234/ÄBC').id).toBe('10.1234/Äbc');
    });

    it('percent-decodes the input exactly once.', () => {
      expect(parsePid('doi:10.1000%2Fxyz').id).toBe('10.1000/xyz');
      expect(parsePid('doi%3A10.1000%2FXYZ').iri).toBe('https://doi.org/10.1000/xyz');
      expect(parsePid('10.1000/caf%C3%A9').id).toBe('10.1000/café');
      expect(ruleOf('doi:10.1000%252Fxyz')).toBe('doi-syntax');
      const twice = parsePid('doi:10.1000/x%252Fy');
      expect(twice.id).toBe('10.1000/x%2fy');
      expect(twice.iri).toBe('https://doi.org/10.1000/x%252fy');
    });

    it('keeps a literal % that is not an escape.', () => {
      const pid = parsePid('10.1234/50%off');
      expect(pid.id).toBe('10.1234/50%off');
      expect(pid.iri).toBe('https://doi.org/10.1234/50%25off');
    });

    it('percent-encodes characters that an IRI may not contain.', () => {
      const sici = '10.1002/(SICI)1097-4636(199706)35:4<419::AID-JBM1>3.0.CO;2-M';
      const pid = parsePid(`doi:${sici}`);
      expect(pid.id).toBe(sici.toLowerCase());
      expect(pid.iri).toBe('https://doi.org/10.1002/(sici)1097-4636(199706)35:4%3C419::aid-jbm1%3E3.0.co;2-m');
      expect(parsePid(pid.iri).iri).toBe(pid.iri);
      expect(parsePid('10.1234/a#b?c[d]"e"{f}|g\\h^i`j').iri)
        .toBe('https://doi.org/10.1234/a%23b%3Fc%5Bd%5D%22e%22%7Bf%7D%7Cg%5Ch%5Ei%60j');
    });

    it('accepts suffixes with slashes and punctuation.', () => {
      expect(parsePid('10.1000/a/b/c').id).toBe('10.1000/a/b/c');
      expect(parsePid('10.123456789/x').id).toBe('10.123456789/x');
    });

    it('refuses DOIs that break the syntax.', () => {
      for (const bad of ['10.123/abc', '10.1234567890/abc', '10.1234/', '10.1234', '10.1234/a b', 'doi:11.1234/abc',
        'doi:', 'https://doi.org/', 'https://doi.org/21.T11998/abc', '10.1234/a%20b', '10.1234/a\u0001b', 'doi:10.12a4/x',
        'info:doi/10.1234']) {
        expect(ruleOf(bad), bad).toBe('doi-syntax');
      }
    });
  });

  describe('for handles', () => {
    it('canonicalizes every handle input form to one IRI.', () => {
      const forms = ['hdl:21.T11998/0000-001A-3905-F', 'HDL:21.T11998/0000-001A-3905-F',
        'https://hdl.handle.net/21.T11998/0000-001A-3905-F', 'http://hdl.handle.net/21.T11998/0000-001A-3905-F',
        'hdl.handle.net/21.T11998/0000-001A-3905-F', 'hdl:21.T11998%2F0000-001A-3905-F'];
      for (const form of forms) {
        expect(parsePid(form), form).toEqual({
          scheme: 'handle',
          id: '21.T11998/0000-001A-3905-F',
          iri: 'https://hdl.handle.net/21.T11998/0000-001A-3905-F',
          curie: 'hdl:21.T11998/0000-001A-3905-F',
          input: form.trim(),
        });
      }
    });

    it('keeps a DOI written as a handle a handle, with its case.', () => {
      const pid = parsePid('hdl:10.1234/ABC');
      expect(pid.scheme).toBe('handle');
      expect(pid.iri).toBe('https://hdl.handle.net/10.1234/ABC');
      expect(parsePid('https://hdl.handle.net/10.1234/abc').scheme).toBe('handle');
    });

    it('allows slashes in the suffix.', () => {
      expect(parsePid('hdl:20.500.12345/a/b').iri).toBe('https://hdl.handle.net/20.500.12345/a/b');
    });

    it('refuses handles without a prefix, a suffix or with spaces.', () => {
      for (const bad of ['hdl:', 'hdl:21.T11998', 'hdl:/abc', 'hdl:21.T11998/', 'hdl:21.T11998/a b',
        'https://hdl.handle.net/21.T11998', 'hdl:21.T11998%2F', 'hdl:21 T11998/abc']) {
        expect(ruleOf(bad), bad).toBe('handle-syntax');
      }
    });

    it('does not guess a handle without its prefix.', () => {
      expect(ruleOf('21.T11998/0000-001A-3905-F')).toBe('unknown-scheme');
      expect(() => parsePid('21.T11998/0000-001A-3905-F')).toThrow(/hdl:prefix\/suffix/);
    });
  });

  describe('for unknown input', () => {
    it('refuses strings of no known scheme.', () => {
      for (const bad of ['', '   ', 'hello', 'abc/def', 'urn:isbn:0451450523', 'https://example.org/10.1234/abc',
        'ark:/13030/tf5p30086k', '1234', 'pmid:123456']) {
        expect(ruleOf(bad), JSON.stringify(bad)).toBe('unknown-scheme');
      }
    });

    it('says what a valid PID looks like.', () => {
      expect(() => parsePid('hello')).toThrow(/RRID:SCR_003070.*03yrm5c26.*0000-0002-1825-0097.*10\.1234\/abc.*hdl:/s);
    });
  });

  describe('with an expected scheme', () => {
    it('accepts a PID of the expected scheme or schemes.', () => {
      expect(parsePid('10.1234/abc', 'doi').scheme).toBe('doi');
      expect(parsePid('hdl:21.T11998/abc', ['doi', 'handle']).scheme).toBe('handle');
      expect(parsePid('10.1234/abc', []).scheme).toBe('doi');
    });

    it('refuses a PID of another scheme as unexpected-scheme.', () => {
      expect(ruleOf('10.1234/abc', 'orcid')).toBe('unexpected-scheme');
      expect(ruleOf('RRID:SCR_003070', ['ror', 'orcid'])).toBe('unexpected-scheme');
      expect(() => parsePid('10.1234/abc', ['orcid', 'ror'])).toThrow(/is a DOI, but an ORCID iD .* or a ROR ID .* is expected/);
    });

    it('reports the scheme mismatch before the syntax of the identifier.', () => {
      expect(ruleOf('doi:not-a-doi', 'orcid')).toBe('unexpected-scheme');
    });

    it('still reports broken rules of the expected scheme.', () => {
      expect(ruleOf('0000-0002-1825-0098', 'orcid')).toBe('orcid-checksum');
      expect(ruleOf('nonsense', 'orcid')).toBe('unknown-scheme');
    });
  });

  describe('errors', () => {
    it('carry the rule, the input and a 400 status.', () => {
      let caught: unknown;
      try {
        parsePid(' orcid:0000-0002-1825-0098 ');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidPidError);
      const error = caught as InvalidPidError;
      expect(error.rule).toBe('orcid-checksum');
      expect(error.input).toBe(' orcid:0000-0002-1825-0098 ');
      expect(error.status).toBe(400);
      expect(error.details).toEqual({ pid: ' orcid:0000-0002-1825-0098 ', rule: 'orcid-checksum' });
      expect(error.message).toContain('0000-0002-1825-0097');
    });
  });

  it('is idempotent on its own canonical IRIs and CURIEs.', () => {
    const inputs = ['RRID:ab_2138153', ...VALID_RORS, ...VALID_ORCIDS, '10.1234/ABC', '10.1234/50%off',
      '10.1002/(SICI)1097-4636(199706)35:4<419::AID-JBM1>3.0.CO;2-M', 'hdl:21.T11998/0000-001A-3905-F',
      'hdl:20.500.1/a%25b#c'];
    for (const input of inputs) {
      const pid = parsePid(input);
      expect(parsePid(pid.iri).iri, input).toBe(pid.iri);
      expect(parsePid(pid.iri).id, input).toBe(pid.id);
      expect(pidFromIri(pid.iri)?.id, input).toBe(pid.id);
    }
  });

  it('returns a frozen value.', () => {
    expect(Object.isFrozen(parsePid('10.1234/abc'))).toBe(true);
  });

  it('has the documented types.', () => {
    expectTypeOf(parsePid).parameters.toEqualTypeOf<[string, (PidScheme | readonly PidScheme[])?]>();
    expectTypeOf(parsePid).returns.toEqualTypeOf<Pid>();
    expectTypeOf<Pid['scheme']>().toEqualTypeOf<'rrid' | 'ror' | 'orcid' | 'doi' | 'handle'>();
    expectTypeOf(pidFromIri).returns.toEqualTypeOf<Pid | undefined>();
    expectTypeOf(PID_IRI_PATTERNS).toEqualTypeOf<Readonly<Record<PidScheme, string>>>();
  });
});

describe('isPid', () => {
  it('tells valid PIDs from invalid ones.', () => {
    expect(isPid('0000-0002-1825-0097')).toBe(true);
    expect(isPid('0000-0002-1825-0098')).toBe(false);
    expect(isPid('ror.org/03yrm5c26')).toBe(true);
    expect(isPid('hello')).toBe(false);
  });

  it('honours an expected scheme.', () => {
    expect(isPid('10.1234/abc', 'doi')).toBe(true);
    expect(isPid('10.1234/abc', ['orcid'])).toBe(false);
  });
});

describe('pidFromIri', () => {
  it('recognizes the canonical IRI of each scheme.', () => {
    expect(pidFromIri('https://identifiers.org/RRID:SCR_003070')?.curie).toBe('RRID:SCR_003070');
    expect(pidFromIri('https://ror.org/03yrm5c26')?.scheme).toBe('ror');
    expect(pidFromIri('https://orcid.org/0000-0002-1825-0097')?.id).toBe('0000-0002-1825-0097');
    expect(pidFromIri('https://doi.org/10.1234/abc')?.curie).toBe('doi:10.1234/abc');
    expect(pidFromIri('https://hdl.handle.net/21.T11998/0000-001A-3905-F')?.scheme).toBe('handle');
    expect(pidFromIri('https://doi.org/10.1234/abc')?.input).toBe('https://doi.org/10.1234/abc');
  });

  it('returns undefined for non-canonical, invalid or foreign IRIs.', () => {
    for (const iri of [
      'https://doi.org/10.1234/ABC',
      'http://doi.org/10.1234/abc',
      'https://dx.doi.org/10.1234/abc',
      'https://doi.org/10.1234%2Fabc',
      'https://orcid.org/0000000218250097',
      'https://orcid.org/0000-0002-1825-0098',
      'https://ror.org/03yrm5c27',
      'https://ror.org/03YRM5C26',
      'https://identifiers.org/rrid:SCR_003070',
      'https://identifiers.org/RRID:scr_003070',
      'https://scicrunch.org/resolver/RRID:SCR_003070',
      'https://doi.org/10.1234/a%3cb',
      'http://localhost:3000/id/facility/abc',
      'https://example.org/',
      '',
    ]) {
      expect(pidFromIri(iri), iri).toBeUndefined();
    }
  });
});

describe('rorCheckDigits', () => {
  it('computes the ISO 7064 MOD 97-10 check digits of a ROR ID.', () => {
    for (const ror of VALID_RORS) {
      expect(rorCheckDigits(ror.slice(1, 7)), ror).toBe(ror.slice(7));
    }
    expect(rorCheckDigits('3YRM5C')).toBe('26');
  });

  it('zero-pads single-digit results.', () => {
    const results = new Set<string>();
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    for (let n = 0; n < 1024; n++) {
      results.add(rorCheckDigits(`0000${alphabet.charAt(n >> 5)}${alphabet.charAt(n & 31)}`));
    }
    for (const digits of results) {
      expect(digits).toMatch(/^[0-9]{2}$/);
    }
    expect([...results].some((digits) => digits.startsWith('0'))).toBe(true);
  });

  it('refuses input outside the ROR alphabet.', () => {
    expect(() => rorCheckDigits('3yrm5')).toThrow(RangeError);
    expect(() => rorCheckDigits('3yrl5c')).toThrow(RangeError);
  });
});

describe('PID_IRI_PATTERNS', () => {
  const schemes: readonly PidScheme[] = ['rrid', 'ror', 'orcid', 'doi', 'handle'];
  const canonical: Readonly<Record<PidScheme, readonly string[]>> = {
    rrid: ['RRID:SCR_003070', 'RRID:AB_2138153', 'RRID:IMSR_JAX:000664', 'RRID:S_1', 'RRID:SC_x', 'RRID:SCRX_a',
      'RRID:SCA_a', 'RRID:TCR_a', 'RRID:SDR_a', 'RRID:CVCL_0030'].map((s) => parsePid(s).iri),
    ror: VALID_RORS.map((s) => parsePid(s).iri),
    orcid: VALID_ORCIDS.map((s) => parsePid(s).iri),
    doi: ['10.1234/abc', '10.1002/(SICI)1097-4636(199706)35:4<419::AID-JBM1>3.0.CO;2-M', '10.1234/50%off',
      '10.1234/a#b?c[d]"e"{f}|g\\h^i`j', '10.1234/café'].map((s) => parsePid(s).iri),
    handle: ['hdl:21.T11998/0000-001A-3905-F', 'hdl:10.1234/ABC', 'hdl:20.500.1/a/b', 'hdl:1/a%25b#c'].map((s) => parsePid(s).iri),
  };
  const nearMisses: Readonly<Record<PidScheme, readonly string[]>> = {
    rrid: ['https://identifiers.org/RRID:SCR_abc', 'https://identifiers.org/RRID:SCR_', 'https://identifiers.org/rrid:SCR_003070',
      'https://identifiers.org/RRID:scr_003070', 'http://identifiers.org/RRID:SCR_003070', 'https://identifiers.org/RRID:AB 1',
      'https://identifiers.org/RRID:AB_1/2', 'https://identifiersXorg/RRID:SCR_003070', 'https://identifiers.org/RRID:SCR_003070 '],
    ror: ['https://ror.org/03yrm5c2', 'https://ror.org/13yrm5c26', 'https://ror.org/03YRM5C26', 'https://ror.org/03ylm5c26',
      'http://ror.org/03yrm5c26', 'https://ror.org/03yrm5c26/', 'https://rorXorg/03yrm5c26'],
    orcid: ['https://orcid.org/0000000218250097', 'https://orcid.org/0000-0002-1825-009x', 'https://orcid.org/0000-0002-1825-009',
      'http://orcid.org/0000-0002-1825-0097', 'https://orcid.org/0000-0002-1825-0097/'],
    doi: ['https://doi.org/10.1234/ABC', 'https://doi.org/10.123/abc', 'https://doi.org/10.1234/', 'https://doi.org/10.1234/a b',
      'https://doi.org/10.1234/a<b', 'https://doi.org/10.1234/a#b', 'https://doi.org/10.1234/a%3cb', 'https://doi.org/10.1234/a%zz',
      'https://dx.doi.org/10.1234/abc', 'http://doi.org/10.1234/abc', 'https://doi.org/11.1234/abc'],
    handle: ['https://hdl.handle.net/21.T11998', 'https://hdl.handle.net/21.T11998/', 'https://hdl.handle.net//abc',
      'https://hdl.handle.net/21.T11998/a b', 'https://hdl.handle.net/21.T11998/a<b', 'http://hdl.handle.net/21.T11998/abc',
      'https://hdl.handle.net/21.T11998/a%2'],
  };

  it('uses only regex features shared by XPath and ECMAScript.', () => {
    for (const scheme of schemes) {
      const source = PID_IRI_PATTERNS[scheme];
      expect(source.startsWith('^') && source.endsWith('$'), scheme).toBe(true);
      expect(source, scheme).not.toMatch(/\\d|\(\?|\\[bBwW]/);
      expect(() => new RegExp(source, 'u'), scheme).not.toThrow();
    }
  });

  it('accepts the canonical IRIs of its scheme.', () => {
    for (const scheme of schemes) {
      for (const iri of canonical[scheme]) {
        expect(new RegExp(PID_IRI_PATTERNS[scheme]).test(iri), iri).toBe(true);
        expect(new RegExp(PID_IRI_PATTERNS[scheme], 'u').test(iri), iri).toBe(true);
      }
    }
  });

  it('rejects near-misses and the IRIs of other schemes.', () => {
    for (const scheme of schemes) {
      const pattern = new RegExp(PID_IRI_PATTERNS[scheme]);
      for (const iri of nearMisses[scheme]) {
        expect(pattern.test(iri), iri).toBe(false);
      }
      for (const other of schemes.filter((s) => s !== scheme)) {
        for (const iri of canonical[other]) {
          expect(pattern.test(iri), `${scheme} vs ${iri}`).toBe(false);
        }
      }
    }
  });
});
