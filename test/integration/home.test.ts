import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const PHD = 'https://w3id.org/imaging-phd/ns#';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Runs a SELECT on the service's own endpoint. */
async function select(query: string): Promise<Record<string, { value: string } | undefined>[]> {
  const res = await fetch(`${app.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { bindings: Record<string, { value: string } | undefined>[] } }).results.bindings;
}

async function homePage(): Promise<string> {
  const res = await fetch(`${app.url}/`, { headers: { accept: BROWSER } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  return res.text();
}

function unescape(text: string): string {
  return text.replaceAll('&amp;', '&').replaceAll('&#39;', '\'').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#x2F;', '/');
}

describe('The home page', () => {
  it('keeps the JSON description of the API for clients that send no Accept, */*, or application/json.', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const res = await fetch(`${app.url}/`, { headers: accept === undefined ? {} : { accept } });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-type'), accept).toContain('application/json');
      expect(res.headers.get('vary')).toContain('Accept');
      const body = (await res.json()) as { service: string; endpoints: Record<string, string> };
      expect(body.service).toBe('imaging-phd');
      expect(body.endpoints.sparql).toBe(`${app.baseUrl}/sparql`);
      expect(body.endpoints.pid).toBe(`${app.baseUrl}/pid/{pid}`);
    }
  });

  it('lists the pages for readers in the JSON description: ontology, namespace documents, compare, methods, SPARQL pages.', async () => {
    const body = (await (await fetch(`${app.url}/?format=json`)).json()) as { endpoints: Record<string, string> };
    expect(body.endpoints).toMatchObject({
      ontology: `${app.baseUrl}/ontology`,
      ontologyTerm: `${app.baseUrl}/ontology/{prefix}/{localName}`,
      namespaces: { phd: `${app.baseUrl}/ns`, nboq: `${app.baseUrl}/nbo-q`, phdunit: `${app.baseUrl}/unit`, phdsh: `${app.baseUrl}/shapes` },
      compare: `${app.baseUrl}/compare?c={iri}&c={iri}`,
      methods: `${app.baseUrl}/pid/{pid}/methods`,
      sparqlPage: `${app.baseUrl}/sparql?query={query}&format=html`,
      federatedSparqlPage: `${app.baseUrl}/federated/sparql?query={query}&format=html`,
    });
  });

  it('answers an unknown ?format= with 400 bad-format, as the other pages do.', async () => {
    const res = await fetch(`${app.url}/?format=png`, { headers: { accept: BROWSER } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.text()).toContain('bad-format');
  });

  it('serves browsers HTML, and either representation by ?format= whatever the Accept header.', async () => {
    const html = await homePage();
    expect(html).toContain('action="/search"');
    expect(html).toContain('name="q"');
    const json = await fetch(`${app.url}/?format=json`, { headers: { accept: BROWSER } });
    expect(json.headers.get('content-type')).toContain('application/json');
    const page = await fetch(`${app.url}/?format=html`, { headers: { accept: 'application/json' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${app.url}/`, { headers: { accept: 'image/png' } })).status).toBe(406);
  });

  it('counts the records by kind as the store holds them.', async () => {
    const html = await homePage();
    const kinds: [string, string, string][] = [
      ['Facility', 'facility', 'facilities'], ['InstrumentInstance', 'instrument', 'instruments'],
      ['InstrumentModel', 'instrument model', 'instrument models'], ['HardwareConfiguration', 'hardware configuration', 'hardware configurations'],
      ['Dataset', 'dataset', 'datasets'], ['Publication', 'publication', 'publications'],
    ];
    for (const [type, one, many] of kinds) {
      const rows = await select(`SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <${PHD}${type}> } }`);
      const count = Number(rows[0]?.n?.value);
      expect(count, type).toBeGreaterThan(0);
      expect(html, type).toContain(`<li><strong>${count}</strong> ${count === 1 ? one : many}</li>`);
    }
  });

  it('lists every facility with its instrument count, each linking to a landing page that answers 200.', async () => {
    const html = await homePage();
    const facilities = await select(`PREFIX phd: <${PHD}> PREFIX schema: <https://schema.org/>
      SELECT ?f ?name (COUNT(DISTINCT ?i) AS ?n) WHERE { ?f a phd:Facility ; schema:name ?name . OPTIONAL { ?f phd:operates ?i } } GROUP BY ?f ?name`);
    expect(facilities.length).toBe(3);
    const section = html.slice(html.indexOf('id="by-facility"'), html.indexOf('id="by-type"'));
    for (const row of facilities) {
      const name = row.name?.value ?? '';
      const count = Number(row.n?.value);
      const item = new RegExp(`<li><a href="([^"]+)">${name.replace(/[()]/g, '\\$&')}</a> <span class="muted">· ${count} instruments?</span></li>`).exec(unescape(section));
      expect(item, name).not.toBeNull();
      const res = await fetch(`${app.url}${item?.[1] ?? ''}`, { headers: { accept: 'text/html' } });
      expect(res.status, item?.[1]).toBe(200);
      expect(unescape(await res.text())).toContain(name);
    }
  });

  it('lists the instrument types, each linking to a search that finds that many instruments.', async () => {
    const html = unescape(await homePage());
    const section = html.slice(html.indexOf('id="by-type"'), html.indexOf('id="for-programs"'));
    const links = [...section.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a> <span class="muted">· (\d+) instruments?<\/span><\/li>/g)];
    expect(links.map((l) => l[2])).toEqual(expect.arrayContaining(['confocal laser scanning', 'widefield fluorescence']));
    for (const [, href = '', , count] of links) {
      const res = await fetch(`${app.url}${href}`, { headers: { accept: 'application/json' } });
      expect(res.status, href).toBe(200);
      const body = (await res.json()) as { total: number };
      expect(body.total, href).toBe(Number(count));
      expect((await fetch(`${app.url}${href}`, { headers: { accept: 'text/html' } })).status).toBe(200);
    }
  });

  it('links SPARQL, the API description and the ontology, and the layout links home.', async () => {
    const html = await homePage();
    for (const href of ['/sparql', '/federated/sparql', '/?format=json', '/ontology', '/.well-known/void']) expect(html).toContain(`href="${href}"`);
    expect(html).toMatch(/<nav aria-label="Site"><a href="\/">Home<\/a><a href="\/search">Search<\/a><a href="\/sparql">SPARQL<\/a><a href="\/ontology">Ontology<\/a><a href="\/workspace">Workspace<\/a><\/nav>/);
    for (const href of ['/sparql', '/federated/sparql', '/?format=json', '/.well-known/void']) {
      expect((await fetch(`${app.url}${href}`, { headers: { accept: BROWSER } })).status, href).toBe(200);
    }
  });
  it('shows a record written after a visit in its counts on the next visit, and no longer after its deletion.', async () => {
    const total = (html: string) => Number(/<p>(\d+) records? in all:/.exec(html)?.[1]);
    const facilities = (html: string) => Number(/<li><strong>(\d+)<\/strong> facilit(?:y|ies)<\/li>/.exec(html)?.[1]);
    const before = await homePage();
    const made = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/turtle' },
      body: `@prefix phd: <${PHD}> . @prefix schema: <https://schema.org/> . <> a phd:Facility ; schema:name "Home Count Test Core" ; phd:hostedBy <https://ror.org/04b08hq31> .`,
    });
    expect(made.status).toBe(201);
    const after = await homePage();
    expect(total(after)).toBe(total(before) + 1);
    expect(facilities(after)).toBe(facilities(before) + 1);
    expect(after).toContain('Home Count Test Core');
    const { iri } = (await made.json()) as { iri: string };
    const gone = await fetch(`${app.url}/records/${encodeURIComponent(iri)}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(gone.status).toBeLessThan(300);
    expect(total(await homePage())).toBe(total(before));
  });
});
