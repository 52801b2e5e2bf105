import express from 'express';
import type { Request, RequestHandler, Router } from 'express';
import { CompareService, peerRecordUrl } from '../compare/index.js';
import type { CompareServiceOptions } from '../compare/index.js';
import { SITE_PATHS } from '../domain/index.js';
import { BadRequestError, MethodNotAllowedError } from '../errors/index.js';
import { renderComparePage } from '../pages/index.js';
import { recordHref } from '../pid/index.js';
import { chooseRepresentation, lookupFormatName, notAcceptable } from '../representation/index.js';
import { sendPage } from './send-page.js';

/** What the compare router needs: this core's records, the base URL and the peers with their limits. */
export interface CompareRouterDeps extends CompareServiceOptions {
  /** The per-client limit on work at once (limits.queries): a comparison may ask every peer several times. */
  readonly queryLimit?: RequestHandler | undefined;
}

const OFFERS = ['json', 'html'] as const;
const ALLOW = ['GET', 'HEAD'] as const;

/** `?format=` (short name or media type) wins, then Accept (JSON first, for clients that accept anything). */
function formatOf(req: Request, format: string | null): 'json' | 'html' {
  if (format !== null) {
    const named = lookupFormatName(format, OFFERS);
    if (named === undefined) throw new BadRequestError(`Parameter format: ${format} is not offered; use json or html.`, { code: 'bad-format', details: { parameter: 'format' } });
    return named;
  }
  const chosen = chooseRepresentation(req.get('accept'), OFFERS);
  if (chosen === undefined) throw notAcceptable(`${SITE_PATHS.compare} answers application/json or text/html; none is acceptable under this Accept header.`, OFFERS);
  return chosen;
}

/**
 * `GET /compare?c={pid}&c={pid}…`: 2 to 6 configurations (or instances: their current
 * configuration) of this core or its peers side by side, as the comparison view in JSON or as an
 * HTML page (`?format=json|html`, else Accept; `Vary: Accept`). `?only=differences` lists only what
 * differs. Errors are problem details naming the parameter: 400 (count, malformed PID), 404
 * (unknown), 422 (not a configuration or instance), 502 (a peer that might hold it did not answer).
 * @param deps - the records, base URL and peers.
 * @returns the router, to mount at the application root.
 * @example
 * app.use(compareRouter({ pids, baseUrl, peers: config.peers, peerTimeoutMs: config.peerTimeoutMs, peerMaxBytes: config.peerMaxBytes, queryLimit: limits.queries }));
 */
export function compareRouter(deps: CompareRouterDeps): Router {
  const router = express.Router();
  const service = new CompareService(deps);
  const hrefOf = (iri: string, source: string): string => {
    if (/^https?:\/\//.test(source)) return peerRecordUrl(iri, source);
    return recordHref(iri, deps.baseUrl);
  };
  const route = router.route(SITE_PATHS.compare);
  if (deps.queryLimit !== undefined) route.get(deps.queryLimit);
  route
    .get(async (req, res) => {
      const input = new URL(req.originalUrl, 'http://localhost').searchParams;
      res.setHeader('Vary', 'Accept');
      const format = formatOf(req, input.get('format'));
      const only = input.get('only');
      if (only !== null && only !== 'differences' && only !== '') {
        throw new BadRequestError(`Parameter only: "${only}" is not understood; use only=differences, or leave it out for everything.`, { code: 'bad-parameter', details: { parameter: 'only' } });
      }
      const view = await service.compare(input.getAll('c').filter((c) => c.trim() !== ''), only === 'differences');
      res.setHeader('Cache-Control', 'no-store');
      if (format === 'html') sendPage(res, 200, renderComparePage(view, { hrefOf }));
      else res.status(200).json(view);
    })
    .all((req, _res, next) => {
      _res.setHeader('Allow', ALLOW.join(', '));
      next(new MethodNotAllowedError(`${req.method} is not supported on ${SITE_PATHS.compare}: compare with GET (c=… in the URL).`, ALLOW));
    });
  return router;
}
