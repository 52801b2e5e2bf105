import cors from 'cors';
import type { RequestHandler } from 'express';
import { NAMESPACE_DOCUMENTS, SITE_PATHS } from '../domain/index.js';

/**
 * The public read endpoints that any web page may call (YASGUI, notebooks, other catalogues): the
 * SPARQL endpoints, records by PID and by IRI, the JSON-LD context, search, VoID, exports and the
 * vocabulary documents. Each entry is a path prefix, matched on whole segments. Writes (`/records`,
 * `/import`, `/workspace`, `/pids`, minting, `/signin`) are not listed: they stay same-origin.
 */
export const PUBLIC_READ_PATHS: readonly string[] = [
  SITE_PATHS.sparql, SITE_PATHS.federatedSparql, '/pid', '/id', '/context.jsonld', SITE_PATHS.search,
  SITE_PATHS.void, '/export', SITE_PATHS.ontology, ...NAMESPACE_DOCUMENTS.map((d) => d.path), SITE_PATHS.compare,
];

/**
 * CORS for the public read endpoints: `Access-Control-Allow-Origin: *` without credentials (the
 * endpoints read public data and never look at cookies), preflights for GET and POST answered with
 * Content-Type and Accept allowed (a SPARQL POST with `application/sparql-query`), and the headers a
 * browser client needs to read exposed: `Link` (signposting), `ETag`, `Location`, `Content-Location`, `Vary`.
 * @returns the middleware, to mount on {@link PUBLIC_READ_PATHS} before the routers.
 * @example
 * app.use(PUBLIC_READ_PATHS, corsPolicy());
 */
export function corsPolicy(): RequestHandler {
  const options = {
    origin: '*',
    credentials: false,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept'],
    exposedHeaders: ['Link', 'ETag', 'Location', 'Content-Location', 'Content-Type', 'Vary'],
    maxAge: 86400,
    optionsSuccessStatus: 204,
  };
  const preflight = cors(options);
  // An OPTIONS that is no preflight (no Access-Control-Request-Method) is the route's own: /sparql answers it with Allow.
  const plainOptions = cors({ ...options, preflightContinue: true });
  return (req, res, next) => {
    const handler = req.method === 'OPTIONS' && req.get('access-control-request-method') === undefined ? plainOptions : preflight;
    handler(req, res, next);
  };
}
