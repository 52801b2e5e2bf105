import express from 'express';
import type { Request, RequestHandler, Response, Router } from 'express';
import { parsePid, RECORD_KINDS } from '../domain/index.js';
import type { RecordKind } from '../domain/index.js';
import { GoneError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError, BadRequestError } from '../errors/index.js';
import { formatFromMediaType } from '../rdf/index.js';
import type { RecordService } from '../records/index.js';
import type { RecordMeta, RecordStore } from '../store/index.js';
import type { TokenRegistry } from '../store/index.js';
import { recordIri } from '../pid/index.js';
import type { PidService } from '../pid/index.js';
import type { RecordFormat } from '../pid/index.js';
import { chooseRepresentation, notAcceptable } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';
import type { MediaTypeId } from '../representation/index.js';
import { principalOf } from './auth.js';
import { authenticate, authenticated } from './authenticate.js';
import { movedPermanently } from './moved-permanently.js';

/** Dependencies of {@link recordsRouter}. */
export interface RecordsRouterDeps {
  readonly store: RecordStore;
  readonly service: RecordService;
  readonly tokens: TokenRegistry;
  readonly maxBodyBytes: number;
  readonly baseUrl: string;
  /** Serializations come from its per-version cache (the same documents /pid serves). */
  readonly pids: PidService;
}


/** What a record is served as, preferred first. */
const GRAPH_FORMATS = ['turtle', 'json-ld', 'n-triples'] as const satisfies readonly RecordFormat[];
/** What a record is read from (see formatFromMediaType). */
const BODY_FORMATS: readonly MediaTypeId[] = ['turtle', 'json-ld', 'n-triples', 'trig', 'n-quads'];
const BODY_TYPES = BODY_FORMATS.map(mediaTypeFor);

/** The suffix of each representation's entity tag; `If-Match` takes any of them back. */
const FORMAT_TAGS: Readonly<Record<(typeof GRAPH_FORMATS)[number], string>> = { 'turtle': 'ttl', 'n-triples': 'nt', 'json-ld': 'jsonld' };

/** The ETag of one representation: the record's version tag with the format appended. */
function representationTag(recordTag: string, format: (typeof GRAPH_FORMATS)[number]): string {
  return `"${recordTag.replace(/"/g, '')}-${FORMAT_TAGS[format]}"`;
}

/** If-Match tags of any representation, turned back into the record's version tag. */
function recordTags(ifMatch: string | undefined): string | undefined {
  return ifMatch?.replace(/-(ttl|nt|jsonld|x)"/g, '"');
}

function location(iri: string): string {
  return `/records/${encodeURIComponent(iri)}`;
}

function summary(meta: RecordMeta): object {
  return {
    iri: meta.iri,
    kind: meta.kind,
    version: meta.version,
    etag: meta.etag,
    facility: meta.facility ?? null,
    triples: meta.triples,
    updatedAt: meta.updatedAt,
    ...(meta.deletedAt === undefined ? {} : { deletedAt: meta.deletedAt }),
    href: location(meta.iri),
  };
}

/** The longest withdrawal reason kept (a sentence or a paragraph, not a document). */
const MAX_REASON_CHARS = 2000;

/**
 * Why a record is withdrawn: the `reason` query parameter of DELETE /records/{id}, kept in the
 * history and shown on the tombstone page (a query parameter, since a DELETE has no body to speak of
 * and a header cannot carry text in any language).
 * @param req - the request.
 * @returns the reason trimmed, or undefined when none is given.
 */
function withdrawalReason(req: Request): string | undefined {
  const { reason } = req.query;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string') throw new BadRequestError('Give one reason: ?reason=… once.');
  const trimmed = reason.trim();
  if (trimmed.length > MAX_REASON_CHARS) throw new BadRequestError(`The reason is ${trimmed.length} characters long; keep it under ${MAX_REASON_CHARS}.`);
  return trimmed === '' ? undefined : trimmed;
}

function bodyFormat(req: Request) {
  const type = req.get('content-type');
  const format = type === undefined ? undefined : formatFromMediaType(type);
  if (format === undefined) {
    throw new UnsupportedMediaTypeError(`Send the record as ${BODY_TYPES.join(', ')} (Content-Type was ${type ?? 'missing'}).`, BODY_TYPES);
  }
  if (typeof req.body !== 'string') throw new BadRequestError('The request has no body: send the record graph.');
  return format;
}

const DCTERMS_IDENTIFIER = 'http://purl.org/dc/terms/identifier';

/** `RRID:SCR_…`, as an RRID is written, from its canonical IRI. */
function rridText(iri: string): string {
  return iri.slice(iri.indexOf('RRID:'));
}

/**
 * `/records`: create, read, replace, withdraw records, and read their history.
 *
 * The `{id}` is the record IRI percent-encoded, any PID form (`doi:10.5072/x`, `RRID:SCR_…`), or
 * `{kind}/{id}` for IRIs this service minted.
 * @param deps - store, service, tokens, body limit.
 * @returns the router.
 */
export function recordsRouter(deps: RecordsRouterDeps): Router {
  const router = express.Router();
  const parseText: RequestHandler = express.text({ type: () => true, limit: deps.maxBodyBytes });
  // RDF bodies are UTF-8 (Turtle, N-Triples and JSON-LD say so); another charset would be decoded as that charset.
  const text: RequestHandler = (req, res, next) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
      next(new UnsupportedMediaTypeError(`Records are read as UTF-8; charset=${charset} is not accepted. Send UTF-8 (or leave the charset out).`, [`${mediaTypeFor('turtle')}; charset=utf-8`, mediaTypeFor('json-ld'), mediaTypeFor('n-triples')]));
      return;
    }
    parseText(req, res, next);
  };
  const idOf = (req: Request): { iri: string; history: boolean } => {
    const raw = (req.params as { id?: string | string[] }).id;
    let path = Array.isArray(raw) ? raw.join('/') : raw ?? '';
    const history = path.endsWith('/history');
    if (history) path = path.slice(0, -'/history'.length);
    // `{kind}/{id}` names an IRI minted here; anything else is a PID or IRI in any spelling.
    return { iri: recordIri(path, deps.baseUrl), history };
  };

  router.post('/records', text, async (req: Request, res: Response) => {
    const principal = principalOf(req, deps.tokens);
    // `?team={facility}`: the administrator (in no team) gives a shared record to a facility's team.
    const team = typeof req.query.team === 'string' && req.query.team !== '' ? req.query.team : undefined;
    const record = await deps.service.create({ body: req.body as string, format: bodyFormat(req), principal, team });
    res.status(201).location(location(record.iri)).setHeader('ETag', record.etag);
    res.json(summary(record));
  });

  router.get('/records', async (req: Request, res: Response) => {
    const kind = typeof req.query.kind === 'string' ? req.query.kind : undefined;
    if (kind !== undefined && !(RECORD_KINDS as readonly string[]).includes(kind)) {
      throw new BadRequestError(`kind must be one of ${RECORD_KINDS.join(', ')}.`);
    }
    const records = await deps.store.list(kind as RecordKind | undefined);
    res.json({ count: records.length, records: records.map(summary) });
  });

  router.get('/records/*id', async (req: Request, res: Response) => {
    const { iri, history } = idOf(req);
    const record = await deps.store.get(iri);
    // A record's old IRI (it adopted a PID) answers 301 to its new name; its history stays here.
    const canonical = !history && (record === undefined || record.deletedAt !== undefined) ? await deps.store.canonicalOf(iri) : undefined;
    if (canonical !== undefined) {
      movedPermanently(req, res, location(canonical));
      return;
    }
    if (record === undefined) throw new NotFoundError(`No record ${iri}.`);
    if (history) {
      const entries = await deps.store.history(iri);
      res.json({ iri, kind: record.kind, versions: entries.length, history: entries });
      return;
    }
    if (record.deletedAt !== undefined) {
      throw new GoneError(`${iri} was withdrawn on ${record.deletedAt}; its history stays at ${location(iri)}/history.`, { details: { deletedAt: record.deletedAt, history: `${location(iri)}/history` } });
    }
    const format = chooseRepresentation(req.get('accept'), GRAPH_FORMATS);
    if (format === undefined) throw notAcceptable(`Records are served as ${GRAPH_FORMATS.map(mediaTypeFor).join(', ')}.`, GRAPH_FORMATS);
    // One entity tag per representation (RFC 9110 §8.8.3); If-Match accepts any of them.
    const etag = representationTag(record.etag, format);
    res.setHeader('ETag', etag);
    res.setHeader('Vary', 'Accept');
    res.setHeader('Last-Modified', new Date(record.updatedAt).toUTCString());
    const noneMatch = req.get('if-none-match');
    if (noneMatch !== undefined && noneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === etag || t === '*')) {
      res.status(304).end();
      return;
    }
    res.type(mediaTypeFor(format)).send(await deps.pids.serialize(record, format));
  });

  router.put('/records/*id', text, async (req: Request, res: Response) => {
    const { iri, history } = idOf(req);
    if (history) throw new MethodNotAllowedError('History is read-only.', ['GET']);
    const principal = principalOf(req, deps.tokens);
    const record = await deps.service.update(iri, { body: req.body as string, format: bodyFormat(req), principal }, recordTags(req.get('if-match')));
    res.setHeader('ETag', record.etag);
    res.json(summary(record));
  });

  router.delete('/records/*id', async (req: Request, res: Response) => {
    const { iri, history } = idOf(req);
    if (history) throw new MethodNotAllowedError('History is read-only.', ['GET']);
    const principal = principalOf(req, deps.tokens);
    const tombstone = await deps.service.delete(iri, principal, recordTags(req.get('if-match')), withdrawalReason(req));
    res.json(summary(tombstone));
  });

  // A facility named here (`/id/facility/…`) adopts its RRID: renamed, with its team, tokens and records.
  router.post('/records/*id/rrid', authenticate(deps.tokens), express.json({ limit: 4096, type: () => true }), async (req: Request, res: Response) => {
    const { iri } = idOf(req);
    const given = (req.body as { rrid?: unknown } | undefined)?.rrid;
    if (typeof given !== 'string' || given.trim() === '') {
      throw new BadRequestError('Send the facility\'s RRID as JSON: {"rrid": "RRID:SCR_…"}.', { details: { field: 'rrid' } });
    }
    const rrid = parsePid(/^SCR_/i.test(given.trim()) ? `RRID:${given.trim()}` : given, 'rrid').iri;
    const principal = authenticated(res);
    await deps.service.adopt(iri, rrid, principal);
    // A facility named by its RRID keeps the RRID as written (the FacilityRrid shape): the rename
    // moves the graph as it was, so the identifier is added as the next revision.
    const renamed = await deps.store.get(rrid);
    if (renamed !== undefined && !renamed.ntriples.includes(`<${DCTERMS_IDENTIFIER}> "${rridText(rrid)}"`)) {
      const body = `${renamed.ntriples}<${rrid}> <${DCTERMS_IDENTIFIER}> "${rridText(rrid)}" .\n`;
      // The token now writes for the facility under its new name (the rename moved it).
      const writer = !principal.admin && principal.facility === iri ? { ...principal, facility: rrid } : principal;
      await deps.service.update(rrid, { body, format: 'n-triples', principal: writer, note: `given its RRID ${rridText(rrid)}` }, renamed.etag);
    }
    res.status(200).setHeader('Location', `/records/${encodeURIComponent(rrid)}`);
    res.json({ iri: rrid, formerly: iri });
  });

  router.all(['/records', '/records/*id'], (req: Request) => {
    throw new MethodNotAllowedError(`${req.method} is not supported here.`, req.path === '/records' ? ['GET', 'POST'] : ['GET', 'PUT', 'DELETE']);
  });
  return router;
}
