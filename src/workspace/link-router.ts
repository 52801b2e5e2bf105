import express from 'express';
import type { Request, Response, Router } from 'express';
import type { LinkGrant } from '../accounts/index.js';
import { sendPage } from '../http/index.js';
import { formCsrf } from './csrf.js';
import { invitationNamePage, linkButtonPage } from './link-page.js';
import { sendNotice } from './notice-page.js';
import type { SigninLimiter } from './signin-limiter.js';
import type { OidcSignin } from './oidc-client.js';
import { redirectToProvider } from './oidc-router.js';
import { adminSet } from './load-viewer.js';
import { isAdminGrant } from './signin-link.js';
import { startSession } from './start-session.js';
import { INVITATION_WITHDRAWN, inviterMayInvite, joinByInvitation, sendInvitationOutcome } from './team-invitation.js';
import { viewerOf } from './viewer.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** How long the link re-issued for the rest of an invitation (the name form, the provider's round trip) lasts. */
const FOLLOW_UP_TTL_MS = 3_600_000;

const REFUSALS = {
  unknown: { status: 404, title: 'This sign-in link is not known here', message: 'Check that you copied the whole link. If you did, ask whoever gave it to you for a new one.' },
  used: { status: 410, title: 'This sign-in link has already been used', message: 'Each link works once. If you did not use it yourself, tell whoever gave it to you; either way, ask them for a new one.' },
  expired: { status: 410, title: 'This sign-in link has expired', message: 'Links work for a limited time. Ask whoever gave it to you for a new one.' },
} as const;

/** A name a person gives: trimmed, 1 to 200 characters, no control characters. */
function nameError(name: string): string | undefined {
  if (name === '') return 'Enter your name.';
  if (name.length > 200) return 'Your name is longer than 200 characters; shorten it.';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'Your name holds control characters; type it again.';
  return undefined;
}

/**
 * One-time links: GET `/signin/link/{token}` shows a button (opening the link uses nothing up), POST
 * redeems it (once: the store marks it used in the same transaction). A person's link signs them
 * in; the administrator's (neither person nor facility) opens an administrator session; an
 * invitation (facility and role) lets a signed-in person join the team, or — with a provider — sends
 * the person to sign in there first and joins them after, or — without one — asks their name, adds
 * them, and signs them in. Used, expired and unknown links answer a page in words (410, 404).
 * @param deps - the services.
 * @param oidc - the provider sign-in, when configured.
 * @param limit - the sign-in attempts limiter.
 * @returns the router.
 */
export function linkRouter(deps: WorkspaceDeps, oidc: OidcSignin | undefined, limit: SigninLimiter): Router {
  const { config, people, sessions, logger } = deps;
  const admins = adminSet(config.workspace.admins);
  const router = express.Router();
  const route = `${WORKSPACE_PATHS.signinLink}/:token`;
  const action = (token: string): string => `${WORKSPACE_PATHS.signinLink}/${encodeURIComponent(token)}`;

  router.get(route, (req, res) => {
    sendPage(res, 200, workspacePage({ title: 'Sign in', viewer: viewerOf(res), main: linkButtonPage({ action: action(String(req.params.token)), csrf: formCsrf(req, res, config) }) }));
  });

  router.post(route, limit, async (req, res) => {
    const redeemed = sessions.redeemLink(String(req.params.token));
    if (!redeemed.ok) {
      const refusal = REFUSALS[redeemed.reason];
      logger.info({ reason: redeemed.reason }, 'one-time link refused');
      sendNotice(res, refusal.status, { title: refusal.title, message: refusal.message, next: { href: WORKSPACE_PATHS.signin, label: 'Go to the sign-in page' } });
      return;
    }
    const { grant } = redeemed;
    if (isAdminGrant(grant)) {
      startSession(req, res, deps, { kind: 'admin' });
      res.redirect(303, WORKSPACE_PATHS.home);
      return;
    }
    if (grant.person !== undefined) {
      signInPerson(req, res, grant, grant.person);
      return;
    }
    await acceptInvitation(req, res, grant);
  });

  function signInPerson(req: Request, res: Response, grant: LinkGrant, id: string): void {
    const person = people.get(id);
    if (person === undefined || person.disabledAt !== undefined) {
      sendNotice(res, 410, { title: 'This link can no longer be used', message: 'The person it was made for has been disabled or removed. Ask the administrator.', next: { href: WORKSPACE_PATHS.signin, label: 'Go to the sign-in page' } });
      return;
    }
    if (grant.facility === undefined || grant.role === undefined) {
      startSession(req, res, deps, { kind: 'person', person: person.id });
      res.redirect(303, WORKSPACE_PATHS.home);
      return;
    }
    const invitation = { facility: grant.facility, role: grant.role, createdBy: grant.createdBy };
    if (!inviterMayInvite(people, admins, invitation)) {
      refuseWithdrawn(res, invitation);
      return;
    }
    startSession(req, res, deps, { kind: 'person', person: person.id });
    sendInvitationOutcome(res, grant.facility, joinByInvitation(people, admins, invitation, person.id));
  }

  function refuseWithdrawn(res: Response, invitation: { facility: string; createdBy: string }): void {
    logger.warn({ facility: invitation.facility, inviter: invitation.createdBy }, 'invitation refused: its maker may no longer invite');
    sendNotice(res, 410, { ...INVITATION_WITHDRAWN, next: { href: WORKSPACE_PATHS.signin, label: 'Go to the sign-in page' } });
  }

  async function acceptInvitation(req: Request, res: Response, grant: LinkGrant): Promise<void> {
    const { facility, role } = grant;
    if (facility === undefined || role === undefined) {
      sendNotice(res, 410, { title: 'This link can no longer be used', message: 'It names a team but no role. Ask whoever gave it to you for a new one.', next: { href: WORKSPACE_PATHS.signin, label: 'Go to the sign-in page' } });
      return;
    }
    const invitation = { facility, role, createdBy: grant.createdBy };
    // Checked before anyone is added or sent to the provider: a dead invitation changes nothing.
    if (!inviterMayInvite(people, admins, invitation)) {
      refuseWithdrawn(res, invitation);
      return;
    }
    const team = workspaceHref(WORKSPACE_PATHS.team, { facility });
    const viewer = viewerOf(res);
    if (viewer?.person !== undefined) {
      const outcome = joinByInvitation(people, admins, invitation, viewer.person.id);
      logger.info({ person: viewer.person.id, facility, role, outcome: outcome.kind }, 'invitation accepted');
      sendInvitationOutcome(res, facility, outcome);
      return;
    }
    const body = (req.body as Record<string, unknown> | undefined) ?? {};
    const name = typeof body.name === 'string' ? body.name.trim() : undefined;
    const error = name === undefined ? undefined : nameError(name);
    if (oidc === undefined && name !== undefined && error === undefined) {
      const person = people.create({ name });
      joinByInvitation(people, admins, invitation, person.id);
      logger.info({ person: person.id, facility, role }, 'invitation accepted by a new person');
      startSession(req, res, deps, { kind: 'person', person: person.id });
      res.redirect(303, team);
      return;
    }
    // The link just redeemed is used up; what is left of the invitation travels as a new one-time link.
    const followUp = sessions.createLink(grant, Math.min(FOLLOW_UP_TTL_MS, config.workspace.linkTtlMs));
    if (oidc !== undefined) {
      await redirectToProvider(res, deps, oidc, team, followUp.token);
      return;
    }
    const page = invitationNamePage({ action: action(followUp.token), csrf: formCsrf(req, res, config), name: name ?? '', error });
    sendPage(res, error === undefined ? 200 : 422, workspacePage({ title: 'Join the team', viewer: undefined, main: page }));
  }

  return router;
}
