import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_STYLESHEET } from '../../src/pages/site-stylesheet.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/** What Chromium and Firefox send when a person opens a link. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

let app: TestApp;
const get = (path: string, accept?: string) => fetch(`${app.url}${path}`, { headers: accept === undefined ? {} : { accept } });

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('Error pages, chosen once by the central error handler', () => {
  it('gives a browser an HTML problem page for a missing record, a bad export and an unknown address.', async () => {
    const cases = [
      ['/records/doi:10.5072/no-such-record', 404, 'No record has this identifier'],
      ['/export/pidinst/doi:10.5072/no-such-instrument', 404, 'No record has this identifier'],
      ['/export/marc21/doi:10.5072/phd.ecc.sp8', 404, 'No record has this identifier'],
      ['/export/pidinst/orcid:0000-0002-1825-0098', 400, 'Error 400'],
      ['/nothing/here', 404, 'Nothing is served at this address'],
    ] as const;
    for (const [path, status, heading] of cases) {
      const res = await get(path, BROWSER);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html; charset=utf-8/);
      expect(res.headers.get('vary'), path).toContain('Accept');
      const page = await res.text();
      expect(page, path).toMatch(/^<!doctype html>/);
      expect(page, path).toContain(heading);
      expect(page, path).toContain(`<p class="eyebrow">Error ${status} · `);
      expect(page, path).toContain(`<link rel="stylesheet" href="${SITE_STYLESHEET.path}">`);
      expect(page, path).toContain('<nav aria-label="Site">');
      expect(page, path).toContain('<meta name="robots" content="noindex">');
    }
  });

  it('keeps answering API clients with problem+json: no Accept, */*, JSON and problem+json.', async () => {
    for (const path of ['/records/doi:10.5072/no-such-record', '/export/pidinst/doi:10.5072/no-such-instrument', '/nothing/here']) {
      for (const accept of [undefined, '*/*', 'application/json', 'application/problem+json']) {
        const res = await get(path, accept);
        const label = `${path} ${accept ?? '(none)'}`;
        expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
        // An export that cannot answer in the Accepted type says so (406) before it looks the record up.
        const status = path.startsWith('/export/') && accept === 'application/problem+json' ? 406 : 404;
        expect(res.status, label).toBe(status);
        expect(await res.json(), label).toMatchObject({ status, instance: path });
      }
    }
  });

  it('shows a withdrawn record with its tombstone date, read from the problem\'s deletedAt.', async () => {
    const iri = 'https://orcid.org/0000-0002-7093-1172';
    const body = `<${iri}> a <https://w3id.org/imaging-phd/ns#Person> ; <https://schema.org/name> "Short Lived" ; <http://purl.org/dc/terms/identifier> "0000-0002-7093-1172" .`;
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', ...auth }, body })).status).toBe(201);
    expect((await fetch(`${app.url}/records/orcid:0000-0002-7093-1172`, { method: 'DELETE', headers: auth })).status).toBe(200);
    const problem = (await (await get('/records/orcid:0000-0002-7093-1172', 'application/json')).json()) as { deletedAt: string };
    const res = await get('/records/orcid:0000-0002-7093-1172', BROWSER);
    expect(res.status).toBe(410);
    const page = await res.text();
    expect(page).toContain('<h1>This record was withdrawn</h1>');
    expect(page).toContain(`Withdrawn on <time datetime="${problem.deletedAt}">`);
  });

  it('serves the site stylesheet as a cached asset, with its entity tag.', async () => {
    const res = await get(SITE_STYLESHEET.path, BROWSER);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toBe(SITE_STYLESHEET.etag);
    const css = await res.text();
    for (const selector of ['header.site', 'footer.site', 'figure.diagram', 'table.diff-fields', '.matched', '.example', '[aria-invalid=true]']) expect(css, selector).toContain(selector);
    const again = await fetch(`${app.url}${SITE_STYLESHEET.path}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});
