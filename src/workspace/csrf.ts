import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config/index.js';
import { sendNotice } from './notice-page.js';
import { cookieOf, presessionCookieName, setWorkspaceCookie } from './session-cookie.js';
import { viewerOf } from './viewer.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** How long a signed-out form (sign-in, one-time link) may be left open before it is sent. */
export const PRESESSION_TTL_MS = 2 * 3_600_000;

/** A pre-session token as this service makes it (32 random bytes, base64url). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Where the session layer leaves the tokens a POST may carry, for {@link checkCsrf}. */
const ACCEPTED = 'phdCsrfAccepted';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Compares two secrets in constant time (their digests have one length whatever the inputs').
 * @param presented - what the form carried.
 * @param expected - the token it must equal.
 * @returns whether they are equal.
 */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The CSRF token a signed-out form carries (double-submit): the value of a short-lived HttpOnly
 * `phd_presession` cookie, set here if the browser has none. A cross-site page can make the browser
 * send the cookie, but cannot read it, so it cannot put the same value in the form.
 * @param req - the request.
 * @param res - the response (the cookie is set on it).
 * @param config - the configuration.
 * @returns the token for the form's `_csrf` field.
 */
export function presessionToken(req: Request, res: Response, config: Config): string {
  const name = presessionCookieName(config);
  const current = cookieOf(req, name);
  if (current !== undefined && TOKEN_SHAPE.test(current)) return current;
  const token = randomBytes(32).toString('base64url');
  setWorkspaceCookie(res, config, { name, value: token, maxAgeMs: PRESESSION_TTL_MS });
  return token;
}

/**
 * The `_csrf` value of a form on this page: the session's token when someone is signed in, else a
 * pre-session token.
 * @param req - the request.
 * @param res - the response.
 * @param config - the configuration.
 * @returns the token.
 */
export function formCsrf(req: Request, res: Response, config: Config): string {
  return viewerOf(res)?.session.csrf ?? presessionToken(req, res, config);
}

/**
 * Records which tokens a POST may carry: the session's, and the pre-session cookie's (signed-out
 * forms). Called by the session layer for every POST it guards.
 * @param req - the request.
 * @param res - the response.
 * @param config - the configuration.
 */
export function acceptCsrfTokens(req: Request, res: Response, config: Config): void {
  const accepted: string[] = [];
  const session = viewerOf(res)?.session.csrf;
  if (session !== undefined) accepted.push(session);
  const presession = cookieOf(req, presessionCookieName(config));
  if (presession !== undefined && TOKEN_SHAPE.test(presession)) accepted.push(presession);
  res.locals[ACCEPTED] = accepted;
}

/**
 * Checks a POST's `_csrf` field against the session's token (or the pre-session cookie's, for a
 * signed-out form) and answers 403 with a page in words when it does not match. The session layer
 * calls it for every urlencoded POST under /workspace, /signin and /signout; a router that reads a
 * multipart body (uploads, with multer) must call it itself after multer has parsed the body, and
 * stop when it returns false.
 * @param req - the request, its body parsed.
 * @param res - the response.
 * @returns whether the form may be acted on; when false, the refusal has been sent.
 * @example
 * upload.single('file')(req, res, () => { if (!checkCsrf(req, res)) return; … });
 */
export function checkCsrf(req: Request, res: Response): boolean {
  const body = req.body as Record<string, unknown> | undefined;
  const presented = body?._csrf;
  const accepted = (res.locals[ACCEPTED] as readonly string[] | undefined) ?? [];
  if (typeof presented === 'string' && presented !== '' && accepted.some((token) => sameSecret(presented, token))) return true;
  refuseForm(res, 'The form did not carry this service\'s check that it was sent from its own page (the page may be too old, or you signed out or in since). Nothing was changed. Go back, reload the page and send the form again.');
  return false;
}

/**
 * Answers a refused form: 403, a page in words.
 * @param res - the response.
 * @param message - why, and what to do.
 */
export function refuseForm(res: Response, message: string): void {
  sendNotice(res, 403, { title: 'This form was refused', message, next: viewerOf(res) === undefined ? { href: WORKSPACE_PATHS.signin, label: 'Sign in' } : { href: WORKSPACE_PATHS.home, label: 'Back to the workspace' } });
}

/**
 * Whether a request's `Origin` header, when present, is this service's: PHD_BASE_URL's origin, or
 * the origin the request itself was addressed to (its scheme and `Host`, e.g. `http://127.0.0.1:8080`
 * when the service is reached on an address other than its base URL, as in tests or on a LAN). The
 * second is safe: a browser sets `Host` from the URL it posts to and `Origin` from the page that
 * posts, so a foreign page posting here sends a foreign Origin and our Host; they are equal only for
 * a page served from this very host and port. A request without Origin (older browsers, scripts)
 * relies on the CSRF token alone.
 * @param req - the request.
 * @param baseUrl - PHD_BASE_URL.
 * @returns false when an Origin is present and is not this service's (`null` included).
 */
export function originAllowed(req: Request, baseUrl: string): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true;
  if (origin === new URL(baseUrl).origin) return true;
  const host = req.get('host');
  return host !== undefined && origin === `${req.protocol}://${host}`;
}
