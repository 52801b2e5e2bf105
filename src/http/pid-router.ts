import express from 'express';
import type { Request, Response, Router } from 'express';
import { CITATION_FORMATS, CitationService, citationLocale, citationStyle, isCitable } from '../citation/index.js';
import type { BibliographyRequest, CitationFormat } from '../citation/index.js';
import { pidFromIri, RECORD_KINDS } from '../domain/index.js';
import type { RecordKind } from '../domain/index.js';
import { BadRequestError, GoneError, NotFoundError, UnprocessableError } from '../errors/index.js';
import type { PidMinting } from '../minting/index.js';
import { CONTEXT_DOCUMENT, diffHref, pidSegment } from '../pid/index.js';
import { diffConfigurations } from '../pid/index.js';
import { renderDiffPage } from '../pages/index.js';
import { renderLandingPage } from '../pages/index.js';
import { parsePidPath } from '../pid/index.js';
import type { PidRequest } from '../pid/index.js';
import type { LandingView, PidService } from '../pid/index.js';
import type { RecordFormat } from '../pid/index.js';
import { chooseRepresentation, entityTag, notAcceptable } from '../representation/index.js';
import { lookupFormatName, MEDIA_TYPES, mediaTypeFor } from '../representation/index.js';
import type { StoredRecord } from '../store/index.js';
import { instrumentLabelRouter } from './instrument-label-router.js';
import { linkHeader } from './link-header.js';
import { methodsRouter } from './methods-router.js';
import { movedPermanently } from './moved-permanently.js';
import { notModified } from './not-modified.js';
import { sendPage } from './send-page.js';

/** Dependencies of {@link pidRouter}. */
export interface PidRouterDeps {
  readonly pids: PidService;
  readonly baseUrl: string;
  /** The PID registrations whose state a landing page shows; undefined when minting is off. */
  readonly minting?: PidMinting | undefined;
}

/** What a record is served as, preferred first (JSON-LD for clients that accept anything). */
const OFFERS = ['json-ld', 'html', 'turtle', 'n-triples', 'rdf-xml'] as const satisfies readonly (RecordFormat | 'html')[];

/** A representation of a record: a record format, its landing page, or a citation. */
type Representation = RecordFormat | 'html' | CitationFormat;

/**
 * What a record of a kind is served as. A citable record adds the citation formats of DataCite
 * content negotiation after the others, so only a client that names one gets it: `*\/*`,
 * `application/*` and JSON clients still get JSON-LD, `text/*` the page.
 */
function offersFor(kind: RecordKind): readonly Representation[] {
  return isCitable(kind) ? [...OFFERS, ...CITATION_FORMATS] : OFFERS;
}

/** Whether a representation is a citation. */
function isCitationFormat(format: Representation): format is CitationFormat {
  return (CITATION_FORMATS as readonly string[]).includes(format);
}

/** The landing pages that show a "Cite this hardware" section. */
const PAGES_WITH_CITATION: ReadonlySet<RecordKind> = new Set(['dataset', 'configuration', 'instance']);

/**
 * The parameters of the Accept range that names a media type (`text/x-bibliography; style=apa`),
 * lower-case names, values unquoted; empty when no range names it.
 */
function acceptParameters(accept: string | undefined, mediaType: string): Record<string, string> {
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...parameters] = range.split(';');
    if (type.trim().toLowerCase() !== mediaType) continue;
    return Object.fromEntries(parameters.flatMap((parameter) => {
      const at = parameter.indexOf('=');
      return at === -1 ? [] : [[parameter.slice(0, at).trim().toLowerCase(), parameter.slice(at + 1).trim().replace(/^"(.*)"$/u, '$1')]];
    }));
  }
  return {};
}

/**
 * The style and locale of a formatted citation, as DataCite content negotiation takes them: `style`
 * and `locale` parameters of the Accept header (`Accept: text/x-bibliography; style=apa`), or
 * `?style=` and `?locale=` (`?format=bibliography&style=apa`), which win. Checked at once: an
 * unknown style or locale is a 400 listing those offered.
 */
function bibliographyRequest(req: Request): BibliographyRequest {
  const fromAccept = acceptParameters(req.get('accept'), mediaTypeFor('bibliography'));
  const query = (name: string) => (typeof req.query[name] === 'string' ? req.query[name] : undefined);
  const style = citationStyle(query('style') ?? fromAccept.style);
  const locale = citationLocale(query('locale') ?? fromAccept.locale);
  return { style, locale };
}

/** Whether a diff is wanted as a page (`?format=html`, or an Accept preferring HTML to JSON) rather than JSON. */
function wantsHtml(req: Request): boolean {
  const format = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (format !== undefined) return format === 'html';
  return chooseRepresentation(req.get('accept'), ['json', 'html']) === 'html';
}

/** `?format=` (a short name or media type) wins, then Accept; among what a record of this kind is served as. */
function chosenFormat(req: Request, kind: RecordKind): Representation {
  const offers = offersFor(kind);
  const format = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (format !== undefined) {
    const named = lookupFormatName(format, offers);
    if (named === undefined) throw new BadRequestError(`format=${format} is not offered for a ${kind} record: use one of ${offers.flatMap((id) => MEDIA_TYPES[id].names).join(', ')}.`, { code: 'bad-format' });
    return named;
  }
  const chosen = chooseRepresentation(req.get('accept'), offers);
  if (chosen === undefined) throw notAcceptable(`A ${kind} record is served as ${offers.map(mediaTypeFor).join(', ')}.`, offers);
  return chosen;
}

/**
 * PID dereferencing: `GET /pid/{pid}` (any PID form), `/pid/{facility}/{model}/{instance}/{descriptor}`
 * (the tier chain), `/pid/{instance}?at=YYYY-MM-DD` (303 to the configuration in effect),
 * `/pid/{descriptor}/diff/{other}`, and `GET /id/{kind}/{id}` for minted IRIs; plus `/context.jsonld`.
 * Content negotiation (and `?format=`) between JSON-LD, Turtle, N-Triples, RDF/XML and an HTML
 * landing page; FAIR Signposting `Link` headers on every answer. An instance's printable label
 * (`/pid/{pid}/label`) and a record's QR code (`/pid/{pid}/qr.svg`) come from instrument-label-router.ts.
 * @param deps - the PID service and base URL.
 * @returns the router.
 */
export function pidRouter(deps: PidRouterDeps): Router {
  const router = express.Router();
  const { pids } = deps;
  // A citation reads the records of the hardware chain; one withdrawn or unknown is left out.
  const citations = new CitationService({
    baseUrl: deps.baseUrl,
    read: (iri) => pids.get(iri).catch((error: unknown) => {
      if (NotFoundError.isInstance(error) || GoneError.isInstance(error)) return undefined;
      throw error;
    }),
  });

  router.get('/context.jsonld', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type(mediaTypeFor('json-ld')).send(JSON.stringify(CONTEXT_DOCUMENT, null, 2));
  });

  /** A citation of a record (BibTeX, RIS, CSL-JSON, a formatted bibliography), with the links and ETag of any answer. */
  const citationResponse = async (req: Request, record: StoredRecord, format: CitationFormat): Promise<Awaited<ReturnType<PidService['response']>> & { filename: string | undefined }> => {
    const request = format === 'bibliography' ? bibliographyRequest(req) : {};
    const view = await citations.view(record);
    if (view === undefined) throw new Error(`unreachable: a ${record.kind} record has no citation`);
    const body = Buffer.from(await citations.render(view, format, request), 'utf8');
    const links = await pids.signposting(record, pids.hrefOf(record.iri));
    // A download gets a file name; a formatted bibliography is text to read.
    const extension = MEDIA_TYPES[format].extensions[0];
    const stem = (pidFromIri(record.iri)?.id ?? record.iri.replace(/^.*\/id\//u, '')).replace(/[^A-Za-z0-9._-]+/gu, '_');
    return { links, body, etag: entityTag(JSON.stringify(links), body), filename: extension === undefined ? undefined : `${stem}${extension}` };
  };

  const answer = async (req: Request, res: Response, record: StoredRecord) => {
    const format = chosenFormat(req, record.kind);
    // The page shows the PID's registration state, which changes without a write to the record: it
    // is part of the cache key, and caches revalidate (the ETag covers the page) instead of keeping it.
    const registration = format === 'html' ? await deps.minting?.registration(record.iri) : undefined;
    // The page's citation reads other records (a write to any of them clears the cached page): it
    // is read only when the page is rendered, not for a cached page or a 304; the ETag covers it.
    const render = async (view: LandingView) => renderLandingPage(view, {
      baseUrl: deps.baseUrl, registration, citation: PAGES_WITH_CITATION.has(record.kind) ? await citations.view(record) : undefined,
    });
    const { links, body, etag, filename } = isCitationFormat(format)
      ? await citationResponse(req, record, format)
      : { ...await pids.response(record, format, render, registration === undefined ? '' : JSON.stringify(registration)), filename: undefined };
    res.setHeader('Vary', 'Accept');
    // Every answer holds the links other records keep to this one (inbound links, Signposting), so a
    // write to another record changes it: caches revalidate each time (cheap: a 304 on the ETag).
    res.setHeader('Cache-Control', registration === undefined ? 'public, max-age=0, must-revalidate' : 'no-cache');
    res.setHeader('Link', linkHeader(links));
    if (notModified(req, res, etag)) return;
    if (filename !== undefined) res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.setHeader('Content-Type', `${mediaTypeFor(format)}; charset=utf-8`);
    res.end(body);
  };

  /** The part of a `/pid/…` path that names one record of a chain or diff. */
  const segment = (iri: string): string => pidSegment(iri, deps.baseUrl);
  /**
   * A record's old IRI (before it adopted a PID) answers 301 to the same route for its new name:
   * links printed, cited or indexed before keep working. @returns whether it redirected.
   */
  const redirected = async (req: Request, res: Response, request: PidRequest | { kind: 'id'; iri: string }): Promise<boolean> => {
    const iris = request.kind === 'chain' ? request.iris : request.kind === 'diff' ? [request.from, request.to] : [request.iri];
    const canonical = await Promise.all(iris.map(async (iri) => (await pids.canonicalOf(iri)) ?? iri));
    if (canonical.every((iri, i) => iri === iris[i])) return false;
    const [first = '', second = ''] = canonical;
    const path = request.kind === 'chain' ? `/pid/${canonical.map(segment).join('/')}` : request.kind === 'diff' ? diffHref(first, second, deps.baseUrl) : pids.hrefOf(first);
    movedPermanently(req, res, path);
    return true;
  };

  const handle = async (req: Request, res: Response, iriOrPath: { iri: string } | { raw: string }) => {
    if ('iri' in iriOrPath) {
      if (await redirected(req, res, { kind: 'id', iri: iriOrPath.iri })) return;
      await answer(req, res, await pids.get(iriOrPath.iri));
      return;
    }
    const request = parsePidPath(iriOrPath.raw, deps.baseUrl);
    if (await redirected(req, res, request)) return;
    if (request.kind === 'diff') {
      const [a, b] = await Promise.all([pids.configurationQuads(request.from), pids.configurationQuads(request.to)]);
      const diff = diffConfigurations({ iri: request.from, quads: a.quads }, { iri: request.to, quads: b.quads });
      if (!diff.sameInstance) throw new UnprocessableError(`${request.from} and ${request.to} configure different instruments; a diff compares versions of one instrument.`, { code: 'different-instances' });
      res.setHeader('Vary', 'Accept');
      if (wantsHtml(req)) {
        sendPage(res, 200, renderDiffPage(diff, { baseUrl: deps.baseUrl, hrefOf: (iri) => pids.hrefOf(iri) }));
      } else res.json(diff);
      return;
    }
    if (request.kind === 'chain') {
      await answer(req, res, await pids.chain(request.iris));
      return;
    }
    const at = req.query.at;
    if (at !== undefined) {
      if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(at) || Number.isNaN(Date.parse(at))) {
        throw new BadRequestError('at= takes a date written YYYY-MM-DD.', { code: 'bad-date', details: { at } });
      }
      const configuration = await pids.configurationAt(request.iri, at);
      const format = typeof req.query.format === 'string' ? `?format=${encodeURIComponent(req.query.format)}` : '';
      res.setHeader('Vary', 'Accept');
      res.redirect(303, `${pids.hrefOf(configuration)}${format}`);
      return;
    }
    await answer(req, res, await pids.get(request.iri));
  };

  router.use(instrumentLabelRouter(deps));
  router.use(methodsRouter(deps));
  router.get('/pid/*rest', async (req, res) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    await handle(req, res, { raw: path.slice('/pid/'.length) });
  });
  router.get('/id/:kind/:id', async (req, res) => {
    const { kind, id } = req.params;
    if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new BadRequestError(`/id/${kind}/…: kind must be one of ${RECORD_KINDS.join(', ')}.`, { code: 'bad-kind' });
    await handle(req, res, { iri: `${deps.baseUrl}/id/${kind}/${id}` });
  });
  return router;
}
