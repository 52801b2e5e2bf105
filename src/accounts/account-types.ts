import type { TeamRole } from '../domain/index.js';

/**
 * A person known to the workspace: signed in through an OpenID Connect provider (known by their ORCID
 * iD where the provider gives one, else by issuer + subject), or added by the administrator and
 * signed in with one-time links.
 */
export interface Person {
  /** Opaque id (12 lower-case letters and digits); actors are recorded as `person:{id}`. */
  readonly id: string;
  /** The name shown in the workspace and in histories. */
  readonly name: string;
  /** The canonical ORCID iD IRI (`https://orcid.org/…`), when known. */
  readonly orcid: string | undefined;
  /** The OpenID Connect issuer and subject the person signs in as, once they have. */
  readonly issuer: string | undefined;
  readonly subject: string | undefined;
  readonly createdAt: string;
  /** Set when the administrator disabled the person: no sign-in, every session ended. */
  readonly disabledAt: string | undefined;
}

/** A person's place in a facility's team. */
export interface Membership {
  /** The facility's canonical IRI. */
  readonly facility: string;
  readonly person: string;
  readonly role: TeamRole;
  readonly since: string;
  /** Who added them (an actor: `admin`, `person:{id}`). */
  readonly addedBy: string;
}

/** Whose a session is: the administrator signed in with PHD_ADMIN_TOKEN, or a person. */
export type SessionSubject = { readonly kind: 'admin' } | { readonly kind: 'person'; readonly person: string };

/** A workspace session, as stored (the cookie holds a secret whose hash is the key; never stored). */
export interface Session {
  /** Internal id (not the cookie's secret), for listing and ending sessions. */
  readonly id: string;
  readonly subject: SessionSubject;
  /** The session's CSRF token, put in every form it is shown and checked on every POST. */
  readonly csrf: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** What a one-time link grants when it is redeemed. */
export interface LinkGrant {
  /** Sign in as this person (a link the administrator or a manager handed over). */
  readonly person: string | undefined;
  /** Join this facility's team with {@link role} (an invitation), once signed in. */
  readonly facility: string | undefined;
  readonly role: TeamRole | undefined;
  /** Who created the link (an actor). */
  readonly createdBy: string;
}

/** Why a one-time link is refused. */
export type LinkRefusal = 'unknown' | 'used' | 'expired';

/** People and the teams they belong to (SQLite, beside the records). */
export interface PeopleRegistry {
  /**
   * Adds a person.
   * @param person - name, and the ORCID iD and OIDC identity when known.
   * @returns the new person.
   */
  create(person: { name: string; orcid?: string; issuer?: string; subject?: string }): Person;
  get(id: string): Person | undefined;
  byIdentity(issuer: string, subject: string): Person | undefined;
  /** @param orcid - canonical ORCID IRI. */
  byOrcid(orcid: string): Person | undefined;
  list(): Person[];
  /** Changes a person's name, ORCID iD, or OIDC identity (first sign-in of an added person). */
  update(id: string, changes: { name?: string; orcid?: string; issuer?: string; subject?: string }): Person;
  /** Disables a person (`disabledAt`); the caller ends their sessions. */
  disable(id: string): boolean;
  memberships(person: string): Membership[];
  members(facility: string): Membership[];
  /** Adds a person to a team or changes their role (one membership per person and facility). */
  setMembership(facility: string, person: string, role: TeamRole, addedBy: string): Membership;
  removeMembership(facility: string, person: string): boolean;
}

/** Workspace sessions and one-time sign-in links (SQLite; secrets stored hashed). */
export interface SessionStore {
  /**
   * Opens a session (a fresh secret every time: a sign-in never reuses an earlier session id).
   * @returns the secret for the cookie, and the session.
   */
  create(subject: SessionSubject, options: { ttlMs: number; userAgent?: string }): { token: string; session: Session };
  /** @returns the live session of a cookie secret (not expired, not ended), or undefined. */
  find(token: string): Session | undefined;
  /** Ends one session (sign-out). */
  end(token: string): void;
  /** Ends every session of a subject (sign out everywhere, a disabled person); returns how many. */
  endAll(subject: SessionSubject): number;
  /** @returns the live sessions of a subject, newest first. */
  list(subject: SessionSubject): Session[];
  /**
   * Creates a one-time link.
   * @returns the secret (for `/signin/link/{token}`; shown once) and its expiry.
   */
  createLink(grant: LinkGrant, ttlMs: number): { token: string; expiresAt: string };
  /**
   * Redeems a one-time link: marks it used in the same transaction, so it works once.
   * @returns the grant, or why it is refused.
   */
  redeemLink(token: string): { ok: true; grant: LinkGrant } | { ok: false; reason: LinkRefusal };
  /**
   * Cancels (marks used) the unused administrator links — neither person nor facility — that
   * `createdBy` made, so only the newest one works (`serve` makes one at each start).
   * @returns how many were cancelled.
   */
  cancelAdminLinks(createdBy: string): number;
  /** Removes expired sessions and links (run from time to time). */
  prune(): number;
}
