import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerFetch } from '../../../src/federation/peer-fetch.js';
import { ResultTooLargeError } from '../../../src/query/query-errors.js';

let server: Server;
let base: string;
let hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/slow/')) {
      setTimeout(() => res.end('{"head":{"vars":[]},"results":{"bindings":[]}}'), 1_000);
      return;
    }
    if (req.url?.startsWith('/big/')) {
      res.setHeader('content-type', 'application/sparql-results+json');
      res.end('x'.repeat(10_000));
      return;
    }
    if (req.url?.startsWith('/limited/')) {
      res.statusCode = 422;
      res.setHeader('content-type', 'application/problem+json');
      res.end(JSON.stringify({ title: 'Result too large', detail: 'The result has more than 10 rows.' }));
      return;
    }
    if (req.url?.startsWith('/broken/')) {
      res.statusCode = 500;
      res.end('boom');
      return;
    }
    res.setHeader('content-type', 'application/sparql-results+json');
    res.end('{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:x"}}]}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const select = (peer: string) => `${peer}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}`;

describe('A PeerFetch', () => {
  it('passes a configured peer\'s answer through and reports the peer as answering.', async () => {
    const peers = new PeerFetch({ peers: [`${base}/ok`], timeoutMs: 500, maxBytes: 1_000 });
    const response = await peers.fetch(select(`${base}/ok`));
    expect(await response.json()).toMatchObject({ results: { bindings: [{ s: { value: 'urn:x' } }] } });
    expect(peers.statuses()).toEqual([{ peer: `${base}/ok`, status: 'ok' }]);
  });

  it('never contacts a URL outside the configured peers (another path on the same host included).', async () => {
    hits = [];
    const peers = new PeerFetch({ peers: [`${base}/ok`], timeoutMs: 500, maxBytes: 1_000 });
    await expect(peers.fetch(`${base}/elsewhere/sparql`)).rejects.toThrow(/not a configured peer/);
    await expect(peers.fetch('http://169.254.169.254/latest/meta-data')).rejects.toThrow(/not a configured peer/);
    expect(hits).toEqual([]);
    expect(peers.refused).toHaveLength(2);
  });

  it('turns a slow peer into an empty answer within its time budget, and does not ask it again.', async () => {
    hits = [];
    const peers = new PeerFetch({ peers: [`${base}/slow`], timeoutMs: 200, maxBytes: 1_000 });
    const started = Date.now();
    const response = await peers.fetch(select(`${base}/slow`));
    expect(Date.now() - started).toBeLessThan(900);
    expect(await response.json()).toEqual({ head: { vars: [] }, results: { bindings: [] } });
    const ask = await peers.fetch(`${base}/slow/sparql?query=${encodeURIComponent('PREFIX x: <urn:x#> ASK { ?s ?p ?o }')}`);
    expect(await ask.json()).toEqual({ head: {}, boolean: false });
    expect(hits).toHaveLength(1);
    expect(peers.statuses()).toEqual([{ peer: `${base}/slow`, status: 'timeout', detail: 'no answer within 200 ms' }]);
  });

  it('leaves out a peer whose answer is too large or an HTTP error, and one that is down.', async () => {
    const peers = new PeerFetch({ peers: [`${base}/big`, `${base}/broken`, 'http://127.0.0.1:9'], timeoutMs: 1_000, maxBytes: 1_000 });
    await peers.fetch(select(`${base}/big`));
    await peers.fetch(select(`${base}/broken`));
    await peers.fetch(select('http://127.0.0.1:9'));
    expect(peers.statuses().map((s) => s.status)).toEqual(['too-large', 'error', 'unreachable']);
  });

  it('reports a peer that refuses its part (4xx) as refused, with the reason it gave.', async () => {
    const peers = new PeerFetch({ peers: [`${base}/limited`], timeoutMs: 1_000, maxBytes: 1_000 });
    await peers.fetch(select(`${base}/limited`));
    expect(peers.statuses()).toEqual([{ peer: `${base}/limited`, status: 'refused', detail: 'HTTP 422: The result has more than 10 rows.' }]);
  });

  it('answers a CONSTRUCT of a failed peer with an empty graph.', async () => {
    const peers = new PeerFetch({ peers: ['http://127.0.0.1:9'], timeoutMs: 1_000, maxBytes: 1_000 });
    const body = new URLSearchParams({ query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }' });
    const response = await peers.fetch('http://127.0.0.1:9/sparql', { method: 'POST', body });
    expect(response.headers.get('content-type')).toBe('application/n-triples');
    expect(await response.text()).toBe('');
  });

  describe('in process (this instance\'s own part)', () => {
    const self = 'http://127.0.0.1:1/self';

    it('passes the answer through and counts the instance as answering.', async () => {
      const peers = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000 });
      expect(await peers.inProcess(`${self}/sparql`, () => Promise.resolve('<urn:a> <urn:p> <urn:b> .\n'))).toBe('<urn:a> <urn:p> <urn:b> .\n');
      expect(peers.statuses()).toEqual([{ peer: self, status: 'ok' }]);
    });

    it('gives up at the time budget, aborting the work, and does not run it again.', async () => {
      const peers = new PeerFetch({ peers: [self], timeoutMs: 100, maxBytes: 1_000 });
      let aborted = false;
      let runs = 0;
      const slow = (signal: AbortSignal) => {
        runs += 1;
        signal.addEventListener('abort', () => { aborted = true; });
        return new Promise<string>((resolve) => setTimeout(() => resolve('late'), 1_000));
      };
      const started = Date.now();
      expect(await peers.inProcess(`${self}/sparql`, slow)).toBe('');
      expect(Date.now() - started).toBeLessThan(900);
      expect(aborted).toBe(true);
      expect(await peers.inProcess(`${self}/sparql`, slow)).toBe('');
      expect(runs).toBe(1);
      expect(peers.statuses()).toEqual([{ peer: self, status: 'timeout', detail: 'no answer within 100 ms' }]);
    });

    it('reports a 4xx error as a refusal with its message, anything else as an error, and an oversized answer as too large.', async () => {
      const limited = new ResultTooLargeError(10, 'results');
      const refusing = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000 });
      expect(await refusing.inProcess(`${self}/sparql`, () => Promise.reject(limited))).toBe('');
      expect(refusing.statuses()).toEqual([{ peer: self, status: 'refused', detail: `HTTP ${limited.status}: ${limited.message}` }]);
      const failing = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000 });
      await failing.inProcess(`${self}/sparql`, () => Promise.reject(Object.assign(new Error('disk on fire at /var/secret'), { status: 400 })));
      expect(failing.statuses()).toEqual([{ peer: self, status: 'error', detail: 'internal error' }]);
      const odd = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000 });
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a careless callee might do
      expect(await odd.inProcess(`${self}/sparql`, () => Promise.reject(undefined))).toBe('');
      expect(odd.statuses()[0]?.status).toBe('error');
      const large = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000 });
      expect(await large.inProcess(`${self}/sparql`, () => Promise.resolve('x'.repeat(1_001)))).toBe('');
      expect(large.statuses()[0]?.status).toBe('too-large');
    });

    it('runs nothing once the federated request was given up.', async () => {
      const gone = new AbortController();
      gone.abort();
      const peers = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000, signal: gone.signal });
      let ran = false;
      expect(await peers.inProcess(`${self}/sparql`, () => { ran = true; return Promise.resolve('<urn:a> <urn:p> <urn:b> .\n'); })).toBe('');
      expect(ran).toBe(false);
      expect(peers.statuses()[0]?.status).toBe('timeout');
    });

    it('runs nothing for a URL outside the configured entries.', async () => {
      const peers = new PeerFetch({ peers: [self], timeoutMs: 500, maxBytes: 1_000 });
      let ran = false;
      await expect(peers.inProcess('http://127.0.0.1:1/other/sparql', () => { ran = true; return Promise.resolve(''); })).rejects.toThrow(/not a configured peer/);
      expect(ran).toBe(false);
    });
  });
});
