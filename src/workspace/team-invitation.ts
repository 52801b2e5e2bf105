import type { Response } from 'express';
import type { PeopleRegistry } from '../accounts/index.js';
import type { TeamRole } from '../domain/index.js';
import { isListedAdmin } from './load-viewer.js';
import { sendNotice } from './notice-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** An invitation's grant: a team, a role, and who made it. */
export interface TeamInvitation {
  readonly facility: string;
  readonly role: TeamRole;
  /** The actor who made the link (`admin`, `person:{id}`). */
  readonly createdBy: string;
}

/** What redeeming an invitation did. */
export type InvitationOutcome =
  /** The person is now a member with the invitation's role (or was already). */
  | { readonly kind: 'joined'; readonly role: TeamRole }
  /** The person already had a higher role, which an invitation never lowers: nothing changed. */
  | { readonly kind: 'kept'; readonly role: TeamRole; readonly offered: TeamRole }
  /** Whoever made it may no longer invite to this team: nothing changed. */
  | { readonly kind: 'refused' };

/** The rank of a role: an invitation may raise a role, never lower it. */
const RANK: Readonly<Record<TeamRole, number>> = { editor: 1, manager: 2 };

/**
 * Whether an invitation's maker may still invite to its team: the administrator (`admin`), or a
 * person who is enabled and still a manager of the facility or listed in PHD_ADMINS. Checked when
 * the invitation is redeemed, so removing a manager (or disabling them) also ends the links they
 * made, and a link never grants more than its maker could grant today.
 * @param people - the people registry.
 * @param admins - `adminSet` of PHD_ADMINS.
 * @param invitation - the link's grant.
 * @returns whether the invitation may be honoured.
 */
export function inviterMayInvite(people: PeopleRegistry, admins: ReadonlySet<string>, invitation: TeamInvitation): boolean {
  if (invitation.createdBy === 'admin') return true;
  const id = invitation.createdBy.startsWith('person:') ? invitation.createdBy.slice('person:'.length) : undefined;
  const inviter = id === undefined ? undefined : people.get(id);
  if (inviter === undefined || inviter.disabledAt !== undefined) return false;
  if (isListedAdmin(inviter, admins)) return true;
  return people.memberships(inviter.id).some((m) => m.facility === invitation.facility && m.role === 'manager');
}

/**
 * Lets a person join a team by invitation: refused when its maker may no longer invite (see
 * {@link inviterMayInvite}); a person already in the team keeps a higher role (a manager who opens
 * an editor invitation stays manager); otherwise the membership is set to the invitation's role.
 * @param people - the people registry.
 * @param admins - `adminSet` of PHD_ADMINS.
 * @param invitation - the link's grant.
 * @param person - the person's id.
 * @returns what was done.
 */
export function joinByInvitation(people: PeopleRegistry, admins: ReadonlySet<string>, invitation: TeamInvitation, person: string): InvitationOutcome {
  if (!inviterMayInvite(people, admins, invitation)) return { kind: 'refused' };
  const current = people.memberships(person).find((m) => m.facility === invitation.facility);
  if (current !== undefined && RANK[current.role] > RANK[invitation.role]) return { kind: 'kept', role: current.role, offered: invitation.role };
  if (current?.role !== invitation.role) people.setMembership(invitation.facility, person, invitation.role, invitation.createdBy);
  return { kind: 'joined', role: invitation.role };
}

/** The words of a refused invitation (its maker may no longer invite): nothing was changed. */
export const INVITATION_WITHDRAWN = {
  title: 'This invitation can no longer be used',
  message: 'Whoever made it is no longer a manager of this team, so it does not work any more. Nothing was changed. Ask a manager of the team for a new invitation.',
} as const;

/**
 * Answers a redeemed invitation: 303 to the team's page once joined; a page in words when a higher
 * role was kept (200) or the invitation was refused (410).
 * @param res - the response.
 * @param facility - the team's facility.
 * @param outcome - what {@link joinByInvitation} did.
 */
export function sendInvitationOutcome(res: Response, facility: string, outcome: InvitationOutcome): void {
  const team = workspaceHref(WORKSPACE_PATHS.team, { facility });
  if (outcome.kind === 'joined') {
    res.redirect(303, team);
  } else if (outcome.kind === 'kept') {
    sendNotice(res, 200, {
      title: `You stay a ${outcome.role} of this team`,
      message: `The invitation was for an ${outcome.offered}; an invitation never lowers a role, so you are still a ${outcome.role}. Nothing was changed.`,
      next: { href: team, label: 'Go to the team' },
    });
  } else {
    sendNotice(res, 410, { ...INVITATION_WITHDRAWN, next: { href: WORKSPACE_PATHS.home, label: 'Go to the workspace' } });
  }
}
