import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DERIVED_GRAPH } from '../../src/domain/derived-graph.js';
import type { SparqlJson } from '../../src/representation/sparql-json.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

let app: TestApp;
const PHD = 'https://w3id.org/imaging-phd/ns#';
const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const V1 = `${SP8}.v1`;
const V2 = `${SP8}.v2`;
const V3 = `${SP8}.v3`;
const BETWEEN = `${SP8}.v4`;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const turtle = { 'content-type': 'text/turtle' };

/** A configuration of the SP8 (a laser, an objective, a HyD), valid from a date, revising another version or none. */
const configuration = (iri: string, version: number, validFrom: string, revises?: string) => `${TURTLE_PREFIXES}
<${SP8}> phd:hasConfiguration <${iri}> .
<${iri}> a phd:HardwareConfiguration ;
  rdfs:label "SP8 confocal, version ${version}" ; phd:tier 1 ; phd:versionNumber ${version} ; phd:validFrom "${validFrom}"^^xsd:date ;
  ${revises === undefined ? '' : `prov:wasRevisionOf <${revises}> ;`}
  phd:hasComponent <${iri}/component/laser405>, <${iri}/component/objective63x>, <${iri}/component/hyd1> .
<${iri}/component/laser405> a nboq:Fluorescence_LightSource_Laser ; dcterms:identifier "laser405" ;
  nboq:tuneable false ; nboq:pulse false ; nboq:modulationMechanism "Direct" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "Diode 405" ; nboq:catalogNumber "158005114" .
<${iri}/component/objective63x> a nboq:Objective ; dcterms:identifier "objective63x" ;
  nboq:magnification 63 ; nboq:lensNA 1.40 ; nboq:correction "PlanApo" ; nboq:immersionType "Mineral Oil" ; nboq:infinityCorrected true ;
  nboq:contrastModulation "None" ; nboq:dic false ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HC PL APO 63x/1.40 OIL CS2" ; nboq:catalogNumber "11506350" .
<${iri}/component/hyd1> a nboq:HybridPhotoDetector ; dcterms:identifier "hyd1" ;
  nboq:coating "Gallium arsenide phosphide" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HyD SMD" ; nboq:catalogNumber "HyD-SMD" .
`;

async function select(query: string): Promise<SparqlJson> {
  const res = await fetch(`${app.url}/sparql`, { method: 'POST', body: query, headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as SparqlJson;
}

/** Each SP8 version's derived validUntil (or null), by configuration IRI. */
async function intervals(): Promise<Record<string, string | null>> {
  const answer = await select(`SELECT ?cfg ?until WHERE { <${SP8}> <${PHD}hasConfiguration> ?cfg OPTIONAL { ?cfg <${PHD}validUntil> ?until } }`);
  return Object.fromEntries(answer.results.bindings.map((row) => [row.cfg?.value ?? '', row.until?.value ?? null]));
}

/** The intervals once the query index has caught up with a write (it follows writes within moments). */
async function intervalsBecome(expected: Record<string, string | null>): Promise<Record<string, string | null>> {
  let seen = await intervals();
  for (let i = 0; i < 50 && JSON.stringify(seen) !== JSON.stringify(expected); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await intervals();
  }
  return seen;
}

/** Where `/pid/{sp8}?at=` sends a reader on a day. */
async function inEffectOn(date: string): Promise<string | null> {
  const res = await fetch(`${app.url}/pid/doi:10.5072/phd.ecc.sp8?at=${date}`, { redirect: 'manual' });
  return res.status === 303 ? res.headers.get('location') : `${res.status}`;
}

async function health(): Promise<{ records: number; triples: number }> {
  return (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('Derived validity intervals (phd:validUntil)', () => {
  it('give each version the next one\'s validFrom, the latest none, and follow new and withdrawn versions.', async () => {
    // The seeded versions 1 (2019-03-01) and 2 (2022-06-15), derived at start-up.
    expect(await intervalsBecome({ [V1]: '2022-06-15', [V2]: null })).toEqual({ [V1]: '2022-06-15', [V2]: null });

    const v3 = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: configuration(V3, 3, '2024-03-01', V2) });
    expect(v3.status, await v3.clone().text()).toBe(201);
    const three = { [V1]: '2022-06-15', [V2]: '2024-03-01', [V3]: null };
    expect(await intervalsBecome(three)).toEqual(three);

    // A version that revises none may be dated between 1 and 2: it takes its place in time.
    const between = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: configuration(BETWEEN, 4, '2020-06-01') });
    expect(between.status, await between.clone().text()).toBe(201);
    const four = { [V1]: '2020-06-01', [V2]: '2024-03-01', [V3]: null, [BETWEEN]: '2022-06-15' };
    expect(await intervalsBecome(four)).toEqual(four);
    expect(await inEffectOn('2021-01-01')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v4');

    // Withdrawn, it leaves the timeline: version 1 is in effect again until version 2.
    expect((await fetch(`${app.url}/records/${encodeURIComponent(BETWEEN)}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect(await intervalsBecome(three)).toEqual(three);
    expect(await inEffectOn('2021-01-01')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v1');
  });

  it('answer /pid/{instance}?at= with the version in effect on the day of a validFrom and the day before.', async () => {
    expect(await inEffectOn('2019-02-28')).toBe('404');
    expect(await inEffectOn('2019-03-01')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v1');
    expect(await inEffectOn('2022-06-14')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v1');
    expect(await inEffectOn('2022-06-15')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v2');
    expect(await inEffectOn('2024-02-29')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v2');
    expect(await inEffectOn('2024-03-01')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v3');
    // The same answer in SPARQL, from the intervals: valid from ≤ D and (no end or end > D).
    const at = async (date: string) => (await select(`SELECT ?cfg WHERE { <${SP8}> <${PHD}hasConfiguration> ?cfg . ?cfg <${PHD}validFrom> ?from
      OPTIONAL { ?cfg <${PHD}validUntil> ?until } FILTER(?from <= "${date}"^^<http://www.w3.org/2001/XMLSchema#date> && (!BOUND(?until) || ?until > "${date}"^^<http://www.w3.org/2001/XMLSchema#date>)) }`))
      .results.bindings.map((row) => row.cfg?.value);
    expect(await at('2022-06-14')).toEqual([V1]);
    expect(await at('2022-06-15')).toEqual([V2]);
    expect(await at('2030-01-01')).toEqual([V3]);
  });

  it('are kept in the derived graph only: no record\'s graph holds them, and record counts and listings leave it out.', async () => {
    const inRecord = await select(`SELECT ?s WHERE { GRAPH <${V1}> { ?s <${PHD}validUntil> ?until } }`);
    expect(inRecord.results.bindings).toEqual([]);
    const graphs = await select(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s <${PHD}validUntil> ?until } }`);
    expect(graphs.results.bindings.map((row) => row.g?.value)).toEqual([DERIVED_GRAPH]);

    const { records, triples } = await health();
    const record = (await (await fetch(`${app.url}/records/${encodeURIComponent(V1)}`, { headers: { accept: 'application/n-triples' } })).text());
    expect(record).not.toContain('validUntil');
    const listing = await (await fetch(`${app.url}/records`, { headers: { accept: 'application/json' } })).text();
    expect(listing).not.toContain(DERIVED_GRAPH);
    // The triples /health counts are the records' own: those of the graphs named by a record typed
    // in them, never the derived graph's (which holds some, so counting them would show).
    const kinds = ['Facility', 'Organization', 'InstrumentModel', 'InstrumentInstance', 'HardwareConfiguration', 'Dataset', 'Publication', 'Person'].map((k) => `<${PHD}${k}>`).join(' ');
    const recordTriples = await select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER EXISTS { GRAPH ?g { ?g a ?kind } VALUES ?kind { ${kinds} } } }`);
    expect(Number(recordTriples.results.bindings[0]?.n?.value)).toBe(triples);
    const derived = await select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${DERIVED_GRAPH}> { ?s ?p ?o } }`);
    expect(Number(derived.results.bindings[0]?.n?.value)).toBeGreaterThan(0);
    const recordGraphs = await select(`SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ?kind } VALUES ?kind { ${kinds} } }`);
    expect(Number(recordGraphs.results.bindings[0]?.n?.value)).toBe(records);
  });
});
