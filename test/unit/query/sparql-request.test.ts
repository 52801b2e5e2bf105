import sparqljs from 'sparqljs';
import type { SelectQuery } from 'sparqljs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BadRequestError, ParseError, PhdError } from '../../../src/errors/phd-error.js';
import { analyzeQuery } from '../../../src/query/sparql-request.js';
import type { AnalyzedQuery } from '../../../src/query/sparql-request.js';

function thrown(fn: () => unknown): PhdError {
  try {
    fn();
  } catch (error) {
    if (PhdError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function reparse(text: string): SelectQuery {
  return new sparqljs.Parser().parse(text) as SelectQuery;
}

describe('analyzeQuery', () => {
  it('has a typed result.', () => {
    expectTypeOf(analyzeQuery).returns.toEqualTypeOf<AnalyzedQuery>();
    expectTypeOf<AnalyzedQuery['type']>().toEqualTypeOf<'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE'>();
  });

  it('tells the four query forms apart.', () => {
    expect(analyzeQuery('SELECT * WHERE { ?s ?p ?o }').type).toBe('SELECT');
    expect(analyzeQuery('ASK { ?s ?p ?o }').type).toBe('ASK');
    expect(analyzeQuery('CONSTRUCT WHERE { ?s ?p ?o }').type).toBe('CONSTRUCT');
    expect(analyzeQuery('DESCRIBE <https://doi.org/10.5072/phd.ecc.sp8>').type).toBe('DESCRIBE');
  });

  it.each([
    'INSERT DATA { <http://a.example/s> <http://a.example/p> "o" }',
    'DELETE DATA { <http://a.example/s> <http://a.example/p> "o" }',
    'DELETE WHERE { ?s ?p ?o }',
    'PREFIX ex: <http://a.example/>\nDELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }',
    'LOAD <http://a.example/data.ttl>',
    'CLEAR ALL',
    'CREATE GRAPH <http://a.example/g>',
    'DROP GRAPH <http://a.example/g>',
    'COPY <http://a.example/a> TO <http://a.example/b>',
    'MOVE <http://a.example/a> TO <http://a.example/b>',
    'ADD <http://a.example/a> TO <http://a.example/b>',
    '# a comment\nINSERT DATA { <rel> <p> "needs a base" }',
  ])('refuses the update %j as read-only, pointing to /records.', (update) => {
    const error = thrown(() => analyzeQuery(update));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('update-refused');
    expect(error.message).toMatch(/read-only/);
    expect(error.message).toContain('/records');
  });

  it.each([
    ['at the top level', 'SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }'],
    ['SILENT inside OPTIONAL', 'SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://a.example/sparql> { ?s ?q ?r } } }'],
    ['inside a UNION of a sub-query', 'SELECT * WHERE { { SELECT ?s WHERE { { ?s ?p ?o } UNION { SERVICE <http://a.example/sparql> { ?s ?p ?o } } } } }'],
    ['inside FILTER EXISTS', 'ASK { ?s ?p ?o FILTER EXISTS { SERVICE <http://a.example/sparql> { ?s ?p ?o } } }'],
    ['in a CONSTRUCT', 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE ?endpoint { ?s ?p ?o } } }'],
    ['inside EXISTS in the projection', 'SELECT (EXISTS { SERVICE <http://169.254.169.254/> { ?s ?p ?o } } AS ?e) WHERE { }'],
    ['inside EXISTS in ORDER BY', 'SELECT ?s WHERE { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <http://a.example/sparql> { ?s ?p ?o } })'],
  ])('refuses SERVICE %s, pointing to /federated/sparql.', (_where, query) => {
    const error = thrown(() => analyzeQuery(query));
    expect(error.status).toBe(400);
    expect(error.code).toBe('service-refused');
    expect(error.message).toContain('/federated/sparql');
  });

  it('allows SERVICE only to the endpoints the federation names, anywhere in the query.', () => {
    const allowService = (endpoint: string) => endpoint === 'http://peer.example/sparql';
    expect(analyzeQuery('SELECT * WHERE { SERVICE <http://peer.example/sparql> { ?s ?p ?o } }', { allowService }).type).toBe('SELECT');
    expect(thrown(() => analyzeQuery('SELECT (EXISTS { SERVICE <http://evil.example/sparql> { ?s ?p ?o } } AS ?e) WHERE { }', { allowService })))
      .toMatchObject({ status: 400, code: 'service-refused', details: { service: 'http://evil.example/sparql' } });
    expect(thrown(() => analyzeQuery('SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }', { allowService }))).toMatchObject({ code: 'service-refused' });
  });

  it.each(['', '  \n', '# only a comment', 'PREFIX ex: <http://a.example/>'])('refuses %j as holding no query.', (text) => {
    expect(thrown(() => analyzeQuery(text))).toMatchObject({ status: 400, code: 'missing-query' });
  });

  it('returns the graphs named by FROM and FROM NAMED.', () => {
    const analyzed = analyzeQuery('SELECT * FROM <http://a.example/g1> FROM <http://a.example/g2> FROM NAMED <http://a.example/g3> WHERE { ?s ?p ?o } LIMIT 5', { maxResults: 10 });
    expect(analyzed.defaultGraphs).toEqual(['http://a.example/g1', 'http://a.example/g2']);
    expect(analyzed.namedGraphs).toEqual(['http://a.example/g3']);
    expect(analyzeQuery('ASK { ?s ?p ?o }')).toMatchObject({ defaultGraphs: [], namedGraphs: [] });
  });

  describe('with a result limit', () => {
    it('adds LIMIT maxResults + 1 to a SELECT without one, keeping the text as written.', () => {
      const text = 'PREFIX phd: <https://w3id.org/imaging-phd/ns#>\nSELECT ?f WHERE { ?f a phd:Facility } # no limit';
      const analyzed = analyzeQuery(text, { maxResults: 100 });
      expect(analyzed.mustCount).toBe(true);
      expect(analyzed.text.startsWith(text)).toBe(true);
      expect(reparse(analyzed.text).limit).toBe(101);
    });

    it('adds the limit after an OFFSET.', () => {
      const analyzed = analyzeQuery('SELECT * WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 20', { maxResults: 10 });
      const reparsed = reparse(analyzed.text);
      expect(reparsed).toMatchObject({ limit: 11, offset: 20 });
    });

    it('lowers a LIMIT above the limit and keeps prefixes, base, OFFSET and a trailing VALUES.', () => {
      const text = `BASE <http://a.example/base/>
PREFIX ex: <http://a.example/ns#>
SELECT ?s WHERE { ?s ex:p <relative> } OFFSET 3 LIMIT 5000 VALUES ?s { <http://a.example/x> }`;
      const analyzed = analyzeQuery(text, { maxResults: 10 });
      expect(analyzed.mustCount).toBe(true);
      const reparsed = reparse(analyzed.text);
      expect(reparsed.limit).toBe(11);
      expect(reparsed.offset).toBe(3);
      expect(reparsed.prefixes).toEqual({ ex: 'http://a.example/ns#' });
      expect(reparsed.base).toBe('http://a.example/base/');
      expect(reparsed.values).toHaveLength(1);
      expect(JSON.stringify(reparsed.where)).toContain('http://a.example/base/relative');
    });

    it('uses the generator for a SELECT with a trailing VALUES and no LIMIT.', () => {
      const analyzed = analyzeQuery('SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://a.example/x> }', { maxResults: 10 });
      expect(reparse(analyzed.text)).toMatchObject({ limit: 11, values: [{ '?s': { value: 'http://a.example/x' } }] });
    });

    it('leaves a SELECT whose LIMIT is within the limit as it is.', () => {
      const text = 'SELECT * WHERE { ?s ?p ?o } LIMIT 10';
      expect(analyzeQuery(text, { maxResults: 10 })).toMatchObject({ text, mustCount: false });
    });

    it('leaves ASK unchanged and asks the executor to count CONSTRUCT and DESCRIBE triples.', () => {
      expect(analyzeQuery('ASK { ?s ?p ?o }', { maxResults: 1 })).toMatchObject({ text: 'ASK { ?s ?p ?o }', mustCount: false });
      expect(analyzeQuery('CONSTRUCT WHERE { ?s ?p ?o }', { maxResults: 1 })).toMatchObject({ text: 'CONSTRUCT WHERE { ?s ?p ?o }', mustCount: true });
      expect(analyzeQuery('DESCRIBE ?s WHERE { ?s ?p ?o }', { maxResults: 1 }).mustCount).toBe(true);
    });
  });

  describe('on a syntax error', () => {
    it('gives a ParseError with the line and column of the offending token.', () => {
      const text = 'PREFIX ex: <http://a.example/>\nSELECT *\nWHERE {\n  ?s ex:p ?o .\n  ?s ?p\n}';
      const error = thrown(() => analyzeQuery(text));
      expect(error).toBeInstanceOf(ParseError);
      expect(error.status).toBe(400);
      expect(error.details).toMatchObject({ line: 6, column: 1 });
      expect(error.message).toMatch(/line 6, column 1: unexpected "}"/);
    });

    it('points past whitespace and comments to the bad token on the same line.', () => {
      const error = thrown(() => analyzeQuery('SELECT * WHERE { ?s ?p # comment "\n   "abc }'));
      expect(error.details).toMatchObject({ line: 2, column: 4 });
    });

    it('points at the first character for a query that starts wrong.', () => {
      expect(thrown(() => analyzeQuery('SELEC * WHERE {}')).details).toMatchObject({ line: 1, column: 1 });
    });

    it('points at the end for a truncated query.', () => {
      const error = thrown(() => analyzeQuery('SELECT * WHERE { ?s ?p ?o } LIMIT'));
      expect(error.details).toMatchObject({ line: 1, column: 34 });
      expect(error.message).toContain('the end of the query');
    });

    it('locates an undeclared prefix.', () => {
      const error = thrown(() => analyzeQuery('SELECT * WHERE {\n  ?s nope:p ?o\n}'));
      expect(error).toBeInstanceOf(ParseError);
      expect(error.details).toMatchObject({ line: 2, column: 6 });
      expect(error.message).toContain('nope');
    });

    it('reports a projection of an ungrouped variable.', () => {
      const error = thrown(() => analyzeQuery('SELECT ?o WHERE { ?s ?p ?o } GROUP BY ?s'));
      expect(error).toBeInstanceOf(ParseError);
      expect(error.message).toContain('ungrouped');
      expect(error.details).toMatchObject({ line: 1, column: 8 });
    });
  });

  it('resolves relative IRIs against the base IRI it is given.', () => {
    expect(() => analyzeQuery('ASK { <rel> ?p ?o }')).toThrow(ParseError);
    expect(analyzeQuery('ASK { <rel> ?p ?o }', { baseIri: 'http://a.example/sparql' }).type).toBe('ASK');
  });
});
