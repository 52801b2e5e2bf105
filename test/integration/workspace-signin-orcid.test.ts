import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { signInAtDouble, startOidcDouble } from '../support/oidc-double.js';
import type { OidcDouble } from '../support/oidc-double.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { workspaceClient } from '../support/workspace-client.js';
import type { WorkspaceClient } from '../support/workspace-client.js';

const ADA_ORCID = 'https://orcid.org/0000-0002-1825-0097';
const GRACE_ORCID = 'https://orcid.org/0000-0001-5109-3700';
const accounts = { mallory: { name: 'Mallory', orcid: '0000-0002-1825-0097' }, grace: { name: 'Grace', orcid: '0000-0001-5109-3700' } };

/** Starts a provider double and an app signing in with it. */
async function start(env: Record<string, string>): Promise<{ provider: OidcDouble; app: TestApp }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const provider = await startOidcDouble(baseUrl, accounts);
  const app = await startTestApp({ baseUrl, seedDir: '', env: { PORT: String(port), ...provider.env, PHD_ADMINS: ADA_ORCID, ...env } });
  return { provider, app };
}

/** Signs in with the provider over HTTP as `login`; returns the client and the callback's answer. */
async function signIn(app: TestApp, login: string): Promise<{ client: WorkspaceClient; status: number; body: string }> {
  const client = workspaceClient(app);
  await client.get('/signin');
  const started = await client.post('/signin/oidc', { next: '/workspace' });
  const callback = await signInAtDouble(started.location ?? '', login);
  const answer = await client.get(callback);
  return { client, status: answer.status, body: answer.body };
}

describe('An orcid claim from a provider that is not ORCID', () => {
  let provider: OidcDouble;
  let app: TestApp;

  beforeAll(async () => {
    ({ provider, app } = await start({}));
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  it('does not take over the administrator who has that ORCID iD: the login is a new person, no administrator.', async () => {
    const ada = app.services.people.create({ name: 'Ada Lovelace', orcid: ADA_ORCID, issuer: 'https://orcid.org', subject: '0000-0002-1825-0097' });
    const { client, status } = await signIn(app, 'mallory');
    expect(status).toBe(303);
    const session = app.services.sessions.find(client.sessionToken ?? '');
    const mallory = app.services.people.byIdentity(provider.issuer, 'mallory');
    expect(mallory).toMatchObject({ name: 'Mallory', orcid: undefined });
    expect(mallory?.id).not.toBe(ada.id);
    expect(session?.subject).toEqual({ kind: 'person', person: mallory?.id });
    expect(app.services.people.get(ada.id)).toEqual(ada);
    const home = await client.get('/workspace');
    expect(home.body).toContain('signed in as <strong>Mallory</strong>');
    expect(home.body).not.toContain('an administrator of this service');
    expect((await client.get('/workspace/people')).status).toBe(403);
  });
});

describe('A trusted orcid claim (PHD_OIDC_TRUST_ORCID_CLAIM=true)', () => {
  let provider: OidcDouble;
  let app: TestApp;

  beforeAll(async () => {
    ({ provider, app } = await start({ PHD_OIDC_TRUST_ORCID_CLAIM: 'true' }));
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  it('never merges the sign-in into a person who signs in as someone else: a page in words, nothing changed.', async () => {
    const ada = app.services.people.create({ name: 'Ada Lovelace', orcid: ADA_ORCID, issuer: 'https://orcid.org', subject: '0000-0002-1825-0097' });
    const before = app.services.people.list();
    const { client, status, body } = await signIn(app, 'mallory');
    expect(status).toBe(409);
    expect(body).toContain('belongs here to someone who signs in another way');
    expect(client.sessionToken).toBeUndefined();
    expect(app.services.people.list()).toEqual(before);
    expect(app.services.people.get(ada.id)).toEqual(ada);
  });

  it('completes a person the administrator added by ORCID iD, who had no sign-in yet.', async () => {
    const grace = app.services.people.create({ name: 'Grace Hopper', orcid: GRACE_ORCID });
    const { client, status } = await signIn(app, 'grace');
    expect(status).toBe(303);
    expect(app.services.people.get(grace.id)).toMatchObject({ orcid: GRACE_ORCID, issuer: provider.issuer, subject: 'grace' });
    expect(app.services.sessions.find(client.sessionToken ?? '')?.subject).toEqual({ kind: 'person', person: grace.id });
  });
});
