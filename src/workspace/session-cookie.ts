import type { Request, Response } from 'express';
import type { Config } from '../config/index.js';
import { parseCookieHeader } from './cookie-header.js';

/**
 * The session cookie's name: `__Host-phd_session` behind https (the prefix makes browsers refuse it
 * unless Secure, host-only and Path=/, so a sibling subdomain cannot plant one), else `phd_session`.
 * @param config - the configuration (`workspace.secureCookies`).
 * @returns the cookie name.
 */
export function sessionCookieName(config: Config): string {
  return config.workspace.secureCookies ? '__Host-phd_session' : 'phd_session';
}

/**
 * The pre-session cookie's name (signed-out forms' double-submit CSRF token), prefixed as the session's.
 * @param config - the configuration.
 * @returns the cookie name.
 */
export function presessionCookieName(config: Config): string {
  return config.workspace.secureCookies ? '__Host-phd_presession' : 'phd_presession';
}

/**
 * @param req - a request.
 * @param name - a cookie name.
 * @returns the cookie's value, or undefined.
 */
export function cookieOf(req: Request, name: string): string | undefined {
  return parseCookieHeader(req.get('cookie')).get(name);
}

/**
 * Sets a workspace cookie: HttpOnly (scripts never read it), SameSite=Lax (a cross-site POST does
 * not carry it), Path=/, Secure behind https.
 * @param res - the response.
 * @param config - the configuration.
 * @param cookie - name, value, lifetime (ms).
 */
export function setWorkspaceCookie(res: Response, config: Config, cookie: { name: string; value: string; maxAgeMs: number }): void {
  res.cookie(cookie.name, cookie.value, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.workspace.secureCookies, maxAge: cookie.maxAgeMs });
}

/**
 * Removes a workspace cookie (same attributes, expired).
 * @param res - the response.
 * @param config - the configuration.
 * @param name - the cookie name.
 */
export function clearWorkspaceCookie(res: Response, config: Config, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.workspace.secureCookies });
}
