import type { Request } from 'express';

/**
 * The media type of a request body: Content-Type without its parameters, lower-cased ('' when absent).
 * @param req - the request.
 * @returns the media type.
 */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
