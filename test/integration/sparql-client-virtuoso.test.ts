import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../src/domain/records.js';
import { SparqlClient } from '../../src/store/sparql-client.js';
import { startVirtuoso } from '../support/virtuoso.js';
import type { VirtuosoProcess } from '../support/virtuoso.js';

const { namedNode, literal, quad } = N3.DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const GRAPH = 'https://doi.org/10.5072/phd.client.test';

let virtuoso: VirtuosoProcess;
let client: SparqlClient;

beforeAll(async () => {
  virtuoso = await startVirtuoso();
  client = new SparqlClient({ queryEndpoint: virtuoso.endpoint, timeoutMs: 10_000 });
}, 90_000);

afterAll(async () => {
  await virtuoso.stop();
});

/** Literals whose spelling a store may not change (strings, language tags, escapes, IRIs). */
const record = (title: string) => [
  quad(namedNode(GRAPH), namedNode('http://purl.org/dc/terms/title'), literal(title)),
  quad(namedNode(GRAPH), namedNode('http://www.w3.org/2000/01/rdf-schema#label'), literal('Mikroskop "SP8"\nZeile 2 — ünïcödé', 'de')),
  quad(namedNode(GRAPH), namedNode('https://w3id.org/imaging-phd/ns#validFrom'), literal('2024-01-15', namedNode(`${XSD}date`))),
  quad(namedNode(`${GRAPH}/component/a`), namedNode('https://w3id.org/imaging-phd/nbo-q#model'), literal('back\\slash')),
];

describe('A SparqlClient against Virtuoso (SPARQL 1.1 Protocol and Update)', () => {
  it('replaces a named graph in one update and reads back exactly what it wrote.', async () => {
    await client.replaceGraph(GRAPH, record('first'));
    await client.replaceGraph(GRAPH, record('second'));
    const read = await client.readGraph(GRAPH);
    expect(canonicalNTriples(read)).toBe(canonicalNTriples(record('second')));
    const ask = await client.select(`ASK { GRAPH <${GRAPH}> { ?s ?p "first" } }`);
    expect(ask.boolean).toBe(false);
  });

  it('drops a graph replaced by nothing.', async () => {
    await client.replaceGraph(GRAPH, []);
    expect(await client.readGraph(GRAPH)).toEqual([]);
  });

  it('reports a store error as 502 with the store\'s message, and an unreachable store as 503.', async () => {
    await expect(client.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> ')).rejects.toMatchObject({ status: 502, code: 'store-error' });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const gone = new SparqlClient({ queryEndpoint: `http://127.0.0.1:${port}/sparql`, timeoutMs: 2_000 });
    await expect(gone.select('ASK {}')).rejects.toMatchObject({ status: 503, code: 'store-unavailable' });
  });

  it('sends a request again on a new connection when the store closes the connection before answering, and reports a store that always does as 503.', async () => {
    let received = 0;
    const dropping = createServer((req, res) => {
      received += 1;
      req.resume();
      // The first request of /once, and every request of /always, finds its connection closed.
      if (req.url?.includes('always') === true || received === 1) req.socket.destroy();
      else res.writeHead(201).end();
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
    await new SparqlClient({ queryEndpoint: `${base}/sparql`, graphStoreEndpoint: `${base}/once`, timeoutMs: 5_000 }).writeGraph(GRAPH, record('again'));
    expect(received).toBe(2);
    received = 0;
    const always = new SparqlClient({ queryEndpoint: `${base}/sparql`, graphStoreEndpoint: `${base}/always`, timeoutMs: 5_000 });
    await expect(always.writeGraph(GRAPH, record('never'))).rejects.toMatchObject({ status: 503, code: 'store-unavailable' });
    expect(received).toBe(6);
    await new Promise((resolve) => dropping.close(resolve));
  });

  it.each([
    ['a deadlock (SQL state 40001)', 'Error 40001 SR172: Transaction deadlocked'],
    ['a concurrent write registering the same new datatype (Virtuoso SR197)', '<h3>Error 23000</h3> <xmp>SR197: Non unique primary key on DB.DBA.RDF_DATATYPE.</xmp>'],
  ])('sends a request again when the store reports %s, and only then.', async (_case, clash) => {
    let answered = 0;
    const flaky = createServer((req, res) => {
      answered += 1;
      req.resume();
      const deadlocked = req.url?.includes('deadlock') === true && answered <= 2;
      res.writeHead(deadlocked || req.url?.includes('broken') === true ? 500 : 201).end(deadlocked ? clash : 'Error 42000 something else');
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    const retrying = new SparqlClient({ queryEndpoint: `${base}/sparql`, graphStoreEndpoint: `${base}/deadlock`, timeoutMs: 5_000 });
    await retrying.writeGraph(GRAPH, record('retried'));
    expect(answered).toBe(3);
    answered = 0;
    const broken = new SparqlClient({ queryEndpoint: `${base}/sparql`, graphStoreEndpoint: `${base}/broken`, timeoutMs: 5_000 });
    await expect(broken.writeGraph(GRAPH, record('refused'))).rejects.toMatchObject({ status: 502 });
    expect(answered).toBe(1);
    await new Promise((resolve) => flaky.close(resolve));
  });
});
