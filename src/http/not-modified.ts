import type { Request, Response } from 'express';
import { entityTagMatches } from '../representation/index.js';

/**
 * Sets the `ETag` header and answers 304 Not Modified when the request's `If-None-Match` names it.
 * Set the other headers a 304 repeats (Cache-Control, Vary, Link) before calling.
 * @param req - the request.
 * @param res - the response.
 * @param etag - the answer's entity tag, quoted.
 * @returns true when it answered 304 (the caller sends nothing more).
 */
export function notModified(req: Request, res: Response, etag: string): boolean {
  res.setHeader('ETag', etag);
  if (!entityTagMatches(req.get('if-none-match'), etag)) return false;
  res.status(304).end();
  return true;
}
