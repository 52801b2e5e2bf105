import type { Request, Response } from 'express';
import type { SessionSubject } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { clearWorkspaceCookie, cookieOf, presessionCookieName, sessionCookieName, setWorkspaceCookie } from './session-cookie.js';

/** How often sign-ins prune ended and expired sessions and links. */
const PRUNE_EVERY_MS = 10 * 60_000;
const lastPrune = new WeakMap<WorkspaceDeps['sessions'], number>();

/**
 * Signs someone in: a NEW session with a fresh secret, whatever session cookie the browser
 * presented (that one is ended), so a session id planted in the browser before sign-in is never the
 * signed-in session (session fixation). The pre-session cookie is dropped; ended and expired
 * sessions are pruned from time to time.
 * @param req - the sign-in request.
 * @param res - its response (the cookie is set on it).
 * @param deps - config, sessions, logger.
 * @param subject - whose session it is.
 */
export function startSession(req: Request, res: Response, deps: Pick<WorkspaceDeps, 'config' | 'sessions' | 'logger'>, subject: SessionSubject): void {
  const { config, sessions } = deps;
  const name = sessionCookieName(config);
  const presented = cookieOf(req, name);
  if (presented !== undefined) sessions.end(presented);
  const userAgent = req.get('user-agent');
  const { token, session } = sessions.create(subject, { ttlMs: config.workspace.sessionTtlMs, ...(userAgent === undefined ? {} : { userAgent: userAgent.slice(0, 300) }) });
  setWorkspaceCookie(res, config, { name, value: token, maxAgeMs: config.workspace.sessionTtlMs });
  clearWorkspaceCookie(res, config, presessionCookieName(config));
  res.locals.viewer = undefined;
  deps.logger.info({ session: session.id, subject: subject.kind === 'admin' ? 'admin' : `person:${subject.person}` }, 'signed in');
  const now = Date.now();
  if (now - (lastPrune.get(sessions) ?? 0) > PRUNE_EVERY_MS) {
    lastPrune.set(sessions, now);
    const pruned = sessions.prune();
    if (pruned > 0) deps.logger.debug({ pruned }, 'ended and expired sessions and links pruned');
  }
}

/**
 * Signs out: ends the presented session and removes the cookie.
 * @param req - the request.
 * @param res - the response.
 * @param deps - config and sessions.
 */
export function endSession(req: Request, res: Response, deps: { readonly config: Config; readonly sessions: WorkspaceDeps['sessions'] }): void {
  const name = sessionCookieName(deps.config);
  const presented = cookieOf(req, name);
  if (presented !== undefined) deps.sessions.end(presented);
  clearWorkspaceCookie(res, deps.config, name);
  res.locals.viewer = undefined;
}
