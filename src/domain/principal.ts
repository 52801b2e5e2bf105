/**
 * Who a write acts as: the administrator (PHD_ADMIN_TOKEN, an operator at the command line, or a
 * person listed in PHD_ADMINS signed in to the workspace) or a member of a facility's team — through
 * an API token of that facility, or a person signed in to the workspace acting for one of the
 * facilities they belong to. A member without a facility (a person who belongs to no team yet, or a
 * token of shared records only) writes only shared records (models, organizations, people,
 * publications) and changes only those it created (DESIGN §2); a shared record created by a member of
 * a facility belongs to that facility's team.
 *
 * `admin` is the discriminant, so a check of `principal.admin` narrows to one kind.
 */
export type Principal = AdminPrincipal | MemberPrincipal;

/**
 * A role in a facility's team. A manager manages the members and the API tokens, mints and publishes
 * PIDs and withdraws records; an editor writes records.
 */
export type TeamRole = 'manager' | 'editor';

/** The roles, most powerful first. */
export const TEAM_ROLES: readonly TeamRole[] = ['manager', 'editor'];

/** The administrator: writes every record. */
export interface AdminPrincipal {
  /**
   * Who acts, as recorded in `createdBy` and in the history: `admin` for PHD_ADMIN_TOKEN (and a
   * workspace session opened with it), `import` for the CLI importer, `person:{id}` for an
   * administrator signed in as a person.
   */
  readonly id: string;
  readonly admin: true;
  readonly facility: undefined;
}

/** A member of a facility's team (or of none), acting through an API token or a workspace session. */
export interface MemberPrincipal {
  /** The actor recorded as `createdBy` and in the history: the token id, or `person:{id}` for a signed-in person. */
  readonly id: string;
  readonly admin: false;
  /** The IRI of the facility acted for; undefined for a token of shared records only, or a person in no team. */
  readonly facility: string | undefined;
  /** The role in that facility's team. API tokens act as managers (they mint and withdraw, as before teams). */
  readonly role: TeamRole;
  /** The person's id, for a signed-in person; undefined for an API token. */
  readonly person: string | undefined;
}

/** @deprecated The name of {@link MemberPrincipal} before teams; an API token is a member principal. */
export type TokenPrincipal = MemberPrincipal;

/**
 * The administrator principal.
 * @param id - who acts (`admin` for PHD_ADMIN_TOKEN).
 * @returns the principal.
 */
export function adminPrincipal(id: string): AdminPrincipal {
  return { id, admin: true, facility: undefined };
}

/**
 * The principal of an API token.
 * @param id - the token id.
 * @param facility - the facility IRI it writes for, if any.
 * @returns the principal; a token acts as a manager of its facility.
 */
export function tokenPrincipal(id: string, facility: string | undefined): MemberPrincipal {
  return { id, admin: false, facility, role: 'manager', person: undefined };
}

/**
 * The principal of a signed-in person acting for a facility.
 * @param person - the person's id (see accounts/).
 * @param facility - the facility acted for (undefined: a person in no team, who may create shared records).
 * @param role - the person's role in that facility's team.
 * @returns the principal, recorded as `person:{id}`.
 */
export function personPrincipal(person: string, facility: string | undefined, role: TeamRole): MemberPrincipal {
  return { id: `person:${person}`, admin: false, facility, role, person };
}

/**
 * @param actor - an actor as recorded (`createdBy`, a revision's actor).
 * @returns the person's id when the actor is a signed-in person (`person:{id}`), else undefined.
 */
export function personOfActor(actor: string): string | undefined {
  return actor.startsWith('person:') ? actor.slice('person:'.length) : undefined;
}
