import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const ORIGIN = 'http://tools.example';
const QUERY = 'SELECT ?s WHERE { ?s a <https://w3id.org/imaging-phd/ns#Facility> } LIMIT 1';

function get(path: string, accept = '*/*'): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers: { origin: ORIGIN, accept } });
}

function preflight(path: string, method: string, headers = 'content-type,accept'): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

function exposed(res: Response): string[] {
  return (res.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
}

describe('CORS', () => {
  it('lets any origin read the public endpoints, without credentials, exposing Link, ETag and Location.', async () => {
    const reads: [string, string, number][] = [
      [`/sparql?query=${encodeURIComponent(QUERY)}`, 'application/sparql-results+json', 200],
      [`/federated/sparql?query=${encodeURIComponent(QUERY)}`, 'application/sparql-results+json', 200],
      ['/pid/RRID:SCR_999003', 'application/ld+json', 200],
      ['/context.jsonld', 'application/ld+json', 200],
      ['/search?q=confocal', 'application/json', 200],
      ['/.well-known/void', 'text/turtle', 200],
      ['/export/datacite/doi:10.5072/phd.ecc.sp8', '*/*', 200],
      ['/sparql', 'text/turtle', 200],
    ];
    for (const [path, accept, status] of reads) {
      const res = await get(path, accept);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
      expect(exposed(res), path).toEqual(expect.arrayContaining(['link', 'etag', 'location']));
    }
  });

  it('answers the preflight of a SPARQL POST with its method and the Content-Type and Accept headers.', async () => {
    for (const path of ['/sparql', '/federated/sparql']) {
      const res = await preflight(path, 'POST');
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST']));
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(expect.arrayContaining(['content-type', 'accept']));
    }
    const posted = await fetch(`${app.url}/sparql`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/sparql-query', accept: 'text/csv' }, body: QUERY });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives the writes no CORS headers, and a cross-origin preflight to them no permission.', async () => {
    const writes: [string, string][] = [['/records', 'POST'], ['/records/facility/x', 'PUT'], ['/import/micrometa', 'POST'], ['/pids', 'POST'], ['/workspace', 'POST'], ['/signin', 'POST']];
    for (const [path, method] of writes) {
      const res = await preflight(path, method, 'content-type,authorization');
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(res.headers.get('access-control-allow-methods'), path).toBeNull();
      expect(res.headers.get('access-control-allow-headers'), path).toBeNull();
    }
    const read = await fetch(`${app.url}/records`, { headers: { origin: ORIGIN, authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const workspace = await get('/workspace', 'text/html');
    expect(workspace.headers.get('access-control-allow-origin')).toBeNull();
  });
});
