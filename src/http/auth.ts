import type { Request } from 'express';
import { UnauthorizedError } from '../errors/index.js';
import type { Principal } from '../domain/index.js';
import type { TokenRegistry } from '../store/index.js';

/**
 * The principal of a write request: `Authorization: Bearer <token>`, checked against the token
 * registry (and PHD_ADMIN_TOKEN). Any failure is a 401 that says why.
 * @param req - the request.
 * @param tokens - the registry.
 * @returns the principal.
 */
export function principalOf(req: Request, tokens: TokenRegistry): Principal {
  const header = req.get('authorization');
  if (header === undefined) throw new UnauthorizedError('Writes need an Authorization: Bearer <token> header (create a token with `imaging-phd token create --facility <pid>`).');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  const result = tokens.check(match[1]);
  if (result.ok) return result.principal;
  const why = { malformed: 'is not a token of this service', unknown: 'is not known here', expired: 'has expired', revoked: 'was revoked' }[result.reason];
  throw new UnauthorizedError(`The bearer token ${why}.`, { details: { reason: result.reason } });
}
