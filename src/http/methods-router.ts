import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { BadRequestError } from '../errors/index.js';
import { renderMethodsPage } from '../pages/index.js';
import { parsePidPath } from '../pid/index.js';
import type { PidService } from '../pid/index.js';
import { MethodsService, methodsMarkdown } from '../reporting/index.js';
import { chooseRepresentation, lookupFormatName, MEDIA_TYPES, mediaTypeFor, notAcceptable } from '../representation/index.js';
import { movedPermanently } from './moved-permanently.js';
import { sendPage } from './send-page.js';

/** Dependencies of {@link methodsRouter}. */
export interface MethodsRouterDeps {
  readonly pids: PidService;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
}

/** What a methods text is served as, preferred first: Markdown for clients that take anything (it pastes into a manuscript). */
const OFFERS = ['markdown', 'html', 'json'] as const;
type MethodsFormat = (typeof OFFERS)[number];

/** `{pid}/methods` at the end of a `/pid/` path (still percent-encoded). */
const SUFFIX = /^(.+)\/methods$/;

/** `?format=` (a short name or media type) wins, then Accept. */
function chosenFormat(req: Request): MethodsFormat {
  const format = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (format !== undefined) {
    const named = lookupFormatName(format, OFFERS);
    if (named === undefined) throw new BadRequestError(`format=${format} is not offered for a methods text: use one of ${OFFERS.flatMap((id) => MEDIA_TYPES[id].names).join(', ')}.`, { code: 'bad-format' });
    return named;
  }
  const chosen = chooseRepresentation(req.get('accept'), OFFERS);
  if (chosen === undefined) throw notAcceptable(`A methods text is served as ${OFFERS.map(mediaTypeFor).join(', ')}.`, OFFERS);
  return chosen;
}

/**
 * The methods text and reporting checklist of a dataset or hardware configuration:
 * `GET /pid/{pid}/methods` (and `/pid/{kind}/{id}/methods` for minted IRIs, see `methodsHref`), as
 * Markdown, an HTML page or the JSON view, by `?format=` or Accept. `{pid}` is any form `/pid/{pid}`
 * accepts, with its slashes percent-encoded if its own suffix ends in `/methods`. Other records
 * answer 404 problem+json naming the kinds that have methods; other `/pid/` paths pass through.
 * @param deps - the PID service and the base URL.
 * @returns the router; mount it before the PID router's `/pid/*rest`.
 */
export function methodsRouter(deps: MethodsRouterDeps): Router {
  const router = express.Router();
  const { pids, baseUrl } = deps;
  const methods = new MethodsService(pids);

  router.get('/pid/*rest', async (req: Request, res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    const match = SUFFIX.exec(path.slice('/pid/'.length));
    if (match === null) {
      next();
      return;
    }
    const [, pidPart = ''] = match;
    const request = parsePidPath(pidPart, baseUrl);
    if (request.kind !== 'single') throw new BadRequestError('A methods text is written for one record: use /pid/{pid}/methods with one PID, its slashes percent-encoded if need be.', { code: 'bad-methods-path' });
    const format = chosenFormat(req);
    // An old name (the record adopted a PID since) answers 301 to the methods of its new name.
    const canonical = await pids.canonicalOf(request.iri);
    if (canonical !== undefined && canonical !== request.iri) {
      const href = pids.hrefOf(canonical);
      movedPermanently(req, res, `${href.startsWith('/id/') ? `/pid/${href.slice('/id/'.length)}` : href}/methods`);
      return;
    }
    const view = await methods.methods(await pids.get(request.iri));
    res.setHeader('Vary', 'Accept');
    if (format === 'html') sendPage(res, 200, renderMethodsPage(view, { baseUrl }));
    else if (format === 'markdown') res.type(`${mediaTypeFor('markdown')}; charset=utf-8`).send(methodsMarkdown(view, baseUrl));
    else res.type(`${mediaTypeFor('json')}; charset=utf-8`).send(JSON.stringify(view));
  });
  return router;
}
