import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChecklistRow, MethodsView } from '../../src/reporting/index.js';
import { ONTOLOGY_DIR, readTurtleDir } from '../../src/validation/model-files.js';
import { FIXTURES } from '../support/rdf-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const NBOQ = 'https://w3id.org/imaging-phd/nbo-q#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SP8_V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const enc = encodeURIComponent;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const { namedNode, quad } = N3.DataFactory;

/** The classes below an NBO-Q class, from the ontology files as shipped. */
function subclassesOf(root: string): Set<string> {
  const ontology = new N3.Store(readTurtleDir(ONTOLOGY_DIR));
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const q of ontology.getQuads(null, namedNode(`${RDFS}subClassOf`), null, null)) {
      if (found.has(q.object.value) && !found.has(q.subject.value)) {
        found.add(q.subject.value);
        grew = true;
      }
    }
  }
  return found;
}

describe('GET /pid/{configuration or dataset}/methods', () => {
  let app: TestApp;
  /** The path that dereferences a record: `/id/…` for minted IRIs, else the percent-encoded IRI. */
  const pathOf = (iri: string) => (iri.startsWith(`${app.baseUrl}/id/`) ? `/pid/${iri.slice(`${app.baseUrl}/id/`.length)}` : `/pid/${enc(iri)}`);
  const methods = (iri: string, accept = 'application/json', query = '') => fetch(`${app.url}${pathOf(iri)}/methods${query}`, { headers: { accept } });
  const view = async (iri: string) => {
    const response = await methods(iri);
    expect(response.status, iri).toBe(200);
    return (await response.json()) as MethodsView;
  };
  const turtle = async (iri: string): Promise<Quad[]> => {
    const response = await fetch(`${app.url}/records/${enc(iri)}`, { headers: { accept: 'text/turtle' } }); // the record's own graph (/pid adds the links other records hold to it)
    expect(response.status, iri).toBe(200);
    return new N3.Parser().parse(await response.text());
  };
  const row = (v: MethodsView, id: string): ChecklistRow => {
    const found = v.checklist.find((r) => r.id === id);
    if (found === undefined) throw new Error(`no checklist item ${id}`);
    return found;
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('names every objective, light source and detector of each sample configuration, citing each, and marks what is missing.', async () => {
    const query = `SELECT ?c WHERE { ?c a <${PHD}HardwareConfiguration> }`;
    const results = await fetch(`${app.url}/sparql?query=${enc(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    const configurations = ((await results.json()) as { results: { bindings: { c: { value: string } }[] } }).results.bindings.map((b) => b.c.value);
    expect(configurations.length).toBeGreaterThanOrEqual(4);
    const roles = [`${NBOQ}Objective`, `${NBOQ}LightSource`, `${NBOQ}Detector`].map(subclassesOf);
    for (const configuration of configurations) {
      const store = new N3.Store(await turtle(configuration));
      const components = store.getObjects(namedNode(configuration), namedNode(`${PHD}hasComponent`), null).map((t) => t.value);
      const named = components.filter((c) => store.getObjects(namedNode(c), namedNode(RDF_TYPE), null).some((t) => roles.some((r) => r.has(t.value))));
      expect(named.length, configuration).toBeGreaterThan(0);
      const v = await view(configuration);
      const markdown = await (await methods(configuration, 'text/markdown')).text();
      const cited = new Set(v.paragraphs.flat().flatMap((s) => s.cites.map((c) => c.iri)));
      for (const component of named) {
        expect(cited, `${configuration}: ${component}`).toContain(component);
        const model = store.getObjects(namedNode(component), namedNode(`${NBOQ}model`), null)[0]?.value.trim();
        const label = store.getObjects(namedNode(component), namedNode(`${RDFS}label`), null)[0]?.value.trim();
        const name = model ?? label ?? '';
        expect(markdown.replace(/\\/g, ''), `${configuration}: ${component}`).toContain(name);
      }
      // Each missing marker of the view is in the text as `[missing: …]`, and a configuration without acquisition software is one.
      for (const missing of v.missing) expect(markdown).toContain(`[missing: ${missing}]`);
      const software = subclassesOf(`${NBOQ}Software`);
      const hasSoftware = components.some((c) => store.getObjects(namedNode(c), namedNode(RDF_TYPE), null).some((t) => software.has(t.value)));
      expect(v.missing.includes('acquisition software and version'), configuration).toBe(!hasSoftware);
      expect(row(v, 'software').status).toBe(hasSoftware && v.missing.every((m) => !m.includes('software')) ? 'present' : 'missing');
    }
  });

  it('opens with the instrument model and manufacturer, the instance PID, the facility with its RRID and the configuration PID.', async () => {
    const markdown = await (await methods(SP8_V2, 'text/markdown')).text();
    const opening = markdown.split('\n').find((line) => line.startsWith('Images were acquired')) ?? '';
    for (const fact of ['Leica TCS SP8', 'Leica Microsystems', 'doi:10.5072/phd.ecc.sp8', 'Example Confocal Core', 'RRID:SCR_999003', 'doi:10.5072/phd.ecc.sp8.v2']) expect(opening).toContain(fact);
    // SP8 v2 records lasers and detectors but no filters: the text says so.
    expect(markdown).toContain('[missing: excitation and emission filters, dichroic mirrors]');
  });

  it('turns a checklist item missing when a new version of a configuration lacks the field.', async () => {
    const before = await view(SP8_V2);
    expect(row(before, 'objective-na')).toMatchObject({ status: 'present' });
    expect([...row(before, 'objective-na').values].sort()).toEqual(['0.75', '1.4']);
    // A copy of v2 as v3, without the objectives' numerical aperture (which tier 1 requires: the copy claims tier 0).
    const v3 = 'https://doi.org/10.5072/phd.ecc.sp8.v3';
    const rename = <T extends N3.Term>(t: T): T => (t.termType === 'NamedNode' && t.value.startsWith(SP8_V2) ? namedNode(`${v3}${t.value.slice(SP8_V2.length)}`) as unknown as T : t);
    const dropped = new Set([`${NBOQ}lensNA`, `${PHD}tier`, `${PHD}versionNumber`, `${PHD}validFrom`, 'http://purl.org/dc/terms/identifier', 'http://www.w3.org/ns/prov#wasRevisionOf']);
    const copy = (await turtle(SP8_V2))
      .filter((q) => !dropped.has(q.predicate.value) || (q.predicate.value === 'http://purl.org/dc/terms/identifier' && q.subject.value !== SP8_V2))
      .map((q) => quad(rename(q.subject), q.predicate, rename(q.object)));
    const lit = (value: string, type: string) => N3.DataFactory.literal(value, namedNode(`http://www.w3.org/2001/XMLSchema#${type}`));
    copy.push(quad(namedNode(v3), namedNode(`${PHD}versionNumber`), lit('3', 'integer')), quad(namedNode(v3), namedNode(`${PHD}tier`), lit('0', 'integer')), quad(namedNode(v3), namedNode(`${PHD}validFrom`), lit('2025-01-10', 'date')),
      quad(namedNode(v3), namedNode('http://www.w3.org/ns/prov#wasRevisionOf'), namedNode(SP8_V2)));
    const body = new N3.Writer({ format: 'N-Triples' }).quadsToString(copy);
    const written = await fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'application/n-triples', ...admin }, body });
    expect(written.status, await written.clone().text()).toBe(201);

    const after = await view(v3);
    expect(row(after, 'objective-na')).toMatchObject({ status: 'missing', values: [] });
    expect(row(after, 'objective-magnification').status).toBe('present');
    expect(after.missing).toContain('objective numerical aperture');
    const objective = after.componentFields.find((c) => c.iri === `${v3}/component/objective63x`);
    expect(objective?.fields.find((f) => f.property === `${NBOQ}lensNA`)?.present).toBe(false);
    expect(before.componentFields.find((c) => c.iri === `${SP8_V2}/component/objective63x`)?.fields.find((f) => f.property === `${NBOQ}lensNA`)).toMatchObject({ present: true, values: ['1.4'] });
  });

  it('includes a dataset\'s acquisition settings with their units, citing the dataset PID.', async () => {
    // An app of its own: the import writes a new SP8 version, which the other tests do not expect.
    const shared = app;
    app = await startTestApp();
    try {
      const xml = readFileSync(join(FIXTURES, 'ome-xml', 'confocal-sp8.ome.xml'), 'utf8').replace('SerialNumber="8412034"', 'SerialNumber="8100000451"');
      const imported = await fetch(`${app.url}/import/ome-xml`, { method: 'POST', headers: { ...admin, 'content-type': 'application/xml' }, body: xml });
      expect(imported.status).toBe(201);
      const dataset = ((await imported.json()) as { datasets: { iri: string }[] }).datasets[0]?.iri ?? '';
      const v = await view(dataset);
      expect(v.kind).toBe('dataset');
      const channels = v.paragraphs[2] ?? [];
      const text = channels.map((s) => s.segments.map((seg) => ('text' in seg ? seg.text : 'fact' in seg ? seg.fact : `[missing: ${seg.missing}]`)).join('')).join(' ');
      // The detector voltage the dataset records (OME DetectorSettings@Voltage) is in the text with its unit.
      const graph = new N3.Store(await turtle(dataset));
      const voltage = graph.getQuads(null, namedNode(`${NBOQ}voltage`), null, null)[0];
      expect(voltage).toBeDefined();
      expect(text).toMatch(new RegExp(`voltage ${voltage?.object.value ?? ''} V`));
      expect(text).toMatch(/pixel size was [\d.]+ µm/);
      expect(row(v, 'detector-settings').status).toBe('present');
      expect(row(v, 'pixel-size').status).toBe('present');
      expect(channels.flatMap((s) => s.cites.map((c) => c.iri))).toContain(dataset);
      const markdown = await (await methods(dataset, 'text/markdown')).text();
      expect(markdown).toContain('The dataset “');
    } finally {
      await app.close();
      app = shared;
    }
  });

  it('negotiates Markdown, HTML and JSON by Accept, with ?format= winning, and 406 for other types.', async () => {
    const md = await methods(SP8_V2, 'text/markdown');
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(md.headers.get('vary')).toMatch(/Accept/);
    expect(await md.text()).toMatch(/^# Methods: /);
    const page = await methods(SP8_V2, 'text/html,application/xhtml+xml;q=0.9');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Reporting checklist');
    const json = await methods(SP8_V2, 'application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as MethodsView).checklist.length).toBeGreaterThan(10);
    const forced = await methods(SP8_V2, 'text/html', '?format=markdown');
    expect(forced.headers.get('content-type')).toMatch(/^text\/markdown/);
    const anything = await methods(SP8_V2, '*/*');
    expect(anything.headers.get('content-type')).toMatch(/^text\/markdown/);
    const refused = await methods(SP8_V2, 'image/png');
    expect(refused.status).toBe(406);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('sends an ETag per representation, asks caches to revalidate, and answers 304 to a client holding the text.', async () => {
    const md = await methods(SP8_V2, 'text/markdown');
    const etag = md.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(md.headers.get('cache-control')).toBe('no-cache');
    const json = await methods(SP8_V2, 'application/json');
    expect(json.headers.get('etag')).not.toBe(etag);
    const held = await fetch(`${app.url}${pathOf(SP8_V2)}/methods`, { headers: { accept: 'text/markdown', 'if-none-match': etag } });
    expect(held.status).toBe(304);
    expect(held.headers.get('vary')).toMatch(/Accept/);
    expect(await held.text()).toBe('');
    const other = await fetch(`${app.url}${pathOf(SP8_V2)}/methods`, { headers: { accept: 'application/json', 'if-none-match': etag } });
    expect(other.status).toBe(200);
  });

  it('serves the methods of a minted configuration at /pid/{kind}/{id}/methods, linked from its landing page.', async () => {
    const iri = `${app.baseUrl}/id/configuration/igc-limelight-v1`;
    const response = await fetch(`${app.url}/pid/configuration/igc-limelight-v1/methods?format=json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as MethodsView).iri).toBe(iri);
    const landing = await (await fetch(`${app.url}/id/configuration/igc-limelight-v1`, { headers: { accept: 'text/html' } })).text();
    expect(landing).toContain('href="/pid/configuration/igc-limelight-v1/methods"');
  });

  it('answers 404 problem+json for a facility, naming the records that have methods.', async () => {
    const response = await methods('https://identifiers.org/RRID:SCR_999003');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toMatch(/datasets and hardware configurations/);
  });
});
