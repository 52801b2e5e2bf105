import Database from 'better-sqlite3';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DERIVED_GRAPH } from '../../../src/domain/derived-graph.js';
import { BadRequestError, ParseError } from '../../../src/errors/phd-error.js';
import { ResultTooLargeError } from '../../../src/query/query-errors.js';
import { countSolutions, QueryIndex, toNQuads, toQueryError } from '../../../src/query/query-index.js';
import type { IndexQuery } from '../../../src/query/query-index.js';
import { analyzeQuery } from '../../../src/query/sparql-request.js';
import { createSampleDatabase } from '../../support/sample-record-db.js';
import type { SampleDatabase } from '../../support/sample-record-db.js';

const EX = 'http://a.example/';

/** Runs a query the way the pool does: analyzed (limit rewrite), then executed. */
function run(index: QueryIndex, text: string, format: string, options: Partial<IndexQuery> = {}): string {
  const maxResults = options.maxResults ?? 1000;
  const analyzed = analyzeQuery(text, { maxResults });
  return index.execute({ text: analyzed.text, type: analyzed.type, format, maxResults, mustCount: analyzed.mustCount, ...options });
}

function bindings(index: QueryIndex, text: string, options: Partial<IndexQuery> = {}): Record<string, string>[] {
  const json = JSON.parse(run(index, text, 'application/sparql-results+json', options)) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

function ask(index: QueryIndex, text: string): boolean {
  return (JSON.parse(run(index, text, 'application/sparql-results+json')) as { boolean: boolean }).boolean;
}

function smallIndex(): QueryIndex {
  const index = new QueryIndex();
  index.loadRecords([
    { iri: `${EX}g1`, ntriples: `<${EX}s1> <${EX}p> "one" .\n<${EX}s1> <${EX}q> <${EX}s2> .\n` },
    { iri: `${EX}g2`, ntriples: `<${EX}s2> <${EX}p> "two" .\n` },
    { iri: `${EX}g3`, ntriples: `<${EX}s3> <${EX}p> "three, \\"quoted\\"\\nsecond line" .\n` },
  ]);
  return index;
}

describe('A QueryIndex', () => {
  it('keeps each record in the named graph of its IRI and queries their union as the default graph.', () => {
    const index = smallIndex();
    expect(index.size).toBe(4);
    expect(bindings(index, `SELECT ?o WHERE { ?s <${EX}p> ?o } ORDER BY ?o`).map((b) => b.o)).toEqual(['one', 'three, "quoted"\nsecond line', 'two']);
    expect(bindings(index, `SELECT ?g WHERE { GRAPH ?g { <${EX}s2> ?p ?o } }`)).toEqual([{ g: `${EX}g2` }]);
    // A join across records works in the union graph.
    expect(bindings(index, `SELECT ?o WHERE { <${EX}s1> <${EX}q> ?x . ?x <${EX}p> ?o }`)).toEqual([{ o: 'two' }]);
  });

  it('restricts the dataset to the given graphs, with no named graphs unless given.', () => {
    const index = smallIndex();
    const only = { defaultGraph: [`${EX}g2`] };
    expect(bindings(index, 'SELECT ?o WHERE { ?s ?p ?o }', only)).toEqual([{ o: 'two' }]);
    expect(bindings(index, 'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', only)).toEqual([]);
    const named = { namedGraphs: [`${EX}g1`] };
    expect(bindings(index, 'SELECT * WHERE { ?s ?p ?o }', named)).toEqual([]);
    expect(bindings(index, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', named)).toEqual([{ g: `${EX}g1` }]);
  });

  it('keeps blank nodes of different records apart, even with the same label.', () => {
    const index = new QueryIndex();
    index.loadRecords([
      { iri: `${EX}a`, ntriples: `_:b0 <${EX}p> "a" .\n_:b0 <${EX}q> _:b1 .\n_:b1 <${EX}p> "a-inner" .\n` },
      { iri: `${EX}b`, ntriples: `_:b0 <${EX}p> "b" .\n<${EX}x> <${EX}p> "_:b0 in a literal" .\n` },
    ]);
    expect(bindings(index, `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <${EX}p> ?o FILTER(isBlank(?s)) }`)).toEqual([{ n: '3' }]);
    expect(bindings(index, `SELECT ?o WHERE { ?s <${EX}p> "a" ; <${EX}q>/<${EX}p> ?o }`)).toEqual([{ o: 'a-inner' }]);
    expect(bindings(index, `SELECT ?o WHERE { ?s <${EX}p> "b" ; <${EX}q> ?o }`)).toEqual([]);
    expect(bindings(index, `SELECT ?o WHERE { <${EX}x> <${EX}p> ?o }`)).toEqual([{ o: '_:b0 in a literal' }]);
  });

  it('loads unusual N-Triples one record at a time and reports a record it cannot load.', () => {
    const index = new QueryIndex();
    const rejected: string[] = [];
    const loaded = index.loadRecords([
      { iri: `${EX}comment`, ntriples: `# a comment\n<${EX}s> <${EX}p> "c" . # trailing\n` },
      { iri: `${EX}broken`, ntriples: `<${EX}s> <${EX}p> "unterminated .\n` },
      { iri: `${EX}fine`, ntriples: `<${EX}t> <${EX}p> "f" .` },
    ], (iri) => rejected.push(iri));
    expect(loaded).toBe(2);
    expect(rejected).toEqual([`${EX}broken`]);
    expect(bindings(index, 'SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o').map((b) => b.o)).toEqual(['c', 'f']);
  });

  it('replaces a record graph idempotently and deletes it with null.', () => {
    const index = smallIndex();
    const next = `<${EX}s2> <${EX}p> "deux" .\n`;
    index.replace(`${EX}g2`, next);
    index.replace(`${EX}g2`, next);
    expect(bindings(index, `SELECT ?o WHERE { GRAPH <${EX}g2> { ?s ?p ?o } }`)).toEqual([{ o: 'deux' }]);
    index.replace(`${EX}g2`, null);
    expect(bindings(index, `SELECT ?o WHERE { GRAPH <${EX}g2> { ?s ?p ?o } }`)).toEqual([]);
    index.replace(`${EX}g9`, `<${EX}s9> <${EX}p> "new" .\n`);
    expect(ask(index, `ASK { <${EX}s9> ?p "new" }`)).toBe(true);
    expect(index.size).toBe(4);
  });

  it('serializes solutions in the four SPARQL result formats.', () => {
    const index = smallIndex();
    const query = `SELECT ?s ?o WHERE { ?s <${EX}p> ?o } ORDER BY ?o`;
    expect(run(index, query, 'application/sparql-results+xml')).toMatch(/^<\?xml[^>]*\?><sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#">/);
    expect(run(index, query, 'text/csv').split('\r\n')[0]).toBe('s,o');
    expect(run(index, query, 'text/tab-separated-values').split('\n')[0]).toBe('?s\t?o');
  });

  it('serializes graphs in Turtle, N-Triples, N-Quads, JSON-LD and RDF/XML with the same triples.', () => {
    const index = smallIndex();
    const query = `CONSTRUCT { ?s <${EX}label> ?o } WHERE { ?s <${EX}p> ?o }`;
    const parse = (text: string, format: string) => new N3.Parser({ format }).parse(text).map((q) => `${q.subject.value} ${q.object.value}`).sort();
    const expected = parse(run(index, query, 'application/n-triples'), 'N-Triples');
    expect(expected).toHaveLength(3);
    expect(parse(run(index, query, 'text/turtle'), 'Turtle')).toEqual(expected);
    expect(parse(run(index, query, 'application/n-quads'), 'N-Quads')).toEqual(expected);
    const jsonld = JSON.parse(run(index, query, 'application/ld+json')) as unknown[];
    expect(jsonld).toHaveLength(3);
    expect(run(index, query, 'application/rdf+xml')).toContain('<rdf:RDF');
  });

  describe('with a result limit', () => {
    it.each(['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'])(
      'refuses more than maxResults solutions in %s and allows exactly maxResults.',
      (format) => {
        const index = smallIndex();
        expect(() => run(index, 'SELECT * WHERE { ?s ?p ?o }', format, { maxResults: 3 })).toThrow(ResultTooLargeError);
        expect(() => run(index, 'SELECT * WHERE { ?s ?p ?o }', format, { maxResults: 4 })).not.toThrow();
      },
    );

    it('counts triples of CONSTRUCT and DESCRIBE results.', () => {
      const index = smallIndex();
      const error = ((): unknown => {
        try {
          run(index, 'CONSTRUCT WHERE { ?s ?p ?o }', 'text/turtle', { maxResults: 3 });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ResultTooLargeError);
      expect((error as ResultTooLargeError).status).toBe(422);
      expect((error as ResultTooLargeError).message).toMatch(/more than 3 triples/);
      expect(() => run(index, 'CONSTRUCT WHERE { ?s ?p ?o }', 'application/ld+json', { maxResults: 4 })).not.toThrow();
      expect(() => run(index, `DESCRIBE <${EX}s1>`, 'application/n-triples', { maxResults: 1 })).toThrow(ResultTooLargeError);
    });
  });

  it('reports queries Oxigraph refuses as 400s.', () => {
    const index = smallIndex();
    expect(() => run(index, 'SELECT (<http://a.example/f>(1) AS ?x) WHERE {}', 'text/csv')).toThrow(BadRequestError);
    expect(toQueryError(new Error('error at 3:14: expected something'))).toMatchObject({ status: 400, line: 3, column: 14 });
    expect(toQueryError(new Error('error at 3:14: expected something'))).toBeInstanceOf(ParseError);
    const trap = new RangeError('Invalid string length');
    expect(toQueryError(trap)).toBe(trap);
  });

  describe('loaded from the record store', () => {
    let db: SampleDatabase;
    beforeAll(async () => {
      db = await createSampleDatabase();
      const sqlite = new Database(db.path);
      sqlite.prepare("UPDATE records SET deleted_at = '2024-01-01', ntriples = '' WHERE iri = ?").run('https://orcid.org/0000-0002-1825-0097');
      sqlite.close();
    });
    afterAll(() => db.remove());

    it('indexes every live record and skips tombstones.', () => {
      const { index, report } = QueryIndex.fromDatabase(db.path);
      expect(report.records).toBe(db.records.length - 1);
      expect(report.quads).toBe(index.size);
      expect(bindings(index, `SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <${DERIVED_GRAPH}>) }`)).toEqual([{ n: String(db.records.length - 1) }]);
      expect(ask(index, 'ASK { <https://orcid.org/0000-0002-1825-0097> ?p ?o }')).toBe(false);
    });

    it('refuses a missing database file.', () => {
      expect(() => QueryIndex.fromDatabase(`${db.dir}/missing.sqlite`)).toThrow();
    });
  });
});

describe('toNQuads', () => {
  it('appends the graph and prefixes blank node labels only in subject and object position.', () => {
    expect(toNQuads(`_:b0 <${EX}p> _:x.1 .\n<${EX}s> <${EX}p> "_:b0" .\n`, `${EX}g`, 'r7.')).toBe(
      `_:r7.b0 <${EX}p> _:r7.x.1 <${EX}g> .\n<${EX}s> <${EX}p> "_:b0" <${EX}g> .\n`,
    );
  });

  it('gives up on comments and quoted triples.', () => {
    expect(toNQuads(`# c\n<${EX}s> <${EX}p> "o" .\n`, `${EX}g`, 'r0.')).toBeUndefined();
    expect(toNQuads(`<< <${EX}s> <${EX}p> "o" >> <${EX}p> "o" .\n`, `${EX}g`, 'r0.')).toBeUndefined();
  });
});

describe('countSolutions', () => {
  it('counts rows whose values contain line breaks, quotes, brackets, backslashes and markup.', () => {
    const index = new QueryIndex();
    index.loadRecords([{ iri: `${EX}g`, ntriples: `<${EX}s> <${EX}p> "a\\r\\nb,\\"c\\"" .\n<${EX}s> <${EX}p> "<result>x</result>" .\n<${EX}s> <${EX}p> "plain" .\n<${EX}s> <${EX}p> "}]},{\\"x\\":[{\\\\" .\n` }]);
    for (const format of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']) {
      expect(countSolutions(run(index, 'SELECT ?o WHERE { ?s ?p ?o }', format), format), format).toBe(4);
      expect(countSolutions(run(index, 'SELECT ?o WHERE { ?s ?p ?o } LIMIT 0', format), format), format).toBe(0);
    }
  });
});
