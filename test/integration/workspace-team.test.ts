import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/accounts/account-types.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin, workspaceClient } from '../support/workspace-client.js';
import type { WorkspaceClient } from '../support/workspace-client.js';

// The dashboard, people and team pages through the real app: what each page shows, what each form
// does, and that every refused form changes nothing stored.

const FACILITY_A = 'https://identifiers.org/RRID:SCR_999001';
const FACILITY_B = 'https://identifiers.org/RRID:SCR_999002';
const team = (facility: string) => `/workspace/team?facility=${encodeURIComponent(facility)}`;

let app: TestApp;
let admin: WorkspaceClient;
let managerA: Person;
let editorA: Person;
let managerB: Person;

/**
 * A browser signed in as a person: a session opened in the session store, its cookie in the jar
 * (the one-time link flow that opens it is the sign-in pages' to test).
 */
function signedInAs(person: Person): WorkspaceClient {
  const client = workspaceClient(app);
  const { token } = app.services.sessions.create({ kind: 'person', person: person.id }, { ttlMs: 3_600_000 });
  client.cookies.set('phd_session', token);
  return client;
}

function linkCount(): number {
  return (app.store.database.prepare('SELECT COUNT(*) AS n FROM signin_links').get() as { n: number }).n;
}

/** What a refusal must leave as it was: people, memberships, tokens, links. */
function snapshot(): string {
  const { people } = app.services;
  return JSON.stringify({
    people: people.list(),
    members: [FACILITY_A, FACILITY_B].map((f) => people.members(f).map((m) => [m.person, m.role])),
    tokens: app.tokens.list(),
    links: linkCount(),
  });
}

beforeAll(async () => {
  app = await startTestApp();
  const { people } = app.services;
  managerA = people.create({ name: 'Mara Manager', orcid: 'https://orcid.org/0000-0002-1825-0097' });
  editorA = people.create({ name: 'Ed <b>Editor</b>' });
  managerB = people.create({ name: 'Bo of B' });
  people.setMembership(FACILITY_A, managerA.id, 'manager', 'admin');
  people.setMembership(FACILITY_A, editorA.id, 'editor', 'admin');
  people.setMembership(FACILITY_B, managerB.id, 'manager', 'admin');
  admin = await signInAsAdmin(app);
});
afterAll(async () => {
  await app.close();
});

describe('The workspace dashboard', () => {
  it('sends a visitor who is not signed in to the sign-in page.', async () => {
    const page = await workspaceClient(app).get('/workspace');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/signin/);
  });

  it('shows a person their teams with their role, links to each team page, the registration and the upload, and no administration.', async () => {
    const page = await signedInAs(editorA).get('/workspace');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ed &lt;b&gt;Editor&lt;/b&gt;');
    expect(page.body).toContain(`href="/workspace/team?facility=${encodeURIComponent(FACILITY_A)}"`);
    expect(page.body).toMatch(/<\/a> — editor/);
    expect(page.body).toContain('href="/workspace/register/organization"');
    expect(page.body).toContain('href="/workspace/upload"');
    expect(page.body).not.toContain('href="/workspace/people"');
    expect(page.body).not.toContain(encodeURIComponent(FACILITY_B));
  });

  it('shows the administrator every facility registered here and the people page.', async () => {
    const page = await admin.get('/workspace');
    expect(page.status).toBe(200);
    for (const facility of [FACILITY_A, FACILITY_B, 'https://identifiers.org/RRID:SCR_999003']) expect(page.body).toContain(encodeURIComponent(facility));
    expect(page.body).toContain('href="/workspace/people"');
  });
});

describe('The people page', () => {
  it('is the administrator\'s: a person gets 403 on every form and nothing changes.', async () => {
    const manager = signedInAs(managerA);
    const before = snapshot();
    expect((await manager.get('/workspace/people')).status).toBe(403);
    expect((await manager.post('/workspace/people', { name: 'Intruder' })).status).toBe(403);
    expect((await manager.post('/workspace/people/link', { person: editorA.id })).status).toBe(403);
    expect((await manager.post('/workspace/people/disable', { person: managerB.id })).status).toBe(403);
    expect(snapshot()).toBe(before);
  });

  it('lists people with their ORCID iD and teams, escaping what they are called.', async () => {
    const page = await admin.get('/workspace/people');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mara Manager');
    expect(page.body).toContain('0000-0002-1825-0097');
    expect(page.body).toContain('Ed &lt;b&gt;Editor&lt;/b&gt;');
    expect(page.body).not.toContain('<b>Editor</b>');
    expect(page.body).toMatch(/\(manager\)/);
  });

  it('refuses an ORCID iD whose check digit fails and a facility not registered (422, values kept), adding nobody.', async () => {
    const before = snapshot();
    const page = await admin.post('/workspace/people', { name: 'Nia New', orcid: '0000-0002-1825-0098', facility: 'https://identifiers.org/RRID:SCR_000000', role: 'editor' });
    expect(page.status).toBe(422);
    expect(page.body).toContain('is not an ORCID iD');
    expect(page.body).toContain('is not a facility registered here — register it first');
    expect(page.body).toContain('value="Nia New"');
    expect(snapshot()).toBe(before);
    const twice = await admin.post('/workspace/people', { name: 'Mara again', orcid: 'https://orcid.org/0000-0002-1825-0097' });
    expect(twice.status).toBe(422);
    expect(twice.body).toContain('already known here, as Mara Manager');
    expect(snapshot()).toBe(before);
  });

  it('shows hostile text in the form escaped when it is refused, and in a page that names the facility asked for.', async () => {
    const before = snapshot();
    const page = await admin.post('/workspace/people', { name: '<img src=x onerror=alert(1)>', orcid: '"><script>alert(2)</script>' });
    expect(page.status).toBe(422);
    expect(page.body).not.toContain('<script>alert(2)</script>');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(snapshot()).toBe(before);
    const refused = await signedInAs(editorA).get(team('"><script>alert(3)</script>'));
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('<script>alert(3)</script>');
  });

  it('adds a person into a team with a role, and hands out a one-time sign-in link shown once as a full URL.', async () => {
    const added = await admin.post('/workspace/people', { name: 'Nia New', orcid: 'orcid:0000-0001-5109-3700', facility: FACILITY_B, role: 'editor' });
    expect(added.status).toBe(303);
    const nia = app.services.people.byOrcid('https://orcid.org/0000-0001-5109-3700');
    expect(nia?.name).toBe('Nia New');
    expect(app.services.people.memberships(nia?.id ?? '')).toEqual([expect.objectContaining({ facility: FACILITY_B, role: 'editor', addedBy: 'admin' })]);
    const made = await admin.post('/workspace/people/link', { person: nia?.id ?? '' });
    expect(made.status).toBe(303);
    const page = await admin.get(made.location ?? '');
    expect(page.status).toBe(200);
    const url = /http:\/\/phd\.test\/signin\/link\/([^<\s"]+)/.exec(page.body);
    expect(url).not.toBeNull();
    expect(page.body).toContain('it works once');
    const redeemed = app.services.sessions.redeemLink(url?.[1] ?? '');
    expect(redeemed).toEqual({ ok: true, grant: expect.objectContaining({ person: nia?.id, createdBy: 'admin' }) as unknown });
    // Not shown again.
    expect((await admin.get('/workspace/people')).body).not.toContain(url?.[1] ?? 'never');
    const again = await admin.get(made.location ?? '');
    expect(again.body).not.toContain(url?.[1] ?? 'never');
    expect(again.body).toContain('This sign-in link was shown already');
  });

  it('disables a person, ending every session of theirs.', async () => {
    const gone = app.services.people.create({ name: 'Gone Soon' });
    const client = signedInAs(gone);
    expect((await client.get('/workspace')).status).toBe(200);
    expect((await admin.post('/workspace/people/disable', { person: gone.id })).status).toBe(303);
    expect(app.services.people.get(gone.id)?.disabledAt).toBeDefined();
    expect(app.services.sessions.list({ kind: 'person', person: gone.id })).toEqual([]);
    expect((await client.get('/workspace')).status).toBe(303);
  });
});

describe('A team page', () => {
  it('shows a member the team\'s members with their roles, and an editor neither the forms nor the tokens.', async () => {
    app.tokens.create({ facility: FACILITY_A, label: 'A scripts', createdBy: 'admin' });
    const page = await signedInAs(editorA).get(team(FACILITY_A));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mara Manager');
    expect(page.body).toContain('Ed &lt;b&gt;Editor&lt;/b&gt;');
    expect(page.body).not.toContain('A scripts');
    expect(page.body).not.toContain('/workspace/team/tokens');
    expect(page.body).not.toContain('/workspace/team/invite');
  });

  it('refuses an editor every manager\'s form of their own team (403), changing nothing.', async () => {
    const editor = signedInAs(editorA);
    const before = snapshot();
    expect((await editor.post('/workspace/team/tokens', { facility: FACILITY_A, label: 'mine' })).status).toBe(403);
    expect((await editor.post('/workspace/team/invite', { facility: FACILITY_A, role: 'manager' })).status).toBe(403);
    expect((await editor.post('/workspace/team/member', { facility: FACILITY_A, person: editorA.id, role: 'manager' })).status).toBe(403);
    const token = app.tokens.listFor(FACILITY_A)[0]?.id ?? '';
    expect((await editor.post('/workspace/team/tokens/revoke', { facility: FACILITY_A, token })).status).toBe(403);
    expect(snapshot()).toBe(before);
  });

  it('refuses a manager of facility A the team page of B and every form naming B (403), changing nothing of B.', async () => {
    const bToken = app.tokens.create({ facility: FACILITY_B, label: 'B secret script', createdBy: 'admin' });
    const manager = signedInAs(managerA);
    const before = snapshot();
    const page = await manager.get(team(FACILITY_B));
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('B secret script');
    expect(page.body).not.toContain('Bo of B');
    expect((await manager.post('/workspace/team/tokens', { facility: FACILITY_B, label: 'into B' })).status).toBe(403);
    expect((await manager.post('/workspace/team/invite', { facility: FACILITY_B, role: 'manager' })).status).toBe(403);
    expect((await manager.post('/workspace/team/member', { facility: FACILITY_B, person: managerB.id, remove: '1' })).status).toBe(403);
    expect((await manager.post('/workspace/team/tokens/revoke', { facility: FACILITY_B, token: bToken.id })).status).toBe(403);
    // B's token named through A's own team: A's managers revoke only A's tokens.
    expect((await manager.post('/workspace/team/tokens/revoke', { facility: FACILITY_A, token: bToken.id })).status).toBe(404);
    expect(snapshot()).toBe(before);
    expect(app.tokens.check(bToken.token).ok).toBe(true);
  });

  it('refuses a form without the session\'s CSRF token (403), creating no token.', async () => {
    const before = snapshot();
    expect((await signedInAs(managerA).post('/workspace/team/tokens', { facility: FACILITY_A, label: 'forged', _csrf: 'not-the-token' })).status).toBe(403);
    expect(snapshot()).toBe(before);
  });

  it('lets a manager create an API token shown once, listed with who created it, that works for the facility, and revoke it.', async () => {
    const manager = signedInAs(managerA);
    const bad = await manager.post('/workspace/team/tokens', { facility: FACILITY_A, label: '', expires: '2001-01-01' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('Give the token a label');
    expect(bad.body).toContain('is not in the future');
    const posted = await manager.post('/workspace/team/tokens', { facility: FACILITY_A, label: '<script>alert(1)</script>', expires: '2999-12-31' });
    expect(posted.status).toBe(303);
    const created = await manager.get(posted.location ?? '');
    expect(created.status).toBe(200);
    const secret = /<code class="secret">(phd_[a-z0-9]{12}_[A-Za-z0-9_-]{43})<\/code>/.exec(created.body)?.[1] ?? '';
    expect(app.tokens.check(secret)).toMatchObject({ ok: true, principal: { facility: FACILITY_A } });
    expect(created.body).not.toContain('<script>alert(1)</script>');
    const info = app.tokens.listFor(FACILITY_A).find((t) => t.label === '<script>alert(1)</script>');
    expect(info).toMatchObject({ createdBy: `person:${managerA.id}`, expiresAt: '2999-12-31T00:00:00.000Z' });
    const listed = await manager.get(team(FACILITY_A));
    expect(listed.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(listed.body).toContain('<td>Mara Manager</td>');
    expect(listed.body).not.toContain(secret);
    const revoked = await manager.post('/workspace/team/tokens/revoke', { facility: FACILITY_A, token: info?.id ?? '' });
    expect(revoked.status).toBe(303);
    expect(app.tokens.check(secret)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('lets a manager invite someone with a role through a one-time link shown once.', async () => {
    const page = await signedInAs(managerA).post('/workspace/team/invite', { facility: FACILITY_A, role: 'editor' }, { follow: true });
    expect(page.status).toBe(200);
    const token = /http:\/\/phd\.test\/signin\/link\/([^<\s"]+)/.exec(page.body)?.[1] ?? '';
    expect(app.services.sessions.redeemLink(token)).toEqual({ ok: true, grant: { person: undefined, facility: FACILITY_A, role: 'editor', createdBy: `person:${managerA.id}` } });
  });

  it('shows a new token once after the redirect: a reload creates no second token and says it was shown already.', async () => {
    const manager = signedInAs(managerA);
    const posted = await manager.post('/workspace/team/tokens', { facility: FACILITY_A, label: 'reloaded script' });
    expect(posted.status).toBe(303);
    const first = await manager.get(posted.location ?? '');
    const secret = /<code class="secret">([^<]+)<\/code>/.exec(first.body)?.[1] ?? '';
    expect(app.tokens.check(secret)).toMatchObject({ ok: true });
    const second = await manager.get(posted.location ?? '');
    expect(second.status).toBe(200);
    expect(second.body).not.toContain(secret);
    expect(second.body).toContain('This API token was shown already, once; it is not shown again. Revoke it if you did not copy it');
    expect(app.tokens.listFor(FACILITY_A).filter((t) => t.label === 'reloaded script')).toHaveLength(1);
    // Another session of the same person cannot take it.
    expect((await signedInAs(managerA).get(posted.location ?? '')).body).not.toContain(secret);
  });

  it('never lets the last manager go: demoting or removing them is refused in words (422), changing nothing.', async () => {
    const manager = signedInAs(managerA);
    const before = snapshot();
    const demoted = await manager.post('/workspace/team/member', { facility: FACILITY_A, person: managerA.id, role: 'editor' });
    expect(demoted.status).toBe(422);
    expect(demoted.body).toContain('is the team&#39;s last manager');
    expect((await manager.post('/workspace/team/member', { facility: FACILITY_A, person: managerA.id, remove: '1' })).status).toBe(422);
    expect(snapshot()).toBe(before);
  });

  it('lets a manager change a member\'s role and remove a member.', async () => {
    const manager = signedInAs(managerA);
    const promoted = await manager.post('/workspace/team/member', { facility: FACILITY_A, person: editorA.id, role: 'manager' }, { follow: true });
    expect(promoted.body).toContain('The role was changed.');
    expect(app.services.people.members(FACILITY_A).find((m) => m.person === editorA.id)?.role).toBe('manager');
    expect((await manager.post('/workspace/team/member', { facility: FACILITY_A, person: editorA.id, remove: '1' })).status).toBe(303);
    expect(app.services.people.members(FACILITY_A).map((m) => m.person)).toEqual([managerA.id]);
    expect((await signedInAs(editorA).get(team(FACILITY_A))).status).toBe(403);
  });

  it('lets the administrator open any registered facility\'s team, and answers 404 for one not registered.', async () => {
    const page = await admin.get(team(FACILITY_B));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Bo of B');
    expect(page.body).toContain('B secret script');
    expect((await admin.get(team('https://identifiers.org/RRID:SCR_000000'))).status).toBe(404);
  });
});
