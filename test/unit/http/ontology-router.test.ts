import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ontologyRouter } from '../../../src/http/ontology-router.js';
import type { Logger } from '../../../src/logging/index.js';
import type { QueryResult } from '../../../src/query/index.js';

const EMPTY: QueryResult = { body: JSON.stringify({ head: { vars: [] }, results: { bindings: [] } }), mediaType: 'application/sparql-results+json', type: 'SELECT' };
const BASE = 'https://phd.example.org';

describe('A term page', () => {
  let server: Server;
  let url: string;
  const listeners: (() => void)[] = [];
  let failing = false;
  const query = vi.fn(() => (failing ? Promise.reject(new Error('connect ECONNREFUSED http://virtuoso.internal:8890/sparql')) : Promise.resolve(EMPTY)));
  const warn = vi.fn();
  const logger = { warn } as unknown as Logger;

  beforeAll(async () => {
    const app = express();
    app.use(ontologyRouter({ query: { query }, baseUrl: BASE, onChange: (listener) => listeners.push(listener), logger }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const page = (etag?: string) => fetch(`${url}/ontology/nboq/manufacturer`, { headers: { accept: 'text/html', ...(etag === undefined ? {} : { 'if-none-match': etag }) } });

  it('reads its examples from the store once until the next write, and answers 304 without querying.', async () => {
    const first = await page();
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    const queried = query.mock.calls.length;
    expect(queried).toBeGreaterThan(0);
    expect((await page(etag)).status).toBe(304);
    expect((await page()).status).toBe(200);
    expect(query.mock.calls.length).toBe(queried);
    for (const listener of listeners) listener();
    expect((await page(etag)).status).toBe(304);
    expect(query.mock.calls.length).toBeGreaterThan(queried);
  });

  it('tells the visitor the store did not answer, without the error\'s text, and logs the error.', async () => {
    for (const listener of listeners) listener();
    failing = true;
    try {
      const res = await page();
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('the store did not answer');
      expect(text).not.toContain('virtuoso.internal');
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ term: 'https://w3id.org/imaging-phd/nbo-q#manufacturer', error: expect.stringContaining('ECONNREFUSED') as unknown }), expect.any(String));
    } finally {
      failing = false;
    }
  });
});
