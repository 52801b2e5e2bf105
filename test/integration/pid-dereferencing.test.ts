import jsonld from 'jsonld';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_DOCUMENT } from '../../src/pid/context.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let app: TestApp;
const V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';

/** Absolute URLs in headers use PHD_BASE_URL; the test server listens elsewhere. */
const local = (url: string) => url.replace(app.baseUrl, app.url);
const get = (path: string, accept = 'application/ld+json') => fetch(`${app.url}${path}`, { headers: { accept }, redirect: 'manual' });
const ntriplesSet = (text: string) => new Set(new N3.Parser({ format: 'N-Triples' }).parse(text).map((q) => new N3.Writer({ format: 'N-Triples' }).quadToString(q.subject, q.predicate, q.object).trim()));

function parseLinks(header: string): { url: string; rel: string; type?: string }[] {
  return header.split(/,(?=\s*<)/).map((part) => {
    const url = /<([^>]+)>/.exec(part)?.[1] ?? '';
    const rel = /rel="([^"]+)"/.exec(part)?.[1] ?? '';
    const type = /type="([^"]+)"/.exec(part)?.[1];
    return { url, rel, ...(type === undefined ? {} : { type }) };
  });
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('GET /pid/{pid}', () => {
  it('resolves every form of a PID to the same record.', async () => {
    const forms = ['doi:10.5072/phd.ecc.sp8', 'doi:10.5072%2Fphd.ecc.sp8', '10.5072/phd.ecc.sp8', 'https://doi.org/10.5072/PHD.ECC.SP8',
      encodeURIComponent('https://doi.org/10.5072/phd.ecc.sp8'), 'DOI:10.5072/Phd.Ecc.Sp8'];
    const bodies = new Set<string>();
    for (const form of forms) {
      const res = await get(`/pid/${form}`, 'application/n-triples');
      expect(res.status, form).toBe(200);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
    for (const form of ['RRID:SCR_999003', 'rrid:SCR_999003', encodeURIComponent('https://scicrunch.org/resolver/RRID:SCR_999003'), 'https://identifiers.org/RRID:SCR_999003']) {
      expect((await get(`/pid/${form}`)).status, form).toBe(200);
    }
    for (const form of ['ror:042nb2s44', '042nb2s44', 'https://ror.org/042nb2s44', 'orcid:0000-0002-1825-0097', '0000-0002-1825-0097', 'hdl:21.t11998/phd-abif-axiovert1', 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1']) {
      expect((await get(`/pid/${form}`)).status, form).toBe(200);
    }
    expect((await get('/id/configuration/igc-limelight-v1')).status).toBe(200);
    // The short form of a minted IRI, {kind}/{id}, as the CLI and /records accept it.
    const short = await get('/pid/configuration/igc-limelight-v1', 'application/n-triples');
    expect(short.status).toBe(200);
    expect(await short.text()).toBe(await (await get('/id/configuration/igc-limelight-v1', 'application/n-triples')).text());
    expect((await get('/pid/configuration/no-such-record')).status).toBe(404);
  });

  it('answers JSON-LD that expands offline, with our context, to the same graph as the Turtle answer.', async () => {
    const res = await get('/pid/doi:10.5072/phd.ecc.sp8.v2');
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const doc = await res.json() as Record<string, unknown>;
    expect(doc['@context']).toBe(`${app.baseUrl}/context.jsonld`);
    const contextRes = await fetch(`${app.url}/context.jsonld`);
    expect(await contextRes.json()).toEqual(JSON.parse(JSON.stringify(CONTEXT_DOCUMENT)));
    const documentLoader = (url: string) => {
      if (url === `${app.baseUrl}/context.jsonld`) return Promise.resolve({ contextUrl: undefined, documentUrl: url, document: CONTEXT_DOCUMENT });
      return Promise.reject(new Error(`offline: ${url}`));
    };
    const toRdf = jsonld.toRDF as unknown as (input: unknown, options: object) => Promise<string>;
    const nquads = await toRdf(doc, { format: 'application/n-quads', documentLoader });
    const turtle = await (await get('/pid/doi:10.5072/phd.ecc.sp8.v2', 'text/turtle')).text();
    const fromTurtle = new N3.Parser().parse(turtle).map((q) => new N3.Writer({ format: 'N-Triples' }).quadToString(q.subject, q.predicate, q.object).trim());
    expect(ntriplesSet(nquads)).toEqual(new Set(fromTurtle));
    expect(fromTurtle.length).toBeGreaterThan(50);
  });

  it('sends Vary, ETag, Cache-Control and FAIR Signposting links that point at working URLs.', async () => {
    const res = await get('/pid/doi:10.5072/phd.data.sp8-2023-mitochondria');
    expect(res.headers.get('vary')).toContain('Accept');
    // Inbound links make the body depend on other records' writes: caches revalidate every time.
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${app.url}/pid/doi:10.5072/phd.data.sp8-2023-mitochondria`, { headers: { accept: 'application/ld+json', 'if-none-match': etag } })).status).toBe(304);
    const links = parseLinks(res.headers.get('link') ?? '');
    expect(links).toContainEqual({ url: 'https://doi.org/10.5072/phd.data.sp8-2023-mitochondria', rel: 'cite-as' });
    expect(links.filter((l) => l.rel === 'author').map((l) => l.url)).toContain('https://orcid.org/0000-0002-1825-0097');
    expect(links.some((l) => l.rel === 'type' && l.url === 'https://schema.org/Dataset')).toBe(true);
    const describedBy = links.filter((l) => l.rel === 'describedby');
    expect(describedBy.map((l) => l.type).sort()).toEqual(['application/ld+json', 'application/n-triples', 'application/rdf+xml', 'text/turtle']);
    for (const link of describedBy) {
      const target = await fetch(local(link.url));
      expect(target.status, link.url).toBe(200);
      expect(target.headers.get('content-type')).toContain(link.type ?? '');
    }
    const configuration = parseLinks((await get('/pid/doi:10.5072/phd.ecc.sp8.v1')).headers.get('link') ?? '');
    const collection = configuration.find((l) => l.rel === 'collection');
    expect(collection).toBeDefined();
    expect((await fetch(local(collection?.url ?? ''))).status).toBe(200);
  });

  it('serves an HTML landing page to browsers and RDF/XML on request.', async () => {
    const html = await get('/pid/doi:10.5072/phd.ecc.sp8.v2', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('HyD 2');
    expect(page).toContain('<svg');
    expect(page).toContain('application/ld+json');
    const xml = await get('/pid/doi:10.5072/phd.ecc.sp8.v2?format=rdfxml', '*/*');
    expect(xml.headers.get('content-type')).toContain('application/rdf+xml');
    expect(await xml.text()).toContain('rdf:RDF');
  });

  it('answers 404 for an unknown PID (HTML for browsers), 400 naming the rule for a bad checksum, 406, and 400 for a bad format.', async () => {
    const unknown = await get('/pid/doi:10.5072/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const page = await get('/pid/doi:10.5072/nothing-here', 'text/html');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const bad = await get('/pid/orcid:0000-0002-1825-0098');
    expect(bad.status).toBe(400);
    expect((await bad.json() as { rule: string }).rule).toBe('orcid-checksum');
    const ror = await get('/pid/ror:03yrm5c27');
    expect((await ror.json() as { rule: string }).rule).toBe('ror-checksum');
    expect((await get('/pid/doi:10.5072/phd.ecc.sp8', 'image/png')).status).toBe(406);
    expect((await get('/pid/doi:10.5072/phd.ecc.sp8?format=pdf')).status).toBe(400);
  });

  it('answers 410 with the tombstone date for a withdrawn record.', async () => {
    const body = '@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .\n' +
      '<https://orcid.org/0000-0002-7093-1172> a phd:Person ; schema:name "Short Lived" ; dcterms:identifier "0000-0002-7093-1172" .';
    const created = await fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN_TOKEN}` }, body });
    expect(created.status).toBe(201);
    expect((await fetch(`${app.url}/records/orcid:0000-0002-7093-1172`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    const gone = await get('/pid/orcid:0000-0002-7093-1172');
    expect(gone.status).toBe(410);
    expect((await gone.json() as { deletedAt: string }).deletedAt).toMatch(/^\d{4}-/);
    expect((await get('/pid/orcid:0000-0002-7093-1172', 'text/html')).status).toBe(410);
  });
});

describe('The tier chain', () => {
  const chain = (facility: string, model: string, instance: string, descriptor: string) => `/pid/${[facility, model, instance, descriptor].map(encodeURIComponent).join('/')}`;

  it('resolves /pid/{facility}/{model}/{instance}/{descriptor} when every link holds.', async () => {
    const res = await get(chain('RRID:SCR_999003', `${app.baseUrl}/id/model/leica-tcs-sp8`, 'doi:10.5072/phd.ecc.sp8', 'doi:10.5072/phd.ecc.sp8.v2'), 'application/n-triples');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(V2);
    const unencoded = await get(`/pid/RRID:SCR_999003/${app.baseUrl}/id/model/leica-tcs-sp8/doi:10.5072/phd.ecc.sp8/doi:10.5072/phd.ecc.sp8.v1`.replace('http://', 'http:/'));
    expect(unencoded.status).toBe(200);
  });

  it('answers 404 naming the broken link otherwise.', async () => {
    const wrongFacility = await get(chain('RRID:SCR_999001', `${app.baseUrl}/id/model/leica-tcs-sp8`, 'doi:10.5072/phd.ecc.sp8', 'doi:10.5072/phd.ecc.sp8.v2'));
    expect(wrongFacility.status).toBe(404);
    expect((await wrongFacility.json() as { link: string }).link).toBe('facility operates instance');
    const wrongModel = await get(chain('RRID:SCR_999003', `${app.baseUrl}/id/model/zeiss-axio-imager`, 'doi:10.5072/phd.ecc.sp8', 'doi:10.5072/phd.ecc.sp8.v2'));
    expect((await wrongModel.json() as { link: string }).link).toBe('instance of model');
    const wrongVersion = await get(chain('RRID:SCR_999001', `${app.baseUrl}/id/model/zeiss-axio-imager`, 'doi:10.5072/phd.igc.limelight', 'doi:10.5072/phd.ecc.sp8.v2'));
    expect((await wrongVersion.json() as { link: string }).link).toBe('instance has configuration');
  });
});

describe('GET /pid/{instance}?at=', () => {
  it('redirects (303) to the configuration in effect that day.', async () => {
    const before = await get('/pid/doi:10.5072/phd.ecc.sp8?at=2020-11-03');
    expect(before.status).toBe(303);
    expect(before.headers.get('location')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v1');
    const after = await get('/pid/doi:10.5072/phd.ecc.sp8?at=2023-02-14');
    expect(after.headers.get('location')).toBe('/pid/doi:10.5072/phd.ecc.sp8.v2');
    const followed = await fetch(`${app.url}/pid/doi:10.5072/phd.ecc.sp8?at=2022-06-15`, { headers: { accept: 'application/n-triples' } });
    expect(await followed.text()).toContain(V2);
  });

  it('answers 404 before the first version and 400 for a malformed date or a non-instance.', async () => {
    expect((await get('/pid/doi:10.5072/phd.ecc.sp8?at=2010-01-01')).status).toBe(404);
    expect((await get('/pid/doi:10.5072/phd.ecc.sp8?at=yesterday')).status).toBe(400);
    expect((await get(`/pid/doi:10.5072/phd.ecc.sp8.v1?at=2020-01-01`)).status).toBe(404);
  });
});

describe('GET /pid/{descriptor}/diff/{other}', () => {
  it('lists the components added, removed and changed between two versions, as JSON and HTML.', async () => {
    const res = await get('/pid/doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.ecc.sp8.v2', 'application/json');
    expect(res.status).toBe(200);
    const diff = await res.json() as { added: { identifier: string }[]; removed: { identifier: string }[]; sameInstance: boolean };
    expect(diff.sameInstance).toBe(true);
    expect(diff.added.map((c) => c.identifier)).toEqual(['hyd2']);
    expect(diff.removed.map((c) => c.identifier)).toEqual(['pmt2']);
    const html = await get('/pid/doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.ecc.sp8.v2', 'text/html');
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('hyd2');
  });

  it('refuses configurations of two instruments, and records that are not configurations.', async () => {
    const mixed = await get(`/pid/doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.abif.axiovert1.v1`);
    expect(mixed.status).toBe(422);
    expect((await get(`/pid/doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.ecc.sp8`)).status).toBe(404);
  });
});
