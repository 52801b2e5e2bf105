import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phd-limits-'));
  server = await startServer({ PHD_DATA_DIR: dataDir, PHD_RATE_LIMIT: '5', PHD_RATE_BURST: '5', PHD_CLIENT_MAX_QUERIES: '1', PHD_QUERY_TIMEOUT_MS: '3000' });
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
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a token for each request below
    const heavy = fetch(`${server.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK {}')}`);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await heavy).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK {}')}`)).status).toBe(200);
  });
});
