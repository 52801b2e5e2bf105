import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_BASE } from '../../src/query/example-queries.js';
import type { SearchResult } from '../../src/search/search-result.js';
import type { SearchResults } from '../../src/search/search-results.js';
import { freePort } from '../support/free-port.js';
import { createSampleDatabase, splitIntoRecords } from '../support/sample-record-db.js';
import type { SampleDatabase, TestRecord } from '../support/sample-record-db.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { storeCatalogueRecords } from '../support/test-store.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

// The sample data has no instrument whose HyD exists only in an old version (the SP8 gained its
// HyD in its current version), so this test adds one: v1 (2018) had a HyD, v2 (2021) replaced it
// with a PMT. Operated by the IGC facility.
const OLD_HYD = 'https://doi.org/10.5072/phd.test.retired-hyd';
const RETIRED_HYD_TTL = `${TURTLE_PREFIXES}
<${OLD_HYD}> a phd:InstrumentInstance ; schema:name "Retired-HyD scanner (test)" ;
    phd:instanceOf <${EXAMPLE_BASE}/id/model/leica-tcs-sp8> ; phd:serialNumber "T-1" .
<https://identifiers.org/RRID:SCR_999001> phd:operates <${OLD_HYD}> .
<${OLD_HYD}> phd:hasConfiguration <${OLD_HYD}.v1> , <${OLD_HYD}.v2> .
<${OLD_HYD}.v1> a phd:HardwareConfiguration ; rdfs:label "Retired-HyD scanner, 2018" ; phd:validFrom "2018-01-10"^^xsd:date ;
    phd:hasComponent <${OLD_HYD}.v1/component/hyd> .
<${OLD_HYD}.v1/component/hyd> a nboq:HybridPhotoDetector ; rdfs:label "HyD (removed in 2021)" .
<${OLD_HYD}.v2> a phd:HardwareConfiguration ; rdfs:label "Retired-HyD scanner, 2021" ; phd:validFrom "2021-03-01"^^xsd:date ;
    prov:wasRevisionOf <${OLD_HYD}.v1> ; phd:hasComponent <${OLD_HYD}.v2/component/pmt> .
<${OLD_HYD}.v2/component/pmt> a nboq:PhotoMultiplierTube ; rdfs:label "PMT (since 2021)" .
`;

// A record only peer B holds: an instrument labelled exactly "Confocal", with a 63x/1.4 oil objective
// and a 405 nm laser, at a facility of its own.
const PEER_INSTRUMENT = 'https://doi.org/10.5072/phd.peer.confocal';
const PEER_FACILITY = 'https://identifiers.org/RRID:SCR_999009';
const PEER_ONLY_TTL = `${TURTLE_PREFIXES}
<${PEER_FACILITY}> a phd:Facility ; schema:name "Peer Imaging Core (test)" .
<${PEER_INSTRUMENT}> a phd:InstrumentInstance ; schema:name "Confocal" ;
    phd:instanceOf <${EXAMPLE_BASE}/id/model/leica-tcs-sp8> ; phd:serialNumber "P-1" .
<${PEER_FACILITY}> phd:operates <${PEER_INSTRUMENT}> .
<${PEER_INSTRUMENT}> phd:hasConfiguration <${PEER_INSTRUMENT}.v1> .
<${PEER_INSTRUMENT}.v1> a phd:HardwareConfiguration ; rdfs:label "Peer confocal, 2024" ; phd:validFrom "2024-01-01"^^xsd:date ;
    phd:hasComponent <${PEER_INSTRUMENT}.v1/component/objective>, <${PEER_INSTRUMENT}.v1/component/laser> .
<${PEER_INSTRUMENT}.v1/component/objective> a nboq:Objective ; rdfs:label "Plan-Apo 63x/1.45 Oil" ;
    nboq:magnification 63 ; nboq:lensNA 1.45 ; nboq:immersionType "Mineral Oil" .
<${PEER_INSTRUMENT}.v1/component/laser> a nboq:Fluorescence_LightSource_Laser ; rdfs:label "405 laser" ;
    nboq:illuminationWavelengthRange <${PEER_INSTRUMENT}.v1/component/laser/range/1> .
<${PEER_INSTRUMENT}.v1/component/laser/range/1> a nboq:IlluminationWavelengthRange ; nboq:peakWavelength_nm "406"^^xsd:double .
`;

const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const WIDEFIELD = ['https://doi.org/10.5072/phd.igc.limelight', 'https://doi.org/10.5072/phd.igc.macred', 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1'];

function records(turtle: string): TestRecord[] {
  return splitIntoRecords(new N3.Parser().parse(turtle));
}

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const databases: SampleDatabase[] = [];
const apps: TestApp[] = [];
const servers: Server[] = [];

/**
 * The service's app over the sample data and more records, written into its store without
 * validation (the test records are deliberately partial).
 */
async function sampleApp(extra: readonly TestRecord[], baseUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createSampleDatabase(extra);
  databases.push(db);
  await storeCatalogueRecords(db.dir);
  const app = await startTestApp({ dataDir: db.dir, baseUrl, env });
  apps.push(app);
  return app;
}

let local: TestApp;
let url: string;
let federatedUrl: string;
let peerA: string;
let peerB: string;
let unreachable: string;
let silent: string;
const peerARequests: string[] = [];

beforeAll(async () => {
  // Peer A: the same data as this instance (every result is a duplicate), behind a front that logs
  // what it is asked; its base URL is the front's.
  let peerAApp = '';
  const front = await listen((req, res) => {
    peerARequests.push(req.url ?? '');
    fetch(`${peerAApp}${req.url ?? ''}`, { headers: { accept: req.headers.accept ?? '*/*' } }).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(await answer.text());
    }, () => {
      res.writeHead(502).end();
    });
  });
  servers.push(front.server);
  peerA = front.url;
  // Peer B: the sample data plus a record of its own, named by the address it listens on.
  const portB = await freePort();
  peerB = `http://127.0.0.1:${portB}`;
  // A port nobody listens on any more, and a peer that never answers.
  const closed = await listen(() => undefined);
  unreachable = closed.url;
  await new Promise((resolve) => closed.server.close(resolve));
  const hanging = await listen(() => undefined);
  servers.push(hanging.server);
  silent = hanging.url;

  const withRetiredHyd = records(RETIRED_HYD_TTL);
  let appA: TestApp;
  let federated: TestApp;
  [local, appA, federated] = await Promise.all([
    sampleApp(withRetiredHyd, EXAMPLE_BASE),
    sampleApp(withRetiredHyd, peerA),
    sampleApp(withRetiredHyd, EXAMPLE_BASE, { PHD_PEERS: [peerA, peerB, unreachable, silent].join(','), PHD_PEER_TIMEOUT_MS: '4000' }),
    sampleApp(records(PEER_ONLY_TTL), peerB, { PORT: String(portB) }),
  ]);
  peerAApp = appA.url;
  url = local.url;
  federatedUrl = federated.url;
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(apps.map((app) => app.close()));
  for (const db of databases) db.remove();
});

async function search(query: string, base = url): Promise<SearchResults> {
  const res = await fetch(`${base}/search?${query}`, { headers: { accept: 'application/json' } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as SearchResults;
}
const iris = (answer: SearchResults, type?: string): string[] => answer.results.filter((r) => type === undefined || r.type === type).map((r) => r.iri);
const find = (answer: SearchResults, iri: string): SearchResult | undefined => answer.results.find((r) => r.iri === iri);

describe('GET /search', () => {
  it('finds the cores with a 63x, NA ≥ 1.4, oil objective and a 405 nm line: the SP8 at the Example Confocal Core.', async () => {
    const answer = await search('magnification=63&naMin=1.4&immersion=oil&wavelength=405');
    expect(iris(answer, 'instrument')).toEqual([SP8]);
    expect(iris(answer, 'facility')).toEqual([ECC]);
    for (const iri of WIDEFIELD) expect(iris(answer)).not.toContain(iri);
    const sp8 = find(answer, SP8);
    expect(sp8).toMatchObject({
      type: 'instrument',
      label: 'SP8 confocal, room 4.12',
      facility: { iri: ECC, label: 'Example Confocal Core (fictional facility)' },
      model: { iri: `${EXAMPLE_BASE}/id/model/leica-tcs-sp8`, label: 'Leica TCS SP8' },
      configuration: { iri: `${SP8}.v2` },
      href: '/pid/doi:10.5072/phd.ecc.sp8',
      source: EXAMPLE_BASE,
    });
    expect(sp8?.matched?.objective).toContain('HC PL APO 63x/1.40 OIL');
    expect(sp8?.matched?.lightSource).toBe('405 nm diode laser (405 nm)');
    expect(find(answer, ECC)?.matched?.instruments).toBe('SP8 confocal, room 4.12');
    expect(answer.total).toBe(2);
  });

  it('excludes the widefield systems only for their missing 405 nm line: each has a 63x/1.4 oil objective.', async () => {
    const answer = await search('magnification=63&naMin=1.4&immersion=oil&type=instrument');
    expect(iris(answer).sort()).toEqual([SP8, ...WIDEFIELD].sort());
    expect(find(answer, WIDEFIELD[2] ?? '')?.matched?.objective).toBe('63X PLAN APOCHROMAT, NA=1.40, OIL, DIC (63x, NA 1.4, Mineral Oil)');
    expect(find(answer, WIDEFIELD[0] ?? '')?.matched?.objective).toBe('63x (63x, NA 1.4, Mineral Oil)');
    // NA at most 1.3 leaves the 63x/1.4 objectives out.
    expect(iris(await search('magnification=63&naMax=1.3&type=instrument'))).toEqual([]);
  });

  it('matches wavelengths within the tolerance: 403 ± 5 finds 405, 420 ± 5 does not, 420 ± 15 does.', async () => {
    expect(iris(await search('wavelength=403&tolerance=5&type=instrument'))).toEqual([SP8]);
    const none = await search('wavelength=420&tolerance=5');
    expect(none.results).toEqual([]);
    expect(none.total).toBe(0);
    expect(iris(await search('wavelength=420&tolerance=15&type=instrument'))).toEqual([SP8]);
    // Every wavelength must be present: the SP8 has 405 and 488, not 561.
    expect(iris(await search('wavelength=405,488&type=instrument'))).toEqual([SP8]);
    expect(iris(await search('wavelength=405,561&type=instrument'))).toEqual([]);
  });

  it('matches detectors in the current configuration only: a HyD removed in an old version does not count.', async () => {
    // The retired HyD is in the store (so the test means something).
    const check = await local.services.query.query(`ASK { <${OLD_HYD}.v1> <https://w3id.org/imaging-phd/ns#hasComponent> ?d . ?d a <https://w3id.org/imaging-phd/nbo-q#HybridPhotoDetector> }`, { format: 'sparql-results+json' });
    expect((JSON.parse(check.body) as { boolean: boolean }).boolean).toBe(true);

    const hyd = await search('detector=hyd');
    expect(iris(hyd, 'instrument')).toEqual([SP8]);
    expect(find(hyd, SP8)).toMatchObject({ configuration: { iri: `${SP8}.v2` }, matched: { detector: 'HyD 2' } });
    expect(iris(hyd)).not.toContain(OLD_HYD);
    expect(iris(hyd, 'facility')).toEqual([ECC]);

    const pmt = await search('detector=pmt&type=instrument');
    expect(iris(pmt).sort()).toEqual([OLD_HYD, SP8].sort());
    // The SP8's PMT 2 left with version 1; only PMT 1 is current.
    expect(find(pmt, SP8)?.matched?.detector).toBe('PMT 1');
    expect(find(pmt, OLD_HYD)?.configuration?.iri).toBe(`${OLD_HYD}.v2`);
  });

  it('finds the Zeiss instruments for q=axio, label matches first.', async () => {
    const instruments = await search('q=axio&type=instrument');
    expect(iris(instruments).sort()).toEqual([...WIDEFIELD].sort());
    const all = await search('q=axio');
    expect(iris(all, 'model').sort()).toEqual([`${EXAMPLE_BASE}/id/model/zeiss-axio-imager`, `${EXAMPLE_BASE}/id/model/zeiss-axio-observer`]);
    const scores = all.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    // "Limelight" (a configuration found through its instrument's name) ranks below every label match.
    const limelight = all.results.find((r) => r.type === 'configuration' && r.label === 'Limelight');
    expect(limelight?.score).toBeLessThan(find(all, WIDEFIELD[0] ?? '')?.score ?? 0);
    // Ties are ordered by label.
    const ties = all.results.filter((r) => r.score === all.results[0]?.score).map((r) => r.label.toLowerCase());
    expect(ties).toEqual([...ties].sort());
  });

  it('requires every keyword, in any searched text (model, manufacturer, technique).', async () => {
    // Both instruments of the Leica TCS SP8 model (technique "confocal laser scanning").
    expect(iris(await search('q=leica%20confocal&type=instrument')).sort()).toEqual([OLD_HYD, SP8].sort());
    expect(iris(await search('q=leica%20confocal%20room&type=instrument'))).toEqual([SP8]);
    expect(iris(await search('q=axio%20leica'))).toEqual([]);
    expect(iris(await search('q=MITOCHONDRIA%20hyd&type=dataset'))).toEqual(['https://doi.org/10.5072/phd.data.sp8-2023-mitochondria']);
  });

  it('filters by type and still counts every type.', async () => {
    const answer = await search('type=model');
    expect(answer.results.every((r) => r.type === 'model')).toBe(true);
    expect(answer.results).toHaveLength(3);
    expect(answer.total).toBe(3);
    expect(answer.facets?.type).toEqual({ facility: 3, instrument: 5, model: 3, configuration: 7, dataset: 4 });
    const two = await search('type=facility&type=dataset');
    expect(new Set(two.results.map((r) => r.type))).toEqual(new Set(['facility', 'dataset']));
    expect(two.total).toBe(7);
  });

  it('answers JSON of a documented shape, pages with limit and offset, and sets Vary: Accept.', async () => {
    const res = await fetch(`${url}/search?q=sp8&limit=2`, { headers: { accept: 'application/json' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('vary')).toContain('Accept');
    const answer = (await res.json()) as SearchResults;
    expect(answer.query).toMatchObject({ q: 'sp8', limit: 2, offset: 0, scope: 'local', types: [] });
    // The SP8 model; the two instruments of that model; their four configurations; the two datasets acquired on the SP8.
    expect(answer.facets?.type).toEqual({ facility: 0, instrument: 2, model: 1, configuration: 4, dataset: 2 });
    expect(answer.total).toBe(9);
    expect(answer.results).toHaveLength(2);
    for (const result of answer.results) {
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['iri', 'type', 'label', 'score', 'href', 'source']));
      expect(result.href).toMatch(/^\/(pid|id)\//);
    }
    const next = await search('q=sp8&limit=2&offset=2');
    expect(next.results).toHaveLength(2);
    expect(iris(next).some((iri) => iris(answer).includes(iri))).toBe(false);
    expect(find(await search('type=model&q=sp8'), `${EXAMPLE_BASE}/id/model/leica-tcs-sp8`)?.href).toBe('/id/model/leica-tcs-sp8');
  });

  it('serves HTML to browsers (Accept or format=html).', async () => {
    const res = await fetch(`${url}/search?detector=hyd`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('href="/pid/doi:10.5072/phd.ecc.sp8"');
    const forced = await fetch(`${url}/search?detector=hyd&format=html`, { headers: { accept: 'application/json' } });
    expect(forced.headers.get('content-type')).toMatch(/^text\/html/);
    const json = await fetch(`${url}/search?detector=hyd&format=json`, { headers: { accept: 'text/html' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses invalid parameters with 400 problem details naming the field.', async () => {
    for (const [query, field] of [['naMin=abc', 'naMin'], ['detector=eye', 'detector'], ['q=a&q=b', 'q'], ['wavelenght=405', 'wavelenght'], [`q=${'x'.repeat(10_000)}`, 'q']] as const) {
      const res = await fetch(`${url}/search?${query}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 400, code: 'invalid-search-parameter', field });
      expect(String(problem.type)).toContain('invalid-search-parameter');
    }
    const html = await fetch(`${url}/search?naMin=abc`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(400);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('naMin must be a number');
  });

  it('survives injection attempts in the keywords, finding nothing rather than everything.', async () => {
    for (const q of ['") } ; DROP ALL', 'x" . ?s ?p ?o FILTER("', 'a\\" } UNION { ?item a ?type } #']) {
      const answer = await search(`q=${encodeURIComponent(q)}`);
      expect(answer.total).toBe(0);
    }
  });

  it('answers 405 to other methods.', async () => {
    const res = await fetch(`${url}/search`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers scope=federated with the local results and no peers when no federation is configured.', async () => {
    const answer = await search('scope=federated&detector=hyd');
    expect(answer.peers).toEqual([]);
    expect(iris(answer, 'instrument')).toEqual([SP8]);
    expect(find(answer, SP8)?.sources).toEqual([EXAMPLE_BASE]);
  });
});

describe('GET /search?scope=federated', () => {
  it('merges the peers\' answers: one result per IRI listing every source, ranked, with each peer\'s status.', async () => {
    const answer = await search('scope=federated&magnification=63&naMin=1.4&immersion=oil&wavelength=405', federatedUrl);
    // The SP8 is held here, by peer A and by peer B: one result, three sources.
    const sp8 = answer.results.filter((r) => r.iri === SP8);
    expect(sp8).toHaveLength(1);
    expect(sp8[0]?.sources).toEqual([EXAMPLE_BASE, peerA, peerB]);
    // Peer B's own instrument and facility are there, linked on peer B.
    const peerOnly = find(answer, PEER_INSTRUMENT);
    expect(peerOnly).toMatchObject({ source: peerB, sources: [peerB], facility: { iri: PEER_FACILITY } });
    expect(peerOnly?.href.startsWith(`${peerB}/pid/`)).toBe(true);
    expect(peerOnly?.matched?.lightSource).toBe('405 laser (406 nm)');
    expect(iris(answer, 'facility').sort()).toEqual([ECC, PEER_FACILITY].sort());
    expect(new Set(iris(answer)).size).toBe(answer.results.length);
    expect(answer.peers).toEqual([
      { peer: peerA, status: 'ok', count: 2 },
      { peer: peerB, status: 'ok', count: 4 },
      expect.objectContaining({ peer: unreachable, status: 'unreachable', count: 0 }),
      expect.objectContaining({ peer: silent, status: 'timeout', count: 0 }),
    ]);
    // Peers are asked with scope=local, so a federated search never fans out again.
    expect(peerARequests.length).toBeGreaterThan(0);
    expect(peerARequests.every((request) => !request.includes('scope=federated'))).toBe(true);
  });

  it('ranks the merged list by score, then label: peer B\'s exact label match comes first.', async () => {
    const answer = await search('scope=federated&q=confocal&limit=50', federatedUrl);
    expect(answer.results[0]).toMatchObject({ iri: PEER_INSTRUMENT, label: 'Confocal', source: peerB });
    for (let i = 1; i < answer.results.length; i += 1) {
      const previous = answer.results[i - 1];
      const current = answer.results[i];
      if (previous === undefined || current === undefined) continue;
      expect(previous.score).toBeGreaterThanOrEqual(current.score);
      if (previous.score === current.score) expect(previous.label.toLowerCase() <= current.label.toLowerCase()).toBe(true);
    }
    expect(answer.facets).toBeUndefined();
    // Duplicates are counted once in the total.
    expect(answer.total).toBeGreaterThanOrEqual(answer.results.length);
  });

  it('pages through the merged list.', async () => {
    const first = await search('scope=federated&q=confocal&limit=3', federatedUrl);
    const second = await search('scope=federated&q=confocal&limit=3&offset=3', federatedUrl);
    const all = await search('scope=federated&q=confocal&limit=6', federatedUrl);
    expect([...iris(first), ...iris(second)]).toEqual(iris(all));
  });
});
