import { createHash } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import { instrumentLabelPaths, qrCodeSvg, renderLabelPage } from '../pages/index.js';
import { parsePidPath } from '../pid/index.js';
import type { PidService } from '../pid/index.js';
import { movedPermanently } from './moved-permanently.js';
import { sendPage } from './send-page.js';

/** Dependencies of {@link instrumentLabelRouter}. */
export interface InstrumentLabelRouterDeps {
  readonly pids: PidService;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
}

/** How many QR codes (SVG, 1–4 kB each) the router keeps. */
const QR_CODES_KEPT = 256;

/** `{pid}/label` or `{pid}/qr.svg` at the end of a `/pid/` path (still percent-encoded). */
const SUFFIX = /^(.+)\/(label|qr\.svg)$/;

/**
 * The printable label of an instrument instance and the QR code of a record's PID:
 * `GET /pid/{pid}/label` (an HTML page to print and stick on the instrument) and
 * `GET /pid/{pid}/qr.svg` (the QR code alone, `image/svg+xml`, cacheable: it encodes the PID's
 * resolvable URL, which does not change). `{pid}` is any form `/pid/{pid}` accepts; a DOI whose
 * own suffix ends in `/label` or `/qr.svg` is reached with its slashes percent-encoded
 * (`doi:10.1000%2Fx%2Flabel`), as in the `/diff/` paths. Other `/pid/` paths pass through to the
 * PID router.
 * @param deps - the PID service and the base URL.
 * @returns the router; mount it before the PID router's `/pid/*rest`.
 */
export function instrumentLabelRouter(deps: InstrumentLabelRouterDeps): Router {
  const router = express.Router();
  const { pids, baseUrl } = deps;
  // Encoding a QR code is the costly part of the answer: the last codes made are kept, oldest dropped first.
  const svgs = new Map<string, string>();
  const svgOf = async (text: string): Promise<string> => {
    const kept = svgs.get(text);
    if (kept !== undefined) return kept;
    const svg = await qrCodeSvg(text);
    if (svgs.size >= QR_CODES_KEPT) svgs.delete(svgs.keys().next().value ?? '');
    svgs.set(text, svg);
    return svg;
  };

  router.get('/pid/*rest', async (req: Request, res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    const match = SUFFIX.exec(path.slice('/pid/'.length));
    if (match === null) {
      next();
      return;
    }
    const [, pidPart = '', what] = match;
    const request = parsePidPath(pidPart, baseUrl);
    if (request.kind !== 'single') {
      throw new BadRequestError(`A ${what === 'label' ? 'label' : 'QR code'} is made for one record: use /pid/{pid}/${what ?? ''} with one PID, its slashes percent-encoded if need be.`, { code: 'bad-label-path' });
    }
    // An old name (the record adopted a PID since) answers 301 to the same route for the new name,
    // as every other /pid/ route does: labels already printed keep working.
    const canonical = await pids.canonicalOf(request.iri);
    if (canonical !== undefined && canonical !== request.iri) {
      const moved = instrumentLabelPaths(canonical, baseUrl);
      movedPermanently(req, res, what === 'label' ? moved.label : moved.qrCode);
      return;
    }
    const record = await pids.get(request.iri);
    const paths = instrumentLabelPaths(record.iri, baseUrl);
    if (what === 'qr.svg') {
      // The SVG is a function of the text it encodes: the ETag comes from the text, so a
      // revalidation (304) costs no encoding.
      const etag = `"qr-${createHash('sha256').update(paths.resolvable).digest('hex').slice(0, 16)}"`;
      // The code encodes the PID's resolver URL (or the record's own landing page): it never
      // changes for a record, so caches may keep it for a day without asking again.
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.setHeader('ETag', etag);
      const noneMatch = req.get('if-none-match');
      if (noneMatch !== undefined && noneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(etag)) {
        res.status(304).end();
        return;
      }
      res.type('image/svg+xml').send(await svgOf(paths.resolvable));
      return;
    }
    if (record.kind !== 'instance') {
      throw new NotFoundError(
        `Printable labels are made for instrument instances, and ${record.iri} is a ${record.kind} record. Its QR code alone is at ${paths.qrCode}.`,
        { details: { iri: record.iri, kind: record.kind, qrCode: paths.qrCode } },
      );
    }
    const landingHref = pids.hrefOf(record.iri);
    const view = await pids.landingView(record, landingHref);
    res.setHeader('Cache-Control', 'public, max-age=300');
    sendPage(res, 200, renderLabelPage(view, { baseUrl, landingHref }));
  });
  return router;
}
