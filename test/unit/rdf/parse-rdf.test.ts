import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors/phd-error.js';
import { ownContexts } from '../../../src/pid/context.js';
import { parseRdf } from '../../../src/rdf/parse-rdf.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const BASE = 'http://phd.test';

/** The object literals of a JSON-LD node's one property, as lexical form and datatype. */
async function literals(value: unknown): Promise<string[]> {
  const quads = await parseRdf(JSON.stringify({ '@id': 'https://example.org/s', 'https://example.org/p': value }), 'json-ld');
  return quads.map((q) => `${q.object.value}^^${q.object.termType === 'Literal' ? q.object.datatype.value.replace(XSD, 'xsd:') : ''}`).sort();
}

describe('parseRdf on JSON-LD', () => {
  it('keeps the value of an xsd:double written as a string (jsonld would write 8.500000000000001E-2).', async () => {
    expect(await literals({ '@value': '8.5E-2', '@type': `${XSD}double` })).toEqual(['8.5E-2^^xsd:double']);
  });

  it('writes JSON numbers that are not integers as xsd:double in their shortest spelling, 1e-7 included.', async () => {
    expect(await literals([0.085, 1e-7, 1.4])).toEqual(['1.0E-7^^xsd:double', '1.4E0^^xsd:double', '8.5E-2^^xsd:double']);
    expect(await literals([63, { '@value': 63, '@type': `${XSD}double` }])).toEqual(['6.3E1^^xsd:double', '63^^xsd:integer']);
  });

  it('leaves rdf:JSON literals and other datatypes as jsonld writes them.', async () => {
    expect(await literals({ '@value': { a: 0.085 }, '@type': '@json' })).toEqual(['{"a":0.085}^^http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON']);
    expect(await literals({ '@value': '1.50', '@type': `${XSD}decimal` })).toEqual(['1.50^^xsd:decimal']);
  });

  it('resolves the service\'s own context from memory.', async () => {
    const quads = await parseRdf(JSON.stringify({ '@context': `${BASE}/context.jsonld`, id: 'https://orcid.org/0000-0002-1825-0097', type: 'Person', name: 'Josiah' }), 'json-ld', { contexts: ownContexts(BASE) });
    expect(quads.map((q) => q.predicate.value).sort()).toEqual(['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://schema.org/name']);
  });

  it('refuses any other remote context with a ParseError naming its URL and the service\'s own.', async () => {
    for (const context of ['https://schema.org/', `${BASE}/other.jsonld`, [`${BASE}/context.jsonld`, { '@import': 'https://example.org/ctx' }]]) {
      const parsing = parseRdf(JSON.stringify({ '@context': context, '@id': 'https://example.org/s' }), 'json-ld', { contexts: ownContexts(BASE), source: 'request body' });
      await expect(parsing).rejects.toBeInstanceOf(ParseError);
      await expect(parsing).rejects.toThrow(/remote context (https:\/\/schema\.org\/|http:\/\/phd\.test\/other\.jsonld|https:\/\/example\.org\/ctx)[^]*http:\/\/phd\.test\/context\.jsonld/);
    }
  });
});
