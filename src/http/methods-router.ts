import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { methodsHref } from '../domain/index.js';
import { BadRequestError } from '../errors/index.js';
import { renderMethodsPage } from '../pages/index.js';
import { parsePidPath } from '../pid/index.js';
import type { PidService } from '../pid/index.js';
import { MethodsService, methodsMarkdown } from '../reporting/index.js';
import { chooseRepresentation, entityTag, lookupFormatName, MEDIA_TYPES, mediaTypeFor, notAcceptable } from '../representation/index.js';
import { movedPermanently } from './moved-permanently.js';
import { notModified } from './not-modified.js';
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
      movedPermanently(req, res, methodsHref(pids.hrefOf(canonical)));
      return;
    }
    const view = await methods.methods(await pids.get(request.iri));
    const body = format === 'html' ? renderMethodsPage(view, { baseUrl }) : format === 'markdown' ? methodsMarkdown(view, baseUrl) : JSON.stringify(view);
    res.setHeader('Vary', 'Accept');
    // The text reads the records of the hardware chain, which other writes change: revalidate each time.
    res.setHeader('Cache-Control', 'no-cache');
    if (notModified(req, res, entityTag(format, body))) return;
    if (format === 'html') sendPage(res, 200, body);
    else res.type(`${mediaTypeFor(format)}; charset=utf-8`).send(body);
  });
  return router;
}
