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
  /** The canonical ORCID iD IRI, when it is trusted (ORCID's own `sub`, or an `orcid` claim the operator trusts). */
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

/** ORCID's own issuers: their subjects are ORCID iDs, vouched for by ORCID. */
const ORCID_ISSUER = /^https:\/\/(sandbox\.)?orcid\.org\/?$/;

/**
 * The canonical ORCID iD of a signed-in identity, when it can be trusted: the subject itself when
 * the issuer is ORCID (orcid.org or its sandbox); an `orcid` claim (any accepted spelling) only when
 * the operator said this provider verifies the iDs it hands out (PHD_OIDC_TRUST_ORCID_CLAIM) —
 * otherwise anyone with an account at the provider could claim someone else's iD.
 * @param issuer - the issuer.
 * @param claims - the ID token's and userinfo's claims.
 * @param trustClaim - whether an `orcid` claim from a provider other than ORCID is trusted.
 * @returns the `https://orcid.org/…` IRI, or undefined.
 */
export function orcidOf(issuer: string, claims: Readonly<Record<string, unknown>>, trustClaim = false): string | undefined {
  const candidate = ORCID_ISSUER.test(issuer) ? claimText(claims, 'sub') : trustClaim ? claimText(claims, 'orcid') : undefined;
  return candidate !== undefined && isPid(candidate, 'orcid') ? parsePid(candidate, 'orcid').iri : undefined;
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
 * Finds the person an identity is (by issuer and subject, else by its trusted ORCID iD), completing
 * what is known of them, or adds them on their first sign-in. A person found by ORCID iD who already
 * signs in as someone else (another issuer and subject) is not taken over: the sign-in is refused.
 * @param people - the registry.
 * @param identity - who the provider says signed in (its `orcid` already vetted by {@link orcidOf}).
 * @returns the person (possibly disabled: the caller refuses them).
 * @throws OidcSigninError (409) when the ORCID iD belongs to a person with another sign-in.
 */
export function personFor(people: PeopleRegistry, identity: OidcIdentity): Person {
  const found = people.byIdentity(identity.issuer, identity.subject) ?? (identity.orcid === undefined ? undefined : people.byOrcid(identity.orcid));
  if (found === undefined) {
    return people.create({ name: identity.name, issuer: identity.issuer, subject: identity.subject, ...(identity.orcid === undefined ? {} : { orcid: identity.orcid }) });
  }
  const missingIdentity = found.issuer === undefined || found.subject === undefined;
  if (!missingIdentity && (found.issuer !== identity.issuer || found.subject !== identity.subject)) {
    throw new OidcSigninError(409, `Your ORCID iD ${identity.orcid ?? ''} belongs here to someone who signs in another way, so you were not signed in and nothing was changed. If that is you, sign in the way you did before; otherwise tell the administrator.`);
  }
  const missingOrcid = found.orcid === undefined && identity.orcid !== undefined && people.byOrcid(identity.orcid) === undefined;
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
  private readonly trustOrcidClaim: boolean;
  private readonly flights = new Map<string, OidcFlight>();
  private discovered: Promise<client.Configuration> | undefined;

  /**
   * @param config - the provider (PHD_OIDC_*).
   * @param baseUrl - PHD_BASE_URL; the redirect URI is `{baseUrl}/signin/callback`.
   * @param logger - where failures are logged (never a secret).
   * @param trustOrcidClaim - PHD_OIDC_TRUST_ORCID_CLAIM: whether the provider's `orcid` claim is trusted.
   */
  public constructor(config: OidcConfig, baseUrl: string, logger: Logger, trustOrcidClaim = false) {
    this.config = config;
    this.trustOrcidClaim = trustOrcidClaim;
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
    if ((claims.name === undefined || (this.trustOrcidClaim && orcidOf(idClaims.iss, claims, true) === undefined)) && configuration.serverMetadata().userinfo_endpoint !== undefined) {
      try {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), ...claims };
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'OpenID Connect userinfo not read');
      }
    }
    return { flight, identity: { issuer: idClaims.iss, subject: idClaims.sub, orcid: orcidOf(idClaims.iss, claims, this.trustOrcidClaim), name: nameOf(claims, idClaims.sub) } };
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
