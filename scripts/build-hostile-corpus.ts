/**
 * Writes the hostile-input corpus (test/fixtures/hostile/cases.json): requests that a client may
 * send by mistake or in malice, each with the statuses the service may answer. Deterministic, so
 * the file changes only when this script does. The test (test/integration/hostile-input.test.ts)
 * sends each case to a real `imaging-phd serve` and checks the answer, the store and the listener.
 *
 * Placeholders filled in by the test: `{{LISTENER}}` (a local HTTP listener that must never be
 * contacted), `{{ADMIN}}` (the administrator token); `repeat` builds large bodies at run time.
 *
 * Usage: npx tsx scripts/build-hostile-corpus.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';

export interface HostileCase {
  readonly id: string;
  readonly family: string;
  readonly method: string;
  /** Path and query, raw (already percent-encoded where meant). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** A body of `unit` repeated `times` times, wrapped in `prefix` … `suffix`. */
  readonly repeat?: { readonly prefix: string; readonly unit: string; readonly times: number; readonly suffix: string };
  /** A body of the first `at` characters of a fixture file (path from the package root). */
  readonly truncate?: { readonly file: string; readonly at: number };
  /** Adds this many headers `x-h{n}: v`. */
  readonly headerCount?: number;
  /** Statuses the service may answer. */
  readonly expect: readonly number[];
}

const ROOT = join(import.meta.dirname, '..');
const cases: HostileCase[] = [];
const add = (c: HostileCase): void => {
  if (cases.some((x) => x.id === c.id)) throw new Error(`duplicate case ${c.id}`);
  cases.push(c);
};
const ADMIN = { authorization: 'Bearer {{ADMIN}}' };
const TURTLE = { ...ADMIN, 'content-type': 'text/turtle' };
const JSONLD = { ...ADMIN, 'content-type': 'application/ld+json' };
const NT = { ...ADMIN, 'content-type': 'application/n-triples' };
const JSON_BODY = { ...ADMIN, 'content-type': 'application/json' };
const XML = { ...ADMIN, 'content-type': 'application/xml' };

// ── Turtle: a valid record, truncated inside tokens, and hand-made faults ─────────────────────────
const FACILITY_TTL = `@prefix phd: <https://w3id.org/imaging-phd/ns#> .
@prefix schema: <https://schema.org/> .
<https://identifiers.org/RRID:SCR_999777> a phd:Facility ;
  schema:name "Hostile Input Core" ;
  phd:hostedBy <https://ror.org/02catss52> .
`;
const parses = (text: string, format: string): boolean => {
  try {
    new N3.Parser({ format }).parse(text);
    return true;
  } catch {
    return false;
  }
};
let turtleCuts = 0;
for (let at = 7; at < FACILITY_TTL.length - 2 && turtleCuts < 30; at += 5) {
  const body = FACILITY_TTL.slice(0, at);
  if (parses(body, 'Turtle')) continue;
  turtleCuts += 1;
  add({ id: `turtle-truncated-${at}`, family: 'turtle', method: 'POST', path: '/records', headers: TURTLE, body, expect: [400] });
}
const TURTLE_FAULTS: Readonly<Record<string, string>> = {
  'undefined-prefix': '<https://identifiers.org/RRID:SCR_999777> a nope:Facility .',
  'unterminated-iri': '<https://identifiers.org/RRID:SCR_999777 a <https://w3id.org/imaging-phd/ns#Facility> .',
  'unterminated-literal': '<https://identifiers.org/RRID:SCR_999777> <https://schema.org/name> "open .',
  'bad-escape': '<https://identifiers.org/RRID:SCR_999777> <https://schema.org/name> "\\u00ZZ" .',
  'space-in-iri': '<https://identifiers.org/RRID:SCR 999777> a <https://w3id.org/imaging-phd/ns#Facility> .',
  'nul-byte': '<https://identifiers.org/RRID:SCR_999777> <https://schema.org/name> "a\u0000b" .',
  'missing-dot': '<https://identifiers.org/RRID:SCR_999777> a <https://w3id.org/imaging-phd/ns#Facility>',
  'prefix-without-dot': '@prefix phd: <https://w3id.org/imaging-phd/ns#>\n<x:a> a phd:Facility .',
  'literal-subject': '"subject" a <https://w3id.org/imaging-phd/ns#Facility> .',
  'lone-brace': '{ <a:b> <c:d> <e:f> }',
  'binary-garbage': '\u0001\u0002\u0003\u00ff\ufffe PNG',
  'only-bom': '\ufeff',
  'graph-in-turtle': 'GRAPH <g:1> { <a:b> <c:d> <e:f> . }',
  'nested-collections': `<a:b> <c:d> ${'('.repeat(200)}${')'.repeat(199)} .`,
};
// A NUL in a literal, or a lone byte-order mark, is well-formed Turtle: then the record is refused (422).
for (const [name, body] of Object.entries(TURTLE_FAULTS)) add({ id: `turtle-${name}`, family: 'turtle', method: 'POST', path: '/records', headers: TURTLE, body, expect: [400, 422] });
add({ id: 'turtle-empty', family: 'turtle', method: 'POST', path: '/records', headers: TURTLE, body: '', expect: [400, 422] });
add({ id: 'turtle-huge', family: 'turtle', method: 'POST', path: '/records', headers: TURTLE, repeat: { prefix: '<a:s> <a:p> "', unit: 'x', times: 6_000_000, suffix: '" .' }, expect: [413] });
add({ id: 'turtle-put-truncated', family: 'turtle', method: 'PUT', path: '/records/RRID:SCR_999001', headers: TURTLE, body: FACILITY_TTL.slice(0, 60), expect: [400, 404] });

// ── N-Triples ─────────────────────────────────────────────────────────────────────────────────
const NT_FAULTS: Readonly<Record<string, string>> = {
  'prefixed-name': 'phd:a <b:c> <d:e> .',
  'relative-iri': '<a> <b> <c> .',
  'missing-object': '<a:b> <c:d> .',
  'two-triples-one-line': '<a:b> <c:d> <e:f> <g:h> <i:j> <k:l> .',
  'bad-lang': '<a:b> <c:d> "x"@-- .',
  'bad-datatype-iri': '<a:b> <c:d> "x"^^<not an iri> .',
  'truncated': '<https://identifiers.org/RRID:SCR_999777> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/imaging-phd/ns#Faci',
  'turtle-syntax': '<a:b> a <c:d> ; <e:f> "g" .',
};
for (const [name, body] of Object.entries(NT_FAULTS)) add({ id: `ntriples-${name}`, family: 'ntriples', method: 'POST', path: '/records', headers: NT, body, expect: [400] });

// ── JSON-LD ───────────────────────────────────────────────────────────────────────────────────
const FACILITY_JSONLD = JSON.stringify({
  '@context': { phd: 'https://w3id.org/imaging-phd/ns#', name: 'https://schema.org/name' },
  '@id': 'https://identifiers.org/RRID:SCR_999777', '@type': 'phd:Facility', name: 'Hostile Input Core',
});
for (let at = 5; at < FACILITY_JSONLD.length - 1; at += Math.ceil(FACILITY_JSONLD.length / 15)) {
  add({ id: `jsonld-truncated-${at}`, family: 'jsonld', method: 'POST', path: '/records', headers: JSONLD, body: FACILITY_JSONLD.slice(0, at), expect: [400] });
}
for (const [name, context] of Object.entries({
  'remote-context-listener': '{{LISTENER}}/context.jsonld',
  'remote-context-file': 'file:///etc/passwd',
  'remote-context-https': 'https://schema.org/',
  'remote-context-array': ['{{LISTENER}}/a.jsonld', { name: 'https://schema.org/name' }],
  'remote-context-nested': { '@import': '{{LISTENER}}/import.jsonld' },
  'remote-context-scoped': { thing: { '@id': 'https://schema.org/thing', '@context': '{{LISTENER}}/scoped.jsonld' } },
})) {
  add({ id: `jsonld-${name}`, family: 'jsonld', method: 'POST', path: '/records', headers: JSONLD, body: JSON.stringify({ '@context': context, '@id': 'https://identifiers.org/RRID:SCR_999777', name: 'x' }), expect: [400] });
}
for (const depth of [101, 1000, 100_000]) {
  add({ id: `jsonld-nested-arrays-${depth}`, family: 'jsonld', method: 'POST', path: '/records', headers: JSONLD, repeat: { prefix: '', unit: '[', times: depth, suffix: ']'.repeat(Math.min(depth, 10)) }, expect: [400, 413] });
  add({ id: `jsonld-nested-objects-${depth}`, family: 'jsonld', method: 'POST', path: '/records', headers: JSONLD, repeat: { prefix: '', unit: '{"a":', times: depth, suffix: '1' }, expect: [400, 413] });
}
const JSONLD_FAULTS: Readonly<Record<string, string>> = {
  'not-json': 'this is not json',
  'top-level-string': '"facility"',
  'top-level-number': '42',
  'null': 'null',
  'trailing-comma': '{"@id": "https://identifiers.org/RRID:SCR_999777",}',
  'single-quotes': "{'@id': 'x'}",
  'bad-keyword-type': '{"@context": 5, "@id": "x"}',
  'invalid-iri-id': '{"@id": "https://identifiers.org/RRID:SCR 999777", "@type": "https://w3id.org/imaging-phd/ns#Facility"}',
  'proto-pollution': '{"__proto__": {"admin": true}, "@id": "https://identifiers.org/RRID:SCR_999777"}',
  'lone-surrogate': '{"@id": "https://identifiers.org/RRID:SCR_999777", "https://schema.org/name": "\\ud800"}',
};
for (const [name, body] of Object.entries(JSONLD_FAULTS)) add({ id: `jsonld-${name}`, family: 'jsonld', method: 'POST', path: '/records', headers: JSONLD, body, expect: [400, 422] });

// ── Micro-Meta App JSON (import) ─────────────────────────────────────────────────────────────
const MICROMETA_FILE = 'test/fixtures/micrometa/IGC_Macred.json';
const MICROMETA = readFileSync(join(ROOT, MICROMETA_FILE), 'utf8');
const MM_PATH = '/import/micrometa?instance=doi%3A10.5072%2Fphd.igc.macred';
for (let i = 1; i <= 12; i += 1) {
  const at = Math.floor((MICROMETA.length * i) / 13);
  add({ id: `micrometa-truncated-${i}`, family: 'json', method: 'POST', path: MM_PATH, headers: JSON_BODY, truncate: { file: MICROMETA_FILE, at }, expect: [400] });
}
for (const [name, body] of Object.entries({
  'array': '[]', 'string': '"microscope"', 'number': '1', 'null': 'null', 'empty-object': '{}', 'empty': '',
  'components-not-array': '{"Name": "x", "components": 5}',
  'duplicate-ids': '{"Name":"x","Tier":1,"ValidationTier":1,"components":[{"ID":"a","Schema_ID":"Objective.json"},{"ID":"a","Schema_ID":"Objective.json"}]}',
})) add({ id: `micrometa-${name}`, family: 'json', method: 'POST', path: MM_PATH, headers: JSON_BODY, body, expect: [400, 422] });
add({ id: 'micrometa-deep', family: 'json', method: 'POST', path: MM_PATH, headers: JSON_BODY, repeat: { prefix: '', unit: '{"a":', times: 200, suffix: `1${'}'.repeat(200)}` }, expect: [400] });
add({ id: 'micrometa-huge', family: 'json', method: 'POST', path: MM_PATH, headers: JSON_BODY, repeat: { prefix: '{"Name":"', unit: 'x', times: 6_000_000, suffix: '"}' }, expect: [413] });
add({ id: 'micrometa-no-token', family: 'json', method: 'POST', path: MM_PATH, headers: { 'content-type': 'application/json' }, truncate: { file: MICROMETA_FILE, at: MICROMETA.length }, expect: [401] });
add({ id: 'micrometa-bad-instance', family: 'json', method: 'POST', path: '/import/micrometa?instance=doi%3Anot-a-doi', headers: JSON_BODY, truncate: { file: MICROMETA_FILE, at: MICROMETA.length }, expect: [400] });
add({ id: 'micrometa-bad-date', family: 'json', method: 'POST', path: `${MM_PATH}&validFrom=2024-13-45`, headers: JSON_BODY, truncate: { file: MICROMETA_FILE, at: MICROMETA.length }, expect: [400, 422] });

// ── OME-XML (import) ─────────────────────────────────────────────────────────────────────────
const OME_FILE = 'test/fixtures/ome-xml/confocal-sp8.ome.xml';
const OME = readFileSync(join(ROOT, OME_FILE), 'utf8');
const OME_PATH = '/import/ome-xml?instance=doi%3A10.5072%2Fphd.ecc.sp8';
for (const [name, body] of Object.entries({
  'xxe-file': `<?xml version="1.0"?><!DOCTYPE OME [<!ENTITY x SYSTEM "file:///etc/passwd">]><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">&x;</OME>`,
  'xxe-listener': `<?xml version="1.0"?><!DOCTYPE OME [<!ENTITY x SYSTEM "{{LISTENER}}/xxe">]><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">&x;</OME>`,
  'parameter-entity': `<?xml version="1.0"?><!DOCTYPE OME [<!ENTITY % p SYSTEM "{{LISTENER}}/dtd"> %p;]><OME/>`,
  'external-dtd': `<?xml version="1.0"?><!DOCTYPE OME SYSTEM "{{LISTENER}}/ome.dtd"><OME/>`,
  'billion-laughs': readFileSync(join(ROOT, 'test/fixtures/ome-xml/billion-laughs.ome.xml'), 'utf8'),
  'xinclude': `<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{{LISTENER}}/x.xml"/></OME>`,
  'not-xml': 'just text',
  'not-ome': '<?xml version="1.0"?><html><body/></html>',
  'empty': '',
  'unclosed': '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Instrument ID="Instrument:0">',
})) add({ id: `ome-${name}`, family: 'xml', method: 'POST', path: OME_PATH, headers: XML, body, expect: [400, 422] });
for (let i = 1; i <= 10; i += 1) {
  const at = Math.floor((OME.length * i) / 11);
  add({ id: `ome-truncated-${i}`, family: 'xml', method: 'POST', path: OME_PATH, headers: XML, truncate: { file: OME_FILE, at }, expect: [400, 422] });
}
add({ id: 'ome-quadratic-blowup', family: 'xml', method: 'POST', path: OME_PATH, headers: XML, repeat: { prefix: '<?xml version="1.0"?><!DOCTYPE OME [<!ENTITY a "', unit: 'x', times: 50_000, suffix: `">]><OME>${'&a;'.repeat(2_000)}</OME>` }, expect: [400] });
add({ id: 'ome-deep', family: 'xml', method: 'POST', path: OME_PATH, headers: XML, repeat: { prefix: '<OME>', unit: '<a>', times: 5_000, suffix: '</OME>' }, expect: [400, 422] });
add({ id: 'ome-huge', family: 'xml', method: 'POST', path: OME_PATH, headers: XML, repeat: { prefix: '<OME>', unit: '<!-- x -->', times: 700_000, suffix: '</OME>' }, expect: [413] });

// ── SPARQL ───────────────────────────────────────────────────────────────────────────────────
const q = (text: string): string => `/sparql?query=${encodeURIComponent(text)}`;
const SELECT = 'SELECT ?s WHERE { ?s a <https://w3id.org/imaging-phd/ns#Facility> }';
for (let at = 3; at < SELECT.length - 1; at += 6) add({ id: `sparql-truncated-${at}`, family: 'sparql', method: 'GET', path: q(SELECT.slice(0, at)), expect: [400] });
for (const [name, text] of Object.entries({
  'service-listener': 'SELECT * WHERE { SERVICE <{{LISTENER}}/sparql> { ?s ?p ?o } }',
  'service-file': 'SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }',
  'service-silent': 'SELECT * WHERE { SERVICE SILENT <{{LISTENER}}/sparql> { ?s ?p ?o } }',
  'service-variable': 'SELECT * WHERE { BIND(<{{LISTENER}}/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }',
  'service-nested': 'SELECT * WHERE { { OPTIONAL { SERVICE <{{LISTENER}}/x> { ?s ?p ?o } } } }',
  'from-listener': 'SELECT * FROM <{{LISTENER}}/graph.ttl> WHERE { ?s ?p ?o }',
  'from-named-file': 'SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }',
  'load': 'LOAD <{{LISTENER}}/data.ttl>',
  'load-into': 'LOAD SILENT <file:///etc/passwd> INTO GRAPH <g:x>',
  'insert-data': 'INSERT DATA { <a:b> <c:d> <e:f> }',
  'delete-where': 'DELETE WHERE { ?s ?p ?o }',
  'drop-all': 'DROP ALL',
  'clear-default': 'CLEAR DEFAULT',
  'update-after-query': `${SELECT} ; DROP ALL`,
  'two-queries': `${SELECT} ${SELECT}`,
  'unknown-function': 'SELECT * WHERE { ?s ?p ?o FILTER(<http://example.org/fn>(?o)) }',
  'deep-brackets': `SELECT * WHERE ${'{'.repeat(150)} ?s ?p ?o ${'}'.repeat(150)}`,
  'no-limit-huge': 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }',
  'bind-twice': 'SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }',
  'undefined-prefix': 'SELECT * WHERE { ?s a nope:Thing }',
  'variable-in-project-twice': 'SELECT (1 AS ?x) (2 AS ?x) WHERE {}',
  'base-file': 'BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }',
})) add({ id: `sparql-${name}`, family: 'sparql', method: 'GET', path: q(text), expect: [400, 422] });
// Valid SPARQL that a naive engine would choke on: an invalid or backtracking regular expression is a
// FILTER error (false) by the SPARQL semantics, and the engine's regexes run in linear time, so the
// answer is 200 with no rows — promptly (the query time limit is 5 s here; the request waits 30 s).
const LONG_A = `"${'a'.repeat(5_000)}b"`;
for (const [name, text] of Object.entries({
  'regex-backreference': 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a)\\\\1")) }',
  'regex-lookahead': 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(?=a)")) }',
  'regex-invalid': 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "([")) }',
  'regex-catastrophic': `SELECT * WHERE { VALUES ?o { ${LONG_A} } FILTER(REGEX(?o, "^(a+)+$")) }`,
  'regex-catastrophic-nested': `SELECT * WHERE { VALUES ?o { ${LONG_A} } FILTER(REGEX(?o, "^((a|aa)+)+$")) }`,
  'regex-catastrophic-alternation': `SELECT * WHERE { VALUES ?o { ${LONG_A} } FILTER(REGEX(?o, "^(a|a?)+$")) }`,
  'regex-on-every-literal': 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(.*)*x$")) }',
  'nul-in-query': 'SELECT * WHERE { ?s ?p "\u0000" }',
})) add({ id: `sparql-${name}`, family: 'sparql', method: 'GET', path: q(text), expect: [200, 400] });
add({ id: 'sparql-post-update-form', family: 'sparql', method: 'POST', path: '/sparql', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `update=${encodeURIComponent('DROP ALL')}`, expect: [400] });
add({ id: 'sparql-post-update-type', family: 'sparql', method: 'POST', path: '/sparql', headers: { 'content-type': 'application/sparql-update' }, body: 'DROP ALL', expect: [400] });
add({ id: 'sparql-post-empty', family: 'sparql', method: 'POST', path: '/sparql', headers: { 'content-type': 'application/sparql-query' }, body: '', expect: [400] });
add({ id: 'sparql-post-wrong-type', family: 'sparql', method: 'POST', path: '/sparql', headers: { 'content-type': 'text/plain' }, body: SELECT, expect: [415] });
add({ id: 'sparql-post-huge', family: 'sparql', method: 'POST', path: '/sparql', headers: { 'content-type': 'application/sparql-query' }, repeat: { prefix: 'SELECT * WHERE { ?s ?p "', unit: 'x', times: 6_000_000, suffix: '" }' }, expect: [400, 413] });
add({ id: 'sparql-default-graph-not-iri', family: 'sparql', method: 'GET', path: `${q(SELECT)}&default-graph-uri=${encodeURIComponent('not an iri')}`, expect: [400] });
add({ id: 'sparql-default-graph-listener', family: 'sparql', method: 'GET', path: `${q(SELECT)}&default-graph-uri=${encodeURIComponent('{{LISTENER}}/g.ttl')}`, expect: [400] });
add({ id: 'sparql-named-graph-file', family: 'sparql', method: 'GET', path: `${q(SELECT)}&named-graph-uri=${encodeURIComponent('file:///etc/passwd')}`, expect: [400] });
add({ id: 'sparql-format-unknown', family: 'sparql', method: 'GET', path: `${q(SELECT)}&format=__proto__`, expect: [400, 406] });
add({ id: 'sparql-format-constructor', family: 'sparql', method: 'GET', path: `${q(SELECT)}&format=constructor`, expect: [400, 406] });
add({ id: 'sparql-accept-unusable', family: 'sparql', method: 'GET', path: q(SELECT), headers: { accept: 'image/png' }, expect: [406] });
add({ id: 'federated-service-listener', family: 'sparql', method: 'GET', path: `/federated${q('SELECT * WHERE { SERVICE <{{LISTENER}}/sparql> { ?s ?p ?o } }')}`, expect: [400, 404] });
add({ id: 'federated-load', family: 'sparql', method: 'GET', path: `/federated${q('LOAD <{{LISTENER}}/x>')}`, expect: [400, 404] });

// ── Search parameters (values that reach a query) ────────────────────────────────────────────
for (const [name, query] of Object.entries({
  'type-unknown': 'type=spaceship',
  'type-injection': `type=${encodeURIComponent('instrument" } UNION { ?item ?p ?o } #')}`,
  'magnification-injection': `magnification=${encodeURIComponent('63) } UNION { ?item ?p ?o } #')}`,
  'magnification-nan': 'magnification=NaN',
  'magnification-negative': 'magnification=-5',
  'na-huge': 'naMin=1e400',
  'na-text': 'naMin=oil',
  'wavelength-injection': `wavelength=${encodeURIComponent('405 } . ?x ?y ?z {')}`,
  'wavelength-zero': 'wavelength=0',
  'tolerance-negative': 'wavelength=405&tolerance=-1',
  'detector-unknown': 'detector=..%2F..%2Fetc',
  'immersion-injection': `immersion=${encodeURIComponent('oil" . ?s ?p ?o . FILTER("')}`,
  'stand-unknown': 'standType=sideways',
  'limit-huge': 'limit=100000000',
  'limit-negative': 'limit=-1',
  'offset-text': 'offset=abc',
  'scope-unknown': 'scope=galaxy',
  'at-bad-date': 'at=2024-02-30',
  'unknown-parameter': 'frobnicate=1',
  'format-proto': 'format=__proto__',
  // Parameter names that are Object.prototype members must not reach it.
  'parameter-constructor': 'constructor=1',
  'parameter-proto': '__proto__=1',
  'parameter-tostring': 'toString=1&toString=2',
  'q-too-long': `q=${'a'.repeat(2_000)}`,
  'q-too-many-words': `q=${encodeURIComponent(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))}`,
  'repeated-type-unknown': 'type=instrument&type=bogus',
})) add({ id: `search-${name}`, family: 'search', method: 'GET', path: `/search?${query}`, headers: { accept: 'application/json' }, expect: [400] });

// ── Record ids and PIDs: traversal, NUL, invalid PIDs ────────────────────────────────────────
const IDS: Readonly<Record<string, string>> = {
  'traversal': '..%2F..%2F..%2Fetc%2Fpasswd',
  'traversal-dots': '../../etc/passwd',
  'traversal-encoded-dots': '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'nul': 'RRID:SCR_999001%00',
  'nul-only': '%00',
  'bad-percent': '%E0%A4%A',
  'overlong-utf8': '%C0%AE%C0%AE%2F',
  'doi-no-suffix': 'doi:10.5072',
  'doi-bad-prefix': 'doi:11.5072/x',
  'rrid-bad': 'RRID:SCR_ABC',
  'orcid-bad-checksum': 'orcid:0000-0002-1825-0098',
  'ror-bad-checksum': 'ror:02catss53',
  'handle-bad': 'hdl:/nothing',
  'unknown-scheme': 'urn:isbn:0451450523',
  'javascript': 'javascript:alert(1)',
  'file-iri': 'file:%2F%2F%2Fetc%2Fpasswd',
  'very-long': 'doi:10.5072/'.concat('x'.repeat(3_000)),
  'kind-unknown': 'spaceship/abc',
};
for (const [name, id] of Object.entries(IDS)) {
  add({ id: `record-get-${name}`, family: 'ids', method: 'GET', path: `/records/${id}`, headers: { accept: 'text/turtle' }, expect: [400, 404] });
  add({ id: `pid-get-${name}`, family: 'ids', method: 'GET', path: `/pid/${id}`, headers: { accept: 'application/ld+json' }, expect: [400, 404] });
  add({ id: `record-delete-${name}`, family: 'ids', method: 'DELETE', path: `/records/${id}`, headers: ADMIN, expect: [400, 404] });
}
for (const [name, path] of Object.entries({
  'id-traversal': '/id/facility/..%2F..%2Fetc%2Fpasswd',
  'id-nul': '/id/configuration/a%00b',
  'export-traversal': '/export/pidinst/..%2F..%2Fetc%2Fpasswd',
  'export-unknown-format': '/export/exe/doi:10.5072/phd.ecc.sp8',
  'history-traversal': '/records/..%2F..%2Fetc%2Fpasswd/history',
})) add({ id: `path-${name}`, family: 'ids', method: 'GET', path, expect: [400, 404, 406] });

// ── Content types, methods, headers ──────────────────────────────────────────────────────────
for (const [name, type] of Object.entries({
  'xml': 'application/xml', 'plain': 'text/plain', 'multipart': 'multipart/form-data; boundary=x', 'form': 'application/x-www-form-urlencoded',
  'html': 'text/html', 'octet': 'application/octet-stream', 'missing': '', 'garbage': 'not/a/type;;;', 'rdfxml': 'application/rdf+xml', 'turtle-charset-latin1': 'text/turtle; charset=latin1', 'turtle-charset-utf16': 'text/turtle; charset=utf-16',
})) {
  add({ id: `content-type-records-${name}`, family: 'content-type', method: 'POST', path: '/records', headers: type === '' ? ADMIN : { ...ADMIN, 'content-type': type }, body: FACILITY_TTL, expect: [400, 415] });
}
for (const [name, type] of Object.entries({ 'turtle': 'text/turtle', 'xml': 'application/xml', 'missing': '' })) {
  add({ id: `content-type-micrometa-${name}`, family: 'content-type', method: 'POST', path: MM_PATH, headers: type === '' ? ADMIN : { ...ADMIN, 'content-type': type }, truncate: { file: MICROMETA_FILE, at: MICROMETA.length }, expect: [415] });
}
add({ id: 'content-type-ome-json', family: 'content-type', method: 'POST', path: OME_PATH, headers: JSON_BODY, truncate: { file: OME_FILE, at: OME.length }, expect: [415] });
for (const [method, path] of [['PATCH', '/records'], ['TRACE', '/records'], ['PUT', '/sparql'], ['DELETE', '/sparql'], ['PATCH', '/import/micrometa'], ['PUT', '/search'], ['POST', '/pid/doi:10.5072/phd.ecc.sp8'], ['DELETE', '/health']] as const) {
  add({ id: `method-${method.toLowerCase()}-${path.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`, family: 'method', method, path, headers: ADMIN, expect: [404, 405] });
}
add({ id: 'header-overlong-url', family: 'headers', method: 'GET', path: `/records/${'a'.repeat(20_000)}`, expect: [414, 431, 400] });
add({ id: 'header-overlong-header', family: 'headers', method: 'GET', path: '/health', headers: { 'x-padding': 'p'.repeat(20_000) }, expect: [431] });
add({ id: 'header-many-headers', family: 'headers', method: 'GET', path: '/health', headerCount: 3_000, expect: [431, 400] });
add({ id: 'header-bad-accept', family: 'headers', method: 'GET', path: '/records/RRID:SCR_999001', headers: { accept: ';;;,,,q=abc' }, expect: [406] });
add({ id: 'header-if-match-garbage', family: 'headers', method: 'PUT', path: '/records/RRID:SCR_999001', headers: { ...TURTLE, 'if-match': '"not-the-etag"' }, body: FACILITY_TTL, expect: [400, 409, 412, 422] });
for (const [name, auth] of Object.entries({
  'none': undefined, 'empty': '', 'basic': 'Basic YWRtaW46YWRtaW4=', 'bearer-empty': 'Bearer ', 'bearer-unknown': 'Bearer phd_0000000000000000000000000000',
  'bearer-long': `Bearer ${'x'.repeat(4_000)}`, 'bearer-spaces': 'Bearer  two  spaces', 'two-schemes': 'Bearer {{ADMIN}}, Basic x',
})) {
  const headers: Record<string, string> = { 'content-type': 'text/turtle' };
  if (auth !== undefined) headers.authorization = auth;
  add({ id: `auth-${name}`, family: 'auth', method: 'POST', path: '/records', headers, body: FACILITY_TTL, expect: [400, 401] });
}

writeFileSync(join(ROOT, 'test/fixtures/hostile/cases.json'), `${JSON.stringify(cases, null, 1)}\n`);
console.log(`${cases.length} cases in ${new Set(cases.map((c) => c.family)).size} families`);
