import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ADMIN_TOKEN } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { liveAdminSessions, signInAsAdmin, workspaceClient } from '../support/workspace-client.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
});

afterAll(async () => {
  await app.close();
});

describe('The sign-in page', () => {
  it('shows the administrator token as a labelled password field in a form with a pre-session CSRF token.', async () => {
    const client = workspaceClient(app);
    const page = await client.get('/signin?next=%2Fworkspace%2Fteam');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<label for="f-token">Administrator token<\/label>/);
    expect(page.body).toMatch(/<input type="password" id="f-token" name="token"/);
    expect(page.body).toContain('<input type="hidden" name="next" value="/workspace/team">');
    const setCookie = page.headers.getSetCookie().find((c) => c.startsWith('phd_presession='));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(client.lastPageCsrf).toBe(client.cookies.get('phd_presession'));
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('offers no provider button when no OpenID Connect provider is configured.', async () => {
    const page = await workspaceClient(app).get('/signin');
    expect(page.body).not.toContain('/signin/oidc');
  });
});

describe('Signing in with the administrator token', () => {
  it('opens a new administrator session, sets an HttpOnly SameSite cookie and goes to next.', async () => {
    const client = workspaceClient(app);
    await client.get('/signin');
    const before = liveAdminSessions(app);
    const response = await client.post('/signin', { token: ADMIN_TOKEN, next: '/workspace/team?facility=x' });
    expect(response.status).toBe(303);
    expect(response.location).toBe('/workspace/team?facility=x');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('phd_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const session = app.services.sessions.find(client.sessionToken ?? '');
    expect(session?.subject).toEqual({ kind: 'admin' });
    expect(liveAdminSessions(app)).toBe(before + 1);
  });

  it('goes to the workspace home when next is not a local path.', async () => {
    const client = workspaceClient(app);
    await client.get('/signin');
    const response = await client.post('/signin', { token: ADMIN_TOKEN, next: '//evil.example/steal' });
    expect(response.location).toBe('/workspace');
  });

  it('refuses a wrong token with a page in words and opens no session.', async () => {
    const client = workspaceClient(app);
    await client.get('/signin');
    const before = liveAdminSessions(app);
    const response = await client.post('/signin', { token: 'not-the-token' });
    expect(response.status).toBe(401);
    expect(response.body).toContain('That is not the administrator token');
    expect(response.body).not.toContain('not-the-token');
    expect(client.sessionToken).toBeUndefined();
    expect(liveAdminSessions(app)).toBe(before);
  });

  it('refuses an API token: it is for scripts, not for the workspace.', async () => {
    const created = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_000001' });
    const client = workspaceClient(app);
    await client.get('/signin');
    const response = await client.post('/signin', { token: created.token });
    expect(response.status).toBe(401);
    expect(response.body).toContain('API token');
    expect(client.sessionToken).toBeUndefined();
  });

  it('never keeps a session id the browser presented: signing in again gives a new one and ends the old.', async () => {
    const client = await signInAsAdmin(app);
    const first = client.sessionToken ?? '';
    await client.get('/signin?next=/x');
    // A signed-in browser is sent on from the sign-in page; post the form as a fixation attempt would.
    const response = await client.post('/signin', { token: ADMIN_TOKEN });
    expect(response.status).toBe(303);
    expect(client.sessionToken).toBeDefined();
    expect(client.sessionToken).not.toBe(first);
    expect(app.services.sessions.find(first)).toBeUndefined();
  });

  it('ignores a session cookie planted before sign-in and sets a fresh one.', async () => {
    const client = workspaceClient(app);
    client.cookies.set('phd_session', 'planted-by-an-attacker-0000000000000000000000');
    await client.get('/signin');
    await client.post('/signin', { token: ADMIN_TOKEN });
    expect(client.sessionToken).not.toBe('planted-by-an-attacker-0000000000000000000000');
    expect(app.services.sessions.find(client.sessionToken ?? '')?.subject).toEqual({ kind: 'admin' });
    expect(app.services.sessions.find('planted-by-an-attacker-0000000000000000000000')).toBeUndefined();
  });
});

describe('Signing out', () => {
  it('ends the session and removes the cookie.', async () => {
    const client = await signInAsAdmin(app);
    const token = client.sessionToken ?? '';
    const response = await client.post('/signout');
    expect(response.status).toBe(303);
    expect(response.location).toBe('/signin');
    expect(client.sessionToken).toBeUndefined();
    expect(app.services.sessions.find(token)).toBeUndefined();
  });

  it('everywhere ends every session of the same subject.', async () => {
    const one = await signInAsAdmin(app);
    const two = await signInAsAdmin(app);
    const response = await one.post('/signout/everywhere');
    expect(response.status).toBe(303);
    expect(app.services.sessions.find(two.sessionToken ?? '')).toBeUndefined();
    expect(liveAdminSessions(app)).toBe(0);
  });

  it('everywhere is offered on the dashboard as a form carrying the session\'s CSRF token.', async () => {
    const client = await signInAsAdmin(app);
    const dashboard = await client.get('/workspace');
    const form = /<form method="post" action="\/signout\/everywhere"><input type="hidden" name="_csrf" value="([^"]+)"><button type="submit" class="secondary">Sign out everywhere<\/button><\/form>/.exec(dashboard.body);
    expect(form?.[1]).toBe(client.csrf);
  });

  it('sends a signed-in browser on from the sign-in page to next.', async () => {
    const client = await signInAsAdmin(app);
    const response = await client.get('/signin?next=/workspace/upload');
    expect(response.status).toBe(303);
    expect(response.location).toBe('/workspace/upload');
  });
});
