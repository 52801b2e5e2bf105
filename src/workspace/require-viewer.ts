import type { NextFunction, Request, Response } from 'express';
import { sendNotice } from './notice-page.js';
import { viewerOf } from './viewer.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/**
 * Middleware for pages that need someone signed in. A GET without a session is sent to the sign-in
 * page (303, `next` = where it was going); any other method answers 401 with a page in words and
 * does nothing — a form sent after the session ended or was signed out writes nothing.
 * @param req - the request.
 * @param res - the response.
 * @param next - the next handler (called only when someone is signed in).
 * @example
 * router.get(WORKSPACE_PATHS.home, requireViewer, (req, res) => { const viewer = viewerOf(res)!; … });
 */
export function requireViewer(req: Request, res: Response, next: NextFunction): void {
  if (viewerOf(res) !== undefined) {
    next();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.signin, { next: req.originalUrl }));
    return;
  }
  sendNotice(res, 401, {
    title: 'You are not signed in',
    message: 'Your session has ended (you signed out, or it expired), so this form was not acted on and nothing was changed. Sign in again, then send it once more.',
    next: { href: WORKSPACE_PATHS.signin, label: 'Sign in' },
  });
}

/**
 * Where to go after signing in: a local path (one leading `/`, not `//` or `/\`, which browsers
 * read as another host), else the workspace's home — so a crafted `next` cannot send someone to
 * another site (an open redirect).
 * @param next - the `next` parameter as received.
 * @returns a safe local path.
 */
export function localPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return WORKSPACE_PATHS.home;
  // Control characters (a CR/LF in a Location header, a tab browsers strip) are never part of a path we serve.
  if (/[\u0000-\u001f\u007f\\]/.test(next) || next.length > 2000) return WORKSPACE_PATHS.home;
  return next;
}
