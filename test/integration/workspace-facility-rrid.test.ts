import N3 from 'n3';
import type { Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin } from '../support/workspace-client.js';
import { etagIn, locationParam, objects } from '../support/workspace-forms.js';
import type { WorkspaceClient } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';

// Issue 19, item 3: a facility registered without an RRID is given it later in its edit form, and is
// renamed to it — its team, tokens and records follow, and its former address redirects.

const PHD = 'https://w3id.org/imaging-phd/ns#';
const SCHEMA = 'https://schema.org/';
const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';
const RRID = 'https://identifiers.org/RRID:SCR_990042';

let app: TestApp;
let admin: WorkspaceClient;
let manager: WorkspaceClient;
let editor: WorkspaceClient;
let managerId: string;
let host: string;
let facility: string;
let instance: string;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
  admin = await signInAsAdmin(app);
});

afterAll(async () => {
  await app.close();
});

async function turtle(path: string): Promise<{ status: number; quads: Quad[]; location: string | null }> {
  const response = await fetch(new URL(path, app.url), { headers: { accept: 'text/turtle' }, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), quads: response.status === 200 ? new N3.Parser({ format: 'Turtle', baseIRI: app.baseUrl }).parse(text) : [] };
}

/** The query parameter of a redirect's location. */
function param(location: string | undefined, name: string): string {
  return locationParam(app.url, location, name);
}

const editPath = (iri: string) => `/workspace/edit?iri=${encodeURIComponent(iri)}`;

describe('A facility given its RRID later in the workspace', () => {
  it('starts as a facility named here, with an instrument, a token and a team.', async () => {
    const org = await admin.post('/workspace/register/organization', { ror: 'https://ror.org/02jx3x895', name: 'University College London', website: '' });
    host = param(org.location, 'organization');
    const made = await admin.post('/workspace/register/facility', { rrid: '', name: 'Light Microscopy Core', host, website: '', contact: '' });
    expect(made.status).toBe(303);
    facility = param(made.location, 'facility');
    expect(facility).toMatch(new RegExp(`^${app.baseUrl}/id/facility/`));
    const model = param((await admin.post('/workspace/register/model', { manufacturer: host, name: 'Stellaris 8', rrid: '', stand: 'inverted', techniques: '', carry_facility: facility })).location, 'model');
    const madeInstance = await admin.post('/workspace/register/instance', { model, facility, name: 'Stellaris (room 2.14)', serial: 'ST8-0042', pid: '', status: `${PHD}ActiveStatus`, statusSince: '2024-05-01', decommissioned: '' });
    instance = param(madeInstance.location, 'instance');
    token = app.services.tokens.create({ facility, label: 'acquisition script', createdBy: 'admin' }).token;
    ({ client: manager, person: managerId } = signInAsMember(app, 'Ada Manager', { facility, role: 'manager' }));
    ({ client: editor } = signInAsMember(app, 'Eve Editor', { facility, role: 'editor' }));
    expect((await turtle(`/pid/${encodeURIComponent(RRID)}`)).status).toBe(404);
  });

  it('refuses the RRID from an editor of the team, in words, and changes nothing.', async () => {
    const form = await editor.get(editPath(facility));
    const before = await app.store.stats();
    const refused = await editor.post(editPath(facility), { _etag: etagIn(form.body), rrid: 'RRID:SCR_990042', name: 'Light Microscopy Core', host, website: '', contact: '' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('needs the manager role in its team');
    expect(await app.store.stats()).toEqual(before);
    expect(await app.store.meta(RRID)).toBeUndefined();
    expect((await app.store.meta(facility))?.deletedAt).toBeUndefined();
  });

  it('refuses an RRID that does not name a facility or tool (not SCR_), in words, and changes nothing.', async () => {
    const form = await manager.get(editPath(facility));
    const before = await app.store.get(facility);
    const refused = await manager.post(editPath(facility), { _etag: etagIn(form.body), rrid: 'RRID:AB_2298772', name: 'Light Microscopy Core', host, website: '', contact: '' });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('is not the RRID of a facility');
    expect((await app.store.get(facility))?.etag).toBe(before?.etag);
  });

  it('renames the facility to its RRID when a manager gives it, saving the other fields on the new name.', async () => {
    const form = await manager.get(editPath(facility));
    const saved = await manager.post(editPath(facility), { _etag: etagIn(form.body), rrid: 'RRID:SCR_990042', name: 'Light Microscopy Core (UCL)', host, website: '', contact: '' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/workspace/edit?iri=${encodeURIComponent(RRID)}&saved=1&renamed=1`);
    const page = await manager.get(saved.location ?? '');
    expect(page.status).toBe(200);
    expect(page.body).toContain('The facility is now named RRID:SCR_990042; its former address redirects.');
    expect(page.body).toContain('value="RRID:SCR_990042"');
  });

  it('answers the facility on /pid/RRID:SCR_…, named by the RRID IRI.', async () => {
    const served = await turtle('/pid/RRID:SCR_990042');
    expect(served.status).toBe(200);
    expect(objects(served.quads, RRID, `${SCHEMA}name`)).toEqual(['Light Microscopy Core (UCL)']);
    expect(objects(served.quads, RRID, `${PHD}hostedBy`)).toEqual([host]);
    expect(objects(served.quads, RRID, OWL_SAME_AS)).toEqual([facility]);
    expect(served.quads.filter((q) => q.subject.value === facility)).toEqual([]);
  });

  it('redirects the former address (301) to the RRID.', async () => {
    for (const path of [facility.slice(app.baseUrl.length), `/pid/${encodeURIComponent(facility)}`]) {
      const old = await turtle(path);
      expect(old.status, path).toBe(301);
      expect(old.location, path).toBe('/pid/RRID:SCR_990042');
    }
  });

  it('finds the instrument by SPARQL through either name of the facility.', async () => {
    for (const name of [facility, RRID]) {
      const res = await fetch(new URL('/sparql', app.url), { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: `SELECT ?i WHERE { <${name}> <${PHD}operates> ?i }` });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { results: { bindings: { i: { value: string } }[] } }).results.bindings.map((b) => b.i.value)).toEqual([instance]);
    }
  });

  it('relinks the instrument to the RRID with a visible revision.', async () => {
    const served = await turtle(`/pid/${encodeURIComponent(instance)}`);
    expect(objects(served.quads, RRID, `${PHD}operates`)).toEqual([instance]);
    expect(objects(served.quads, facility, `${PHD}operates`)).toEqual([]);
    expect((await app.store.meta(instance))?.facility).toBe(RRID);
    const history = await app.store.history(instance);
    expect(history.at(-1)).toMatchObject({ action: 'update', actor: `person:${managerId}` });
  });

  it('lets the facility\'s token go on writing the instrument.', async () => {
    const current = await app.store.get(instance);
    const body = (current?.ntriples ?? '').replace('"Stellaris (room 2.14)"', '"Stellaris (room 2.16)"');
    const put = await fetch(new URL(`/records/${encodeURIComponent(instance)}`, app.url), {
      method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/n-triples', 'if-match': current?.etag ?? '' }, body,
    });
    expect(put.status).toBe(200);
    expect((await app.store.get(instance))?.ntriples).toContain('"Stellaris (room 2.16)"');
  });

  it('keeps the manager managing the team, now under the RRID.', async () => {
    const team = await manager.get(`/workspace/team?facility=${encodeURIComponent(RRID)}`);
    expect(team.status).toBe(200);
    expect(team.body).toContain('Ada Manager');
    expect(team.body).toContain('acquisition script');
    expect(app.services.people.memberships(managerId)).toMatchObject([{ facility: RRID, role: 'manager' }]);
    const form = await manager.get(editPath(RRID));
    const saved = await manager.post(editPath(RRID), { _etag: etagIn(form.body), rrid: 'RRID:SCR_990042', name: 'Light Microscopy Core', host, website: '', contact: '' });
    expect(saved.status).toBe(303);
  });

  it('sends the edit form of the former name to the RRID\'s.', async () => {
    const old = await manager.get(editPath(facility));
    expect(old.status).toBe(303);
    expect(old.location).toBe(editPath(RRID));
  });
});
