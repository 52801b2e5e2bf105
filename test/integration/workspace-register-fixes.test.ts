import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin, WorkspaceClient } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';

let app: TestApp;
let admin: WorkspaceClient;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
  admin = await signInAsAdmin(app);
});

afterAll(async () => {
  await app.close();
});

function param(location: string | undefined, name: string): string {
  const value = new URL(location ?? '', app.url).searchParams.get(name);
  if (value === null) throw new Error(`no ${name} in ${location ?? '(no location)'}`);
  return value;
}

describe('The administrator registering shared records for a team', () => {
  let facility: string;
  let maker: string;

  it('offers every registered facility as the team, preselected from the flow, and an editor of that facility then edits the model.', async () => {
    const host = param((await admin.post('/workspace/register/organization', { name: 'Host University' })).location, 'organization');
    facility = param((await admin.post('/workspace/register/facility', { name: 'Team Core', host })).location, 'facility');
    maker = param((await admin.post('/workspace/register/organization', { name: 'Lens Maker AG' })).location, 'organization');

    const step = await admin.get(`/workspace/register/model?facility=${encodeURIComponent(facility)}`);
    expect(step.body).toContain('Acting for the team of');
    expect(step.body).toContain(`<option value="${facility}" selected>Team Core</option>`);

    const made = await admin.post('/workspace/register/model', { manufacturer: maker, name: 'Scope One', carry_facility: facility, team: facility });
    expect(made.status).toBe(303);
    const model = param(made.location, 'model');
    expect((await app.store.meta(model))?.team).toBe(facility);

    const editor = signInAsMember(app, 'Eda Editor', { facility, role: 'editor' }).client;
    expect((await editor.get(`/workspace/edit?iri=${encodeURIComponent(model)}`)).status).toBe(200);
    const etag = (await app.store.get(model))?.etag ?? '';
    const edited = await editor.post(`/workspace/edit?iri=${encodeURIComponent(model)}`, { manufacturer: maker, name: 'Scope One Plus', _etag: etag });
    expect(edited.status).toBe(303);
    expect((await app.store.get(model))?.ntriples).toContain('Scope One Plus');
  });

  it('lets the admin token give a record to a team with POST /records?team=, and refuses an unregistered team, storing nothing.', async () => {
    const body = `@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> . <> a phd:Organization ; schema:name "Team Org" .`;
    const made = await fetch(`${app.url}/records?team=${encodeURIComponent(facility)}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/turtle' }, body });
    expect(made.status).toBe(201);
    const { iri } = (await made.json()) as { iri: string };
    expect((await app.store.meta(iri))?.team).toBe(facility);

    const before = await app.store.stats();
    const refused = await fetch(`${app.url}/records?team=${encodeURIComponent('https://example.org/no-such-facility')}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/turtle' }, body });
    expect(refused.status).toBe(422);
    expect(await app.store.stats()).toEqual(before);
  });

  it('refuses a facility token that names another team than its own, storing nothing.', async () => {
    const other = param((await admin.post('/workspace/register/facility', { name: 'Other Core', host: maker })).location, 'facility');
    const { token } = app.tokens.create({ facility: other });
    const before = await app.store.stats();
    const body = `@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> . <> a phd:Organization ; schema:name "Not Theirs" .`;
    const refused = await fetch(`${app.url}/records?team=${encodeURIComponent(facility)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body });
    expect(refused.status).toBe(403);
    expect(await app.store.stats()).toEqual(before);
  });
});

describe('Registering the same thing twice', () => {
  it('creates one organization from three simultaneous submits of the form, and refuses the others in words.', async () => {
    const before = (await app.store.list('organization')).length;
    const sent = await Promise.all([1, 2, 3].map(() => admin.post('/workspace/register/organization', { name: 'Race Condition Lenses' })));
    expect(sent.map((r) => r.status).sort()).toEqual([303, 422, 422]);
    expect((await app.store.list('organization')).length).toBe(before + 1);
    const refused = sent.find((r) => r.status === 422);
    expect(refused?.body).toContain('An organization named “Race Condition Lenses” is registered already — use it, or tick “Register another with the same name”.');
    expect(refused?.body).toContain('name="allowDuplicateName"');
  });

  it('refuses a facility whose name differs only in case and spaces, and registers it when the box is ticked.', async () => {
    const host = param((await admin.post('/workspace/register/organization', { name: 'Twin Host' })).location, 'organization');
    expect((await admin.post('/workspace/register/facility', { name: 'Twin Core', host })).status).toBe(303);
    const before = await app.store.stats();
    const again = await admin.post('/workspace/register/facility', { name: '  twin core ', host });
    expect(again.status).toBe(422);
    expect(again.body).toContain('A facility named “twin core” is registered already');
    expect(await app.store.stats()).toEqual(before);
    const meant = await admin.post('/workspace/register/facility', { name: 'Twin Core', host, allowDuplicateName: 'on' });
    expect(meant.status).toBe(303);
  });
});

describe('The guided flow carrying the facility', () => {
  it('preselects the facility at the instrument step after a model is registered from the model step\'s own form.', async () => {
    const host = param((await admin.post('/workspace/register/organization', { name: 'Carry Host' })).location, 'organization');
    const facility = param((await admin.post('/workspace/register/facility', { name: 'Carry Core', host })).location, 'facility');
    const page = await admin.get(`/workspace/register/model?facility=${encodeURIComponent(facility)}`);
    const hidden = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replaceAll('&amp;', '&').replaceAll('&#x2F;', '/').replaceAll('&#47;', '/')]));
    expect(hidden.carry_facility).toBe(facility);
    const made = await admin.post('/workspace/register/model', { ...hidden, manufacturer: host, name: 'Carried Scope', team: facility });
    expect(made.status).toBe(303);
    expect(param(made.location, 'facility')).toBe(facility);
    const next = await admin.get(made.location ?? '');
    expect(next.body).toContain(`<option value="${facility}" selected>Carry Core</option>`);
  });
});

describe('Limits on what a form takes', () => {
  it('refuses a 20,000-character organization name in words, storing nothing, and the inputs say their maximum.', async () => {
    const before = await app.store.stats();
    const refused = await admin.post('/workspace/register/organization', { name: 'x'.repeat(20_000) });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('Name: at most 300 characters, please (this is 20000).');
    expect(await app.store.stats()).toEqual(before);
    const page = await admin.get('/workspace/new?kind=person');
    expect(page.body).toMatch(/<input type="text" id="f-name" name="name" value=""[^>]* maxlength="300"/);
  });
});

describe('The dashboard of the administrator', () => {
  it('does not say the admin token was used when the administrator signed in with a one-time link.', async () => {
    const { token } = app.services.sessions.create({ kind: 'admin' }, { ttlMs: 3_600_000 });
    const linked = new WorkspaceClient(app);
    linked.cookies.set('phd_session', token);
    const page = await linked.get('/workspace');
    expect(page.body).toContain('You are signed in as the <strong>administrator</strong>: you may write every record');
    expect(page.body).not.toContain('with the admin token');
  });
});

describe("A facility's RRID", () => {
  it('takes an RRID written without its prefix, and says in words about RRIDs alone what is wrong with anything else.', async () => {
    const host = param((await admin.post('/workspace/register/organization', { name: 'RRID Host' })).location, 'organization');
    const bare = await admin.post('/workspace/register/facility', { rrid: 'SCR_017000', name: 'Bare RRID Core', host });
    expect(bare.status).toBe(303);
    expect(param(bare.location, 'facility')).toBe('https://identifiers.org/RRID:SCR_017000');
    const before = await app.store.stats();
    const wrong = await admin.post('/workspace/register/facility', { rrid: '10.5281/zenodo.1', name: 'Wrong RRID Core', host });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('<span class="field-error" id="f-rrid-error">“10.5281/zenodo.1” is not an RRID: write the facility&#39;s RRID, e.g. RRID:SCR_017000.</span>');
    expect(await app.store.stats()).toEqual(before);
  });
});
