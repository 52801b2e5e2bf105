import type { RequestHandler, Response } from 'express';
import type { Principal } from '../domain/index.js';
import type { TokenRegistry } from '../store/index.js';
import { principalOf } from './auth.js';

/**
 * Middleware that checks the bearer token before the body is read, so that an anonymous client
 * cannot make the service buffer a body; the principal is kept for {@link authenticated}.
 * @param tokens - the registry.
 * @returns the middleware (a 401 for a missing or refused token).
 */
export function authenticate(tokens: TokenRegistry): RequestHandler {
  return (req, res, next) => {
    res.locals.principal = principalOf(req, tokens);
    next();
  };
}

/**
 * @param res - the response of a request {@link authenticate} let through.
 * @returns its principal.
 */
export function authenticated(res: Response): Principal {
  return res.locals.principal as Principal;
}
