import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS, termHref } from '../../src/domain/index.js';
import { escapeHtml } from '../../src/pages/escape-html.js';
import type { SparqlJson } from '../../src/representation/sparql-json.js';
import { ONTOLOGY_DIR } from '../../src/validation/model-files.js';
import { sampleData } from '../support/rdf-files.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The vocabulary documented where it lives (issue 20, item 7), through HTTP, on the sample data.
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const OWL = 'http://www.w3.org/2002/07/owl#';
const DECLARED = new Set([`${OWL}Class`, `${OWL}ObjectProperty`, `${OWL}DatatypeProperty`]);

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

const get = (path: string, accept: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers: { accept, ...headers } });

async function select(query: string): Promise<SparqlJson> {
  const res = await fetch(`${app.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as SparqlJson;
}

describe('The namespace documents', () => {
  it('serve the Turtle of /ns and /unit as written: the bytes of the files.', async () => {
    for (const [path, file] of [['/ns', 'phd.ttl'], ['/unit', 'units.ttl']] as const) {
      const res = await get(path, 'text/turtle');
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
      expect(res.headers.get('vary')).toMatch(/Accept/);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(ONTOLOGY_DIR, file))), path).toBe(true);
    }
  });

  it('serve /nbo-q as the generated file followed by the files annotating its terms, each as written.', async () => {
    const text = await (await get('/nbo-q', 'text/turtle')).text();
    const files = readdirSync(ONTOLOGY_DIR).filter((name) => name.startsWith('nbo-q')).sort();
    expect(files).toContain('nbo-q.ttl');
    for (const name of files) expect(text, name).toContain(readFileSync(join(ONTOLOGY_DIR, name), 'utf8'));
    expect(text.startsWith(readFileSync(join(ONTOLOGY_DIR, 'nbo-q.ttl'), 'utf8').slice(0, 200)) || text.startsWith('# ---- ontology/nbo-q.ttl ----')).toBe(true);
    expect(new N3.Parser().parse(text).length).toBeGreaterThan(1000);
  });

  it('answer 304 to a client that holds the document (ETag from the file).', async () => {
    const first = await get('/ns', 'text/turtle');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await get('/ns', 'text/turtle', { 'if-none-match': etag })).status).toBe(304);
    // Another representation is another entity.
    expect((await get('/ns', 'text/html', { 'if-none-match': etag })).status).toBe(200);
  });

  it('list, as HTML, every class and property declared in ontology/phd.ttl, each with its local name as anchor and a link to its page.', async () => {
    const quads = new N3.Parser().parse(readFileSync(join(ONTOLOGY_DIR, 'phd.ttl'), 'utf8'));
    const declared = quads.filter((q) => q.predicate.value === RDF_TYPE && DECLARED.has(q.object.value) && q.subject.value.startsWith(PHD_NS)).map((q) => q.subject.value);
    expect(declared.length).toBeGreaterThan(20);
    const res = await get('/ns', 'text/html');
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const iri of declared) {
      const local = iri.slice(PHD_NS.length);
      expect(page, local).toContain(`id="${local}"`);
      expect(page, local).toContain(`href="${termHref(iri) ?? ''}"`);
    }
  });

  it('give the same quads as JSON-LD and N-Triples as the Turtle holds.', async () => {
    const fromTurtle = new N3.Parser().parse(await (await get('/unit', 'text/turtle')).text());
    const ntriples = await get('/unit', 'application/n-triples');
    expect(ntriples.headers.get('content-type')).toMatch(/^application\/n-triples/);
    expect(new N3.Parser({ format: 'N-Triples' }).parse(await ntriples.text())).toHaveLength(fromTurtle.length);
    const jsonld = await get('/unit?format=jsonld', '*/*');
    expect(jsonld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const body = (await jsonld.json()) as { '@graph': unknown[] };
    expect(body['@graph'].length).toBeGreaterThan(100);
  });

  it('serve the shapes as the files of shapes/ one after the other, which parse as one Turtle document.', async () => {
    const res = await get('/shapes', 'text/turtle');
    const text = await res.text();
    expect(text).toContain('# ---- shapes/nbo-q-tier-1.ttl ----');
    expect(text).toContain('phdsh:Objective-tier1');
    expect(new N3.Parser().parse(text).length).toBeGreaterThan(1000);
  });
});

describe('The ontology index', () => {
  it('lists the namespaces and links each class to its page.', async () => {
    const res = await get('/ontology', 'text/html');
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const path of ['/ns', '/nbo-q', '/unit', '/shapes']) expect(page).toContain(`href="${path}"`);
    expect(page).toContain('href="/ontology/nboq/Objective"');
    expect(page).toContain('href="/ontology/phd/hasComponent"');
    const json = (await (await get('/ontology', 'application/json')).json()) as { classes: { curie: string }[]; properties: { curie: string }[] };
    expect(json.classes.map((c) => c.curie)).toContain('phd:Facility');
    expect(json.properties.map((p) => p.curie)).toContain('nboq:lensNA');
  });
});

describe('A term page', () => {
  it('shows the label, the superclasses and subclasses, with links.', async () => {
    const res = await get('/ontology/nboq/Camera', 'text/html');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Camera <code>nboq:Camera</code></h1>');
    expect(page).toContain('href="/ontology/nboq/Detector"');
    expect(page).toContain('href="/ontology/nboq/CMOS"');
  });

  it('names the shapes that constrain a class, their file and what they require.', async () => {
    const page = await (await get('/ontology/nboq/Objective', 'text/html')).text();
    expect(page).toContain('href="/ontology/phdsh/Objective-tier1"');
    expect(page).toContain('shapes/nbo-q-tier-1.ttl');
    expect(page).toContain('at least 1');
  });

  it('shows a property\'s tier, units and values taken from the sample data, linking their records.', async () => {
    const property = `${NBOQ_NS}manufacturer`;
    const sample = new Set((await sampleData()).filter((q) => q.predicate.value === property).map((q) => q.object.value));
    expect(sample.size).toBeGreaterThan(0);
    const page = await (await get('/ontology/nboq/manufacturer', 'text/html')).text();
    const shown = [...page.matchAll(/<li>(.*?) — in <a href="([^"]+)">/g)];
    expect(shown.length).toBeGreaterThan(0);
    for (const [, value = '', href = ''] of shown) {
      expect([...sample].map((v) => escapeHtml(v))).toContain(value);
      expect((await fetch(`${app.url}${href.replace(/&amp;/g, '&')}`, { headers: { accept: 'text/html' } })).status).toBe(200);
    }
    const wavelength = await (await get('/ontology/nboq/wavelength', 'text/html')).text();
    expect(wavelength).toContain('href="/ontology/nboq/wavelengthUnit"');
    expect(wavelength).toContain('href="/ontology/phdunit/NanoM"');
  });

  it('gives the term\'s own triples as Turtle.', async () => {
    const res = await get('/ontology/nboq/Objective', 'text/turtle');
    expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    const quads = new N3.Parser().parse(await res.text());
    expect(quads.some((q) => q.subject.value === `${NBOQ_NS}Objective` && q.predicate.value === RDFS_LABEL)).toBe(true);
    expect(quads.every((q) => q.subject.value === `${NBOQ_NS}Objective` || q.subject.termType === 'BlankNode')).toBe(true);
  });

  it('is a 404 problem for a term the ontology does not have.', async () => {
    for (const path of ['/ontology/nboq/NoSuchThing', '/ontology/nope/Objective']) {
      const res = await get(path, 'application/json');
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('The ontology in SPARQL', () => {
  it('answers the label of an NBO-Q class.', async () => {
    const answer = await select(`PREFIX nboq: <${NBOQ_NS}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { nboq:Objective rdfs:label ?label }`);
    expect(answer.results?.bindings.map((b) => b.label?.value)).toEqual(['objective']);
  });

  it('keeps it in graphs of its own: a record\'s graph holds what the store holds for it, and nothing of the ontology.', async () => {
    const graphs = await select(`PREFIX nboq: <${NBOQ_NS}> SELECT DISTINCT ?g WHERE { GRAPH ?g { nboq:Objective ?p ?o } }`);
    expect(graphs.results?.bindings.map((b) => b.g?.value)).toEqual(['https://w3id.org/imaging-phd/nbo-q']);
    const [record] = (await app.store.list('configuration'));
    const stored = record === undefined ? undefined : await app.store.get(record.iri);
    expect(stored).toBeDefined();
    const count = await select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${stored?.iri ?? ''}> { ?s ?p ?o } }`);
    expect(Number(count.results?.bindings[0]?.n?.value)).toBe(stored?.triples);
  });
});
