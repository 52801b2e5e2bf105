import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORES, coreIris, SHARED_MODEL } from '../support/federation-data.js';
import type { CoreSpec } from '../support/federation-data.js';
import { startFederation } from '../support/test-federation.js';
import type { FederationCore, TestFederation } from '../support/test-federation.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const token = (id: string) => `peer-token-${id}-0123456789abcdef`;

interface Results {
  results: { bindings: Record<string, { value: string }>[] };
  peers: { peer: string; status: string; detail?: string }[];
}

const federations: TestFederation[] = [];
let decoys: Server[] = [];

/** Starts one core asking only `peers` (stand-ins for hostile or busy peers). */
async function startCore(spec: CoreSpec, peers: readonly string[], env: Record<string, string>): Promise<FederationCore> {
  const federation = await startFederation([spec], { peers, env: { LOG_LEVEL: 'info', ...env } });
  federations.push(federation);
  const [core] = federation.cores;
  if (core === undefined) throw new Error(`core ${spec.id} did not start`);
  return core;
}

async function decoy(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  decoys.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await Promise.all(federations.map((federation) => federation.close()));
  await Promise.all(decoys.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  decoys = [];
});

describe('Three cores under load, each allowing its peers only a few requests', () => {
  let three: readonly FederationCore[] = [];

  beforeAll(async () => {
    // Each core knows the others' tokens, and allows an identified peer 3 requests a second and one
    // query at once: far less than 20 federated queries need, so peers answer each other 429.
    const federation = await startFederation(CORES, {
      env: (i, urls) => ({
        LOG_LEVEL: 'info',
        PHD_PEER_TOKEN: token(CORES[i]?.id ?? ''),
        PHD_PEER_CREDENTIALS: CORES.flatMap((other, j) => (j === i ? [] : [`${urls[j] ?? ''} token:${token(other.id)}`])).join(','),
        PHD_PEER_RATE_LIMIT: '3', PHD_PEER_RATE_BURST: '3', PHD_PEER_MAX_QUERIES: '1',
        // The person sending the 20 queries stays within the anonymous limits.
        PHD_RATE_LIMIT: '100', PHD_RATE_BURST: '100', PHD_CLIENT_MAX_QUERIES: '20',
        PHD_PEER_TIMEOUT_MS: '2000', PHD_QUERY_TIMEOUT_MS: '30000',
      }),
    });
    federations.push(federation);
    three = federation.cores;
  }, 180_000);

  it('answers 20 concurrent federated queries with 200 each, complete or marked partial with the busy peers named — never 422, 429 or 5xx.', async () => {
    const select = `PREFIX phd: <${PHD}> SELECT ?f WHERE { ?f phd:operates ?i . ?i phd:instanceOf <${SHARED_MODEL}> }`;
    const linkByLink = `PREFIX phd: <${PHD}> SELECT ?f WHERE { GRAPH ?g { ?f phd:operates ?i } }`;
    const describe = `PREFIX phd: <${PHD}> DESCRIBE ?f WHERE { ?f phd:operates ?i }`;
    const queries = Array.from({ length: 20 }, (_, n) => {
      const core = three[n % 3];
      const [query, accept] = n % 4 === 3 ? [describe, 'application/n-triples'] : n % 4 === 2 ? [linkByLink, 'application/sparql-results+json'] : [select, 'application/sparql-results+json'];
      return { core, query, accept };
    });
    const answers = await Promise.all(queries.map(async ({ core, query, accept }) => {
      const response = await fetch(`${core?.url ?? ''}/federated/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query });
      return { core, accept, response, body: await response.text() };
    }));
    let partial = 0;
    for (const { core, accept, response, body } of answers) {
      expect(response.status, body.slice(0, 500)).toBe(200);
      const missing = response.headers.get('phd-peers-missing');
      const answered = (response.headers.get('phd-peers-answered') ?? '').split(', ').filter(Boolean);
      if (missing !== null) partial += 1;
      // Who is missing is named with the reason; who answered is listed; together, all three.
      const named = (missing ?? '').split(', ').filter(Boolean).map((entry) => entry.split(';reason=')[0] ?? '');
      expect([...answered, ...named].sort()).toEqual(three.map((c) => c.url).sort());
      for (const entry of (missing ?? '').split(', ').filter(Boolean)) expect(entry).toMatch(/;reason=(busy|timeout)$/);
      // The answer is exactly what the cores that answered hold: complete when all did.
      const expected = three.filter((c) => answered.includes(c.url)).map((c) => coreIris(c.spec.id).facility).sort();
      if (accept === 'application/n-triples') {
        const subjects = new Set(body.split('\n').filter((line) => line.includes(`${PHD}operates`)).map((line) => line.slice(1, line.indexOf('>'))));
        expect([...subjects].sort()).toEqual(expected);
      } else {
        const results = JSON.parse(body) as Results;
        expect(new Set(results.results.bindings.map((b) => b.f?.value))).toEqual(new Set(expected));
        expect(results.peers.filter((p) => p.status !== 'ok').map((p) => p.peer).sort()).toEqual(named.sort());
        for (const peer of results.peers.filter((p) => p.status !== 'ok')) expect(peer.detail, JSON.stringify(peer)).toBeTruthy();
      }
      expect(core).toBeDefined();
    }
    // The peers' small limits did bite: peers were answered 429 and asked again.
    const limited = three.flatMap((c) => c.server.logs).filter((line) => line.includes('"status":429'));
    expect(limited.length).toBeGreaterThan(0);
    expect(partial).toBeLessThanOrEqual(20);
  }, 120_000);
});

describe('A core whose peers are busy for long or answer garbage', () => {
  it('answers 200 from the others, naming each such peer and why, and stores nothing from them.', async () => {
    const garbage = await decoy((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
      res.end('{"head": {"vars": ["f"]}, "results": {"bindings": [{"f": {"type": "uri", "value": "https://evil.example/');
    });
    const html = await decoy((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>It works!</body></html>');
    });
    const busy = await decoy((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
      res.end('{"title":"Too Many Requests"}');
    });
    const unavailable = await decoy((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const spec: CoreSpec = { id: 'd', name: 'Delta Imaging Core', lasers: [488], objectives: [{ magnification: 40, na: 1.3, immersion: 'Mineral Oil' }], detector: 'PhotoMultiplierTube' };
    const peers = [garbage, html, busy, unavailable];
    const delta = await startCore(spec, peers, { PHD_PEER_TIMEOUT_MS: '10000' });
    for (const [query, accept] of [
      [`PREFIX phd: <${PHD}> SELECT ?f WHERE { ?f phd:operates ?i . ?i phd:instanceOf <${SHARED_MODEL}> }`, 'application/sparql-results+json'],
      [`PREFIX phd: <${PHD}> SELECT ?f WHERE { GRAPH ?g { ?f phd:operates ?i } }`, 'application/sparql-results+json'],
      [`PREFIX phd: <${PHD}> DESCRIBE ?f WHERE { ?f phd:operates ?i }`, 'application/rdf+xml'],
    ] as const) {
      const started = Date.now();
      const response = await fetch(`${delta.url}/federated/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query });
      const body = await response.text();
      expect(response.status, body.slice(0, 500)).toBe(200);
      // Nobody was waited for an hour (or two minutes): past the budget, a peer is left out at once.
      expect(Date.now() - started).toBeLessThan(8_000);
      const missing = response.headers.get('phd-peers-missing') ?? '';
      expect(missing, query).toContain(`${garbage};reason=error`);
      expect(missing, query).toContain(`${html};reason=error`);
      expect(missing, query).toContain(`${busy};reason=busy`);
      expect(missing, query).toContain(`${unavailable};reason=busy`);
      expect(response.headers.get('phd-peers-answered'), missing).toBe(delta.url);
      expect(body).toContain(coreIris('d').facility);
      expect(body).not.toContain('evil.example');
      if (accept === 'application/sparql-results+json') {
        const statuses = (JSON.parse(body) as Results).peers;
        expect(statuses.find((p) => p.peer === garbage)?.detail).toMatch(/^unreadable answer \(application\/sparql-results\+json\)/);
        expect(statuses.find((p) => p.peer === html)?.detail).toBe('unreadable answer: text/html is not a SPARQL result');
        expect(statuses.find((p) => p.peer === busy)?.detail).toMatch(/^HTTP 429: asked to wait 3(599|600) s, past the \d+ ms left of its time budget$/);
        expect(statuses.find((p) => p.peer === unavailable)?.detail).toMatch(/^HTTP 503: asked to wait 120 s/);
      }
    }
    // Nothing from the peers was stored: the core's own store still holds only its own records.
    const own = await fetch(`${delta.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?s), "evil")) }')}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(((await own.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]?.n.value).toBe('0');
  }, 120_000);

  it('leaves out a peer whose SPARQL JSON does not fit the query or holds an IRI no query can carry, and never writes that IRI into a query.', async () => {
    const received: string[] = [];
    /** A peer answering ASK with `ask`, SELECT with `select`, graphs with nothing; it records every request. */
    const peer = (ask: object, select: object) => decoy((req, res) => {
      let text = decodeURIComponent(req.url ?? '');
      req.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
      req.on('end', () => {
        received.push(text);
        const graph = /DESCRIBE|CONSTRUCT/i.test(text);
        res.writeHead(200, { 'content-type': graph ? 'application/n-triples' : 'application/sparql-results+json' });
        res.end(graph ? '' : JSON.stringify(/\bASK\b/i.test(text) ? ask : select));
      });
    });
    const evil = { head: { vars: ['f'] }, results: { bindings: [{ f: { type: 'uri', value: 'https://evil.example/x> ?s WHERE { ?s ?p ?o } #' } }] } };
    const wrongForm = await peer({ head: { vars: ['f'] }, results: { bindings: [] } }, { head: { vars: ['f'] }, results: { bindings: [] } });
    const hostile = await peer({ head: {}, boolean: true }, evil);
    const spec: CoreSpec = { id: 'e', name: 'Epsilon Imaging Core', lasers: [561], objectives: [{ magnification: 20, na: 0.8, immersion: 'Air' }], detector: 'PhotoMultiplierTube' };
    const epsilon = await startCore(spec, [wrongForm, hostile], {});
    for (const query of [
      `PREFIX phd: <${PHD}> DESCRIBE ?f WHERE { GRAPH ?g { ?f phd:operates ?i } }`,
      `PREFIX phd: <${PHD}> SELECT ?f WHERE { GRAPH ?g { ?f phd:operates ?i } }`,
    ]) {
      const response = await fetch(`${epsilon.url}/federated/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/n-triples, application/sparql-results+json' }, body: query });
      const body = await response.text();
      expect(response.status, body.slice(0, 500)).toBe(200);
      expect(body).toContain(coreIris('e').facility);
      // The answer holds none of it (the peer's status names the IRI it refused, as its reason).
      const answer = body.startsWith('{') ? JSON.stringify((JSON.parse(body) as Results).results) : body;
      expect(answer).not.toContain('evil.example');
      const missing = response.headers.get('phd-peers-missing') ?? '';
      expect(missing, query).toContain(`${wrongForm};reason=error`);
      expect(missing, query).toContain(`${hostile};reason=error`);
    }
    // The hostile IRI was sent, and written into no query to any source.
    expect(received.some((text) => /\bSELECT\b/i.test(text))).toBe(true);
    for (const text of received) expect(text).not.toContain('evil.example');
  }, 120_000);
});
