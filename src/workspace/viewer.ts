import type { Response } from 'express';
import type { Membership, Person, Session } from '../accounts/index.js';
import { adminPrincipal, personPrincipal } from '../domain/index.js';
import type { Principal, TeamRole } from '../domain/index.js';

/** Who is signed in to the workspace, as the session middleware found them. */
export interface Viewer {
  readonly session: Session;
  /** The person; undefined for a session opened with PHD_ADMIN_TOKEN. */
  readonly person: Person | undefined;
  /** An administrator: the admin-token session, or a person listed in PHD_ADMINS. */
  readonly admin: boolean;
  /** The name shown in the header (`Administrator` for the admin-token session). */
  readonly name: string;
  /** The person's teams (none for the admin-token session). */
  readonly memberships: readonly Membership[];
}

/**
 * @param res - a response the session middleware saw.
 * @returns the signed-in viewer, or undefined when nobody is signed in.
 */
export function viewerOf(res: Response): Viewer | undefined {
  return res.locals.viewer as Viewer | undefined;
}

/**
 * @param viewer - who is signed in.
 * @param facility - a facility IRI.
 * @returns the viewer's role in that facility's team (an administrator counts as a manager), or undefined.
 */
export function roleIn(viewer: Viewer, facility: string | undefined): TeamRole | undefined {
  if (viewer.admin) return 'manager';
  if (facility === undefined) return undefined;
  return viewer.memberships.find((m) => m.facility === facility)?.role;
}

/**
 * The principal a workspace write acts as: the administrator, or the person as a member of the
 * facility's team (the team that will own a shared record the person creates). A person acting in no
 * team (facility undefined) may create shared records and a facility (see RecordService.authorize).
 * @param viewer - who is signed in.
 * @param facility - the facility acted for, or undefined.
 * @returns the principal, or undefined when the person is not in that facility's team.
 */
export function principalFor(viewer: Viewer, facility: string | undefined): Principal | undefined {
  if (viewer.admin) return adminPrincipal(viewer.person === undefined ? 'admin' : `person:${viewer.person.id}`);
  if (viewer.person === undefined) return undefined;
  if (facility === undefined) return personPrincipal(viewer.person.id, undefined, 'editor');
  const role = roleIn(viewer, facility);
  return role === undefined ? undefined : personPrincipal(viewer.person.id, facility, role);
}
