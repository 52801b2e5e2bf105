import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { PeopleRegistry, Person } from '../accounts/index.js';
import type { OidcConfig } from '../config/index.js';
import { isPid, parsePid } from '../domain/index.js';
import type { Logger } from '../logging/index.js';

/** How long a sign-in at the provider may take, from the button to the callback. */
const FLIGHT_TTL_MS = 10 * 60_000;
/** Sign-ins in flight kept at most (older ones are dropped first): a bound on memory. */
const MAX_FLIGHTS = 10_000;

/** What is kept of a sign-in while the person is at the provider. */
export interface OidcFlight {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  /** Where to go once signed in (a local path). */
  readonly next: string;
  /** A one-time invitation link's secret, to be redeemed once the person is known (joining a team). */
  readonly invitation: string | undefined;
  readonly expiresAt: number;
}

/** Who the provider says signed in, as the workspace identifies people. */
export interface OidcIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** The canonical ORCID iD IRI, when the provider gives one (an `orcid` claim, or ORCID's own `sub`). */
  readonly orcid: string | undefined;
  readonly name: string;
}

/** Why a provider sign-in failed, in words for the person. */
export class OidcSigninError extends Error {
  public readonly status: number;

  /**
   * @param status - the HTTP status of the page.
   * @param message - what happened and what to do.
   */
  public constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function claimText(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The canonical ORCID iD of a signed-in identity: an `orcid` claim (any accepted spelling), or the
 * subject itself when the issuer is ORCID (orcid.org or its sandbox), whose subjects are ORCID iDs.
 * @param issuer - the issuer.
 * @param claims - the ID token's and userinfo's claims.
 * @returns the `https://orcid.org/…` IRI, or undefined.
 */
export function orcidOf(issuer: string, claims: Readonly<Record<string, unknown>>): string | undefined {
  const candidates = [claimText(claims, 'orcid')];
  if (/^https:\/\/(sandbox\.)?orcid\.org\/?$/.test(issuer)) candidates.push(claimText(claims, 'sub'));
  for (const candidate of candidates) if (candidate !== undefined && isPid(candidate, 'orcid')) return parsePid(candidate, 'orcid').iri;
  return undefined;
}

/**
 * The name a new person is given: the `name` claim, else given and family names, else the subject.
 * @param claims - the claims.
 * @param subject - the subject.
 * @returns the name (at most 200 characters).
 */
export function nameOf(claims: Readonly<Record<string, unknown>>, subject: string): string {
  const given = [claimText(claims, 'given_name'), claimText(claims, 'family_name')].filter((n) => n !== undefined).join(' ');
  return (claimText(claims, 'name') ?? (given === '' ? subject : given)).slice(0, 200);
}

/**
 * Finds the person an identity is (by ORCID iD, else by issuer and subject), completing what is
 * known of them, or adds them on their first sign-in.
 * @param people - the registry.
 * @param identity - who the provider says signed in.
 * @returns the person (possibly disabled: the caller refuses them).
 */
export function personFor(people: PeopleRegistry, identity: OidcIdentity): Person {
  const found = (identity.orcid === undefined ? undefined : people.byOrcid(identity.orcid)) ?? people.byIdentity(identity.issuer, identity.subject);
  if (found === undefined) {
    return people.create({ name: identity.name, issuer: identity.issuer, subject: identity.subject, ...(identity.orcid === undefined ? {} : { orcid: identity.orcid }) });
  }
  const missingIdentity = found.issuer === undefined || found.subject === undefined;
  const missingOrcid = found.orcid === undefined && identity.orcid !== undefined;
  if (!missingIdentity && !missingOrcid) return found;
  return people.update(found.id, {
    ...(missingIdentity ? { issuer: identity.issuer, subject: identity.subject } : {}),
    ...(missingOrcid && identity.orcid !== undefined ? { orcid: identity.orcid } : {}),
  });
}

/**
 * Sign-in with an OpenID Connect provider through openid-client: the authorization code flow with
 * PKCE, state and nonce. What the callback checks is kept here, in memory, under a random key the
 * browser holds in a short-lived HttpOnly cookie (a restart simply asks the person to start again).
 * The provider's metadata is discovered once, on the first sign-in, and again after a failure.
 */
export class OidcSignin {
  private readonly config: OidcConfig;
  private readonly redirectUri: string;
  private readonly logger: Logger;
  private readonly flights = new Map<string, OidcFlight>();
  private discovered: Promise<client.Configuration> | undefined;

  /**
   * @param config - the provider (PHD_OIDC_*).
   * @param baseUrl - PHD_BASE_URL; the redirect URI is `{baseUrl}/signin/callback`.
   * @param logger - where failures are logged (never a secret).
   */
  public constructor(config: OidcConfig, baseUrl: string, logger: Logger) {
    this.config = config;
    this.redirectUri = `${baseUrl.replace(/\/+$/, '')}/signin/callback`;
    this.logger = logger;
  }

  /** The provider's name, for the button and the pages. */
  public get name(): string {
    return this.config.name;
  }

  /**
   * Starts a sign-in: remembers state, nonce and the PKCE verifier under a new key.
   * @param next - where to go once signed in.
   * @param invitation - an invitation link's secret to redeem once signed in, if any.
   * @returns the key (for the cookie) and the provider's authorization URL to redirect to.
   */
  public async start(next: string, invitation: string | undefined): Promise<{ key: string; url: string }> {
    const configuration = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const flight: OidcFlight = { state: client.randomState(), nonce: client.randomNonce(), verifier, next, invitation, expiresAt: Date.now() + FLIGHT_TTL_MS };
    const key = randomBytes(32).toString('base64url');
    this.sweep();
    this.flights.set(key, flight);
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: flight.state,
      nonce: flight.nonce,
    });
    return { key, url: url.href };
  }

  /**
   * Finishes a sign-in at the callback: the flight of the browser's key (used once), the code
   * exchanged and the ID token checked (issuer, audience, nonce, state, PKCE), the claims read (and
   * userinfo's, when the ID token lacks a name or ORCID iD).
   * @param key - the browser's flight key (from its cookie), if any.
   * @param query - the callback's query string (with `?`).
   * @returns who signed in, and the flight (next, invitation).
   * @throws OidcSigninError with a page's status and words.
   */
  public async finish(key: string | undefined, query: string): Promise<{ identity: OidcIdentity; flight: OidcFlight }> {
    const flight = key === undefined ? undefined : this.flights.get(key);
    if (key !== undefined) this.flights.delete(key);
    if (flight === undefined || flight.expiresAt <= Date.now()) {
      throw new OidcSigninError(400, `This sign-in with ${this.config.name} was not started in this browser, or took longer than ten minutes. Start again from the sign-in page.`);
    }
    const params = new URLSearchParams(query);
    const refused = params.get('error');
    if (refused !== null) {
      throw new OidcSigninError(401, `${this.config.name} did not sign you in (${(params.get('error_description') ?? refused).slice(0, 300)}). Nothing was changed; you can try again.`);
    }
    const configuration = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, new URL(`${this.redirectUri}${query}`), {
        pkceCodeVerifier: flight.verifier, expectedState: flight.state, expectedNonce: flight.nonce, idTokenExpected: true,
      });
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'OpenID Connect callback refused');
      throw new OidcSigninError(401, `The answer from ${this.config.name} could not be checked, so you were not signed in. Start again from the sign-in page.`);
    }
    const idClaims = tokens.claims();
    if (idClaims === undefined) throw new OidcSigninError(401, `${this.config.name} gave no ID token, so you were not signed in.`);
    let claims: Record<string, unknown> = { ...idClaims };
    if ((claims.name === undefined || orcidOf(idClaims.iss, claims) === undefined) && configuration.serverMetadata().userinfo_endpoint !== undefined) {
      try {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), ...claims };
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'OpenID Connect userinfo not read');
      }
    }
    return { flight, identity: { issuer: idClaims.iss, subject: idClaims.sub, orcid: orcidOf(idClaims.iss, claims), name: nameOf(claims, idClaims.sub) } };
  }

  /** The provider's configuration, discovered once; a failed discovery is tried again next time. */
  private async configuration(): Promise<client.Configuration> {
    this.discovered ??= client.discovery(new URL(this.config.issuer), this.config.clientId, this.config.clientSecret, undefined, {
      // An http issuer is accepted by the configuration only on loopback (a provider on this machine, tests):
      // the one case openid-client's allowInsecureRequests (deprecated to stand out) is meant for.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      ...(this.config.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    try {
      return await this.discovered;
    } catch (error) {
      this.discovered = undefined;
      this.logger.warn({ issuer: this.config.issuer, err: error instanceof Error ? error.message : String(error) }, 'OpenID Connect provider unreachable');
      throw new OidcSigninError(503, `${this.config.name} (the sign-in provider) could not be reached. Try again in a minute; if it keeps failing, tell the administrator.`);
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, flight] of this.flights) if (flight.expiresAt <= now) this.flights.delete(key);
    while (this.flights.size >= MAX_FLIGHTS) {
      const oldest = this.flights.keys().next().value;
      if (oldest === undefined) break;
      this.flights.delete(oldest);
    }
  }
}

/** The cookie holding a browser's sign-in flight key (its lifetime is {@link OIDC_FLIGHT_TTL_MS}). */
export const OIDC_FLIGHT_COOKIE = 'phd_oidc';

/** How long a sign-in at the provider may take. */
export const OIDC_FLIGHT_TTL_MS = FLIGHT_TTL_MS;
