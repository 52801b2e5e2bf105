import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminLinkGrant } from '../../src/workspace/signin-link.js';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/server-process.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { workspaceClient } from '../support/workspace-client.js';
import type { WorkspaceClient } from '../support/workspace-client.js';

const FACILITY = 'https://identifiers.org/RRID:SCR_017000';
const HOUR = 3_600_000;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
});

afterAll(async () => {
  await app.close();
});

/** Opens a one-time link as a person would: the page, then its button. */
async function useLink(client: WorkspaceClient, token: string, fields: Record<string, string> = {}): ReturnType<WorkspaceClient['post']> {
  const page = await client.get(`/signin/link/${token}`);
  expect(page.status).toBe(200);
  return client.post(`/signin/link/${token}`, fields);
}

function formAction(body: string): string {
  const action = /<form method="post" action="(\/signin\/link\/[^"]+)"/.exec(body)?.[1];
  if (action === undefined) throw new Error('no link form on the page');
  return action;
}

describe('A one-time link for a person', () => {
  it('is not used up by opening it, signs the person in once, and is refused the second time.', async () => {
    const person = app.services.people.create({ name: 'Grace Hopper' });
    const { token } = app.services.sessions.createLink({ person: person.id, facility: undefined, role: undefined, createdBy: 'admin' }, HOUR);
    const client = workspaceClient(app);
    // A link previewer fetches the page: nothing happens.
    await client.get(`/signin/link/${token}`);
    const page = await client.get(`/signin/link/${token}`);
    expect(page.body).toContain('<button type="submit">Sign in</button>');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const response = await client.post(`/signin/link/${token}`);
    expect(response.status).toBe(303);
    expect(response.location).toBe('/workspace');
    expect(app.services.sessions.find(client.sessionToken ?? '')?.subject).toEqual({ kind: 'person', person: person.id });

    const again = await useLink(workspaceClient(app), token);
    expect(again.status).toBe(410);
    expect(again.body).toContain('already been used');
  });

  it('is refused for a disabled person.', async () => {
    const person = app.services.people.create({ name: 'Gone' });
    app.services.people.disable(person.id);
    const { token } = app.services.sessions.createLink({ person: person.id, facility: undefined, role: undefined, createdBy: 'admin' }, HOUR);
    const client = workspaceClient(app);
    const response = await useLink(client, token);
    expect(response.status).toBe(410);
    expect(client.sessionToken).toBeUndefined();
  });
});

describe('An unknown or expired link', () => {
  it('answers a page in words, 404 or 410, and signs nobody in.', async () => {
    const unknown = await useLink(workspaceClient(app), 'no-such-link-000000000000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('not known here');
    const person = app.services.people.create({ name: 'Late' });
    const { token } = app.services.sessions.createLink({ person: person.id, facility: undefined, role: undefined, createdBy: 'admin' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const client = workspaceClient(app);
    const expired = await useLink(client, token);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('has expired');
    expect(client.sessionToken).toBeUndefined();
  });
});

describe('An invitation without a sign-in provider', () => {
  it('asks the invited person their name, adds them to the team and signs them in.', async () => {
    const inviter = app.services.people.create({ name: 'Inviter' });
    app.services.people.setMembership(FACILITY, inviter.id, 'manager', 'admin');
    const { token } = app.services.sessions.createLink({ person: undefined, facility: FACILITY, role: 'editor', createdBy: `person:${inviter.id}` }, HOUR);
    const client = workspaceClient(app);
    const ask = await useLink(client, token);
    expect(ask.status).toBe(200);
    expect(ask.body).toMatch(/<label for="f-name">Your name<\/label>/);
    const joined = await client.post(formAction(ask.body), { name: '  Ada Lovelace ' });
    expect(joined.status).toBe(303);
    expect(joined.location).toBe(`/workspace/team?facility=${encodeURIComponent(FACILITY)}`);
    const session = app.services.sessions.find(client.sessionToken ?? '');
    const id = session?.subject.kind === 'person' ? session.subject.person : '';
    expect(app.services.people.get(id)?.name).toBe('Ada Lovelace');
    expect(app.services.people.memberships(id)).toMatchObject([{ facility: FACILITY, role: 'editor', addedBy: `person:${inviter.id}` }]);
    // The invitation and its follow-up were each used once.
    expect((await useLink(workspaceClient(app), token)).status).toBe(410);
    expect((await client.post(formAction(ask.body), { name: 'Again' })).status).toBe(410);
  });

  it('shows hostile text in the name field escaped, and adds nobody for a refused name.', async () => {
    const { token } = app.services.sessions.createLink({ person: undefined, facility: FACILITY, role: 'editor', createdBy: 'admin' }, HOUR);
    const client = workspaceClient(app);
    const ask = await useLink(client, token);
    const before = app.services.people.list().length;
    const hostile = `"><script>alert(1)</script>${'x'.repeat(200)}`;
    const refused = await client.post(formAction(ask.body), { name: hostile });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('longer than 200 characters');
    expect(refused.body).not.toContain('<script>alert(1)</script>');
    expect(refused.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(app.services.people.list().length).toBe(before);
    expect(client.sessionToken).toBeUndefined();
  });

  it('lets a person who is signed in join the team.', async () => {
    const person = app.services.people.create({ name: 'Member' });
    const client = workspaceClient(app);
    const own = app.services.sessions.createLink({ person: person.id, facility: undefined, role: undefined, createdBy: 'admin' }, HOUR);
    await useLink(client, own.token);
    const invitation = app.services.sessions.createLink({ person: undefined, facility: FACILITY, role: 'manager', createdBy: 'admin' }, HOUR);
    const response = await useLink(client, invitation.token);
    expect(response.status).toBe(303);
    expect(app.services.people.memberships(person.id)).toMatchObject([{ facility: FACILITY, role: 'manager' }]);
  });
});

describe("An invitation and the team's roles", () => {
  const TEAM = 'https://identifiers.org/RRID:SCR_017001';

  /** A person signed in through their own one-time link. */
  async function signedIn(name: string): Promise<{ client: WorkspaceClient; id: string }> {
    const person = app.services.people.create({ name });
    const own = app.services.sessions.createLink({ person: person.id, facility: undefined, role: undefined, createdBy: 'admin' }, HOUR);
    const client = workspaceClient(app);
    expect((await useLink(client, own.token)).status).toBe(303);
    return { client, id: person.id };
  }

  it('never lowers a role: the only manager who opens their own editor invitation stays manager, and is told so.', async () => {
    const { client, id } = await signedIn('Only Manager');
    app.services.people.setMembership(TEAM, id, 'manager', 'admin');
    const before = app.services.people.members(TEAM);
    const { token } = app.services.sessions.createLink({ person: undefined, facility: TEAM, role: 'editor', createdBy: `person:${id}` }, HOUR);
    const response = await useLink(client, token);
    expect(response.status).toBe(200);
    expect(response.body).toContain('You stay a manager of this team');
    expect(response.body).toContain('an invitation never lowers a role');
    expect(app.services.people.members(TEAM)).toEqual(before);
  });

  it("refuses an invitation whose maker is no longer a manager of the team (removed, or disabled), changing nothing.", async () => {
    const manager = await signedIn('Former Manager');
    app.services.people.setMembership(TEAM, manager.id, 'manager', 'admin');
    const made = app.services.sessions.createLink({ person: undefined, facility: TEAM, role: 'manager', createdBy: `person:${manager.id}` }, HOUR);
    const second = app.services.sessions.createLink({ person: undefined, facility: TEAM, role: 'editor', createdBy: `person:${manager.id}` }, HOUR);
    app.services.people.removeMembership(TEAM, manager.id);

    const guest = await signedIn('Guest');
    const members = app.services.people.members(TEAM);
    const refused = await useLink(guest.client, made.token);
    expect(refused.status).toBe(410);
    expect(refused.body).toContain('no longer a manager of this team');
    expect(app.services.people.memberships(guest.id)).toEqual([]);
    expect(app.services.people.members(TEAM)).toEqual(members);

    // Signed out, without a provider: refused before the name is asked, so nobody is added.
    const people = app.services.people.list().length;
    const stranger = workspaceClient(app);
    const asked = await useLink(stranger, second.token);
    expect(asked.status).toBe(410);
    expect(asked.body).not.toContain('Your name');
    expect(app.services.people.list()).toHaveLength(people);
    expect(stranger.sessionToken).toBeUndefined();

    const disabled = await signedIn('Disabled Manager');
    app.services.people.setMembership(TEAM, disabled.id, 'manager', 'admin');
    const late = app.services.sessions.createLink({ person: undefined, facility: TEAM, role: 'editor', createdBy: `person:${disabled.id}` }, HOUR);
    app.services.people.disable(disabled.id);
    expect((await useLink(guest.client, late.token)).status).toBe(410);
    expect(app.services.people.memberships(guest.id)).toEqual([]);
  });

  it('is honoured when its maker is still a manager of the team.', async () => {
    const manager = await signedIn('Current Manager');
    app.services.people.setMembership(TEAM, manager.id, 'manager', 'admin');
    const { token } = app.services.sessions.createLink({ person: undefined, facility: TEAM, role: 'editor', createdBy: `person:${manager.id}` }, HOUR);
    const guest = await signedIn('Welcome Guest');
    const response = await useLink(guest.client, token);
    expect(response.status).toBe(303);
    expect(app.services.people.memberships(guest.id)).toMatchObject([{ facility: TEAM, role: 'editor', addedBy: `person:${manager.id}` }]);
  });
});

describe("The administrator's one-time link", () => {
  it('opens an administrator session.', async () => {
    const { token } = app.services.sessions.createLink(adminLinkGrant('test'), HOUR);
    const client = workspaceClient(app);
    const response = await useLink(client, token);
    expect(response.status).toBe(303);
    expect(app.services.sessions.find(client.sessionToken ?? '')?.subject).toEqual({ kind: 'admin' });
  });
});

describe('imaging-phd signin-link', () => {
  it('prints a working administrator link and refuses an unknown person.', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-links-'));
    try {
      const env = { PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://phd.test', LOG_LEVEL: 'silent', PHD_SEED_DIR: '' };
      const admin = runCli(['signin-link'], env);
      expect(admin.status).toBe(0);
      expect(admin.stdout).toMatch(/^http:\/\/phd\.test\/signin\/link\/[A-Za-z0-9_-]{43}\n$/);
      expect(admin.stderr).toContain('as the administrator');
      const unknown = runCli(['signin-link', '--person', 'nobody000000'], env);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('no person nobody000000');

      const served = await startTestApp({ dataDir, seedDir: '' });
      try {
        const client = workspaceClient(served);
        const response = await useLink(client, new URL(admin.stdout.trim()).pathname.split('/').pop() ?? '');
        expect(response.status).toBe(303);
        expect(served.services.sessions.find(client.sessionToken ?? '')?.subject).toEqual({ kind: 'admin' });
      } finally {
        await served.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('imaging-phd serve without PHD_ADMIN_TOKEN and without a provider', () => {
  /** Starts `serve` on the data directory and waits for the administrator link on stderr. */
  async function serveOnce(dataDir: string): Promise<{ server: Awaited<ReturnType<typeof startServer>>; line: string; token: string }> {
    const server = await startServer({ PHD_DATA_DIR: dataDir, PHD_SEED_DIR: '', PHD_QUERY_WORKERS: '1' });
    // The link is written just after `listening`, which is when startServer returns.
    for (let waited = 0; waited < 10_000 && !server.logs.some((line) => line.includes('/signin/link/')); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = server.logs.filter((line) => line.includes('/signin/link/'));
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    const token = /\/signin\/link\/([A-Za-z0-9_-]{43})$/.exec(line)?.[1] ?? '';
    return { server, line, token };
  }

  async function stop(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
    server.child.kill('SIGKILL');
    await server.exited;
  }

  it('writes one administrator link to stderr as a plain line, never into the log, valid 15 minutes; a restart cancels the earlier one, not the operator\'s.', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phd-serve-link-'));
    try {
      const asked = runCli(['signin-link'], { PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://phd.test', LOG_LEVEL: 'silent', PHD_SEED_DIR: '' });
      expect(asked.status).toBe(0);
      const first = await serveOnce(dataDir);
      await stop(first.server);
      const started = Date.now();
      const { server, line, token } = await serveOnce(dataDir);
      try {
        // A plain line, not a JSON log entry; the log says only that a link was written.
        expect(() => JSON.parse(line) as unknown).toThrow();
        expect(line).toContain('as the administrator');
        const until = Date.parse(/until (\S+);/.exec(line)?.[1] ?? '');
        expect(until - started).toBeGreaterThan(14 * 60_000);
        expect(until - started).toBeLessThanOrEqual(15 * 60_000 + 60_000);
        const entries = server.logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string; level?: string | number });
        expect(entries.find((e) => e.msg === 'an administrator sign-in link was written to stderr')?.level).toBe('info');
        expect(server.logs.filter((l) => l.startsWith('{')).join('\n')).not.toContain('/signin/link/');

        const client = workspaceClient({ url: server.url });
        const response = await useLink(client, token);
        expect(response.status).toBe(303);
        expect(client.sessionToken).toBeDefined();
        expect((await useLink(workspaceClient({ url: server.url }), token)).status).toBe(410);
        // The link of the earlier start was cancelled by this one; the one the operator asked for still works.
        expect((await useLink(workspaceClient({ url: server.url }), first.token)).status).toBe(410);
        const operator = workspaceClient({ url: server.url });
        expect((await useLink(operator, new URL(asked.stdout.trim()).pathname.split('/').pop() ?? '')).status).toBe(303);
        expect(operator.sessionToken).toBeDefined();
        // The request log names the link's path without its secret.
        expect(server.logs.filter((l) => l.includes('"request"')).join('\n')).not.toContain(token);
      } finally {
        await stop(server);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
