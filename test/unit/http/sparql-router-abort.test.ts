import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparqlRouter } from '../../../src/http/sparql-router.js';
import type { QueryOptions, QueryResult } from '../../../src/query/index.js';

/** A pool whose queries wait until their caller gives up, recording each signal it was given. */
const signals: (AbortSignal | undefined)[] = [];
const pool = {
  query: (_text: string, options?: QueryOptions): Promise<QueryResult> => {
    signals.push(options?.signal);
    return new Promise((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  },
};

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(sparqlRouter({ pool, baseUrl: 'http://127.0.0.1', examples: [] }));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Waits until a condition holds, for up to two seconds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('The SPARQL router', () => {
  it.each([
    ['the results', 'json'],
    ['the results page', 'html'],
  ])('aborts the query of %s when the client goes away.', async (_name, format) => {
    signals.length = 0;
    const controller = new AbortController();
    const request = fetch(`${url}?${new URLSearchParams({ query: 'ASK { ?s ?p ?o }', format }).toString()}`, { signal: controller.signal }).catch(() => undefined);
    await until(() => signals.length === 1);
    expect(signals).toHaveLength(1);
    controller.abort();
    await request;
    await until(() => signals[0]?.aborted === true);
    expect(signals[0]?.aborted).toBe(true);
  });
});
