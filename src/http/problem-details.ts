import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { BadRequestError, PhdError, MethodNotAllowedError, PayloadTooLargeError, ParseError, ServiceUnavailableError, TooManyRequestsError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { renderProblemPage } from '../pages/index.js';
import { chooseRepresentation } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';
import { sendPage } from './send-page.js';

/** Stable problem type URIs live in our namespace, one per error code. */
export const PROBLEM_TYPE_BASE = 'https://w3id.org/imaging-phd/problems/';

/** An RFC 9457 problem details object. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Turns an error into problem details.
 * @param error - the error.
 * @param instance - the request path.
 * @returns the problem details object.
 */
export function problemOf(error: PhdError, instance?: string): ProblemDetails {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    ...(instance === undefined ? {} : { instance }),
    code: error.code,
    ...error.details,
  };
}

/** Maps body-parser errors (too large, bad JSON) onto our error classes. */
function fromExpress(error: unknown): PhdError | undefined {
  const e = error as { type?: string; status?: number; message?: string; limit?: number };
  if (e.type === 'entity.too.large') return new PayloadTooLargeError(`The request body is larger than the limit of ${String(e.limit ?? '?')} bytes (PHD_MAX_BODY_BYTES).`, { details: { limit: e.limit } });
  if (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new ParseError(`The request body could not be read: ${e.message ?? 'malformed'}.`);
  }
  if (e.type === 'request.aborted') return new ParseError('The request was aborted while its body was read.');
  // Express's own client errors (a path with malformed percent-encoding throws a URIError with status 400).
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new BadRequestError(error instanceof URIError ? 'The URL holds malformed percent-encoding.' : 'The request is malformed.', { code: 'bad-request' });
  }
  return undefined;
}

/**
 * Whether the client asked for a page: `?format=html`, or (without `?format=`) an Accept header
 * that prefers `text/html` to problem details. A browser sends `text/html` first; API clients send
 * no Accept, `*\/*` or a JSON type, and get problem details as before.
 */
function wantsPage(req: Request): boolean {
  const format = req.query.format;
  if (typeof format === 'string') return format === 'html';
  return chooseRepresentation(req.get('accept'), ['problem+json', 'json', 'html']) === 'html';
}

/**
 * Sends a problem once, in the representation the client chose: the HTML problem page for
 * browsers, `application/problem+json` for everyone else. The one place that picks between them.
 */
function sendProblem(req: Request, res: Response, problem: ProblemDetails): void {
  res.vary('Accept');
  if (wantsPage(req)) sendPage(res, problem.status, renderProblemPage(problem));
  else res.status(problem.status).type(mediaTypeFor('problem+json')).send(JSON.stringify(problem));
}

/**
 * The last middleware: serializes every error once, as `application/problem+json` (RFC 9457), or
 * as an HTML problem page when a browser asked (content negotiation, for every route).
 * Unexpected errors become a generic 500 whose detail reveals nothing internal; they are logged.
 * @param logger - where unexpected errors go.
 * @returns the error handler.
 */
export function problemDetailsHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = PhdError.isInstance(error) ? error : fromExpress(error);
    const problem: ProblemDetails = known === undefined
      ? { type: `${PROBLEM_TYPE_BASE}internal`, title: 'Internal Server Error', status: 500, detail: 'The server failed to answer; the error was logged.', instance: req.originalUrl }
      : problemOf(known, req.originalUrl);
    if (known === undefined) logger.error({ method: req.method, path: req.originalUrl, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'unexpected error');
    if (known instanceof MethodNotAllowedError) res.setHeader('Allow', known.allow.join(', '));
    if ((known instanceof ServiceUnavailableError || known instanceof TooManyRequestsError) && known.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(known.retryAfterSeconds));
    // RFC 9110 §11.6.1: a 401 names the scheme to use; RFC 6750 §3: a token that was sent and refused is an invalid_token.
    if (problem.status === 401) res.setHeader('WWW-Authenticate', req.get('authorization') === undefined ? 'Bearer realm="imaging-phd"' : 'Bearer realm="imaging-phd", error="invalid_token"');
    sendProblem(req, res, problem);
  };
}

/**
 * The not-found handler, before the error handler.
 * @returns middleware answering 404 problem details (an HTML problem page to browsers).
 */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    sendProblem(req, res, {
      type: `${PROBLEM_TYPE_BASE}not-found`, title: 'Not Found', status: 404,
      detail: `Nothing is served at ${req.path}. See / for the service's entry points.`, instance: req.originalUrl, code: 'not-found',
    });
  };
}

/**
 * Answers requests Node's HTTP parser refuses before Express sees them — headers over the size
 * limit (431), a malformed request line or header (400), a request that took too long to arrive
 * (408) — with a problem details body instead of a bare status line, then closes the connection.
 * @param error - the parser's error (its `code`, e.g. `HPE_HEADER_OVERFLOW`).
 * @param socket - the client's socket.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (error.code === 'ECONNRESET')) {
    socket.destroy();
    return;
  }
  const [status, code, detail] = error.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'headers-too-large', 'The request line or headers are larger than this server accepts (16 KiB); shorten the URL or the headers.']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request-timeout', 'The request did not arrive in time.']
      : [400, 'malformed-request', 'The request is not well-formed HTTP/1.1.'];
  const body = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${code}`, title: STATUS_CODES[status], status, detail, code });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
