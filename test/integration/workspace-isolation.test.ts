import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { workspaceClient } from '../support/workspace-client.js';
import type { WorkspaceClient, WorkspaceResponse } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';
import { formFields, macredFile } from '../support/workspace-story.js';

// Facilities are kept apart across the whole workspace: a member of facility A, through any form of
// any part of the workspace, neither writes facility B's records nor sees or touches B's API tokens;
// an editor does none of a manager's acts; a signed-out or ended session writes nothing. Each refusal
// is shown to leave everything stored as it was: the records (with their ETags), their revisions, the
// API tokens, the teams and the one-time links. On the sample data: the IGC (A) operates Macred, the
// ECC (B) operates the SP8.

const IGC = 'https://identifiers.org/RRID:SCR_999001';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const TODAY = new Date().toISOString().slice(0, 10);

/** A laser as the new-version form takes it, every tier-1 field given. */
const LASER = {
  'laser-label': '561 nm DPSS laser', 'laser-type': 'DiodePumpedSolidState (DPSS)', 'laser-wavelength': '561', 'laser-power': '20',
  'laser-modulationMechanism': 'None', 'laser-tuneable': 'false', 'laser-pulse': 'false',
  'laser-manufacturer': 'Cobolt', 'laser-model': 'Jive 561', 'laser-catalogNumber': 'J-561-20',
};

/** One form of the workspace as a browser would send it. */
interface FormPost {
  readonly name: string;
  readonly path: string;
  readonly fields: Readonly<Record<string, string>>;
}

let app: TestApp;
let managerA: WorkspaceClient;
let editorA: WorkspaceClient;
let managerB: WorkspaceClient;
let managerBId: string;
/** B's own records: its facility, its instrument, the SP8's configuration and a model of B's team. */
let modelB: string;
let configurationB: string;
let configurationA: string;
let tokenB: { id: string; token: string };
let tokenA: { id: string; token: string };

/** Everything a refused form must leave as it was. */
async function stored(): Promise<string> {
  const db = app.store.database;
  const { people } = app.services;
  return JSON.stringify({
    stats: await app.store.stats(),
    records: db.prepare('SELECT iri, etag, version, deleted_at, team FROM records ORDER BY iri').all(),
    revisions: db.prepare('SELECT COUNT(*) AS n FROM revisions').get(),
    tokens: app.tokens.list(),
    teams: [IGC, ECC].map((f) => people.members(f).map((m) => [m.person, m.role])),
    people: people.list().length,
    links: db.prepare('SELECT COUNT(*) AS n FROM signin_links').get(),
  });
}

/** Posts the upload form (multipart), a real Micro-Meta App-like file being beside the point: the instrument is refused first. */
function upload(client: WorkspaceClient, instance: string): Promise<WorkspaceResponse> {
  const form = new FormData();
  if (client.csrf !== undefined) form.set('_csrf', client.csrf);
  form.set('instance', instance);
  form.set('format', 'micrometa');
  form.set('file', new Blob(['{"Name":"x","components":[]}'], { type: 'application/json' }), 'x.json');
  return client.send('/workspace/upload', { method: 'POST', headers: { accept: 'text/html' }, body: form });
}

const q = (path: string, iri: string) => `${path}?iri=${encodeURIComponent(iri)}`;

beforeAll(async () => {
  app = await startTestApp();
  managerA = signInAsMember(app, 'Ana of A', { facility: IGC, role: 'manager' }).client;
  editorA = signInAsMember(app, 'Eddie of A', { facility: IGC, role: 'editor' }).client;
  const b = signInAsMember(app, 'Bo of B', { facility: ECC, role: 'manager' });
  managerB = b.client;
  managerBId = b.person;
  // A model of B's team, edited once by B (so an earlier revision exists to restore).
  const maker = (await app.store.list('organization'))[0]?.iri ?? '';
  const made = await managerB.post('/workspace/register/model', { manufacturer: maker, name: 'B scope', carry_facility: ECC });
  expect(made.status).toBe(303);
  modelB = new URL(made.location ?? '', app.url).searchParams.get('model') ?? '';
  expect((await app.store.meta(modelB))?.team).toBe(ECC);
  const form = await managerB.get(q('/workspace/edit', modelB));
  expect(form.status).toBe(200);
  expect((await managerB.post(q('/workspace/edit', modelB), { manufacturer: maker, name: 'B scope 2' })).status).toBe(303);
  configurationB = (await app.store.links({ subject: SP8, predicate: `${PHD}hasConfiguration` }))[0]?.object ?? '';
  configurationA = (await app.store.links({ subject: MACRED, predicate: `${PHD}hasConfiguration` }))[0]?.object ?? '';
  expect(configurationB).not.toBe('');
  tokenB = app.tokens.create({ facility: ECC, label: 'B microscope PC', createdBy: 'admin' });
  tokenA = app.tokens.create({ facility: IGC, label: 'A microscope PC', createdBy: 'admin' });
});

afterAll(async () => {
  await app.close();
});

/**
 * The edit form of a record as the viewer is served it, every field as shown, the name changed.
 * @param client - the viewer.
 * @param iri - the record.
 * @returns the form post.
 */
async function editForm(client: WorkspaceClient, iri: string): Promise<FormPost> {
  const page = await client.get(q('/workspace/edit', iri));
  expect(page.status).toBe(200);
  return { name: `edit ${iri}`, path: q('/workspace/edit', iri), fields: { ...formFields(page.body, '/workspace/edit'), name: 'taken over' } };
}

/** Every form of the workspace aimed at facility B's records, team and tokens. */
async function formsAgainstB(client: WorkspaceClient): Promise<FormPost[]> {
  return [
    await editForm(client, SP8),
    await editForm(client, ECC),
    await editForm(client, modelB),
    { name: 'a new configuration version of B\'s instrument', path: q('/workspace/instrument/version', SP8), fields: { ...LASER, label: 'taken over', validFrom: TODAY, note: 'x' } },
    { name: 'the status of B\'s instrument', path: '/workspace/instrument/status', fields: { iri: SP8, status: 'active', since: TODAY } },
    { name: 'withdraw B\'s instrument', path: q('/workspace/withdraw', SP8), fields: { reason: 'taken over' } },
    { name: 'restore an earlier revision of B\'s model', path: '/workspace/restore', fields: { iri: modelB, version: '1' } },
    { name: 'mint a PID for B\'s configuration', path: '/workspace/mint', fields: { iri: configurationB } },
    { name: 'publish B\'s configuration', path: '/workspace/publish', fields: { iri: configurationB } },
    { name: 'invite into B\'s team', path: '/workspace/team/invite', fields: { facility: ECC, role: 'manager' } },
    { name: 'change a member of B\'s team', path: '/workspace/team/member', fields: { facility: ECC, person: managerBId, role: 'editor' } },
    { name: 'create an API token for B', path: '/workspace/team/tokens', fields: { facility: ECC, label: 'taken over' } },
    { name: 'revoke B\'s API token', path: '/workspace/team/tokens/revoke', fields: { facility: ECC, token: tokenB.id } },
    { name: 'revoke B\'s API token through A\'s own team', path: '/workspace/team/tokens/revoke', fields: { facility: IGC, token: tokenB.id } },
    { name: 'register an instrument for B', path: '/workspace/register/instance', fields: { model: modelB, facility: ECC, name: 'planted', serial: 'P-1' } },
  ];
}

describe('A manager of facility A', () => {
  it('is refused (403 or 404) by every workspace form aimed at facility B, and nothing stored changes.', async () => {
    const before = await stored();
    const answers: Record<string, number> = {};
    for (const form of await formsAgainstB(managerA)) answers[form.name] = (await managerA.post(form.path, form.fields)).status;
    expect(Object.entries(answers).filter(([, status]) => status !== 403 && status !== 404)).toEqual([]);
    expect(Object.keys(answers)).toHaveLength(15);
    expect(await stored()).toBe(before);
  });

  it('cannot upload for B\'s instrument: the form answers in words and no preview is kept.', async () => {
    const before = await stored();
    const response = await upload(managerA, SP8);
    expect(response.status).toBe(422);
    expect(response.body).toContain('That instrument is not one your teams may upload for');
    expect(response.location).toBeUndefined();
    expect(await stored()).toBe(before);
  });

  it('who was in B\'s team when previewing an upload, but was removed before confirming, stores nothing (403).', async () => {
    const leaving = signInAsMember(app, 'Lee Leaving', { facility: ECC, role: 'editor' });
    const form = new FormData();
    form.set('_csrf', leaving.client.csrf ?? '');
    form.set('instance', SP8);
    form.set('format', 'micrometa');
    form.set('validFrom', TODAY);
    form.set('file', new Blob([macredFile(false)], { type: 'application/json' }), 'sp8.json');
    const previewed = await leaving.client.send('/workspace/upload', { method: 'POST', headers: { accept: 'text/html' }, body: form });
    expect(previewed.status).toBe(303);
    const preview = await leaving.client.get(previewed.location ?? '');
    expect(preview.body).toContain('Confirm and store');
    const id = formFields(preview.body, '/workspace/upload/confirm').upload ?? '';
    expect((await managerB.post('/workspace/team/member', { facility: ECC, person: leaving.person, remove: '1' })).status).toBe(303);
    const before = await stored();
    const confirmed = await leaving.client.post('/workspace/upload/confirm', { upload: id });
    expect(confirmed.status).toBe(403);
    expect(await stored()).toBe(before);
  });

  it('does not see B\'s API tokens: B\'s team page is refused and names none of them.', async () => {
    const page = await managerA.get(`/workspace/team?facility=${encodeURIComponent(ECC)}`);
    expect([403, 404]).toContain(page.status);
    expect(page.body).not.toContain(tokenB.id);
    expect(page.body).not.toContain('B microscope PC');
    const own = await managerA.get(`/workspace/team?facility=${encodeURIComponent(IGC)}`);
    expect(own.status).toBe(200);
    expect(own.body).toContain('A microscope PC');
    expect(own.body).not.toContain(tokenB.id);
    expect(own.body).not.toContain('B microscope PC');
  });

  it('still writes A\'s own records through the same forms (the refusals above are about B, not about the forms).', async () => {
    const response = await managerA.post('/workspace/instrument/status', { iri: MACRED, status: 'active', since: TODAY });
    expect(response.status).toBe(303);
    const revoked = await managerA.post('/workspace/team/tokens/revoke', { facility: IGC, token: tokenA.id });
    expect(revoked.status).toBe(303);
    expect(app.tokens.check(tokenA.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(app.tokens.check(tokenB.token)).toMatchObject({ ok: true });
  });
});

describe('An editor of facility A', () => {
  it('is refused (403) every manager\'s act on A\'s own records and team — withdraw, mint, publish, tokens, invitations, roles — and nothing changes.', async () => {
    const own = app.tokens.create({ facility: IGC, label: 'A upload script', createdBy: 'admin' });
    const before = await stored();
    const forms: FormPost[] = [
      { name: 'withdraw', path: q('/workspace/withdraw', MACRED), fields: { reason: 'by an editor' } },
      { name: 'mint', path: '/workspace/mint', fields: { iri: configurationA } },
      { name: 'publish', path: '/workspace/publish', fields: { iri: configurationA } },
      { name: 'create a token', path: '/workspace/team/tokens', fields: { facility: IGC, label: 'by an editor' } },
      { name: 'revoke a token', path: '/workspace/team/tokens/revoke', fields: { facility: IGC, token: own.id } },
      { name: 'invite', path: '/workspace/team/invite', fields: { facility: IGC, role: 'manager' } },
    ];
    const answers: Record<string, number> = {};
    for (const form of forms) answers[form.name] = (await editorA.post(form.path, form.fields)).status;
    expect(answers).toEqual(Object.fromEntries(forms.map((f) => [f.name, 403])));
    expect(await stored()).toBe(before);
    expect(app.tokens.check(own.token)).toMatchObject({ ok: true });
    // The withdraw page itself is not offered to an editor either.
    expect((await editorA.get(q('/workspace/withdraw', MACRED))).status).toBe(403);
  });
});

describe('A session that is not live', () => {
  /** Every form, aimed at A's own records, by someone who would be allowed with a live session. */
  function formsOfA(): FormPost[] {
    return [
      { name: 'edit', path: q('/workspace/edit', MACRED), fields: { name: 'written without a session' } },
      { name: 'new version', path: q('/workspace/instrument/version', MACRED), fields: { ...LASER, label: 'x', validFrom: TODAY, note: 'x' } },
      { name: 'status', path: '/workspace/instrument/status', fields: { iri: MACRED, status: 'inactive', since: TODAY } },
      { name: 'withdraw', path: q('/workspace/withdraw', MACRED), fields: { reason: 'x' } },
      { name: 'restore', path: '/workspace/restore', fields: { iri: IGC, version: '1' } },
      { name: 'mint', path: '/workspace/mint', fields: { iri: configurationA } },
      { name: 'upload confirm', path: '/workspace/upload/confirm', fields: { upload: 'x' } },
      { name: 'invite', path: '/workspace/team/invite', fields: { facility: IGC, role: 'manager' } },
      { name: 'token', path: '/workspace/team/tokens', fields: { facility: IGC, label: 'x' } },
      { name: 'register', path: '/workspace/register/organization', fields: { name: 'Planted Org' } },
    ];
  }

  it('signed out: every form answers 401 with the old cookie and CSRF token, and writes nothing.', async () => {
    const member = signInAsMember(app, 'Sid Signedout', { facility: IGC, role: 'manager' }).client;
    const cookie = member.sessionToken ?? '';
    const csrf = member.csrf ?? '';
    expect((await member.post('/signout', {})).status).toBe(303);
    const before = await stored();
    const replay = workspaceClient(app);
    replay.cookies.set('phd_session', cookie);
    const answers: Record<string, number> = {};
    for (const form of formsOfA()) answers[form.name] = (await replay.post(form.path, { _csrf: csrf, ...form.fields })).status;
    expect(answers).toEqual(Object.fromEntries(formsOfA().map((f) => [f.name, 401])));
    expect(await stored()).toBe(before);
  });

  it('expired: every form answers 401, and writes nothing.', async () => {
    const person = app.services.people.create({ name: 'Exa Expired' });
    app.services.people.setMembership(IGC, person.id, 'manager', 'admin');
    const { token } = app.services.sessions.create({ kind: 'person', person: person.id }, { ttlMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const client = workspaceClient(app);
    client.cookies.set('phd_session', token);
    const before = await stored();
    const answers: Record<string, number> = {};
    for (const form of formsOfA()) answers[form.name] = (await client.post(form.path, { _csrf: 'stale', ...form.fields })).status;
    expect(answers).toEqual(Object.fromEntries(formsOfA().map((f) => [f.name, 401])));
    expect(await stored()).toBe(before);
  });

  it('a live session cookie does not authorize the JSON API, which keeps to its bearer tokens.', async () => {
    const before = await stored();
    const response = await managerA.send('/records', { method: 'POST', headers: { 'content-type': 'text/turtle', accept: 'application/json' }, body: '<https://example.org/o> a <https://schema.org/Organization> .' });
    expect(response.status).toBe(401);
    expect(await stored()).toBe(before);
  });
});
