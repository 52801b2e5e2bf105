import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { sendPage } from '../http/index.js';
import { acceptCsrfTokens, checkCsrf, originAllowed, presessionToken, refuseForm } from './csrf.js';
import { linkRouter } from './link-router.js';
import { adminSet, loadViewer } from './load-viewer.js';
import { OidcSignin } from './oidc-client.js';
import { oidcRouter } from './oidc-router.js';
import { localPath, requireViewer } from './require-viewer.js';
import { cookieOf, sessionCookieName } from './session-cookie.js';
import { signinLimiter } from './signin-limiter.js';
import { signinPage } from './signin-page.js';
import { endSession, startSession } from './start-session.js';
import { viewerOf } from './viewer.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** The paths whose requests the session layer reads the session of, and whose POSTs it guards. */
const SESSION_SCOPE = [WORKSPACE_PATHS.home, WORKSPACE_PATHS.signin, WORKSPACE_PATHS.signout];

/**
 * The paths whose forms are `multipart/form-data` (uploads): their `_csrf` field can be read only
 * once multer has parsed the body, so their router calls {@link checkCsrf} itself. A multipart POST
 * anywhere else is refused.
 */
const MULTIPART_PATHS: ReadonlySet<string> = new Set([WORKSPACE_PATHS.upload]);

/** The sign-out forms, which need no CSRF token when there is no live session to end. */
const SIGNOUT_PATHS: ReadonlySet<string> = new Set([WORKSPACE_PATHS.signout, WORKSPACE_PATHS.signoutEverywhere]);

/** Express matches paths case-insensitively and ignores a trailing slash: compare them the same way. */
function routeKey(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '');
}

function formBody(req: Request): Record<string, unknown> {
  return (req.body as Record<string, unknown> | undefined) ?? {};
}

/**
 * The workspace's session layer and sign-in, mounted first by {@link workspaceRouter}:
 *
 * - for every request under /workspace, /signin and /signout: reads the session cookie, and sets
 *   `res.locals.viewer` (see `viewerOf`) for a live session of an enabled person or the
 *   administrator;
 * - for every POST (any method but GET, HEAD, OPTIONS) there: refuses a foreign `Origin` (403),
 *   parses an urlencoded body (`req.body` is then ready for the routers after this one), answers 401
 *   under /workspace when nobody is signed in, and refuses (403) a `_csrf` field that is not the
 *   session's token (or, for a signed-out form, the pre-session cookie's). Nothing is acted on when
 *   a POST is refused. Multipart uploads are checked by their router with `checkCsrf` after multer;
 * - GET/POST /signin (the administrator token), POST /signout, POST /signout/everywhere (both, with
 *   no live session, need no CSRF token: they only clear the cookie and go to /signin);
 * - sign-in with the OpenID Connect provider (oidcRouter) and with one-time links (linkRouter).
 * @param deps - the services.
 * @returns the router.
 */
export function sessionRouter(deps: WorkspaceDeps): Router {
  const { config, sessions, people, logger } = deps;
  const admins = adminSet(config.workspace.admins);
  const urlencoded = express.urlencoded({ extended: false, limit: config.maxBodyBytes });
  const limitSignins = signinLimiter({ perMinute: config.workspace.signinPerMinute });
  const router = express.Router();

  router.use(SESSION_SCOPE, (req, res, next) => {
    // Pages of a session are nobody else's: not cached, not framed (clickjacking), and their URLs
    // (one-time links) are not sent on as a Referer to other sites. `same-origin`, not `no-referrer`:
    // under no-referrer a browser sends `Origin: null` with the page's own form POSTs, which the
    // Origin check refuses.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    const token = cookieOf(req, sessionCookieName(config));
    const session = token === undefined ? undefined : sessions.find(token);
    res.locals.viewer = session === undefined ? undefined : loadViewer(session, people, admins);
    next();
  });

  const unsafe = (req: Request): boolean => req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
  const multipart = (req: Request): boolean => typeof req.is('multipart/form-data') === 'string';

  router.use(SESSION_SCOPE, (req: Request, res: Response, next: NextFunction) => {
    if (!unsafe(req)) {
      next();
      return;
    }
    const path = routeKey(req.baseUrl + req.path);
    if (!originAllowed(req, config.baseUrl)) {
      logger.warn({ path, origin: req.get('origin')?.slice(0, 200) }, 'cross-site form refused');
      refuseForm(res, 'This form was sent from another site, not from this service\'s own pages, so it was refused and nothing was changed.');
      return;
    }
    if (multipart(req) && !MULTIPART_PATHS.has(path)) {
      refuseForm(res, 'This address takes no file uploads; nothing was changed.');
      return;
    }
    next();
  });
  // Parsed once here, so the routers after this one find `req.body` ready (only urlencoded bodies).
  router.use(SESSION_SCOPE, urlencoded);
  router.use(SESSION_SCOPE, (req: Request, res: Response, next: NextFunction) => {
    if (!unsafe(req)) {
      next();
      return;
    }
    acceptCsrfTokens(req, res, config);
    const path = routeKey(req.baseUrl + req.path);
    if ((path === WORKSPACE_PATHS.home || path.startsWith(`${WORKSPACE_PATHS.home}/`)) && viewerOf(res) === undefined) {
      requireViewer(req, res, next);
      return;
    }
    // Signing out with no live session (it expired, or was ended elsewhere) acts on nobody: it only
    // clears the browser's cookie, so it needs no token — the page that sent it may be hours old.
    // With a live session the token is checked as for any form: a foreign page cannot sign one out.
    if (SIGNOUT_PATHS.has(path) && viewerOf(res) === undefined) {
      next();
      return;
    }
    // A multipart body is not parsed yet: its router checks the token after multer (checkCsrf).
    if (multipart(req) || checkCsrf(req, res)) next();
  });

  router.get(WORKSPACE_PATHS.signin, (req, res) => {
    const next = localPath(req.query.next);
    if (viewerOf(res) !== undefined) {
      res.redirect(303, next);
      return;
    }
    sendSignin(req, res, 200, next, undefined);
  });

  router.post(WORKSPACE_PATHS.signin, limitSignins, (req, res) => {
    const body = formBody(req);
    const next = localPath(body.next);
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const check = token === '' ? undefined : deps.tokens.check(token);
    if (check === undefined || !check.ok || !check.principal.admin) {
      // Counted by the limiter; logged without the token, for the operator to see guessing.
      logger.warn({ ip: req.ip, reason: check === undefined ? 'empty' : check.ok ? 'not-admin' : check.reason }, 'administrator sign-in refused');
      const error = token === '' ? 'Enter the administrator token.' : check?.ok === true ? 'That is an API token, not the administrator token: API tokens are for scripts and do not sign in to the workspace.' : 'That is not the administrator token. Check it (it is the PHD_ADMIN_TOKEN the service was started with) and try again.';
      sendSignin(req, res, token === '' ? 422 : 401, next, error);
      return;
    }
    startSession(req, res, deps, { kind: 'admin' });
    res.redirect(303, next);
  });

  router.post(WORKSPACE_PATHS.signout, (req, res) => {
    endSession(req, res, deps);
    res.redirect(303, WORKSPACE_PATHS.signin);
  });

  router.post(WORKSPACE_PATHS.signoutEverywhere, (req, res) => {
    const viewer = viewerOf(res);
    if (viewer !== undefined) {
      const ended = sessions.endAll(viewer.session.subject);
      logger.info({ ended, subject: viewer.person === undefined ? 'admin' : `person:${viewer.person.id}` }, 'signed out everywhere');
    }
    endSession(req, res, deps);
    res.redirect(303, WORKSPACE_PATHS.signin);
  });

  const oidc = config.workspace.oidc === undefined ? undefined : new OidcSignin(config.workspace.oidc, config.baseUrl, logger, config.workspace.trustOrcidClaim);
  if (oidc !== undefined) router.use(oidcRouter(deps, oidc, limitSignins));
  router.use(linkRouter(deps, oidc, limitSignins));

  function sendSignin(req: Request, res: Response, status: number, next: string, error: string | undefined): void {
    const main = signinPage({ csrf: presessionToken(req, res, config), next, providerName: config.workspace.oidc?.name, adminToken: config.adminToken !== undefined, error });
    sendPage(res, status, workspacePage({ title: 'Sign in', viewer: undefined, main }));
  }

  return router;
}
