import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import oxigraph from 'oxigraph';
import { CORES, coreIris, coreTurtle, SHARED_MODEL } from '../support/federation-data.js';
import { startFederation } from '../support/test-federation.js';
import type { FederationCore, TestFederation } from '../support/test-federation.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const VOID = 'http://rdfs.org/ns/void#';

interface Results {
  head: { vars: string[] };
  results: { bindings: Record<string, { value: string }>[] };
  peers: { peer: string; status: string; detail?: string }[];
}


let federation: TestFederation;
/** The three cores, in the order of CORES. */
let cores: readonly FederationCore[] = [];

async function federated(query: string, accept = 'application/sparql-results+json', at = 0): Promise<Response> {
  return fetch(`${cores[at]?.url ?? ''}/federated/sparql`, {
    method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query,
  });
}

beforeAll(async () => {
  federation = await startFederation(CORES, {
    env: {
      PHD_PEER_TIMEOUT_MS: '3000', LOG_LEVEL: 'warn',
      // Small enough that a pattern matching every triple of a core exceeds it (each holds ~120).
      PHD_QUERY_MAX_RESULTS: '80',
    },
  });
  cores = federation.cores;
}, 180_000);

afterAll(async () => {
  await federation?.close();
});

describe('Each instance of a federation', () => {
  it('publishes a VoID + DCAT description: endpoints, triple count, URI space, the facilities it describes, its peers.', async () => {
    const response = await fetch(`${cores[0]?.url ?? ''}/.well-known/void`, { headers: { accept: 'text/turtle' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/turtle/);
    const store = new N3.Store(new N3.Parser().parse(await response.text()));
    const dataset = N3.DataFactory.namedNode(`${cores[0]?.url ?? ''}/.well-known/void#dataset`);
    const value = (p: string) => store.getObjects(dataset, N3.DataFactory.namedNode(p), null).map((o) => o.value);
    expect(value(`${VOID}sparqlEndpoint`)).toEqual([`${cores[0]?.url ?? ''}/sparql`]);
    const health = (await (await fetch(`${cores[0]?.url ?? ''}/health`)).json()) as { triples: number };
    expect(value(`${VOID}triples`)).toEqual([String(health.triples)]);
    expect(value(`${VOID}uriSpace`)).toEqual([`${cores[0]?.url ?? ''}/id/`]);
    expect(value(`${VOID}rootResource`)).toEqual([coreIris('a').facility]);
    expect(value('http://www.w3.org/2000/01/rdf-schema#seeAlso').sort()).toEqual(cores.slice(1).map((c) => `${c.url}/.well-known/void`).sort());
    const jsonld = await fetch(`${cores[0]?.url ?? ''}/.well-known/void`, { headers: { accept: 'application/ld+json' } });
    expect(jsonld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect((await fetch(`${cores[0]?.url ?? ''}/.well-known/void`, { headers: { accept: 'image/png' } })).status).toBe(406);
  });
});

describe('GET|POST /federated/sparql', () => {
  it('returns rows from all three cores and says that every peer answered.', async () => {
    const response = await federated(`PREFIX phd: <${PHD}> SELECT ?facility ?instance WHERE { ?facility phd:operates ?instance }`);
    expect(response.status).toBe(200);
    const results = (await response.json()) as Results;
    const facilities = new Set(results.results.bindings.map((b) => b.facility?.value));
    expect([...facilities].sort()).toEqual(CORES.map((c) => coreIris(c.id).facility).sort());
    expect(results.peers.map((p) => p.status)).toEqual(['ok', 'ok', 'ok']);
    expect(results.peers.map((p) => p.peer)).toEqual(cores.map((c) => c.url));
    expect(response.headers.get('phd-peers-answered')?.split(', ').sort()).toEqual(cores.map((c) => c.url).sort());
    expect(response.headers.get('phd-peers-missing')).toBeNull();
  });

  it('joins across cores on the shared model PID: each core\'s instance, the model\'s name, and who operates it.', async () => {
    const query = `PREFIX phd: <${PHD}> PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?facilityName ?instance ?modelName WHERE {
  ?instance phd:instanceOf <${SHARED_MODEL}> .
  <${SHARED_MODEL}> schema:name ?modelName .
  ?facility phd:operates ?instance ; schema:name ?facilityName .
} ORDER BY ?facilityName`;
    const results = (await (await federated(query, 'application/sparql-results+json', 1)).json()) as Results;
    expect(results.results.bindings.map((b) => b.facilityName?.value)).toEqual(CORES.map((c) => c.name).sort());
    expect(new Set(results.results.bindings.map((b) => b.modelName?.value))).toEqual(new Set(['Leica TCS SP8 (shared model)']));
  });

  it('joins a triple held by one core with the records of the others (data shipping), and GRAPH queries link by link.', async () => {
    const query = `PREFIX phd: <${PHD}>
SELECT ?instance WHERE { ?instance phd:instanceOf ?model . ?model phd:technique "live-cell imaging" } ORDER BY ?instance`;
    const response = await federated(query);
    expect(response.headers.get('phd-federation-strategy')).toBe('semi-join');
    expect(((await response.json()) as Results).results.bindings.map((b) => b.instance?.value)).toEqual(CORES.map((c) => coreIris(c.id).instance).sort());
    const graphs = await federated(`PREFIX phd: <${PHD}> SELECT ?g WHERE { GRAPH ?g { ?f phd:operates ?i } } ORDER BY ?g`);
    expect(graphs.headers.get('phd-federation-strategy')).toBe('link-by-link');
    expect(((await graphs.json()) as Results).results.bindings.map((b) => b.g?.value)).toEqual(CORES.map((c) => coreIris(c.id).instance).sort());
  });

  it('answers joins, OPTIONALs and filters shipped in rounds exactly as one store holding all three cores would.', async () => {
    const oracle = new oxigraph.Store();
    for (const core of CORES) oracle.load(coreTurtle(core), { format: 'text/turtle' });
    const rows = (json: string) => ((JSON.parse(json) as Results).results.bindings.map((b) => JSON.stringify(Object.entries(b).map(([k, v]) => [k, v.value]).sort())).sort());
    const queries: [string, string][] = [
      ['semi-join', `PREFIX phd: <${PHD}> PREFIX cito: <http://purl.org/spar/cito/> SELECT ?facility ?instance ?dataset ?pub WHERE {
        ?instance phd:instanceOf <${SHARED_MODEL}> . ?facility phd:operates ?instance . ?instance phd:hasConfiguration ?cfg . ?dataset phd:acquiredWith ?cfg .
        OPTIONAL { ?pub cito:citesAsDataSource ?dataset } }`],
      ['semi-join', `PREFIX phd: <${PHD}> PREFIX nboq: <https://w3id.org/imaging-phd/nbo-q#> SELECT DISTINCT ?facility WHERE {
        ?facility phd:operates ?i . ?i phd:hasConfiguration ?c . ?c phd:hasComponent ?laser, ?objective .
        ?laser nboq:illuminationWavelengthRange ?range . ?range nboq:peakWavelength 405 .
        ?objective nboq:magnification 63 ; nboq:lensNA ?na FILTER(?na >= 1.4) }`],
      ['semi-join', `PREFIX phd: <${PHD}> SELECT ?instance ?technique WHERE {
        ?instance phd:serialNumber "810001" ; phd:instanceOf ?model . OPTIONAL { ?model phd:technique ?technique FILTER(?technique != "x") } }`],
      ['semi-join', `PREFIX phd: <${PHD}> PREFIX schema: <https://schema.org/> SELECT ?name ?title WHERE {
        ?facility a phd:Facility ; schema:name ?name . OPTIONAL { ?data <http://purl.org/dc/terms/title> ?title ; phd:acquiredWith ?cfg } } ORDER BY ?name LIMIT 20`],
      ['prefetch', `PREFIX phd: <${PHD}> SELECT ?x WHERE { { ?x phd:instanceOf <${SHARED_MODEL}> } UNION { ?x phd:technique "live-cell imaging" } }`],
    ];
    for (const [strategy, query] of queries) {
      const response = await federated(query);
      expect(response.status, query).toBe(200);
      expect(response.headers.get('phd-federation-strategy'), query).toBe(strategy);
      const expected = rows(oracle.query(query, { results_format: 'application/sparql-results+json' }) as string);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(rows(await response.text()), query).toEqual(expected);
    }
  });

  it('answers in the formats of /sparql: CSV for SELECT, Turtle for CONSTRUCT; and GET with ?query= works.', async () => {
    const csv = await federated(`PREFIX phd: <${PHD}> SELECT ?instance WHERE { ?instance phd:instanceOf <${SHARED_MODEL}> }`, 'text/csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split(/\r?\n/)).toHaveLength(4);
    const turtle = await federated(`PREFIX phd: <${PHD}> CONSTRUCT { ?f phd:operates ?i } WHERE { ?f phd:operates ?i }`, 'text/turtle');
    expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(new N3.Parser().parse(await turtle.text())).toHaveLength(3);
    const get = await fetch(`${cores[2]?.url ?? ''}/federated/sparql?query=${encodeURIComponent(`ASK { ?s <${PHD}instanceOf> <${SHARED_MODEL}> }`)}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(((await get.json()) as { boolean: boolean }).boolean).toBe(true);
  });

  /** A graph in any format, as its sorted, distinct N-Triples lines (the test data has no blank nodes). */
  const triples = (body: string, format: string): string[] => {
    const store = new oxigraph.Store();
    store.load(body, { format, base_iri: 'http://example.org/' });
    return [...new Set(store.dump({ format: 'application/n-triples', from_graph_name: oxigraph.defaultGraph() }).split('\n').filter(Boolean))].sort();
  };
  const oracle = (query: string): string[] => {
    const store = new oxigraph.Store();
    for (const core of CORES) store.load(coreTurtle(core), { format: 'text/turtle' });
    return triples(store.query(query, { results_format: 'application/n-triples', use_default_graph_as_union: true }) as string, 'application/n-triples');
  };

  it('answers DESCRIBE, with or without WHERE, as one store holding all three cores would, each triple once.', async () => {
    for (const query of [
      `PREFIX phd: <${PHD}> DESCRIBE ?f WHERE { ?f a phd:Facility }`,
      `DESCRIBE <${SHARED_MODEL}>`,
      `PREFIX phd: <${PHD}> DESCRIBE <${SHARED_MODEL}> ?i WHERE { ?i phd:instanceOf <${SHARED_MODEL}> } ORDER BY ?i LIMIT 2`,
      `PREFIX phd: <${PHD}> DESCRIBE * WHERE { ?f phd:operates ?i }`,
    ]) {
      const response = await federated(query, 'application/n-triples');
      expect(response.status, query).toBe(200);
      expect(response.headers.get('phd-peers-missing'), query).toBeNull();
      const lines = (await response.text()).split('\n').filter(Boolean);
      // A set: no line twice (DESCRIBE <model> used to repeat each triple once per core).
      expect(new Set(lines).size, query).toBe(lines.length);
      const expected = oracle(query);
      expect(expected.length, query).toBeGreaterThan(3);
      expect(triples(lines.join('\n'), 'application/n-triples'), query).toEqual(expected);
    }
  });

  it('answers CONSTRUCT and DESCRIBE in every graph format of /sparql, RDF/XML included, under the Accept headers real clients send.', async () => {
    const construct = `PREFIX phd: <${PHD}> CONSTRUCT { ?m a phd:InstrumentModel . ?f phd:operates ?i } WHERE { ?i phd:instanceOf ?m . ?f phd:operates ?i }`;
    const describe = `PREFIX phd: <${PHD}> DESCRIBE ?f WHERE { ?f a phd:Facility }`;
    const clients: [string, string, string][] = [
      ['SPARQLWrapper (default XML) and Python clients', 'application/rdf+xml', 'application/rdf+xml'],
      ['rdflib SPARQLStore', 'application/sparql-results+xml, application/rdf+xml', 'application/rdf+xml'],
      ['Apache Jena (graphs)', 'text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.5', 'text/turtle'],
      ['SPARQLWrapper TURTLE', 'application/turtle,text/turtle', 'text/turtle'],
      ['SPARQLWrapper JSONLD', 'application/ld+json,application/x-json+ld', 'application/ld+json'],
      ['N-Triples', 'application/n-triples', 'application/n-triples'],
      ['N-Quads', 'application/n-quads', 'application/n-quads'],
      ['a browser', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/rdf+xml'],
      ['curl', '*/*', 'text/turtle'],
    ];
    for (const query of [construct, describe]) {
      const expected = oracle(query);
      for (const [client, accept, mediaType] of clients) {
        const response = await federated(query, accept);
        expect(response.status, `${client}: ${query}`).toBe(200);
        expect(response.headers.get('content-type'), client).toBe(`${mediaType}; charset=utf-8`);
        const body = await response.text();
        if (mediaType === 'application/n-triples') expect(new Set(body.split('\n')).size, client).toBe(body.split('\n').length);
        expect(triples(body, mediaType), `${client}: ${query}`).toEqual(expected);
        // The same negotiation as this core's own /sparql (which holds only its own part).
        const local = await fetch(`${cores[0]?.url ?? ''}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query });
        expect(local.headers.get('content-type'), `local ${client}`).toBe(`${mediaType}; charset=utf-8`);
      }
    }
    // Each triple once: the model is stated by three instances, on three cores.
    expect(oracle(construct).filter((t) => t.includes('InstrumentModel'))).toHaveLength(1);
  });

  it('answers SPARQLWrapper\'s own GET requests (format, output and results parameters, some repeated) like /sparql does.', async () => {
    const construct = `PREFIX phd: <${PHD}> CONSTRUCT { ?f phd:operates ?i } WHERE { ?f phd:operates ?i }`;
    const select = `PREFIX phd: <${PHD}> SELECT ?f WHERE { ?f phd:operates ?i }`;
    // returnFormat → the parameter values and Accept header SPARQLWrapper sends, and what must come back.
    const cases: [string, string, string[], string, string][] = [
      ['XML (the default)', construct, ['xml'], 'application/rdf+xml', 'application/rdf+xml'],
      ['RDFXML', construct, ['rdf+xml', 'application/rdf+xml'], 'application/rdf+xml', 'application/rdf+xml'],
      ['N3', construct, ['n3'], 'text/rdf+n3,application/n-triples,application/turtle,application/n3,text/n3,text/turtle', 'text/turtle'],
      ['TURTLE', construct, ['turtle'], 'application/turtle,text/turtle', 'text/turtle'],
      ['JSONLD', construct, ['json-ld', 'application/ld+json'], 'application/x-json+ld,application/ld+json', 'application/ld+json'],
      ['XML (the default)', select, ['xml'], 'application/sparql-results+xml', 'application/sparql-results+xml'],
      ['JSON', select, ['json'], 'application/sparql-results+json,application/json,text/javascript,application/javascript', 'application/sparql-results+json'],
      ['TSV', select, ['tsv', 'text/tab-separated-values'], 'text/tab-separated-values', 'text/tab-separated-values'],
    ];
    for (const [returnFormat, query, formats, accept, mediaType] of cases) {
      const params = new URLSearchParams({ query });
      for (const name of ['format', 'output', 'results']) for (const value of formats) params.append(name, value);
      for (const path of ['/federated/sparql', '/sparql']) {
        const response = await fetch(`${cores[0]?.url ?? ''}${path}?${params.toString()}`, { headers: { accept, 'user-agent': 'sparqlwrapper 2.0.0 (rdflib.github.io/sparqlwrapper)' } });
        expect(response.status, `${path} ${returnFormat}`).toBe(200);
        expect(response.headers.get('content-type'), `${path} ${returnFormat}`).toBe(`${mediaType}; charset=utf-8`);
        const body = await response.text();
        if (query === construct && path === '/federated/sparql') expect(triples(body, mediaType), returnFormat).toEqual(oracle(construct));
      }
    }
  });

  it('answers SELECT and ASK under the Accept headers of SPARQLWrapper and Jena, in each results format.', async () => {
    const select = `PREFIX phd: <${PHD}> SELECT ?f WHERE { ?f phd:operates ?i }`;
    for (const [accept, mediaType] of [
      ['application/sparql-results+xml', 'application/sparql-results+xml'],
      ['application/sparql-results+json,application/json,text/javascript,application/javascript', 'application/sparql-results+json'],
      ['application/sparql-results+json,application/sparql-results+xml;q=0.9,text/tab-separated-values;q=0.7,text/csv;q=0.5,application/json;q=0.2,application/xml;q=0.2,*/*;q=0.1', 'application/sparql-results+json'],
      ['text/csv', 'text/csv'],
      ['text/tab-separated-values', 'text/tab-separated-values'],
    ] as const) {
      const response = await federated(select, accept);
      expect(response.status, accept).toBe(200);
      expect(response.headers.get('content-type'), accept).toBe(`${mediaType}; charset=utf-8`);
      const body = await response.text();
      for (const core of CORES) expect(body, accept).toContain(coreIris(core.id).facility);
    }
    const ask = await federated(`ASK { ?s <${PHD}instanceOf> <${SHARED_MODEL}> }`, 'application/sparql-results+xml');
    expect(await ask.text()).toMatch(/<boolean>true<\/boolean>/);
    expect((await federated(select, 'image/png')).status).toBe(406);
  });

  it('refuses SERVICE to a host that is not a peer (400) without contacting it, and allows SERVICE to a peer.', async () => {
    let contacted = 0;
    const trap = createServer((_req, res) => {
      contacted += 1;
      res.end();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', () => resolve()));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/sparql`;
    try {
      const refused = await federated(`SELECT * WHERE { SERVICE <${trapUrl}> { ?s ?p ?o } }`);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await refused.json()).toMatchObject({ code: 'service-refused' });
      expect((await federated('SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }')).status).toBe(400);
      const malformed = await federated('SELECT * WHERE { ?s ?p ');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ line: 1 });
      expect((await federated('INSERT DATA { <urn:s> <urn:p> <urn:o> }')).status).toBe(400);
      expect((await federated(`SELECT * FROM <${trapUrl}> WHERE { ?s ?p ?o }`)).status).toBe(400);
      expect(contacted).toBe(0);
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
    const allowed = await federated(`PREFIX phd: <${PHD}> SELECT ?i WHERE { SERVICE <${cores[1]?.url ?? ''}/sparql> { ?f phd:operates ?i } }`);
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as Results).results.bindings.map((b) => b.i?.value)).toEqual([coreIris('b').instance]);
  });

  it('federated search finds the core with a 63x, NA ≥ 1.4, oil objective and a 405 nm line — and only that core.', async () => {
    const query = 'magnification=63&naMin=1.4&immersion=oil&wavelength=405&type=instrument&scope=federated';
    const response = await fetch(`${cores[1]?.url ?? ''}/search?${query}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { iri: string; type: string; source: string }[]; peers: { peer: string; status: string }[] };
    expect(body.results.map((r) => [r.iri, r.source])).toEqual([[coreIris('a').instance, cores[0]?.url]]);
    expect(body.peers.map((p) => [p.peer, p.status]).sort()).toEqual([[cores[0]?.url, 'ok'], [cores[2]?.url, 'ok']].sort());
    const local = (await (await fetch(`${cores[1]?.url ?? ''}/search?${query.replace('&scope=federated', '')}`)).json()) as { results: unknown[] };
    expect(local.results).toEqual([]);
  });

  it('fails with 422 naming the peers that refused their part, rather than answer without them.', async () => {
    const response = await federated('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('peer-refused');
    expect(problem.detail).toContain(cores[1]?.url);
    // SERVICE to this instance itself is not a peer: refused, not a 500.
    expect((await federated(`SELECT * WHERE { SERVICE <${cores[0]?.url ?? ''}/sparql> { ?s ?p ?o } }`)).status).toBe(400);
  });

  it('still answers when a peer is down, and names the missing peer in a header and beside the results.', async () => {
    const gamma = cores[2];
    await gamma?.stop();
    const response = await federated(`PREFIX phd: <${PHD}> SELECT ?facility WHERE { ?facility phd:operates ?instance }`);
    expect(response.status).toBe(200);
    const results = (await response.json()) as Results;
    expect(results.results.bindings.map((b) => b.facility?.value).sort()).toEqual([coreIris('a').facility, coreIris('b').facility].sort());
    expect(results.peers.find((p) => p.peer === gamma?.url)).toMatchObject({ status: 'unreachable' });
    expect(response.headers.get('phd-peers-missing')).toContain(gamma?.url);
    expect(response.headers.get('phd-peers-answered')).not.toContain(gamma?.url);
    const search = (await (await fetch(`${cores[0]?.url ?? ''}/search?q=SP8&type=instrument&scope=federated`)).json()) as { results: { source: string }[]; peers: { peer: string; status: string }[] };
    expect(new Set(search.results.map((r) => r.source))).toEqual(new Set([cores[0]?.url, cores[1]?.url]));
    expect(search.peers.find((p) => p.peer === gamma?.url)?.status).toBe('unreachable');
  });
});
