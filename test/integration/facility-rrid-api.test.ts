import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// Issue 19, item 3, for scripts: POST /records/{id}/rrid gives a facility named here its RRID.

const RRID = 'https://identifiers.org/RRID:SCR_990077';
const HOST = 'https://ror.org/02jx3x895';

let app: TestApp;
let facility: string;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/turtle' };
  const prefixes = '@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .';
  const org = await fetch(`${app.url}/records`, { method: 'POST', headers: admin, body: `${prefixes} <${HOST}> a phd:Organization ; schema:name "University College London" ; dcterms:identifier "02jx3x895" .` });
  expect(org.status).toBe(201);
  const made = await fetch(`${app.url}/records`, { method: 'POST', headers: admin, body: `${prefixes} <> a phd:Facility ; schema:name "Light Microscopy Core" ; phd:hostedBy <${HOST}> .` });
  expect(made.status).toBe(201);
  facility = ((await made.json()) as { iri: string }).iri;
  token = app.tokens.create({ facility }).token;
});

afterAll(async () => {
  await app.close();
});

function rename(id: string, body: string, auth = `Bearer ${token}`): Promise<Response> {
  return fetch(`${app.url}/records/${encodeURIComponent(id)}/rrid`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });
}

describe('POST /records/{id}/rrid', () => {
  it('refuses a request without a token (401), a body that is not JSON (400), no RRID (400) and an RRID of another kind (4xx), renaming nothing.', async () => {
    expect((await rename(facility, '{"rrid":"RRID:SCR_990077"}', '')).status).toBe(401);
    const wrong = await rename(facility, '{"rrid":"RRID:AB_123456"}');
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    expect(wrong.headers.get('content-type')).toMatch(/problem\+json/);
    const notJson = await rename(facility, 'rrid=RRID:SCR_990077');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toMatch(/problem\+json/);
    const missing = await rename(facility, '{}');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { field?: string }).field).toBe('rrid');
    expect((await fetch(`${app.url}/pid/${encodeURIComponent(facility)}`, { headers: { accept: 'text/turtle' } })).status).toBe(200);
  });

  it('renames the facility with its token, a bare SCR_ accepted: the RRID resolves, the old name redirects, the token writes on.', async () => {
    const renamed = await rename(facility, '{"rrid":"SCR_990077"}');
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toEqual({ iri: RRID, formerly: facility });
    const resolved = await fetch(`${app.url}/pid/RRID:SCR_990077`, { headers: { accept: 'text/turtle' } });
    expect(resolved.status).toBe(200);
    expect(await resolved.text()).toContain('Light Microscopy Core');
    const old = await fetch(`${app.url}/pid/${encodeURIComponent(facility)}`, { redirect: 'manual' });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/pid/RRID:SCR_990077');
    const current = await fetch(`${app.url}/records/${encodeURIComponent(RRID)}`, { headers: { accept: 'text/turtle' } });
    const etag = current.headers.get('etag') ?? '';
    const body = (await current.text()).replace('Light Microscopy Core', 'Light Microscopy Core Facility');
    const put = await fetch(`${app.url}/records/${encodeURIComponent(RRID)}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle', 'if-match': etag }, body });
    expect(put.status, await put.text()).toBe(200);
  });

  it('answers 409 for a facility renamed already.', async () => {
    expect((await rename(facility, '{"rrid":"RRID:SCR_990078"}')).status).toBe(409);
  });
});
