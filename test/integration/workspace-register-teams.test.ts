import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/accounts/index.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin, workspaceClient } from '../support/workspace-client.js';
import type { WorkspaceClient } from '../support/workspace-client.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '', env: { PHD_OPEN_REGISTRATION: 'true' } });
});

afterAll(async () => {
  await app.close();
});

/** A browser signed in as a person (the session opened directly; the sign-in pages test the link flow). */
function signedInAs(person: Person): WorkspaceClient {
  const client = workspaceClient(app);
  const { token } = app.services.sessions.create({ kind: 'person', person: person.id }, { ttlMs: 3_600_000 });
  client.cookies.set('phd_session', token);
  return client;
}

function param(location: string | undefined, name: string): string {
  const value = new URL(location ?? '', app.url).searchParams.get(name);
  if (value === null) throw new Error(`no ${name} in ${location ?? '(no location)'}`);
  return value;
}

describe('Registering as a signed-in person', () => {
  let ana: Person;
  let ana2: WorkspaceClient;
  let facility: string;
  let model: string;

  it('lets a person in no team register an organization and a facility, and makes them its manager.', async () => {
    ana = app.services.people.create({ name: 'Ana Exemplo', orcid: '0000-0002-1694-233X' });
    ana2 = signedInAs(ana);
    const org = await ana2.post('/workspace/register/organization', { ror: '04b08hq31', name: 'Instituto Gulbenkian de Ciência' });
    expect(org.status).toBe(303);
    const host = param(org.location, 'organization');
    expect((await app.store.meta(host))?.createdBy).toBe(`person:${ana.id}`);

    const made = await ana2.post('/workspace/register/facility', { rrid: 'RRID:SCR_999001', name: 'IGC Advanced Imaging', host });
    expect(made.status).toBe(303);
    facility = param(made.location, 'facility');
    expect(facility).toBe('https://identifiers.org/RRID:SCR_999001');
    expect(app.services.people.memberships(ana.id)).toMatchObject([{ facility, person: ana.id, role: 'manager' }]);
    expect((await app.store.meta(facility))?.createdBy).toBe(`person:${ana.id}`);
  });

  it('lets the new manager register the model (for their team) and an instrument of their facility.', async () => {
    const maker = param((await ana2.post('/workspace/register/organization', { name: 'Carl Zeiss Microscopy GmbH' })).location, 'organization');
    const made = await ana2.post('/workspace/register/model', { manufacturer: maker, name: 'Axio Imager', carry_facility: facility });
    expect(made.status).toBe(303);
    model = param(made.location, 'model');
    const page = await ana2.get(made.location ?? '');
    expect(page.body).toContain(`<option value="${facility}" selected>IGC Advanced Imaging</option>`);
    const instance = await ana2.post('/workspace/register/instance', { model, facility, name: 'Limelight', serial: '3524001234' });
    expect(instance.status).toBe(303);
    expect((await app.store.meta(param(instance.location, 'instance')))?.facility).toBe(facility);
  });

  it('refuses an instrument for a facility whose team the person is not in, in words, storing nothing.', async () => {
    const someone = signedInAs(app.services.people.create({ name: 'Someone else' }));
    const other = await someone.post('/workspace/register/facility', { name: 'Other core', host: 'https://ror.org/04b08hq31' });
    const otherFacility = param(other.location, 'facility');
    const before = await app.store.stats();
    const refused = await ana2.post('/workspace/register/instance', { model, facility: otherFacility, name: 'Not mine', serial: 'X1' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain(`You are not in the team of ${otherFacility}, so you cannot write this instrument: ask one of its managers to invite you.`);
    expect(refused.body).toContain('value="Not mine"');
    expect(await app.store.stats()).toEqual(before);
  });

  it('refuses to let another team change a shared record through its edit form, and changes nothing.', async () => {
    const bea = app.services.people.create({ name: 'Bea' });
    const beaClient = signedInAs(bea);
    const theirs = await beaClient.post('/workspace/register/facility', { name: 'Bea core', host: 'https://ror.org/04b08hq31' });
    expect(theirs.status).toBe(303);
    const before = await app.store.get(model);
    const form = await beaClient.get(`/workspace/edit?iri=${encodeURIComponent(model)}`);
    const etag = (/name="_etag" value="([^"]*)"/.exec(form.body)?.[1] ?? '').replace(/&quot;/g, '"');
    const manufacturer = /<select id="f-manufacturer"[^>]*>.*?<option value="([^"]*)" selected>/.exec(form.body)?.[1] ?? '';
    expect(manufacturer).not.toBe('');
    const refused = await beaClient.post(`/workspace/edit?iri=${encodeURIComponent(model)}`, { _etag: etag, manufacturer, name: 'Renamed by Bea' });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('exactly one');
    expect((await app.store.get(model))?.etag).toBe(before?.etag);
  });

  it('asks a person in several teams which team a shared record is for.', async () => {
    const page = await ana2.get('/workspace/register/organization');
    expect(page.body).not.toContain('name="team"');
    const second = (await app.store.list('facility')).find((f) => f.iri !== facility)?.iri ?? '';
    app.services.people.setMembership(second, ana.id, 'editor', 'admin');
    const both = await ana2.get('/workspace/register/organization');
    expect(both.body).toContain('<label for="f-team">Acting for the team of</label>');
  });
});

describe('Registering with open registration off (the default)', () => {
  it('refuses a facility from a person in no team, in words, storing nothing.', async () => {
    const closed = await startTestApp({ seedDir: '' });
    try {
      const client = workspaceClient(closed);
      const person = closed.services.people.create({ name: 'Cleo' });
      const { token } = closed.services.sessions.create({ kind: 'person', person: person.id }, { ttlMs: 3_600_000 });
      client.cookies.set('phd_session', token);
      const org = await client.post('/workspace/register/organization', { ror: '04b08hq31', name: 'IGC' });
      expect(org.status).toBe(303);
      const before = await closed.store.stats();
      const refused = await client.post('/workspace/register/facility', { name: 'Core', host: 'https://ror.org/04b08hq31' });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('There is a problem');
      expect(await closed.store.stats()).toEqual(before);
      expect(closed.services.people.memberships(person.id)).toEqual([]);
    } finally {
      await closed.close();
    }
  });
});

describe('Registering a facility that something here already belongs to', () => {
  const host = 'https://ror.org/04b08hq31';

  /** Posts the facility form as a new person in no team; checks that nothing was stored and no one was made a member. */
  async function refusedFor(rrid: string, iri: string): Promise<string> {
    if ((await app.store.meta(host)) === undefined) {
      const admin = await signInAsAdmin(app);
      expect((await admin.post('/workspace/register/organization', { ror: '04b08hq31', name: 'IGC' })).status).toBe(303);
    }
    const person = app.services.people.create({ name: `Claimant of ${rrid}` });
    const before = await app.store.stats();
    const membersBefore = app.services.people.members(iri);
    const refused = await signedInAs(person).post('/workspace/register/facility', { rrid, name: 'Claimed core', host });
    expect(refused.status).toBe(422);
    expect(await app.store.stats()).toEqual(before);
    expect(app.services.people.memberships(person.id)).toEqual([]);
    expect(app.services.people.members(iri)).toEqual(membersBefore);
    return refused.body;
  }

  it('refuses a facility whose IRI already has API tokens, in words, so the tokens get no new manager.', async () => {
    const iri = 'https://identifiers.org/RRID:SCR_999101';
    app.tokens.create({ facility: iri, label: 'acquisition PC' });
    expect(await refusedFor('RRID:SCR_999101', iri)).toContain(`The facility ${iri} already has API tokens here, so it cannot be registered from the workspace: ask the administrator to register it and to invite its first manager.`);
  });

  it('refuses a facility whose IRI already has a team, in words.', async () => {
    const iri = 'https://identifiers.org/RRID:SCR_999102';
    const member = app.services.people.create({ name: 'Early member' });
    app.services.people.setMembership(iri, member.id, 'editor', 'admin');
    expect(await refusedFor('RRID:SCR_999102', iri)).toContain(`The facility ${iri} already has a team here`);
  });

  it('refuses a facility whose record was withdrawn, in words.', async () => {
    const iri = 'https://identifiers.org/RRID:SCR_999103';
    const admin = await signInAsAdmin(app);
    expect((await admin.post('/workspace/register/facility', { rrid: 'RRID:SCR_999103', name: 'Old core', host })).status).toBe(303);
    await app.store.delete(iri, 'admin');
    expect(await refusedFor('RRID:SCR_999103', iri)).toContain(`The facility ${iri} was registered here and withdrawn`);
  });

  it('refuses a manager renaming their facility to an RRID that already has API tokens, and changes nothing.', async () => {
    const person = app.services.people.create({ name: 'Renamer' });
    const client = signedInAs(person);
    const made = await client.post('/workspace/register/facility', { rrid: '', name: 'Unnamed core', host });
    expect(made.status).toBe(303);
    const mine = param(made.location, 'facility');
    const target = 'https://identifiers.org/RRID:SCR_999106';
    app.tokens.create({ facility: target, label: 'someone else\'s PC' });
    const edit = `/workspace/edit?iri=${encodeURIComponent(mine)}`;
    const form = await client.get(edit);
    const etag = (/name="_etag" value="([^"]*)"/.exec(form.body)?.[1] ?? '').replace(/&quot;/g, '"');
    const before = await app.store.get(mine);
    const refused = await client.post(edit, { _etag: etag, rrid: 'RRID:SCR_999106', name: 'Unnamed core', host });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain(`The facility ${target} already has API tokens here`);
    expect((await app.store.get(mine))?.etag).toBe(before?.etag);
    expect(await app.store.meta(target)).toBeUndefined();
    expect(app.services.people.members(target)).toEqual([]);
  });

  it('lets an editor of another facility register a new facility, which they then manage.', async () => {
    const editor = app.services.people.create({ name: 'Editor elsewhere' });
    const elsewhere = (await app.store.list('facility')).find((f) => f.deletedAt === undefined)?.iri ?? '';
    app.services.people.setMembership(elsewhere, editor.id, 'editor', 'admin');
    const made = await signedInAs(editor).post('/workspace/register/facility', { rrid: 'RRID:SCR_999104', name: 'Second core', host });
    expect(made.status).toBe(303);
    const iri = 'https://identifiers.org/RRID:SCR_999104';
    expect((await app.store.meta(iri))?.createdBy).toBe(`person:${editor.id}`);
    expect(app.services.people.memberships(editor.id)).toEqual(expect.arrayContaining([
      expect.objectContaining({ facility: elsewhere, role: 'editor' }),
      expect.objectContaining({ facility: iri, role: 'manager' }),
    ]));
  });
});
