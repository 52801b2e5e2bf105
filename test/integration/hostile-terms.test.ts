import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import N3 from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../src/domain/records.js';
import { parseRdf } from '../../src/rdf/parse-rdf.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

const ADMIN = 'hostile-terms-admin-token-0123456789';
const BASE = 'http://terms.test';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const DCTERMS = 'http://purl.org/dc/terms/';
const XSD_DATE = 'http://www.w3.org/2001/XMLSchema#date';
/** A configuration of the sample data, for the dataset records written here. */
const CONFIGURATION = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
/** Runs per property: the suite runs in CI on two cores. */
const RUNS = Number(process.env.PHD_PROPERTY_RUNS ?? 25);

let server: ServerProcess;
let dataDir: string;
let contexts: ReadonlyMap<string, object>;
let serial = 0;

/** Pieces that break IRIs, literals, language tags or serializers, mixed with arbitrary code points. */
const FRAGMENTS = [
  ' ', '<', '>', '"', '{', '}', '|', '\\', '^', '`', '\n', '\r', '\t', '\u0000', '\u0007', '\u007f', '\u0085', '\u00a0',
  '#', '%', '%zz', '%41', '?', ':', '/', '..', '@', '[', ']', '\'', '\uFFFE', '\uFDD0', '\uE000', '\uD800', '\uDC00', '\u2028',
  '\u3000', '\u2000', '\ufeff', 'é', '🙂', '\u{10ffff}', '"><script>alert(1)</script>', '_:b0', 'a b>c', '-', 'x', '1',
];
const hostile = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** Where the hostile string goes in a dataset record. */
type Place = 'subject' | 'object' | 'literal' | 'language' | 'datatype' | 'blank';
interface Case {
  readonly place: Place;
  readonly value: string;
}
const cases = fc.record({ place: fc.constantFrom<Place>('subject', 'object', 'literal', 'language', 'datatype', 'blank'), value: hostile });

/** An IRI inside `<>` in Turtle or N-Triples: characters IRIREF forbids raw go as UCHAR escapes (a client's best try). */
function iriRef(iri: string): string {
  return `<${iri.replace(/[\u0000-\u0020<>"{}|^`\\]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}>`;
}

/** A string literal in Turtle or N-Triples (JSON's escapes are Turtle's, lone surrogates as \\uD800). */
function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/\u2028|\u2029/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** A dataset record with the hostile value in its place: a node under the record, a linked IRI, a label, its language or datatype. */
function body(iri: string, c: Case, format: 'turtle' | 'n-triples' | 'json-ld'): string {
  const component = c.place === 'subject' ? `${iri}/component/${c.value}` : `${iri}/component/1`;
  const seeAlso = c.place === 'object' ? `${iri}/see/${c.value}` : `${iri}/see/1`;
  // A blank node whose label is the hostile string (Turtle and N-Triples take it raw, if they can).
  const blank = `x${c.place === 'blank' ? c.value : '1'}`;
  if (format === 'json-ld') {
    const label: Record<string, string> = { '@value': c.place === 'literal' ? c.value : 'label' };
    if (c.place === 'language') label['@language'] = c.value;
    if (c.place === 'datatype') label['@type'] = `${iri}/type/${c.value}`;
    return JSON.stringify({
      '@id': iri, '@type': `${PHD}Dataset`, [`${DCTERMS}title`]: 'hostile dataset',
      [`${DCTERMS}created`]: { '@value': '2024-01-01', '@type': XSD_DATE },
      [`${PHD}acquiredWith`]: { '@id': CONFIGURATION }, [`${RDFS}seeAlso`]: { '@id': seeAlso },
      [`${DCTERMS}hasPart`]: { '@id': component, [`${RDFS}label`]: label },
      [`${RDFS}comment`]: { '@id': `_:${blank}`, [`${RDFS}label`]: 'blank' },
    });
  }
  const label = `${stringLiteral(c.place === 'literal' ? c.value : 'label')}${c.place === 'language' ? `@${c.value}` : ''}${c.place === 'datatype' ? `^^${iriRef(`${iri}/type/${c.value}`)}` : ''}`;
  return [
    `${iriRef(iri)} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${PHD}Dataset> .`,
    `${iriRef(iri)} <${DCTERMS}title> "hostile dataset" .`,
    `${iriRef(iri)} <${DCTERMS}created> "2024-01-01"^^<${XSD_DATE}> .`,
    `${iriRef(iri)} <${PHD}acquiredWith> <${CONFIGURATION}> .`,
    `${iriRef(iri)} <${RDFS}seeAlso> ${iriRef(seeAlso)} .`,
    `${iriRef(iri)} <${DCTERMS}hasPart> ${iriRef(component)} .`,
    `${iriRef(component)} <${RDFS}label> ${label} .`,
    `${iriRef(iri)} <${RDFS}comment> _:${blank} .`,
    `_:${blank} <${RDFS}label> "blank" .`,
    '',
  ].join('\n');
}

/** A string with every character outside printable ASCII as \u{…}, so a failure message shows what was sent. */
function show(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

async function sparqlCount(where: string): Promise<number> {
  const res = await fetch(`${server.url}/sparql?query=${encodeURIComponent(`SELECT (COUNT(*) AS ?n) WHERE { ${where} }`)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status, where).toBe(200);
  const json = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
  return Number(json.results.bindings[0]?.n.value ?? NaN);
}

/** The triples of record graphs (a graph named by the record typed in it), not an external store's own graphs. */
const RECORD_TRIPLES = `GRAPH ?g { ?s ?p ?o } FILTER EXISTS { GRAPH ?g { ?g a ?kind } VALUES ?kind { ${
  ['Facility', 'Organization', 'InstrumentModel', 'InstrumentInstance', 'HardwareConfiguration', 'Dataset', 'Publication', 'Person'].map((k) => `<${PHD}${k}>`).join(' ')} } }`;

/** Records and triples by /health, and the triples /sparql sees: they must agree. */
async function counts(): Promise<{ records: number; triples: number; sparql: number }> {
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
  const { records, triples } = (await health.json()) as { records: number; triples: number };
  // The query index follows a write within moments: wait until it has.
  let sparql = await sparqlCount(RECORD_TRIPLES);
  for (let i = 0; i < 50 && sparql !== triples; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    sparql = await sparqlCount(RECORD_TRIPLES);
  }
  return { records, triples, sparql };
}

const FORMATS = { turtle: 'text/turtle', 'n-triples': 'application/n-triples', 'json-ld': 'application/ld+json' } as const;

/**
 * POSTs one case; on 201 every reader must serve the record, on a refusal nothing may change.
 * @returns the status, for the statistics.
 */
async function check(c: Case, format: keyof typeof FORMATS): Promise<number> {
  const iri = `https://doi.org/10.5072/hostile.${format}.${String(serial++)}`;
  const before = await counts();
  const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': FORMATS[format], authorization: `Bearer ${ADMIN}` }, body: body(iri, c, format) });
  const text = await res.text();
  const label = `${format} ${c.place} ${show(c.value)}: ${res.status} ${text.slice(0, 300)}`;
  if (res.status !== 201) {
    expect([400, 422], label).toContain(res.status);
    expect(res.headers.get('content-type'), label).toContain('application/problem+json');
    expect(await counts(), label).toEqual(before);
    return res.status;
  }
  const summary = JSON.parse(text) as { iri: string; triples: number };
  const stored = new N3.Parser({ format: 'N-Triples' }).parse(await (await fetch(`${server.url}/records/${encodeURIComponent(summary.iri)}`, { headers: { accept: 'application/n-triples' } })).text());
  expect(stored.length, label).toBe(summary.triples);
  for (const [name, mediaType] of Object.entries(FORMATS)) {
    for (const path of [`/records/${encodeURIComponent(summary.iri)}`, `/pid/${encodeURIComponent(summary.iri)}`]) {
      const got = await fetch(`${server.url}${path}`, { headers: { accept: mediaType } });
      expect(got.status, `${label} → GET ${path} as ${mediaType} (stored: ${show(canonicalNTriples(stored))})`).toBe(200);
      const served = await parseRdf(await got.text(), name as keyof typeof FORMATS, { contexts });
      expect(isomorphic(served, stored), `${label} → ${path} as ${mediaType} is the stored graph`).toBe(true);
    }
  }
  const page = await fetch(`${server.url}/pid/${encodeURIComponent(summary.iri)}`, { headers: { accept: 'text/html' } });
  expect(page.status, `${label} → landing page`).toBe(200);
  expect(await sparqlCount(`GRAPH <${summary.iri}> { ?s ?p ?o }`), label).toBe(summary.triples);
  const after = await counts();
  expect(after, label).toEqual({ records: before.records + 1, triples: before.triples + summary.triples, sparql: before.sparql + summary.triples });
  return 201;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phd-hostile-terms-'));
  server = await startServer({ PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN, PHD_BASE_URL: BASE });
  contexts = new Map([[`${BASE}/context.jsonld`, (await (await fetch(`${server.url}/context.jsonld`)).json()) as object]]);
}, 120_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Hostile strings in a record written with POST /records', () => {
  it('start from a store whose /health and /sparql counts agree.', async () => {
    const { triples, sparql } = await counts();
    expect(sparql).toBe(triples);
  });

  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    it(`as ${format}: either 201 and every reader serves the record, or 400/422 and nothing stored (property, ${RUNS} runs).`, async () => {
      const statuses: number[] = [];
      await fc.assert(fc.asyncProperty(cases, async (c) => {
        statuses.push(await check(c, format));
      }), {
        numRuns: RUNS, endOnFailure: true,
        // The property sees both outcomes whatever the random cases, or it would prove little.
        examples: [[{ place: 'literal', value: 'evil"><script>{x}</script>\n' }], [{ place: 'subject', value: 'a b>c' }]],
      });
      expect(statuses[0]).toBe(201);
      expect(statuses[1]).not.toBe(201);
    }, 300_000);
  }

  it('stores blank nodes whatever the writer labelled them (astral letters too) under labels every serializer writes.', async () => {
    for (const format of ['turtle', 'n-triples', 'json-ld'] as const) {
      expect(await check({ place: 'blank', value: '\u{10400}\u{1f642}é' }, format)).toBe(201);
    }
  });

  it('refuses each known-bad term with 422 invalid-term naming it, for every body format.', { timeout: 300_000 }, async () => {
    const bad: Case[] = [
      { place: 'subject', value: 'a b>c' }, { place: 'object', value: 'x#y#z' }, { place: 'subject', value: '%zz' },
      { place: 'object', value: '\u0085' }, { place: 'language', value: 'en_US' }, { place: 'datatype', value: '{x}' },
      { place: 'subject', value: 'no\u00a0break' }, { place: 'datatype', value: '?\u3000' },
    ];
    for (const c of bad) {
      for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
        const iri = `https://doi.org/10.5072/hostile.known.${String(serial++)}`;
        const before = await counts();
        const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': FORMATS[format], authorization: `Bearer ${ADMIN}` }, body: body(iri, c, format) });
        const label = `${format} ${c.place} ${show(c.value)}`;
        expect([400, 422], label).toContain(res.status);
        const problem = (await res.json()) as { code: string; term?: string; detail: string };
        if (res.status === 422) {
          expect(problem.code, label).toBe('invalid-term');
          expect(problem.detail, label).toContain(problem.term ?? '');
        }
        expect(await counts(), label).toEqual(before);
      }
    }
  });
});
