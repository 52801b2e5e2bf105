import express from 'express';
import type { Response, Router } from 'express';
import { OIDC_FLIGHT_COOKIE, OIDC_FLIGHT_TTL_MS, OidcSignin, OidcSigninError, personFor } from './oidc-client.js';
import { adminSet } from './load-viewer.js';
import { sendNotice } from './notice-page.js';
import { joinByInvitation, sendInvitationOutcome } from './team-invitation.js';
import type { SigninLimiter } from './signin-limiter.js';
import { localPath } from './require-viewer.js';
import { clearWorkspaceCookie, cookieOf, setWorkspaceCookie } from './session-cookie.js';
import { startSession } from './start-session.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/**
 * Sends the browser to the provider to sign in (303), the flight's key in a short-lived HttpOnly
 * cookie (SameSite=Lax: the provider's redirect back is a top-level GET, which carries it).
 * @param res - the response.
 * @param deps - config.
 * @param oidc - the provider sign-in.
 * @param next - where to go once signed in.
 * @param invitation - an invitation link's secret to redeem once signed in, if any.
 */
export async function redirectToProvider(res: Response, deps: Pick<WorkspaceDeps, 'config'>, oidc: OidcSignin, next: string, invitation: string | undefined): Promise<void> {
  try {
    const { key, url } = await oidc.start(next, invitation);
    setWorkspaceCookie(res, deps.config, { name: OIDC_FLIGHT_COOKIE, value: key, maxAgeMs: OIDC_FLIGHT_TTL_MS });
    res.redirect(303, url);
  } catch (error) {
    if (!(error instanceof OidcSigninError)) throw error;
    // An invitation's follow-up link is still unused: offer it again rather than lose it.
    const onwards = invitation === undefined ? { href: WORKSPACE_PATHS.signin, label: 'Back to sign-in' } : { href: `${WORKSPACE_PATHS.signinLink}/${encodeURIComponent(invitation)}`, label: 'Try the invitation again' };
    sendNotice(res, error.status, { title: `Sign-in with ${oidc.name} is not available`, message: error.message, next: onwards });
  }
}

/**
 * Sign-in with the OpenID Connect provider: POST /signin/oidc (the button; its CSRF token was
 * checked by the session layer) sends the browser to the provider; GET /signin/callback finishes:
 * the person is found by ORCID iD, else issuer and subject, or added on their first sign-in; a
 * disabled person is refused; then a new session, an invitation the browser brought is redeemed
 * (the person joins the team), and the browser goes to `next`.
 * @param deps - the services.
 * @param oidc - the provider sign-in.
 * @param limit - the sign-in attempts limiter.
 * @returns the router.
 */
export function oidcRouter(deps: WorkspaceDeps, oidc: OidcSignin, limit: SigninLimiter): Router {
  const { config, people, sessions, logger } = deps;
  const admins = adminSet(config.workspace.admins);
  const router = express.Router();

  router.post(WORKSPACE_PATHS.signinOidc, limit, async (req, res) => {
    const body = (req.body as Record<string, unknown> | undefined) ?? {};
    await redirectToProvider(res, deps, oidc, localPath(body.next), undefined);
  });

  router.get(WORKSPACE_PATHS.signinCallback, async (req, res) => {
    const key = cookieOf(req, OIDC_FLIGHT_COOKIE);
    clearWorkspaceCookie(res, config, OIDC_FLIGHT_COOKIE);
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let result: Awaited<ReturnType<OidcSignin['finish']>>;
    try {
      result = await oidc.finish(key, query);
    } catch (error) {
      if (!(error instanceof OidcSigninError)) throw error;
      sendNotice(res, error.status, { title: 'You are not signed in', message: error.message, next: { href: WORKSPACE_PATHS.signin, label: 'Back to sign-in' } });
      return;
    }
    const { identity, flight } = result;
    let person: ReturnType<typeof personFor>;
    try {
      person = personFor(people, identity);
    } catch (error) {
      if (!(error instanceof OidcSigninError)) throw error;
      logger.warn({ issuer: identity.issuer }, 'sign-in refused: its ORCID iD belongs to a person with another sign-in');
      sendNotice(res, error.status, { title: 'You are not signed in', message: error.message, next: { href: WORKSPACE_PATHS.signin, label: 'Back to sign-in' } });
      return;
    }
    if (person.disabledAt !== undefined) {
      logger.warn({ person: person.id }, 'disabled person refused');
      sendNotice(res, 403, { title: 'You cannot sign in', message: 'Your account here has been disabled by the administrator. Ask them if you think this is a mistake.', next: { href: WORKSPACE_PATHS.signin, label: 'Back to sign-in' } });
      return;
    }
    startSession(req, res, deps, { kind: 'person', person: person.id });
    if (flight.invitation === undefined) {
      res.redirect(303, flight.next);
      return;
    }
    const redeemed = sessions.redeemLink(flight.invitation);
    if (!redeemed.ok || redeemed.grant.facility === undefined || redeemed.grant.role === undefined) {
      sendNotice(res, 410, { title: 'You are signed in, but the invitation could not be used', message: 'The invitation expired or was used while you were signing in. Ask whoever invited you for a new one.', next: { href: WORKSPACE_PATHS.home, label: 'Go to the workspace' } });
      return;
    }
    const { facility, role, createdBy } = redeemed.grant;
    const outcome = joinByInvitation(people, admins, { facility, role, createdBy }, person.id);
    logger.info({ person: person.id, facility, role, outcome: outcome.kind }, 'invitation accepted');
    sendInvitationOutcome(res, facility, outcome);
  });

  return router;
}
