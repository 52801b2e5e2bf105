import type { Request, Response } from 'express';

/**
 * Answers 301 to the same request at another path, its query string kept: the old IRI of a record
 * that adopted a PID redirects to the same route for the new name.
 * @param req - the request.
 * @param res - its response.
 * @param path - the new path (already encoded).
 */
export function movedPermanently(req: Request, res: Response, path: string): void {
  const query = req.originalUrl.indexOf('?');
  res.redirect(301, `${path}${query < 0 ? '' : req.originalUrl.slice(query)}`);
}
