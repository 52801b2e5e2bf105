import oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { SOLUTION_FORMATS } from '../../../src/query/result-formats.js';
import type { SparqlResults } from '../../../src/representation/sparql-json.js';
import { normalizeResults, writeResults } from '../../../src/query/sparql-results-writer.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DATA = `<http://ex/a> <http://ex/p> "comma, \\"quote\\" and\\nnewline\\ttab"@en-GB .
<http://ex/a> <http://ex/p> "42"^^<${XSD}integer> .
<http://ex/a> <http://ex/p> "1.4"^^<${XSD}decimal> .
<http://ex/a> <http://ex/p> "4.05E2"^^<${XSD}double> .
<http://ex/a> <http://ex/p> "true"^^<${XSD}boolean> .
<http://ex/a> <http://ex/p> "0100"^^<${XSD}integer> .
<http://ex/a> <http://ex/p> "2024-01-05"^^<${XSD}date> .
<http://ex/a> <http://ex/p> "a & <b>" .
_:node <http://ex/p> <http://ex/b?x=1&y=2> .
`;

function oxigraphStore(): oxigraph.Store {
  const store = new oxigraph.Store();
  store.load(DATA, { format: 'application/n-triples' });
  return store;
}

describe('writeResults', () => {
  const store = oxigraphStore();
  const queries = [
    'SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY STR(?o)',
    'SELECT * WHERE { ?s ?p ?o FILTER(false) }',
    'ASK { ?s ?p "42"^^<http://www.w3.org/2001/XMLSchema#integer> }',
    'ASK { ?s ?p "43" }',
  ];
  for (const format of SOLUTION_FORMATS) {
    it(`writes ${format.mediaType} byte for byte as the embedded engine does.`, () => {
      for (const query of queries) {
        const json = JSON.parse(store.query(query, { results_format: 'application/sparql-results+json' }) as string) as SparqlResults;
        const expected = store.query(query, { results_format: format.mediaType }) as string;
        expect(writeResults(normalizeResults(json), format.mediaType), `${query} as ${format.name}`).toBe(expected);
      }
    });
  }

  it('normalizes a store\'s SPARQL 1.0 typed-literal, xsd:string datatype and nodeID:// blank nodes.', () => {
    const virtuoso: SparqlResults = {
      head: { vars: ['n', 's', 'b'] },
      results: {
        bindings: [{
          n: { type: 'typed-literal', datatype: `${XSD}integer`, value: '3' },
          s: { type: 'literal', datatype: `${XSD}string`, value: 'x' },
          b: { type: 'bnode', value: 'nodeID://b10007' },
        }],
      },
    };
    expect(normalizeResults(virtuoso).results?.bindings[0]).toEqual({
      n: { type: 'literal', value: '3', datatype: `${XSD}integer` },
      s: { type: 'literal', value: 'x' },
      b: { type: 'bnode', value: 'b10007' },
    });
    expect(() => writeResults(normalizeResults(virtuoso), 'text/turtle')).toThrow(/no writer/);
  });

  it('keeps a variable named __proto__ as a binding, in every results format.', () => {
    const results = JSON.parse('{"head":{"vars":["__proto__"]},"results":{"bindings":[{"__proto__":{"type":"literal","value":"kept"}}]}}') as SparqlResults;
    const binding = normalizeResults(results).results?.bindings[0] ?? {};
    expect(Object.keys(binding)).toEqual(['__proto__']);
    expect(writeResults(normalizeResults(results), 'application/sparql-results+json')).toContain('"__proto__":{"type":"literal","value":"kept"}');
    expect(writeResults(normalizeResults(results), 'text/csv')).toBe('__proto__\r\nkept\r\n');
  });
});
