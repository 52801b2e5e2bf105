import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TooManyRequestsError } from '../errors/phd-error.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Requests per second one client may sustain; 0 turns the limit off. */
  readonly ratePerSecond: number;
  /** Requests one client may send at once above the rate (the bucket's size). */
  readonly burst: number;
  /** SPARQL queries (`/sparql`, `/federated/sparql`) one client may have running at once; 0: no limit. */
  readonly maxConcurrentQueries: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const QUERY_PATHS = new Set(['/sparql', '/federated/sparql']);
/** Buckets idle this long are full again and are dropped, so the table does not grow without end. */
const IDLE_MS = 60_000;

/**
 * Per-client limits, answered with 429 and `Retry-After`:
 *
 * - a token bucket of `burst` requests refilled at `ratePerSecond` (GET /health is not counted, so
 *   a load balancer's checks never starve);
 * - at most `maxConcurrentQueries` SPARQL queries running at once, so one client cannot hold every
 *   query slot (the service-wide limit is the query pool's).
 *
 * A client is its address as Express sees it: `req.ip`, which honours X-Forwarded-For only when
 * the app trusts the proxy (PHD_TRUST_PROXY).
 * @param options - the limits.
 * @returns the middleware.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();
  const running = new Map<string, number>();
  let sweepAt = now() + IDLE_MS;

  const take = (client: string): number => {
    const t = now();
    if (t > sweepAt) {
      for (const [key, bucket] of buckets) if (t - bucket.at > IDLE_MS) buckets.delete(key);
      sweepAt = t + IDLE_MS;
    }
    const bucket = buckets.get(client) ?? { tokens: options.burst, at: t };
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.ratePerSecond);
    bucket.at = t;
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / options.ratePerSecond));
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path === '/health') {
      next();
      return;
    }
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (options.ratePerSecond > 0) {
      const wait = take(client);
      if (wait > 0) {
        next(new TooManyRequestsError(`More than ${options.ratePerSecond} requests a second (bursts of ${options.burst}) from one client. Retry after ${wait} s.`, wait));
        return;
      }
    }
    if (options.maxConcurrentQueries > 0 && QUERY_PATHS.has(req.path)) {
      const count = running.get(client) ?? 0;
      if (count >= options.maxConcurrentQueries) {
        next(new TooManyRequestsError(`${count} SPARQL queries of this client are running; at most ${options.maxConcurrentQueries} at once. Wait for one to finish.`, 1));
        return;
      }
      running.set(client, count + 1);
      res.once('close', () => {
        const left = (running.get(client) ?? 1) - 1;
        if (left <= 0) running.delete(client);
        else running.set(client, left);
      });
    }
    next();
  };
}
