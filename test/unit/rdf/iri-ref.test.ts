import { describe, expect, it } from 'vitest';
import { iriRef, isIriRefSafe } from '../../../src/rdf/iri-ref.js';

describe('An IRI written into SPARQL', () => {
  it('is written as <iri> when IRIREF allows each of its characters.', () => {
    expect(isIriRefSafe('https://doi.org/10.5072/phd.ecc.sp8.v2#detector-1?x=ü')).toBe(true);
    expect(iriRef('https://ror.org/02catss52')).toBe('<https://ror.org/02catss52>');
  });

  it('is refused when it holds a character that could end the reference and inject query text.', () => {
    for (const bad of ['https://x.test/a> } ; DROP ALL ; <b', 'https://x.test/a b', 'https://x.test/"q"', 'https://x.test/{x}', 'https://x.test/a|b', 'https://x.test/a^b', 'https://x.test/a`b', 'https://x.test/a\\b', 'https://x.test/\u0000', 'https://x.test/\n']) {
      expect(isIriRefSafe(bad), JSON.stringify(bad)).toBe(false);
      expect(() => iriRef(bad)).toThrow(/not an IRI usable in SPARQL/);
    }
  });
});
