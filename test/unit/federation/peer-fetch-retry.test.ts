import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeerFetch, queryFormOf, retryAfterMs, retryDelayMs, unreadable } from '../../../src/federation/peer-fetch.js';

let server: Server;
let base: string;
const hits = new Map<string, number>();
const authorizations: (string | undefined)[] = [];
const RESULT = '{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:x"}}]}}';

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = (req.url ?? '').split('/')[1] ?? '';
    const n = (hits.get(route) ?? 0) + 1;
    hits.set(route, n);
    authorizations.push(req.headers.authorization);
    const answer = (status: number, headers: Record<string, string>, body: string) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    const problem = { 'content-type': 'application/problem+json' };
    switch (route) {
      case 'busy-twice': // 429, then 503 with an HTTP-date just past, then the answer
        if (n === 1) answer(429, { ...problem, 'retry-after': '0' }, '{"title":"Too Many Requests"}');
        else if (n === 2) answer(503, { ...problem, 'retry-after': new Date(Date.now() - 1_000).toUTCString() }, '{}');
        else answer(200, { 'content-type': 'application/sparql-results+json' }, RESULT);
        return;
      case 'busy-no-header': // busy without Retry-After: backoff, then the answer
        if (n === 1) answer(503, problem, '{}');
        else answer(200, { 'content-type': 'application/sparql-results+json' }, RESULT);
        return;
      case 'busy-long': // asks to come back in an hour
        answer(429, { ...problem, 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }, '{}');
        return;
      case 'busy-always':
        answer(503, { ...problem, 'retry-after': '1' }, '{}');
        return;
      case 'garbage':
        answer(200, { 'content-type': 'application/sparql-results+json' }, '{"head": {"vars": [');
        return;
      case 'html':
        answer(200, { 'content-type': 'text/html' }, '<html><body>Welcome to nginx!</body></html>');
        return;
      case 'bad-turtle':
        answer(200, { 'content-type': 'text/turtle' }, '<urn:a> <urn:b> .');
        return;
      case 'not-found':
        answer(404, { 'content-type': 'text/html' }, '<h1>Not Found</h1>');
        return;
      default:
        answer(200, { 'content-type': 'application/sparql-results+json' }, RESULT);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const select = (peer: string) => `${peer}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}`;

describe('Retry-After', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');

  it('reads delay-seconds and HTTP-dates (a date already past means no wait).', () => {
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Sun, 06 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Sunday, 06-Dec-26 10:00:02 GMT', now)).toBe(2_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or malformed header, and then backs off exponentially.', () => {
    for (const value of [null, undefined, '', '-1', '1.5', 'soon', '2026-12-06', 'Sun, 99 Foo 2026']) expect(retryAfterMs(value, now), String(value)).toBeUndefined();
    expect([1, 2, 3].map((attempt) => retryDelayMs(null, attempt, now))).toEqual([250, 500, 1_000]);
    expect(retryDelayMs('2', 3, now)).toBe(2_000);
  });
});

describe('An answer', () => {
  it('reads when it parses as its media type, and is unreadable otherwise (named with the reason).', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(unreadable('application/sparql-results+json; charset=utf-8', bytes(RESULT))).toBeUndefined();
    expect(unreadable('application/n-triples', bytes('<urn:a> <urn:b> <urn:c> .\n'))).toBeUndefined();
    expect(unreadable('application/sparql-results+xml', bytes('<sparql/>'))).toBeUndefined();
    expect(unreadable('application/sparql-results+json', bytes('{"head":'))).toMatch(/^unreadable answer \(application\/sparql-results\+json\)/);
    expect(unreadable('text/turtle', bytes('<urn:a> <urn:b> .'))).toMatch(/^unreadable answer \(text\/turtle\)/);
    expect(unreadable('text/html', bytes('<html/>'))).toBe('unreadable answer: text/html is not a SPARQL result');
    expect(unreadable(null, bytes('x'))).toBe('unreadable answer: no Content-Type is not a SPARQL result');
  });

  it('is unreadable as SPARQL JSON of the wrong form, or holding an IRI no query can carry.', () => {
    const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const select = { head: { vars: ['f'] }, results: { bindings: [{ f: { type: 'uri', value: 'https://example.org/f' } }] } };
    const type = 'application/sparql-results+json';
    expect(unreadable(type, json(select), 'SELECT')).toBeUndefined();
    expect(unreadable(type, json({ head: {}, boolean: false }), 'ASK')).toBeUndefined();
    expect(unreadable(type, json(select), 'ASK')).toBe(`unreadable answer (${type}): an ASK answer without a boolean`);
    expect(unreadable(type, json({ head: {}, boolean: true }), 'SELECT')).toBe(`unreadable answer (${type}): SELECT results without a bindings list`);
    expect(unreadable(type, json([1]))).toBe(`unreadable answer (${type}): not a SPARQL JSON results object`);
    expect(unreadable(type, json({ head: {}, results: { bindings: [{ f: { type: 'uri' } }] } }))).toBe(`unreadable answer (${type}): a term without a type and a value`);
    expect(unreadable(type, json({ head: {}, results: { bindings: [{ f: { type: 'uri', value: 'x> ?s ?p ?o' } }] } }))).toMatch(/an IRI no query can carry: "x> \?s \?p \?o"$/);
    // A search answer is JSON of its own shape: no SPARQL form, no SPARQL check.
    expect(unreadable('application/json', json({ results: [] }))).toBeUndefined();
  });

  it('names the form of the query a request carries, in the URL or the body, past prefixes and comments.', () => {
    const url = (query: string) => new URL(`https://peer.example/sparql?query=${encodeURIComponent(query)}`);
    const bare = new URL('https://peer.example/sparql');
    expect(queryFormOf(url('PREFIX p: <https://x.example/#a>\n# ASK? no\nSELECT ?s WHERE { ?s ?p ?o }'))).toBe('SELECT');
    expect(queryFormOf(url('BASE <https://x.example/> ask { ?s ?p ?o }'))).toBe('ASK');
    expect(queryFormOf(url('CONSTRUCT WHERE { ?s ?p ?o }'))).toBeUndefined();
    expect(queryFormOf(bare, { method: 'POST', body: new URLSearchParams({ query: 'ASK { ?s ?p ?o }' }) })).toBe('ASK');
    expect(queryFormOf(bare, { method: 'POST', body: 'query=SELECT%20*%20%7B%7D' })).toBe('SELECT');
    expect(queryFormOf(bare, { method: 'POST', body: 'SELECT * {}' })).toBe('SELECT');
    expect(queryFormOf(new URL('https://peer.example/search?q=x'))).toBeUndefined();
  });
});

describe('A PeerFetch talking to a busy peer', () => {
  it('asks again after the wait Retry-After asks for (seconds, then an HTTP-date), and passes the answer on.', async () => {
    hits.clear();
    const peers = new PeerFetch({ peers: [`${base}/busy-twice`], timeoutMs: 2_000, maxBytes: 10_000 });
    const response = await peers.fetch(select(`${base}/busy-twice`));
    expect(await response.json()).toMatchObject({ results: { bindings: [{ s: { value: 'urn:x' } }] } });
    expect(hits.get('busy-twice')).toBe(3);
    expect(peers.statuses()).toEqual([{ peer: `${base}/busy-twice`, status: 'ok' }]);
  });

  it('backs off on its own when the peer gives no Retry-After.', async () => {
    hits.clear();
    const peers = new PeerFetch({ peers: [`${base}/busy-no-header`], timeoutMs: 2_000, maxBytes: 10_000 });
    const started = Date.now();
    await peers.fetch(select(`${base}/busy-no-header`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(hits.get('busy-no-header')).toBe(2);
    expect(peers.statuses()[0]?.status).toBe('ok');
  });

  it('gives up at once, as busy, when the peer asks to wait past its time budget; the part is empty, not an error.', async () => {
    hits.clear();
    const peers = new PeerFetch({ peers: [`${base}/busy-long`], timeoutMs: 2_000, maxBytes: 10_000 });
    const started = Date.now();
    const response = await peers.fetch(select(`${base}/busy-long`));
    expect(Date.now() - started).toBeLessThan(500);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ head: { vars: [] }, results: { bindings: [] } });
    expect(hits.get('busy-long')).toBe(1);
    expect(peers.statuses()).toEqual([{ peer: `${base}/busy-long`, status: 'busy', detail: expect.stringMatching(/^HTTP 429: asked to wait 3(599|600) s, past the \d+ ms left of its time budget$/) as unknown }]);
  });

  it('stops retrying when the budget is spent, and caps the budget by the query\'s deadline.', async () => {
    hits.clear();
    const peers = new PeerFetch({ peers: [`${base}/busy-always`], timeoutMs: 10_000, maxBytes: 10_000, deadline: Date.now() + 1_500 });
    const started = Date.now();
    await peers.fetch(select(`${base}/busy-always`));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(hits.get('busy-always')).toBe(2);
    expect(peers.statuses()[0]).toMatchObject({ status: 'busy', detail: expect.stringMatching(/^HTTP 503: asked to wait 1 s/) as unknown });
    // Left out for the rest of the query: not asked again.
    await peers.fetch(select(`${base}/busy-always`));
    expect(hits.get('busy-always')).toBe(2);
  });
});

describe('A PeerFetch talking to a peer that answers garbage', () => {
  it('leaves out a peer whose answer does not parse, or is not a SPARQL result, or is a 404, and names it with the reason.', async () => {
    const names = ['garbage', 'html', 'bad-turtle', 'not-found'];
    const peers = new PeerFetch({ peers: names.map((n) => `${base}/${n}`), timeoutMs: 2_000, maxBytes: 10_000 });
    for (const name of names) {
      const response = await peers.fetch(select(`${base}/${name}`));
      expect(response.status, name).toBe(200);
      expect(await response.json(), name).toEqual({ head: { vars: [] }, results: { bindings: [] } });
    }
    const statuses = peers.statuses();
    expect(statuses.map((s) => [s.peer, s.status])).toEqual(names.map((n) => [`${base}/${n}`, 'error']));
    expect(statuses.map((s) => s.detail)).toEqual([
      expect.stringMatching(/^unreadable answer \(application\/sparql-results\+json\)/),
      'unreadable answer: text/html is not a SPARQL result',
      expect.stringMatching(/^unreadable answer \(text\/turtle\)/),
      'HTTP 404',
    ]);
  });
});

describe('A PeerFetch with credentials', () => {
  it('sends each peer its bearer token in the Authorization header, never in the URL, and none where none is configured.', async () => {
    authorizations.length = 0;
    const peers = new PeerFetch({ peers: [`${base}/a`, `${base}/b`], timeoutMs: 2_000, maxBytes: 10_000, credential: (peer) => (peer === `${base}/a` ? 'token-for-a-0123456789' : undefined) });
    await peers.fetch(select(`${base}/a`), { headers: { accept: 'application/sparql-results+json', authorization: 'Bearer forged' } });
    await peers.fetch(select(`${base}/b`));
    expect(authorizations).toEqual(['Bearer token-for-a-0123456789', undefined]);
  });
});
