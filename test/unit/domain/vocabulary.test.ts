import { describe, expect, expectTypeOf, it } from 'vitest';
import { PREFIXES, sparqlPrefixes, vocabulary } from '../../../src/domain/namespaces.js';
import * as VOCABULARIES from '../../../src/domain/vocabulary.js';
import { NBOQ, PHD, RDF, XSD } from '../../../src/domain/vocabulary.js';

describe('The vocabulary constants', () => {
  it('map each local name to its namespace followed by that name.', () => {
    for (const [name, terms] of Object.entries(VOCABULARIES)) {
      const entries = Object.entries(terms as Readonly<Record<string, string>>);
      expect(entries.length, name).toBeGreaterThan(0);
      const namespace = entries[0]?.[1].slice(0, -(entries[0]?.[0].length ?? 0));
      for (const [local, iri] of entries) expect(iri, `${name}.${local}`).toBe(`${namespace}${local}`);
    }
  });

  it('use the namespaces of the shared prefix table.', () => {
    expect(RDF.type).toBe(`${PREFIXES.rdf}type`);
    expect(XSD.date).toBe('http://www.w3.org/2001/XMLSchema#date');
    expect(PHD.validFrom).toBe('https://w3id.org/imaging-phd/ns#validFrom');
    expect(NBOQ.schemaId).toBe('https://w3id.org/imaging-phd/nbo-q#schemaId');
  });

  it('cannot be changed at run time.', () => {
    expect(Object.isFrozen(PHD)).toBe(true);
    expect(() => { (PHD as Record<string, string>).validFrom = 'x'; }).toThrow(TypeError);
  });

  it('fail to compile a misspelt term.', () => {
    const terms = vocabulary('http://example.org/', ['a', 'b'] as const);
    expectTypeOf(terms).toEqualTypeOf<Readonly<Record<'a' | 'b', string>>>();
    // @ts-expect-error: `validfrom` is not a PHD term (it is `validFrom`).
    expect(PHD.validfrom).toBeUndefined();
  });
});

describe('sparqlPrefixes', () => {
  it('declares the given prefixes with the namespaces the code uses, one a line, in order.', () => {
    expect(sparqlPrefixes('rdfs', 'phd')).toBe(`PREFIX rdfs: <${PREFIXES.rdfs}>\nPREFIX phd: <${PREFIXES.phd}>\n`);
    expect(sparqlPrefixes()).toBe('');
  });
});
