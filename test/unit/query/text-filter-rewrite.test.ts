import sparqljs from 'sparqljs';
import type { SparqlQuery } from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { rewriteTextFilters } from '../../../src/query/text-filter-rewrite.js';
import type { StringLiteral } from '../../../src/store/index.js';

const PREFIX = 'PREFIX dc: <http://purl.org/dc/terms/>\n';
const TITLES: readonly StringLiteral[] = [
  { lexical: 'Laser scanning', lang: '' },
  { lexical: 'Laser "line" \\ scan\n', lang: 'en' },
  { lexical: 'Ångström grating', lang: '' },
];

/** A lookup over TITLES that records the needles it was asked for. */
function lookup(): { asked: string[]; candidates: (needle: string) => StringLiteral[] } {
  const asked: string[] = [];
  return { asked, candidates: (needle) => {
    asked.push(needle);
    return TITLES.filter((t) => t.lexical.toLowerCase().includes(needle));
  } };
}

function parse(query: string): SparqlQuery {
  return new sparqljs.Parser().parse(PREFIX + query);
}

function rewrite(query: string): { text: string | undefined; asked: string[] } {
  const { asked, candidates } = lookup();
  const rewritten = rewriteTextFilters(parse(query), candidates);
  return { text: rewritten === undefined ? undefined : new sparqljs.Generator().stringify(rewritten), asked };
}

describe('rewriteTextFilters', () => {
  it.each([
    ['CONTAINS of LCASE', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(LCASE(?t), "laser")) }', 'laser'],
    ['CONTAINS with a capital needle (folded for the lookup)', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "Laser")) }', 'laser'],
    ['STRSTARTS', 'SELECT * { ?s dc:title ?t FILTER(STRSTARTS(LCASE(?t), "laser")) }', 'laser'],
    ['a plain REGEX, case-insensitive', 'SELECT * { ?s dc:title ?t FILTER(REGEX(?t, "LASER", "i")) }', 'laser'],
    ['a conjunction', 'SELECT * { ?s dc:title ?t ; dc:date ?d FILTER(?d > 3 && CONTAINS(?t, "laser")) }', 'laser'],
    ['a GRAPH group', 'SELECT * { GRAPH ?g { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) } }', 'laser'],
  ])('adds the candidates of %s as a VALUES of the filtered variable, keeping the FILTER', (_, query, needle) => {
    const { text, asked } = rewrite(query);
    expect(asked).toEqual([needle]);
    expect(text).toMatch(/VALUES \?t \{/);
    expect(text).toContain('"Laser scanning"');
    expect(parse(text ?? '')).toBeDefined();
    expect(text).toMatch(/FILTER/);
  });

  it('writes candidates with quotes, backslashes, newlines and language tags as the same terms', () => {
    const { text } = rewrite('SELECT * { ?s dc:title ?t FILTER(CONTAINS(LCASE(?t), "laser")) }');
    const reparsed = parse(text ?? '') as { where: { type: string; values?: Record<string, { value: string; language: string }>[] }[] };
    const values = reparsed.where.find((p) => p.type === 'values')?.values ?? [];
    expect(values.map((row) => [row['?t']?.value, row['?t']?.language])).toEqual([['Laser scanning', ''], ['Laser "line" \\ scan\n', 'en']]);
  });

  it('turns a needle no literal holds into FILTER(false), which no solution passes', () => {
    const { text } = rewrite('SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "nowhere")) }');
    expect(text).toContain('FILTER("false"^^<http://www.w3.org/2001/XMLSchema#boolean>)');
  });

  it('looks up the longest needle when a variable has several', () => {
    expect(rewrite('SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "las") && CONTAINS(?t, "scanning")) }').asked).toEqual(['scanning']);
  });

  it.each([
    ['a needle shorter than three characters', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "la")) }'],
    ['a disjunction', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "laser") || ?s = ?t) }'],
    ['a negation', 'SELECT * { ?s dc:title ?t FILTER(!CONTAINS(?t, "laser")) }'],
    ['a variable bound only in an OPTIONAL', 'SELECT * { ?s a ?c OPTIONAL { ?s dc:title ?t } FILTER(CONTAINS(?t, "laser")) }'],
    ['a filter inside an OPTIONAL', 'SELECT * { ?s a ?c OPTIONAL { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) } }'],
    ['UNION branches', 'SELECT * { { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) } UNION { ?s dc:name ?t } }'],
    ['MINUS', 'SELECT * { ?s a ?c MINUS { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) } }'],
    ['FILTER NOT EXISTS', 'SELECT * { ?s a ?c FILTER NOT EXISTS { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) } }'],
    ['a sub-query', 'SELECT * { { SELECT ?s ?t { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) } } }'],
    ['the subject of a triple', 'SELECT * { ?t dc:title ?s FILTER(CONTAINS(?t, "laser")) }'],
    ['a property path', 'SELECT * { ?s dc:title* ?t FILTER(CONTAINS(?t, "laser")) }'],
    ['STR of the variable (IRIs match too)', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(STR(?t), "laser")) }'],
    ['UCASE', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(UCASE(?t), "LASER")) }'],
    ['a REGEX with metacharacters', 'SELECT * { ?s dc:title ?t FILTER(REGEX(?t, "las.r")) }'],
    ['a REGEX with the x flag', 'SELECT * { ?s dc:title ?t FILTER(REGEX(?t, "laser", "x")) }'],
    ['a case-insensitive REGEX of a non-ASCII needle', 'SELECT * { ?s dc:title ?t FILTER(REGEX(?t, "ångström", "i")) }'],
    ['a needle that is a variable', 'SELECT * { ?s dc:title ?t ; dc:name ?n FILTER(CONTAINS(?t, ?n)) }'],
    ['a typed needle', 'SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "laser"^^<http://example.org/t>)) }'],
    ['a variable a VALUES binds already', 'SELECT * { VALUES ?t { "x" } ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) }'],
  ])('leaves %s alone', (_, query) => {
    expect(rewrite(query).text).toBeUndefined();
  });

  it('leaves the query alone when the index gives up (too many candidates)', () => {
    expect(rewriteTextFilters(parse('SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) }'), () => undefined)).toBeUndefined();
  });

  it('does not change the parsed query it is given (the analysis cache keeps it)', () => {
    const parsed = parse('SELECT * { ?s dc:title ?t FILTER(CONTAINS(?t, "laser")) }');
    const before = JSON.stringify(parsed);
    rewriteTextFilters(parsed, lookup().candidates);
    expect(JSON.stringify(parsed)).toBe(before);
  });
});
