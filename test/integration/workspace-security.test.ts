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
