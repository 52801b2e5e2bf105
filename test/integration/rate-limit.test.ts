import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let dataDir: string;
const PEER_TOKEN = 'peer-b-token-0123456789abcdef';

/**
 * A GET from a chosen loopback address (each 127.x.y.z is its own client to the server, as
 * distinct hosts would be), with the given headers.
 */
function get(path: string, from: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { localAddress: from, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A query that runs until the time limit stops it. */
const HEAVY = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phd-limits-'));
  server = await startServer({
    PHD_DATA_DIR: dataDir, PHD_RATE_LIMIT: '5', PHD_RATE_BURST: '5', PHD_CLIENT_MAX_QUERIES: '1', PHD_QUERY_TIMEOUT_MS: '3000',
    // Peer b proves itself with a token, peer c by the address it connects from.
    PHD_PEER_CREDENTIALS: `https://b.example.org token:${PEER_TOKEN}, https://c.example.org address:127.0.0.2`,
    PHD_PEER_RATE_LIMIT: '100', PHD_PEER_RATE_BURST: '100', PHD_PEER_MAX_QUERIES: '4',
  });
}, 120_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Per-client limits', () => {
  it('answers 429 with Retry-After past a client\'s rate and burst, never limits /health, and serves again after the wait.', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 12; i += 1) {
      const res = await fetch(`${server.url}/pid/RRID:SCR_999003`, { headers: { accept: 'application/ld+json' } });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      else await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses).toContain(429);
    expect(limited?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(((await limited?.json()) as { code?: string }).code).toBe('too-many-requests');
    for (let i = 0; i < 10; i += 1) expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    expect((await fetch(`${server.url}/pid/RRID:SCR_999003`, { headers: { accept: 'application/ld+json' } })).status).toBe(200);
  });

  it('lets one client run one SPARQL query at a time: a second at once gets 429, the next after it 200.', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a token for each request below (5 a second, bursts of 5)
    const heavy = fetch(`${server.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK {}')}`);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    // A comparison counts against the same limit, and the refusal says so in words.
    const compare = await fetch(`${server.url}/compare?c=RRID:SCR_999003&c=RRID:SCR_999004`, { headers: { accept: 'application/json' } });
    expect(compare.status).toBe(429);
    expect(((await compare.json()) as { detail: string }).detail).toMatch(/1 requests of one client that run queries \(SPARQL, comparisons, ontology term pages\) are running; at most 1 at once/);
    expect((await heavy).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK {}')}`)).status).toBe(200);
  });

  it('counts every spelling the router takes — /SPARQL, /Sparql, /sparql/, /federated/SPARQL/ — against the same query limit as /sparql.', async () => {
    const spellings = ['/sparql', '/SPARQL', '/Sparql', '/sparql/', '/SPARQL/', '/federated/sparql', '/federated/SPARQL/', '/Federated/Sparql', '/federated/sparql/'];
    // One client per spelling (its own address): a heavy query under that spelling holds its one
    // place, so its next query — under the canonical spelling, or the same one — must be refused.
    const checks = spellings.map(async (spelling, i) => {
      const from = `127.0.0.${10 + i}`;
      const heavy = get(`${spelling}?query=${HEAVY}`, from);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const canonical = spelling.toLowerCase().startsWith('/federated') ? '/federated/sparql' : '/sparql';
      const second = await get(`${canonical}?query=${encodeURIComponent('ASK {}')}`, from);
      const same = await get(`${spelling}?query=${encodeURIComponent('ASK {}')}`, from);
      return { spelling, second: second.status, same: same.status, retryAfter: second.retryAfter, heavy: (await heavy).status };
    });
    for (const result of await Promise.all(checks)) {
      expect(result, result.spelling).toMatchObject({ second: 429, same: 429, retryAfter: '1' });
      // The heavy query itself reached the endpoint and ran into the time limit (503; federated, the
      // instance's own part may instead be left out, answered 200 as partial): the spelling is served.
      if (result.spelling.toLowerCase().startsWith('/federated')) expect([200, 503], result.spelling).toContain(result.heavy);
      else expect(result.heavy, result.spelling).toBe(503);
    }
  });

  it('gives an identified peer its own, higher limits; a wrong token, a forged header or X-Forwarded-For leave a client anonymous.', async () => {
    const burst = async (from: string, headers: Record<string, string>) => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await get('/pid/RRID:SCR_999003', from, { accept: 'application/ld+json', ...headers })).status);
      return statuses;
    };
    // Peer b, by its token, from an address no limit knows: all 12 pass (the anonymous burst is 5).
    expect(await burst('127.0.0.30', { authorization: `Bearer ${PEER_TOKEN}` })).not.toContain(429);
    // Peer c, by its address.
    expect(await burst('127.0.0.2', {})).not.toContain(429);
    // Claims that prove nothing: anonymous, limited after 5.
    for (const [from, headers] of [
      ['127.0.0.31', { authorization: `Bearer ${PEER_TOKEN.slice(0, -1)}x` }],
      ['127.0.0.32', { authorization: PEER_TOKEN }],
      ['127.0.0.33', { 'x-forwarded-for': '127.0.0.2', 'x-real-ip': '127.0.0.2', forwarded: 'for=127.0.0.2' }],
      ['127.0.0.34', { 'phd-peer': 'https://b.example.org', 'x-phd-peer-token': PEER_TOKEN, from: 'https://b.example.org' }],
    ] as const) {
      const statuses = await burst(from, headers);
      expect(statuses.slice(0, 5), JSON.stringify(headers)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses, JSON.stringify(headers)).toContain(429);
    }
    // An identified peer may run more queries at once than an anonymous client (4, not 1), from
    // whichever address: a second query beside a running one is answered, not refused.
    const held = get(`/sparql?query=${HEAVY}`, '127.0.0.35', { authorization: `Bearer ${PEER_TOKEN}` });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await get(`/sparql?query=${encodeURIComponent('ASK {}')}`, '127.0.0.36', { authorization: `Bearer ${PEER_TOKEN}` })).status).toBe(200);
    expect((await held).status).toBe(503);
  });
});
