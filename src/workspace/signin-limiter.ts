import type { NextFunction, Request, Response } from 'express';
import { sendNotice } from './notice-page.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** Options of {@link signinLimiter}. */
export interface SigninLimiterOptions {
  /** Attempts one client may make in a minute (PHD_SIGNIN_RATE). */
  readonly perMinute: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/** The middleware {@link signinLimiter} makes, for the sign-in POST routes. */
export type SigninLimiter = (req: Request, res: Response, next: NextFunction) => void;

interface Window {
  start: number;
  count: number;
}

const MINUTE = 60_000;

/**
 * Limits sign-in attempts (admin token, provider sign-in, one-time links) per client — its address
 * as Express sees it (`req.ip`, which honours X-Forwarded-For only behind a trusted proxy) — to
 * `perMinute` in each minute, so the administrator token and link secrets cannot be guessed by
 * trying. Every attempt counts, failed or not. Over the limit: 429, `Retry-After`, a page in words.
 * @param options - the limit.
 * @returns the middleware, for the sign-in POST routes.
 */
export function signinLimiter(options: SigninLimiterOptions): SigninLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  return (req, res, next) => {
    const t = now();
    if (windows.size > 10_000) for (const [key, w] of windows) if (t - w.start >= MINUTE) windows.delete(key);
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const current = windows.get(key);
    const window = current === undefined || t - current.start >= MINUTE ? { start: t, count: 0 } : current;
    window.count += 1;
    windows.set(key, window);
    if (window.count <= options.perMinute) {
      next();
      return;
    }
    const wait = Math.max(1, Math.ceil((window.start + MINUTE - t) / 1000));
    res.setHeader('Retry-After', String(wait));
    sendNotice(res, 429, {
      title: 'Too many sign-in attempts',
      message: `More than ${options.perMinute} sign-in attempts a minute came from your address. Wait ${wait} seconds, then try again.`,
      next: { href: WORKSPACE_PATHS.signin, label: 'Back to sign-in' },
    });
  };
}
