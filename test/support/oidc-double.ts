import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './free-port.js';

/** This test app's client at the provider. */
export const OIDC_CLIENT_ID = 'imaging-phd-test';
export const OIDC_CLIENT_SECRET = 'oidc-double-client-secret-0123456789abcdef';

/** An account of the double: a login name, its claims. */
export interface OidcDoubleAccount {
  readonly name?: string;
  readonly given_name?: string;
  readonly family_name?: string;
  /** An ORCID iD in any spelling, given as the `orcid` claim. */
  readonly orcid?: string;
}

/** A real OpenID Connect provider on loopback, for tests. */
export interface OidcDouble {
  /** The issuer (`http://127.0.0.1:<port>`). */
  readonly issuer: string;
  /** The env a test app signs in with it under (PHD_OIDC_*). */
  readonly env: Readonly<Record<string, string>>;
  readonly close: () => Promise<void>;
}

/**
 * Starts `oidc-provider` (a certified OpenID Connect provider) on a free loopback port with one
 * client, this app's (redirect URI `{appBaseUrl}/signin/callback`, client_secret_post, PKCE), and
 * its development login form, which takes any login name as the subject (any password). Accounts
 * listed in `accounts` get their claims (name, an `orcid` claim in the openid scope); others are
 * named after their login.
 * @param appBaseUrl - the test app's PHD_BASE_URL.
 * @param accounts - login name → claims.
 * @returns the running provider.
 */
export async function startOidcDouble(appBaseUrl: string, accounts: Readonly<Record<string, OidcDoubleAccount>> = {}): Promise<OidcDouble> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [`${appBaseUrl}/signin/callback`],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    claims: { openid: ['sub', 'orcid'], profile: ['name', 'given_name', 'family_name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-double-cookie-key-0123456789'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => {
        const account = accounts[id];
        return { sub: id, ...(account ?? { name: id }) };
      },
    }),
  });
  // The provider logs nothing by default; its server errors would be thrown in the test otherwise.
  provider.on('server_error', () => undefined);
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    issuer,
    env: { PHD_OIDC_ISSUER: issuer, PHD_OIDC_CLIENT_ID: OIDC_CLIENT_ID, PHD_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET, PHD_OIDC_NAME: 'Test IdP' },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Goes through the double's development login and consent forms over HTTP, as a browser without
 * JavaScript would: from the provider's authorization URL (the `Location` of POST /signin/oidc) to
 * the URL it sends the browser back to (the app's `/signin/callback?code=…`). The provider's cookies
 * are kept in a jar of their own.
 * @param authorizationUrl - where the app sent the browser.
 * @param login - the login name (the subject; any password).
 * @returns the app's callback URL, with its query.
 */
export async function signInAtDouble(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let init: RequestInit = { method: 'GET' };
  const origin = new URL(authorizationUrl).origin;
  for (let hop = 0; hop < 20; hop += 1) {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const body = await response.text();
    const location = response.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url);
      if (next.origin !== origin) return next.href;
      url = next.href;
      init = { method: 'GET' };
      continue;
    }
    // A form of the double: the login (login, password) or the consent (its hidden fields).
    const action = /<form[^>]*action="([^"]+)"/.exec(body)?.[1];
    if (action === undefined) throw new Error(`the provider answered ${response.status} without a form or a redirect`);
    const form = new URLSearchParams();
    for (const match of body.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) form.set(match[1] ?? '', match[2] ?? '');
    if (body.includes('name="login"')) {
      form.set('login', login);
      form.set('password', 'any password');
    }
    url = new URL(action, url).href;
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
  }
  throw new Error('the provider did not send the browser back');
}
