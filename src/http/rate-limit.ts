import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TooManyRequestsError } from '../errors/index.js';

/** The limits of one kind of client. */
export interface ClientLimits {
  /** Requests per second one client may sustain; 0 turns the limit off. */
  readonly ratePerSecond: number;
  /** Requests one client may send at once above the rate (the bucket's size). */
  readonly burst: number;
  /** Requests that run queries (`/sparql`, `/federated/sparql`, `/compare`, ontology term pages) one client may have running at once; 0: no limit. */
  readonly maxConcurrentQueries: number;
}

/**
 * Who a request comes from, when it proves it: a configured peer (by name), or this instance
 * itself (its own federated queries over loopback). Undefined: an anonymous client.
 */
export type ClientIdentity = { readonly kind: 'peer'; readonly name: string } | { readonly kind: 'self' } | undefined;

/** Options of {@link rateLimit}: the limits of anonymous clients, and those of identified peers. */
export interface RateLimitOptions extends ClientLimits {
  /** Identified peers: their own limits, and how a request proves it comes from one. */
  readonly peers?: ClientLimits & {
    /**
     * Identifies a request from what cannot be forged: its `Authorization` header (a credential)
     * and its address as Express sees it (`req.ip`, which honours X-Forwarded-For only behind a
     * trusted proxy). Any other header is ignored.
     */
    readonly identify: (request: { readonly authorization: string | undefined; readonly address: string }) => ClientIdentity;
  };
  /** The clock, for tests. */
  readonly now?: () => number;
}

/**
 * The per-client limits as two handlers sharing one state: `requests` for the whole app (the
 * token buckets), `queries` mounted on the SPARQL routes themselves, so that every path the
 * router sends to a query endpoint (`/SPARQL`, `/sparql/`: Express routes case-insensitively and
 * ignores a trailing slash) counts — the limit matches what the router matches, by construction.
 */
export interface ClientLimiter {
  readonly requests: RequestHandler;
  readonly queries: RequestHandler;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The client a request counts against: its key and its limits (undefined: none). */
interface Client {
  readonly key: string;
  readonly limits: ClientLimits | undefined;
  readonly label: string;
}

/** Buckets idle this long are full again and are dropped, so the table does not grow without end. */
const IDLE_MS = 60_000;
const CLIENT = Symbol('phd-client');

/**
 * Per-client limits, answered with 429 and `Retry-After`:
 *
 * - a token bucket of `burst` requests refilled at `ratePerSecond` (GET /health is not counted, so
 *   a load balancer's checks never starve);
 * - at most `maxConcurrentQueries` requests that run queries (SPARQL, /compare, ontology term pages)
 *   at once, so one client cannot hold every query slot (the service-wide limit is the query pool's).
 *
 * An anonymous client is its address as Express sees it: `req.ip`, which honours X-Forwarded-For
 * only when the app trusts the proxy (PHD_TRUST_PROXY). A peer that proves who it is (see
 * {@link RateLimitOptions.peers}) has its own bucket and the peers' limits, wherever it connects
 * from; this instance's own loopback requests are not limited (the federated query that makes
 * them was counted when it arrived). A wrong or missing credential is simply anonymous.
 * @param options - the limits.
 * @returns the app-wide handler and the handler of the query routes.
 */
export function rateLimit(options: RateLimitOptions): ClientLimiter {
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();
  const running = new Map<string, number>();
  let sweepAt = now() + IDLE_MS;

  const clientOf = (req: Request): Client => {
    const carried = (req as unknown as Record<symbol, Client | undefined>)[CLIENT];
    if (carried !== undefined) return carried;
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const identity = options.peers?.identify({ authorization: req.get('authorization'), address });
    const client: Client = identity === undefined ? { key: `address ${address}`, limits: options, label: 'one client' }
      : identity.kind === 'self' ? { key: 'self', limits: undefined, label: 'this instance' }
        : { key: `peer ${identity.name}`, limits: options.peers, label: `peer ${identity.name}` };
    (req as unknown as Record<symbol, Client>)[CLIENT] = client;
    return client;
  };

  const take = (key: string, limits: ClientLimits): number => {
    const t = now();
    if (t > sweepAt) {
      for (const [k, bucket] of buckets) if (t - bucket.at > IDLE_MS) buckets.delete(k);
      sweepAt = t + IDLE_MS;
    }
    const bucket = buckets.get(key) ?? { tokens: limits.burst, at: t };
    bucket.tokens = Math.min(limits.burst, bucket.tokens + ((t - bucket.at) / 1000) * limits.ratePerSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limits.ratePerSecond));
  };

  const requests = (req: Request, _res: Response, next: NextFunction): void => {
    if (req.path === '/health') {
      next();
      return;
    }
    const { key, limits, label } = clientOf(req);
    if (limits !== undefined && limits.ratePerSecond > 0) {
      const wait = take(key, limits);
      if (wait > 0) {
        next(new TooManyRequestsError(`More than ${limits.ratePerSecond} requests a second (bursts of ${limits.burst}) from ${label}. Retry after ${wait} s.`, wait));
        return;
      }
    }
    next();
  };

  const queries = (req: Request, res: Response, next: NextFunction): void => {
    const { key, limits, label } = clientOf(req);
    if (limits === undefined || limits.maxConcurrentQueries <= 0) {
      next();
      return;
    }
    const count = running.get(key) ?? 0;
    if (count >= limits.maxConcurrentQueries) {
      next(new TooManyRequestsError(`${count} requests of ${label} that run queries (SPARQL, comparisons, ontology term pages) are running; at most ${limits.maxConcurrentQueries} at once. Wait for one to finish.`, 1));
      return;
    }
    running.set(key, count + 1);
    res.once('close', () => {
      const left = (running.get(key) ?? 1) - 1;
      if (left <= 0) running.delete(key);
      else running.set(key, left);
    });
    next();
  };

  return { requests, queries };
}
