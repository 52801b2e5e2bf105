import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { OIDC_CLIENT_ID, startOidcDouble } from '../support/oidc-double.js';
import type { OidcDouble } from '../support/oidc-double.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { workspaceClient } from '../support/workspace-client.js';

let provider: OidcDouble;
let app: TestApp;

beforeAll(async () => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcDouble(baseUrl);
  app = await startTestApp({ baseUrl, seedDir: '', env: { PORT: String(port), ...provider.env } });
});

afterAll(async () => {
  await app?.close();
  await provider?.close();
});

describe('Sign-in with an OpenID Connect provider', () => {
  it('offers a button named after the provider, posting to /signin/oidc with next.', async () => {
    const page = await workspaceClient(app).get('/signin?next=/workspace/upload');
    expect(page.body).toMatch(/<form method="post" action="\/signin\/oidc"[^>]*><input type="hidden" name="_csrf" value="[^"]+"><input type="hidden" name="next" value="\/workspace\/upload"><button type="submit">Sign in with Test IdP<\/button>/);
  });

  it('sends the browser to the provider with PKCE, state and nonce, keeping them behind an HttpOnly cookie.', async () => {
    const client = workspaceClient(app);
    await client.get('/signin');
    const response = await client.post('/signin/oidc', { next: '/workspace' });
    expect(response.status).toBe(303);
    const url = new URL(response.location ?? '');
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(OIDC_CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(`${app.baseUrl}/signin/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/.{20,}/);
    expect(url.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(response.headers.getSetCookie().find((c) => c.startsWith('phd_oidc='))).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('refuses a callback this browser did not start, with a page in words and no session.', async () => {
    const client = workspaceClient(app);
    const response = await client.get('/signin/callback?code=stolen&state=whatever');
    expect(response.status).toBe(400);
    expect(response.body).toContain('was not started in this browser');
    expect(client.sessionToken).toBeUndefined();
  });

  it('refuses a callback whose state or code is not the one issued, and one the provider refused.', async () => {
    const client = workspaceClient(app);
    await client.get('/signin');
    const started = await client.post('/signin/oidc');
    const state = new URL(started.location ?? '').searchParams.get('state') ?? '';
    const forged = await client.get(`/signin/callback?code=forged&state=${encodeURIComponent(`${state}x`)}`);
    expect(forged.status).toBe(401);
    expect(forged.body).toContain('could not be checked');
    // The flight is used once: the same cookie cannot try again.
    expect((await client.get(`/signin/callback?code=forged&state=${encodeURIComponent(state)}`)).status).toBe(400);

    await client.get('/signin');
    const again = await client.post('/signin/oidc');
    const refusedState = new URL(again.location ?? '').searchParams.get('state') ?? '';
    const refused = await client.get(`/signin/callback?error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}&state=${encodeURIComponent(refusedState)}`);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('Test IdP did not sign you in (&lt;b&gt;no&lt;/b&gt;)');
    expect(client.sessionToken).toBeUndefined();
  });
});

describe('An unreachable provider', () => {
  it('answers a page in words (503) and signs nobody in.', async () => {
    const port = await freePort();
    const dead = await startTestApp({ seedDir: '', env: { PHD_OIDC_ISSUER: `http://127.0.0.1:${port}`, PHD_OIDC_CLIENT_ID: 'x', PHD_OIDC_CLIENT_SECRET: 'y', PHD_OIDC_NAME: 'Dead IdP' } });
    try {
      const client = workspaceClient(dead);
      await client.get('/signin');
      const response = await client.post('/signin/oidc');
      expect(response.status).toBe(503);
      expect(response.body).toContain('Dead IdP (the sign-in provider) could not be reached');
      expect(client.sessionToken).toBeUndefined();
    } finally {
      await dead.close();
    }
  });
});
