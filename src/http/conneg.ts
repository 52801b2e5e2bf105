import type { Request } from 'express';

/**
 * The Accept negotiator, for the HTTP layer's callers that choose among plain media types (the error
 * handler's HTML or problem+json). Routes choose among registry ids with `chooseRepresentation`.
 */
export { negotiate } from '../representation/negotiate.js';

/**
 * The media type of a request body: Content-Type without its parameters, lower-cased ('' when absent).
 * @param req - the request.
 * @returns the media type.
 */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
