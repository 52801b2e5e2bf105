import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparqlJson } from '../../src/representation/sparql-json.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

let app: TestApp;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const turtle = { 'content-type': 'text/turtle' };
const MANUFACTURER = 'http://phd.test/id/organization/carl-zeiss-microscopy';
const PREFIXES = 'PREFIX schema: <https://schema.org/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX ex: <http://example.org/q5t#>\n';

/** An instrument model's Turtle: its name, comments (Turtle literals) and a typed code. */
const model = (subject: string, name: string, comments: readonly string[]) => `${TURTLE_PREFIXES}
<${subject}> a phd:InstrumentModel ; schema:name "${name}" ; phd:manufacturer <${MANUFACTURER}> ;
  <http://example.org/q5t#code> "q5t-code-${name.length}"^^<http://example.org/q5t#Code>${comments.map((c) => ` ;\n  rdfs:comment ${c}`).join('')} .`;

interface Written { iri: string; etag: string }

async function create(name: string, comments: readonly string[]): Promise<Written> {
  const res = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: model('', name, comments) });
  expect(res.status).toBe(201);
  return { iri: ((await res.json()) as { iri: string }).iri, etag: res.headers.get('etag') ?? '' };
}

/** The solutions of a SELECT, each as `var=value@lang` joined, sorted (the order of a SELECT without ORDER BY is free). */
async function select(query: string): Promise<string[]> {
  const res = await fetch(`${app.url}/sparql`, { method: 'POST', body: PREFIXES + query, headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' } });
  const body = await res.text();
  expect(res.status, body).toBe(200);
  const json = JSON.parse(body) as SparqlJson;
  return json.results.bindings.map((b) => Object.keys(b).sort().map((v) => `${v}=${b[v]?.value ?? ''}@${b[v]?.['xml:lang'] ?? ''}`).join('\t')).sort();
}

/**
 * The query with its text filter wrapped in a double negation: the same answer, written so that no
 * text index is used, on any store.
 */
const unindexed = (where: string, filter: string) => `SELECT * WHERE { ${where} FILTER(!(!(${filter}))) }`;
const indexed = (where: string, filter: string) => `SELECT * WHERE { ${where} FILTER(${filter}) }`;

/** Both forms' answers, checked equal; returns the literals of ?l. */
async function both(where: string, filter: string): Promise<string[]> {
  const answer = await select(indexed(where, filter));
  expect(answer).toEqual(await select(unindexed(where, filter)));
  return answer;
}

/**
 * The names and comments (every one a string: an external store refuses LCASE of an IRI or a
 * number) whose text passes the filter, both ways.
 */
async function labels(filter: string): Promise<string[]> {
  return [...await both('?s schema:name ?l', filter), ...await both('?s rdfs:comment ?l', filter)];
}
let angstrom: Written;
let laser: Written;

beforeAll(async () => {
  app = await startTestApp();
  angstrom = await create('Q5T Ångström Lab widefield', ['"Gitter für Ångström-Messungen"@de', '"ÅNGSTRÖM grating"@en', '"Σοφία ΟΔΟΣ"']);
  laser = await create('Q5T Laser scanning confocal', ['"q5t laser line 488"@en']);
});
afterAll(async () => {
  await app.close();
});

const literals = (rows: string[]) => rows.map((row) => row.split('\t').find((cell) => cell.startsWith('l='))?.slice(2)).sort();

describe('A SPARQL filter keeping the literals that contain a word', () => {
  it('finds every case of a lowercased needle, in plain and language-tagged literals alike.', async () => {
    expect(literals(await labels('CONTAINS(LCASE(?l), "ångström")'))).toEqual(['Gitter für Ångström-Messungen@de', 'Q5T Ångström Lab widefield@', 'ÅNGSTRÖM grating@en']);
  });

  it('keeps the case of a needle compared without LCASE.', async () => {
    expect(literals(await labels('CONTAINS(?l, "Ångström")'))).toEqual(['Gitter für Ångström-Messungen@de', 'Q5T Ångström Lab widefield@']);
  });

  it('answers a plain case-insensitive REGEX, STRSTARTS, and a conjunction with the language.', async () => {
    expect(literals(await labels('REGEX(?l, "q5t LASER SCANNING", "i")'))).toEqual(['Q5T Laser scanning confocal@']);
    expect(literals(await labels('STRSTARTS(LCASE(?l), "q5t laser line")'))).toEqual(['q5t laser line 488@en']);
    expect(literals(await labels('CONTAINS(LCASE(?l), "q5t laser line") && LANG(?l) = "en"'))).toEqual(['q5t laser line 488@en']);
  });

  it('matches Greek capitals, sigma included, without LCASE.', async () => {
    expect(literals(await labels('CONTAINS(?l, "ΟΔΟΣ")'))).toEqual(['Σοφία ΟΔΟΣ@']);
  });

  it('answers the same for a needle shorter than three characters, a typed literal, and a needle nothing holds.', async () => {
    expect(literals(await both('?s schema:name ?l', 'CONTAINS(LCASE(?l), "q5")'))).toEqual(['Q5T Laser scanning confocal@', 'Q5T Ångström Lab widefield@']);
    // Typed literals are not in the index; STR reaches them, and is left to the engine.
    expect(await both('?s ex:code ?l', 'CONTAINS(STR(?l), "q5t-code")')).toHaveLength(2);
    expect(await labels('CONTAINS(LCASE(?l), "no such q5t words")')).toEqual([]);
  });

  it('finds a literal written a moment ago, and no longer finds one an update removed or a withdrawal took away.', async () => {
    const res = await fetch(`${app.url}/records/${encodeURIComponent(angstrom.iri)}`, { method: 'PUT', headers: { ...turtle, ...admin, 'if-match': angstrom.etag }, body: model(angstrom.iri, 'Q5T Nanometre Lab widefield', ['"ÅNGSTRÖM grating"@en']) });
    expect(res.status).toBe(200);
    expect(literals(await labels('CONTAINS(LCASE(?l), "ångström")'))).toEqual(['ÅNGSTRÖM grating@en']);
    expect(literals(await labels('CONTAINS(LCASE(?l), "nanometre lab")'))).toEqual(['Q5T Nanometre Lab widefield@']);
    expect((await fetch(`${app.url}/records/${encodeURIComponent(laser.iri)}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect(await labels('CONTAINS(LCASE(?l), "q5t laser")')).toEqual([]);
  });
});
