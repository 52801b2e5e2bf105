import jsonld from 'jsonld';
import N3 from 'n3';
import oxigraph from 'oxigraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

let app: TestApp;
const enc = encodeURIComponent;

const PHD = 'https://w3id.org/imaging-phd/ns#';
const CITO = 'http://purl.org/spar/cito/';
const DCTERMS = 'http://purl.org/dc/terms/';
const SEE_ALSO = 'http://www.w3.org/2000/01/rdf-schema#seeAlso';

const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const SP8_V1 = 'https://doi.org/10.5072/phd.ecc.sp8.v1';
const SP8_V3 = 'https://doi.org/10.5072/phd.ecc.sp8.v3';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const MIT = 'https://ror.org/042nb2s44';
const DATASET_2020 = 'https://doi.org/10.5072/phd.data.sp8-2020-mitochondria';
const PUBLICATION = 'https://doi.org/10.5072/phd.pub.mito-2024';
const DANA = 'https://orcid.org/0000-0001-8204-6501';

/** A statement as `subject predicate object`. */
type Triple = readonly [string, string, string];

/**
 * One relation of the issue: a record, a statement about it kept in another record's graph (or in
 * its own, where the issue asks for an outbound link), and the record that holds the statement.
 */
interface Relation {
  readonly name: string;
  readonly target: () => string;
  readonly triple: () => Triple;
  readonly source: () => string;
  /** The record the landing page's "Linked from" section lists (the other end); undefined when the link is the record's own. */
  readonly listed?: () => string;
}

const base = () => app.baseUrl;
const leicaModel = () => `${base()}/id/model/leica-tcs-sp8`;
const leica = () => `${base()}/id/organization/leica-microsystems`;

const RELATIONS: readonly Relation[] = [
  { name: 'an instance lists its configurations', target: () => SP8, triple: () => [SP8, `${PHD}hasConfiguration`, SP8_V1], source: () => SP8_V1, listed: () => SP8_V1 },
  { name: 'a facility lists its instruments', target: () => ECC, triple: () => [ECC, `${PHD}operates`, SP8], source: () => SP8, listed: () => SP8 },
  { name: 'a model lists its instances', target: leicaModel, triple: () => [SP8, `${PHD}instanceOf`, leicaModel()], source: () => SP8, listed: () => SP8 },
  { name: 'a model names its manufacturer', target: leicaModel, triple: () => [leicaModel(), `${PHD}manufacturer`, leica()], source: leicaModel },
  { name: 'an organization lists the facilities it hosts', target: () => MIT, triple: () => [ECC, `${PHD}hostedBy`, MIT], source: () => ECC, listed: () => ECC },
  { name: 'an organization lists the models it makes', target: leica, triple: () => [leicaModel(), `${PHD}manufacturer`, leica()], source: leicaModel, listed: leicaModel },
  { name: 'a configuration names its instance', target: () => SP8_V1, triple: () => [SP8, `${PHD}hasConfiguration`, SP8_V1], source: () => SP8_V1 },
  { name: 'a configuration lists the datasets acquired with it', target: () => SP8_V1, triple: () => [DATASET_2020, `${PHD}acquiredWith`, SP8_V1], source: () => DATASET_2020, listed: () => DATASET_2020 },
  { name: 'a dataset lists the publications citing it', target: () => DATASET_2020, triple: () => [PUBLICATION, `${CITO}citesAsDataSource`, DATASET_2020], source: () => PUBLICATION, listed: () => PUBLICATION },
  { name: 'a publication lists what it cites', target: () => PUBLICATION, triple: () => [PUBLICATION, `${CITO}cites`, SP8], source: () => PUBLICATION },
  { name: 'a person lists the records naming them', target: () => DANA, triple: () => [DATASET_2020, `${DCTERMS}creator`, DANA], source: () => DATASET_2020, listed: () => DATASET_2020 },
];

/** The path that dereferences a record here: `/id/…` for minted IRIs, `/pid/{iri}` for PIDs. */
function pathOf(iri: string): string {
  return iri.startsWith(`${base()}/id/`) ? iri.slice(base().length) : `/pid/${enc(iri)}`;
}

async function get(path: string, accept: string): Promise<Response> {
  const res = await fetch(`${app.url}${path}`, { headers: { accept } });
  expect(res.status, `${accept} ${path}`).toBe(200);
  return res;
}

const key = (s: string, p: string, o: string) => `${s} ${p} ${o}`;

/** A record's JSON-LD answer read to RDF by the jsonld library, with the service's context held offline. */
async function jsonldTriples(path: string): Promise<{ triples: Set<string>; etag: string }> {
  const res = await get(path, 'application/ld+json');
  const context = await (await fetch(`${app.url}/context.jsonld`)).json() as object;
  const documentLoader = (url: string) => (url === `${base()}/context.jsonld`
    ? Promise.resolve({ contextUrl: undefined, documentUrl: url, document: context })
    : Promise.reject(new Error(`offline: ${url}`)));
  const toRdf = jsonld.toRDF as unknown as (input: unknown, options: object) => Promise<string>;
  const nquads = await toRdf(await res.json(), { format: 'application/n-quads', documentLoader });
  const quads = new N3.Parser({ format: 'N-Quads' }).parse(nquads);
  return { triples: new Set(quads.map((q) => key(q.subject.value, q.predicate.value, q.object.value))), etag: res.headers.get('etag') ?? '' };
}

/** A record's Turtle answer parsed by n3. */
async function turtleTriples(path: string): Promise<Set<string>> {
  const quads = new N3.Parser({ format: 'Turtle', baseIRI: `${app.url}${path}` }).parse(await (await get(path, 'text/turtle')).text());
  return new Set(quads.map((q) => key(q.subject.value, q.predicate.value, q.object.value)));
}

/** The section of a landing page that lists the records linking to it. */
async function linkedFromSection(path: string): Promise<string> {
  const page = await (await get(path, 'text/html')).text();
  const start = page.indexOf('<section aria-labelledby="linked-from">');
  expect(start, `a "Linked from" section on ${path}`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

/** The triples of a record's own named graph, as the SPARQL endpoint answers. */
async function ownGraph(iri: string): Promise<Set<string>> {
  const query = `SELECT ?s ?p ?o WHERE { GRAPH <${iri}> { ?s ?p ?o } }`;
  const res = await fetch(`${app.url}/sparql?query=${enc(query)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const json = await res.json() as { results: { bindings: Record<'s' | 'p' | 'o', { value: string }>[] } };
  return new Set(json.results.bindings.map((b) => key(b.s.value, b.p.value, b.o.value)));
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('A record\'s representations on /pid and /id', () => {
  for (const relation of RELATIONS) {
    it(`carry the link when ${relation.name}, in JSON-LD and Turtle, naming the record that holds it.`, async () => {
      const [s, p, o] = relation.triple();
      const path = pathOf(relation.target());
      const { triples } = await jsonldTriples(path);
      const turtle = await turtleTriples(path);
      for (const [name, graph] of [['JSON-LD', triples], ['Turtle', turtle]] as const) {
        expect(graph.has(key(s, p, o)), `${name} of ${path} states ${key(s, p, o)}`).toBe(true);
        if (relation.source() !== relation.target()) {
          expect(graph.has(key(relation.target(), SEE_ALSO, relation.source())), `${name} of ${path} names ${relation.source()}`).toBe(true);
        }
      }
    });
  }

  it('carry the links in N-Triples and RDF/XML too, and the same graph in every format.', async () => {
    const path = pathOf(ECC);
    const turtle = await turtleTriples(path);
    for (const accept of ['application/n-triples', 'application/rdf+xml']) {
      const store = new oxigraph.Store();
      store.load(await (await get(path, accept)).text(), { format: accept, base_iri: ECC });
      const quads = store.match(null, null, null, oxigraph.defaultGraph());
      expect(new Set(quads.map((q) => key(q.subject.value, q.predicate.value, q.object.value))), accept).toEqual(turtle);
    }
    expect(turtle.has(key(ECC, `${PHD}operates`, SP8))).toBe(true);
  });

  it('leave GET /records/{id} as the record\'s own graph, which a client writes back.', async () => {
    const quads = new N3.Parser({ format: 'N-Triples' }).parse(await (await get(`/records/${enc(ECC)}`, 'application/n-triples')).text());
    const triples = new Set(quads.map((q) => key(q.subject.value, q.predicate.value, q.object.value)));
    expect(triples.has(key(ECC, `${PHD}hostedBy`, MIT))).toBe(true);
    expect(triples.has(key(ECC, `${PHD}operates`, SP8))).toBe(false);
    expect([...triples].some((t) => t.includes(SEE_ALSO))).toBe(false);
    expect(triples).toEqual(await ownGraph(ECC));
  });
});

describe('A landing page', () => {
  for (const relation of RELATIONS.filter((r) => r.listed !== undefined)) {
    it(`lists the record at the other end when ${relation.name}.`, async () => {
      const section = await linkedFromSection(pathOf(relation.target()));
      const other = relation.listed?.() ?? '';
      const href = other.startsWith(`${base()}/id/`) ? other.slice(base().length) : undefined;
      // PIDs are linked by their compact form (/pid/doi:…, /pid/rrid:…); minted IRIs by /id/….
      const pattern = href === undefined ? new RegExp(`href="/pid/[^"]*${other.replace(/^https?:\/\/[^/]+\/(RRID:)?/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'i') : new RegExp(`href="${href}"`);
      expect(section).toMatch(pattern);
    });
  }

  it('lists what the record\'s own graph links to: a model\'s manufacturer, the datasets a publication cites.', async () => {
    const sectionOf = async (path: string) => {
      const page = await (await get(path, 'text/html')).text();
      const start = page.indexOf('<section aria-labelledby="links-to">');
      expect(start, `a "Links to" section on ${path}`).toBeGreaterThanOrEqual(0);
      return page.slice(start, page.indexOf('</section>', start));
    };
    const model = await sectionOf(pathOf(leicaModel()));
    expect(model).toContain('Manufacturer');
    expect(model).toContain(`href="${leica().slice(base().length)}"`);
    const publication = await sectionOf(pathOf(PUBLICATION));
    expect(publication).toContain('Datasets it cites');
    expect(publication).toContain('href="/pid/doi:10.5072/phd.data.sp8-2020-mitochondria"');
    expect(publication).toContain('href="/pid/doi:10.5072/phd.data.sp8-2023-mitochondria"');
    expect(publication).toContain('Works it cites');
  });

  it('heads each relation in words: a facility\'s instruments, a model\'s instances, an organization\'s models.', async () => {
    expect(await linkedFromSection(pathOf(ECC))).toContain('Instruments it operates');
    expect(await linkedFromSection(pathOf(leicaModel()))).toContain('Instances of this model');
    expect(await linkedFromSection(pathOf(leica()))).toContain('Models it makes');
    expect(await linkedFromSection(pathOf(DATASET_2020))).toContain('Publications citing it as a data source');
  });
});

describe('The configuration timeline on a landing page', () => {
  it('links each version to the diff with its predecessor, which answers, and says what changed.', async () => {
    const page = await (await get(pathOf(SP8), 'text/html')).text();
    const versions = /<ol class="versions">[\s\S]*?<\/ol>/.exec(page)?.[0] ?? '';
    const href = /<a href="([^"]+)">Changes since v1<\/a>: 1 component added: HyD 2; 1 removed: PMT 2\./.exec(versions)?.[1];
    expect(href, versions).toBeDefined();
    const diff = await get(href ?? '', 'application/json');
    const body = await diff.json() as { from: { iri: string }; to: { iri: string }; added: { label: string }[] };
    expect([body.from.iri, body.to.iri]).toEqual([SP8_V1, 'https://doi.org/10.5072/phd.ecc.sp8.v2']);
    expect(body.added.map((c) => c.label)).toEqual(['HyD 2']);
    expect(await (await get(href ?? '', 'text/html')).text()).toContain('Configuration diff');
  });
});

describe('A write to another record', () => {
  const sp8v3 = `${TURTLE_PREFIXES}
<${SP8}> phd:hasConfiguration <${SP8_V3}> .
<${SP8_V3}> a phd:HardwareConfiguration ;
  rdfs:label "SP8 confocal, 2024 (second HyD)" ; rdfs:comment "A second HyD replaces PMT 1." ; phd:tier 1 ; phd:versionNumber 3 ; phd:validFrom "2024-03-01"^^xsd:date ;
  prov:wasRevisionOf <https://doi.org/10.5072/phd.ecc.sp8.v2> ;
  phd:hasComponent <${SP8_V3}/component/laser405>, <${SP8_V3}/component/objective63x>, <${SP8_V3}/component/hyd1> .
<${SP8_V3}/component/laser405> a nboq:Fluorescence_LightSource_Laser ; rdfs:label "405 nm diode laser" ; dcterms:identifier "laser405" ;
  nboq:tuneable false ; nboq:pulse false ; nboq:modulationMechanism "Direct" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "Diode 405" ; nboq:catalogNumber "158005114" .
<${SP8_V3}/component/objective63x> a nboq:Objective ; rdfs:label "HC PL APO 63x/1.40 OIL CS2" ; dcterms:identifier "objective63x" ;
  nboq:magnification 63 ; nboq:lensNA 1.40 ; nboq:correction "PlanApo" ; nboq:immersionType "Mineral Oil" ; nboq:infinityCorrected true ;
  nboq:contrastModulation "None" ; nboq:dic false ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HC PL APO 63x/1.40 OIL CS2" ; nboq:catalogNumber "11506350" .
<${SP8_V3}/component/hyd1> a nboq:HybridPhotoDetector ; rdfs:label "HyD 1" ; dcterms:identifier "hyd1" ;
  nboq:coating "Gallium arsenide phosphide" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HyD SMD" ; nboq:catalogNumber "HyD-SMD" .`;

  it('changes the target\'s representations and their ETag, and leaves the target\'s own graph as it was.', async () => {
    const path = pathOf(SP8);
    const before = await jsonldTriples(path);
    const graphBefore = await ownGraph(SP8);
    const pageBefore = await get(path, 'text/html');
    await pageBefore.text();
    expect(before.triples.has(key(SP8, `${PHD}hasConfiguration`, SP8_V3))).toBe(false);

    const ecc = app.tokens.create({ facility: ECC });
    const created = await fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ecc.token}` }, body: sp8v3 });
    expect(created.status, await created.clone().text()).toBe(201);

    const after = await jsonldTriples(path);
    expect(after.triples.has(key(SP8, `${PHD}hasConfiguration`, SP8_V3))).toBe(true);
    expect(after.triples.has(key(SP8, SEE_ALSO, SP8_V3))).toBe(true);
    expect(after.etag).not.toBe(before.etag);
    expect((await fetch(`${app.url}${path}`, { headers: { accept: 'application/ld+json', 'if-none-match': before.etag } })).status).toBe(200);
    expect((await turtleTriples(path)).has(key(SP8, `${PHD}hasConfiguration`, SP8_V3))).toBe(true);
    const pageAfter = await get(path, 'text/html');
    expect(pageAfter.headers.get('etag')).not.toBe(pageBefore.headers.get('etag'));
    const text = await pageAfter.text();
    expect(text).toContain('SP8 confocal, 2024 (second HyD)');
    expect(text).toContain('Change note: “A second HyD replaces PMT 1.”');

    // The new record's graph is queryable (the write reached the query index); the instance's is unchanged.
    for (let i = 0; i < 50 && (await ownGraph(SP8_V3)).size === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await ownGraph(SP8_V3)).has(key(SP8, `${PHD}hasConfiguration`, SP8_V3))).toBe(true);
    expect(await ownGraph(SP8)).toEqual(graphBefore);
    app.tokens.revoke(ecc.id);
  });
});
