import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareView } from '../../src/compare/index.js';
import { CORES, coreIris } from '../support/federation-data.js';
import { startFederation } from '../support/test-federation.js';
import type { TestFederation } from '../support/test-federation.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// Two cores (real service processes), each knowing the other as its peer: core a compares its own
// configuration with one only core b holds.
let federation: TestFederation;
const [alpha, beta] = CORES;
const a = coreIris('a');
const b = coreIris('b');

beforeAll(async () => {
  federation = await startFederation(CORES.slice(0, 2));
}, 180_000);
afterAll(async () => {
  await federation?.close();
});

async function compare(core: number, query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${federation.cores[core]?.url ?? ''}/compare?${query}`, { headers: { accept: 'application/json' } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /compare across a federation', () => {
  it('puts a configuration of this core beside one fetched from its peer, lining up the shared 63x/1.4 oil objective.', async () => {
    const { status, body } = await compare(0, `c=${encodeURIComponent(a.configuration)}&c=doi:10.5072/phd.fed.b.sp8.v1`);
    expect(status).toBe(200);
    const view = body as unknown as CompareView;
    expect(view.columns.map((c) => c.source)).toEqual(['this core', federation.cores[1]?.url]);
    expect(view.columns[1]).toMatchObject({ iri: b.configuration, instance: { iri: b.instance }, facility: { iri: b.facility, label: beta?.name } });
    expect(view.columns[0]).toMatchObject({ facility: { label: alpha?.name } });
    const objectives = view.groups.find((g) => g.name === 'Objectives')?.rows ?? [];
    // Both have a 63x/1.4 oil objective; only b has a 20x one.
    const oil = objectives.find((r) => r.label.startsWith('63x/1.4'));
    expect(oil?.cells.every((c) => c !== null)).toBe(true);
    expect(objectives.find((r) => r.label.startsWith('20x'))?.cells[0]).toBeNull();
    // The 488 nm laser of both lines up; 405 and 561 are a's only, 638 is b's only.
    const lasers = view.groups.find((g) => g.name === 'Light sources')?.rows ?? [];
    const shared = lasers.filter((r) => r.cells.every((c) => c !== null)).map((r) => r.label);
    const sharedLines = (alpha?.lasers ?? []).filter((nm) => beta?.lasers.includes(nm));
    expect(shared).toEqual(sharedLines.map((nm) => `Laser ${nm}`));
    expect(lasers).toHaveLength(new Set([...(alpha?.lasers ?? []), ...(beta?.lasers ?? [])]).size);
  });

  it('answers 404 for a configuration neither core knows, and 502 naming the peer when the peer is down.', async () => {
    const unknown = await compare(0, `c=${encodeURIComponent(a.configuration)}&c=doi:10.5072/phd.fed.z.sp8.v1`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ parameter: 'c', value: 'doi:10.5072/phd.fed.z.sp8.v1' });
    await federation.cores[1]?.stop();
    const down = await compare(0, `c=${encodeURIComponent(a.configuration)}&c=${encodeURIComponent(b.configuration)}`);
    expect(down.status).toBe(502);
    expect(JSON.stringify(down.body)).toContain(federation.cores[1]?.url ?? '-');
    expect(down.body).toMatchObject({ parameter: 'c', value: b.configuration });
  });
});

describe('GET /compare with a peer that records what it is asked', () => {
  // A stand-in peer: it notes every path requested, can hold its answers, and answers 400 with a
  // detail that must never reach the visitor.
  const requested: string[] = [];
  let hold: Promise<void> = Promise.resolve();
  let peer: Server;
  let peerUrl = '';
  let app: TestApp;

  beforeAll(async () => {
    peer = createServer((req, res) => {
      requested.push(req.url ?? '');
      void hold.then(() => {
        res.writeHead(400, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'Bad Request', status: 400, detail: 'PEER-INTERNAL-DETAIL at /srv/secret' }));
      });
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', () => resolve()));
    peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
    app = await startTestApp({ env: { PHD_PEERS: peerUrl, PHD_CLIENT_MAX_QUERIES: '1', PHD_PEER_TIMEOUT_MS: '5000' } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => (peer === undefined ? resolve() : peer.close(() => resolve())));
  });

  it('asks the peer only for /pid/… or /id/{kind}/{id}, never a path a dot-segment in c= points at, and keeps the peer\'s detail from the visitor.', async () => {
    requested.length = 0;
    const tricks = [`${peerUrl}/id/../pids`, `${peerUrl}/id/%2e%2e/pids`, `${peerUrl}/id/%2E%2E/pids`, `${peerUrl}/id/.%2e/pids`, `${peerUrl}/id/configuration/..`];
    for (const trick of tricks) {
      const response = await fetch(`${app.url}/compare?c=configuration/igc-limelight-v1&c=${encodeURIComponent(trick)}`, { headers: { accept: 'application/json' } });
      const body = await response.text();
      expect(response.status, trick).toBe(502);
      expect(body).not.toContain('PEER-INTERNAL-DETAIL');
      expect(body).not.toContain('/srv/secret');
    }
    expect(requested.length).toBeGreaterThanOrEqual(tricks.length);
    for (const path of requested) expect(path).toMatch(/^\/(pid\/[^/]+|id\/[a-z-]+\/[A-Za-z0-9._~-]+)$/);
    expect(requested).not.toContain('/pids');
    expect(requested).not.toContain('/id/');
  });

  it('counts a comparison against the client\'s query limit: a second one while the first waits on the peer gets 429.', async () => {
    let release = (): void => undefined;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const query = `${app.url}/compare?c=configuration/igc-limelight-v1&c=${encodeURIComponent(`${peerUrl}/id/configuration/elsewhere`)}`;
    const first = fetch(query, { headers: { accept: 'application/json' } });
    while (requested.at(-1) !== '/id/configuration/elsewhere') await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await fetch(query, { headers: { accept: 'application/json' } });
    release();
    hold = Promise.resolve();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(502);
    expect((await fetch(query, { headers: { accept: 'application/json' } })).status).toBe(502);
  });
});
