import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { unservableTerm } from '../../../src/rdf/servable-terms.js';

const { namedNode, literal, quad } = N3.DataFactory;

/** The problem unservableTerm finds in one triple whose subject is the IRI. */
function problemOf(iri: string): string | undefined {
  return unservableTerm([quad(namedNode(iri), namedNode('http://purl.org/dc/terms/title'), literal('x'))])?.reason;
}

describe('unservableTerm', () => {
  it('refuses an IRI whose path holds a "." or ".." segment, as URL parsers remove them, in any spelling.', () => {
    for (const iri of [
      'https://doi.org/10.5072/lab/component/..', 'https://doi.org/10.5072/lab/component/.', 'https://doi.org/10.5072/lab/../x',
      'https://example.org/a/%2e%2E/b', 'https://example.org/a/.%2E?q=1', 'https://example.org/./#f',
    ]) expect(problemOf(iri), iri).toMatch(/"\." or "\.\." segment/);
  });

  it('accepts dots that are not whole path segments, and dot segments in the query or fragment.', () => {
    for (const iri of [
      'https://doi.org/10.5072/phd.ecc.sp8', 'https://example.org/a/..b/c.', 'https://example.org/a/...', 'https://example.org/a?x=/../',
      'https://example.org/a#/./', 'urn:example:..', 'https://example.org/a/%2e%2e%2e',
    ]) expect(problemOf(iri), iri).toBeUndefined();
  });
});
