import express from 'express';
import type { Request, Response, Router } from 'express';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../errors/index.js';
import { EXPORT_FORMATS, EXPORT_REPRESENTATIONS } from '../exporters/index.js';
import type { ExportFormat, ExportRepresentation, ExportService } from '../exporters/index.js';
import { recordIri } from '../pid/index.js';
import { chooseRepresentation, notAcceptable } from '../representation/index.js';
import { lookupFormatName, mediaTypeFor } from '../representation/index.js';
import { linkHeader } from './link-header.js';
import { movedPermanently } from './moved-permanently.js';

/** Dependencies of {@link exportRouter}. */
export interface ExportRouterDeps {
  readonly exports: ExportService;
  readonly baseUrl: string;
  /** The name a record's old IRI now stands for (a PID adopted later), to redirect to; absent: no redirects. */
  readonly canonicalOf?: ((iri: string) => Promise<string | undefined>) | undefined;
}


/**
 * `GET /export/{micrometa|pidinst|datacite}/{pid}`: a record in a community format, to download
 * or to send to a PID registry. DataCite is XML or JSON by `Accept`
 * (`application/vnd.datacite.datacite+xml|json`) or `?format=xml|json`; `?doi=` names the DOI to
 * register for a record not named by one.
 * @param deps - the export service.
 * @returns the router.
 */
export function exportRouter(deps: ExportRouterDeps): Router {
  const router = express.Router();

  router.get('/export/:format/*pid', async (req: Request, res: Response) => {
    const { format, pid } = req.params as { format: string; pid: string | string[] };
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new NotFoundError(`No export format "${format}": use one of ${EXPORT_FORMATS.join(', ')}.`);
    }
    const exportFormat = format as ExportFormat;
    const path = Array.isArray(pid) ? pid.join('/') : pid;
    const iri = recordIri(path, deps.baseUrl);
    const canonical = await deps.canonicalOf?.(iri);
    if (canonical !== undefined) {
      movedPermanently(req, res, `/export/${format}/${encodeURIComponent(canonical)}`);
      return;
    }
    const requested = req.query.format;
    if (requested !== undefined && requested !== 'xml' && requested !== 'json') throw new BadRequestError('format takes xml or json.', { details: { field: 'format' } });
    if (requested === 'xml' && exportFormat !== 'datacite') throw new BadRequestError(`The ${exportFormat} export is JSON only.`, { details: { field: 'format' } });
    const offers: readonly ExportRepresentation[] = EXPORT_REPRESENTATIONS[exportFormat];
    const chosen = requested === undefined ? chooseRepresentation(req.get('accept'), offers) : lookupFormatName(requested, offers);
    if (chosen === undefined) throw notAcceptable(`The ${exportFormat} export is served as ${offers.map(mediaTypeFor).join(', ')}.`, offers);
    const doi = req.query.doi;
    if (doi !== undefined && typeof doi !== 'string') throw new BadRequestError('doi takes one value.', { details: { field: 'doi' } });
    const document = await deps.exports.export(exportFormat, iri, { variant: chosen === 'datacite+xml' ? 'xml' : 'json', ...(doi === undefined ? {} : { doi }) });
    res.setHeader('Vary', 'Accept');
    res.setHeader('Content-Disposition', `inline; filename="${document.filename}"`);
    res.setHeader('Link', linkHeader([{ href: `${deps.baseUrl}/pid/${encodeURIComponent(iri)}`, rel: 'describes' }]));
    res.type(document.mediaType).send(document.body);
  });

  router.all('/export/*rest', (req: Request) => {
    throw new MethodNotAllowedError(`${req.method} is not supported on /export: exports are read with GET.`, ['GET']);
  });
  return router;
}
