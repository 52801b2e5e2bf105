import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { liveAdminSessions, signInAsAdmin, workspaceClient } from '../support/workspace-client.js';

let app: TestApp;

beforeAll(async () => {
  // No seed: the refusals below are shown on an empty store.
  app = await startTestApp({ seedDir: '', baseUrl: 'http://phd-security.test' });
});
afterAll(() => app.close());

describe('A cross-site form post', () => {
  it('with a foreign Origin is refused with a page in words, and the session is not ended.', async () => {
    const client = await signInAsAdmin(app);
    const response = await client.post('/signout', {}, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.body).toContain('sent from another site');
    expect(app.services.sessions.find(client.sessionToken ?? '')).toBeDefined();
  });

  it("with this service's own Origin is accepted.", async () => {
    const client = await signInAsAdmin(app);
    const response = await client.post('/signout', {}, { headers: { origin: app.url } });
    expect(response.status).toBe(303);
  });

  it('without the CSRF field, or with a wrong one, is refused and changes nothing.', async () => {
    const client = await signInAsAdmin(app);
    for (const csrf of ['', 'forged-token']) {
      const response = await client.post('/signout', { _csrf: csrf });
      expect(response.status).toBe(403);
      expect(response.body).toContain('Nothing was changed');
    }
    expect(app.services.sessions.find(client.sessionToken ?? '')).toBeDefined();
  });

  it('to the sign-in form without the pre-session token opens no session, even with the right admin token.', async () => {
    const before = liveAdminSessions(app);
    const attacker = workspaceClient(app);
    await attacker.get('/signin');
    const victim = workspaceClient(app);
    await victim.get('/signin');
    // The attacker's page can make the victim's browser post, but only with a token it knows: its own.
    const response = await victim.post('/signin', { token: ADMIN_TOKEN, _csrf: attacker.lastPageCsrf ?? '' });
    expect(response.status).toBe(403);
    expect(victim.sessionToken).toBeUndefined();
    const bare = await workspaceClient(app).post('/signin', { token: ADMIN_TOKEN });
    expect(bare.status).toBe(403);
    expect(liveAdminSessions(app)).toBe(before);
  });

  it('in multipart form to a path that takes no uploads is refused.', async () => {
    const client = await signInAsAdmin(app);
    const form = new FormData();
    form.set('_csrf', client.csrf ?? '');
    const response = await client.send('/signout', { method: 'POST', body: form, headers: { accept: 'text/html' } });
    expect(response.status).toBe(403);
    expect(app.services.sessions.find(client.sessionToken ?? '')).toBeDefined();
  });
});

describe('A workspace form sent without a live session', () => {
  it('answers 401 with a page saying to sign in again, whatever the form.', async () => {
    const client = await signInAsAdmin(app);
    const csrf = client.csrf ?? '';
    await client.post('/signout');
    const response = await client.post('/workspace/people', { _csrf: csrf, name: 'Mallory' });
    expect(response.status).toBe(401);
    expect(response.body).toContain('Your session has ended');
    expect(app.services.people.list().map((p) => p.name)).not.toContain('Mallory');
  });
});

describe('An expired session', () => {
  it('writes nothing: its forms answer 401, and it cannot sign out the other sessions.', async () => {
    const client = await signInAsAdmin(app);
    const other = await signInAsAdmin(app);
    const csrf = client.csrf ?? '';
    // Expire the one session in the store, as PHD_SESSION_HOURS would.
    const hash = createHash('sha256').update(client.sessionToken ?? '').digest('hex');
    app.store.database.prepare('UPDATE sessions SET expires_at = ? WHERE hash = ?').run(new Date(Date.now() - 1000).toISOString(), hash);
    const people = app.services.people.list().length;
    const write = await client.post('/workspace/people', { _csrf: csrf, name: 'Eve' });
    expect(write.status).toBe(401);
    expect(write.body).toContain('Sign in again');
    // Signing out everywhere with it only clears its own cookie: the other session lives on.
    const everywhere = await client.post('/signout/everywhere', { _csrf: csrf });
    expect(everywhere.status).toBe(303);
    expect(everywhere.location).toBe('/signin');
    expect(client.sessionToken).toBeUndefined();
    expect(app.services.people.list().length).toBe(people);
    expect(app.services.sessions.find(other.sessionToken ?? '')).toBeDefined();
  });

  it('signs out without the form token: the cookie is cleared and the browser goes to sign in.', async () => {
    const client = await signInAsAdmin(app);
    const other = await signInAsAdmin(app);
    const hash = createHash('sha256').update(client.sessionToken ?? '').digest('hex');
    app.store.database.prepare('UPDATE sessions SET expires_at = ? WHERE hash = ?').run(new Date(Date.now() - 1000).toISOString(), hash);
    // The page the form came from is hours old: its token is stale, or there is none.
    const response = await client.post('/signout', { _csrf: '' }, { headers: { origin: app.url } });
    expect(response.status).toBe(303);
    expect(response.location).toBe('/signin');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('phd_session=;'))).toBe(true);
    expect(client.sessionToken).toBeUndefined();
    expect(app.services.sessions.find(other.sessionToken ?? '')).toBeDefined();
  });
});

describe('Signing out a live session', () => {
  it('from a form without its token, or a wrong one, is refused at both sign-out addresses, ending nothing.', async () => {
    const client = await signInAsAdmin(app);
    const other = await signInAsAdmin(app);
    for (const path of ['/signout', '/signout/everywhere']) {
      for (const csrf of ['', 'forged-token']) {
        const response = await client.post(path, { _csrf: csrf });
        expect(response.status).toBe(403);
        expect(response.body).toContain('Nothing was changed');
      }
    }
    expect(app.services.sessions.find(client.sessionToken ?? '')).toBeDefined();
    expect(app.services.sessions.find(other.sessionToken ?? '')).toBeDefined();
  });
});

describe('Sign-in attempts', () => {
  it('are limited per client: over PHD_SIGNIN_RATE a minute, 429 with Retry-After, even with the right token.', async () => {
    const limited = await startTestApp({ seedDir: '', env: { PHD_SIGNIN_RATE: '3' } });
    try {
      const client = workspaceClient(limited);
      await client.get('/signin');
      for (let i = 0; i < 3; i += 1) expect((await client.post('/signin', { token: `guess-${i}` })).status).toBe(401);
      const refused = await client.post('/signin', { token: ADMIN_TOKEN });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toContain('Too many sign-in attempts');
      expect(client.sessionToken).toBeUndefined();
      expect(liveAdminSessions(limited)).toBe(0);
      // Links count too: a link's secret cannot be guessed by trying either.
      expect((await client.post('/signin/link/guess')).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('Behind https', () => {
  it('the session cookie is __Host-phd_session, Secure, HttpOnly, SameSite=Lax.', async () => {
    const secure = await startTestApp({ seedDir: '', baseUrl: 'https://phd.example' });
    try {
      const client = await signInAsAdmin(secure);
      expect(client.cookies.has('__Host-phd_session')).toBe(true);
      const page = await client.get('/signin');
      expect(page.status).toBe(303);
      const again = workspaceClient(secure);
      const form = await again.get('/signin');
      expect(form.headers.getSetCookie().find((c) => c.startsWith('__Host-phd_presession='))).toMatch(/Path=\/;.*HttpOnly; Secure; SameSite=Lax/);
      const signedIn = await again.post('/signin', { token: ADMIN_TOKEN });
      expect(signedIn.headers.getSetCookie().find((c) => c.startsWith('__Host-phd_session='))).toMatch(/Path=\/;.*HttpOnly; Secure; SameSite=Lax/);
    } finally {
      await secure.close();
    }
  });
});
