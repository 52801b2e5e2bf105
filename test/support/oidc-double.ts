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
