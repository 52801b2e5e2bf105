import express from 'express';
import type { Request, Response, Router } from 'express';
import { BadRequestError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from '../errors/index.js';
import { landingPageOf } from '../exporters/index.js';
import { MintingOffError, PROVIDERS } from '../minting/index.js';
import type { MintOptions, PidMinting, PidRegistration, ProviderName, SyncState } from '../minting/index.js';
import { recordIri } from '../pid/index.js';
import { parseJson } from '../rdf/index.js';
import { mediaTypeFor } from '../representation/index.js';
import type { RecordStore, TokenRegistry } from '../store/index.js';
import { authenticate, authenticated } from './authenticate.js';
import { mediaTypeOf } from './media-type-of.js';

/** Dependencies of {@link pidMintingRouter}. */
export interface PidMintingRouterDeps {
  /** The minting operations; undefined when minting is off (every route then says how to turn it on). */
  readonly minting: PidMinting | undefined;
  readonly tokens: TokenRegistry;
  /** The records, to say why a record has no registration. */
  readonly store: RecordStore;
  readonly baseUrl: string;
  readonly maxBodyBytes: number;
}

/** The sync states `GET /pids?sync=` filters by (see {@link SyncState}). */
const SYNC_STATES = ['synced', 'pending', 'failed', 'dead'] as const satisfies readonly SyncState[];

/** The members a mint request body may hold. */
const MINT_FIELDS = ['provider', 'pid', 'publish'] as const;

const JSON_TYPE = mediaTypeFor('json');

/**
 * The options of a mint request: an empty body is no options; otherwise a JSON object with only
 * `provider` (one of {@link PROVIDERS}), `pid` (a non-empty string) and `publish` (a boolean).
 * @param req - the request, its body read as text.
 * @returns the options.
 */
function mintOptions(req: Request): MintOptions {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') return {};
  const type = mediaTypeOf(req);
  if (type !== JSON_TYPE && !type.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(`Send the mint options as ${JSON_TYPE}, e.g. {"provider": "datacite", "publish": true}, or no body at all (Content-Type was ${type || 'missing'}).`, [JSON_TYPE]);
  }
  const body = parseJson(text, 'request body');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError(`The mint options are a JSON object with ${MINT_FIELDS.join(', ')} (all optional).`, { code: 'bad-mint-options' });
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !(MINT_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new BadRequestError(`"${unknown}" is not a mint option: use ${MINT_FIELDS.join(', ')}.`, { code: 'bad-mint-options', details: { field: unknown, allowed: MINT_FIELDS } });
  }
  const { provider, pid, publish } = fields;
  if (provider !== undefined && !(PROVIDERS as readonly unknown[]).includes(provider)) {
    throw new BadRequestError(`Unknown provider ${JSON.stringify(provider)}: use one of ${PROVIDERS.join(', ')}.`, { code: 'unknown-provider', details: { field: 'provider', allowed: PROVIDERS } });
  }
  if (pid !== undefined && (typeof pid !== 'string' || pid.trim() === '')) {
    throw new BadRequestError('pid is the PID to adopt, a non-empty string such as "10.5072/phd-abcd-1234".', { code: 'bad-mint-options', details: { field: 'pid' } });
  }
  if (publish !== undefined && typeof publish !== 'boolean') {
    throw new BadRequestError(`publish is true or false (was ${JSON.stringify(publish)}).`, { code: 'bad-mint-options', details: { field: 'publish' } });
  }
  return {
    ...(provider === undefined ? {} : { provider: provider as ProviderName }),
    ...(pid === undefined ? {} : { pid: pid.trim() }),
    ...(publish === undefined ? {} : { publish }),
  };
}

/** Where a record is read and written (`Location` of a mint). */
function recordLocation(iri: string): string {
  return `/records/${encodeURIComponent(iri)}`;
}

/** A registration as the API answers it, with the links to its record and to the landing page registered. */
function answer(registration: PidRegistration, baseUrl: string): object {
  return { ...registration, href: recordLocation(registration.pid), landingPage: landingPageOf(baseUrl, registration.pid) };
}

/**
 * Minting and syncing over HTTP:
 *
 * - `POST /records/{id}/mint`, body optional `{"provider": "datacite"|"handle", "pid": "10.5072/…",
 *   "publish": true}`: the record gets a registered PID (adopting a local record renames it: the old
 *   name redirects). 201, `Location` the record's (new) URL, the registration as JSON.
 * - `POST /records/{id}/publish`: the registered PID becomes findable. 200, the registration.
 * - `GET /records/{id}/pid`: the registration of a record (or of a PID, or an old name); 404 when none.
 *   Public, like the record and its landing page, which shows the same state.
 * - `GET /pids[?sync=synced|pending|failed|dead]`: the registrations, for a token: the admin sees
 *   every one, a facility token those of its facility's records.
 *
 * Writes take a bearer token, checked before the body is read; whether it may write the record (the
 * record's facility's token, or the admin's) the minting service decides, with nothing changed when
 * not. With minting off every route answers with the variables that turn it on.
 * @param deps - the minting service, tokens, store, base URL, body limit.
 * @returns the router.
 */
export function pidMintingRouter(deps: PidMintingRouterDeps): Router {
  const router = express.Router();
  const text = express.text({ type: () => true, limit: deps.maxBodyBytes });
  const checked = authenticate(deps.tokens);
  const minting = (status: 404 | 409 = 409): PidMinting => {
    if (deps.minting === undefined) throw new MintingOffError(status);
    return deps.minting;
  };
  // The minting service follows a record's old name (before it adopted a PID) to the record it became.
  const iriOf = (req: Request): string => {
    const raw = (req.params as { id?: string | string[] }).id;
    return recordIri(Array.isArray(raw) ? raw.join('/') : raw ?? '', deps.baseUrl);
  };

  router.post('/records/*id/mint', checked, text, async (req: Request, res: Response) => {
    const service = minting();
    const iri = iriOf(req);
    // Minting a record registered already creates nothing: it answers its registration with 200, not 201.
    const existed = (await service.registration(iri)) !== undefined;
    const registration = await service.mint(iri, authenticated(res), mintOptions(req));
    res.status(existed ? 200 : 201).location(recordLocation(registration.pid)).json(answer(registration, deps.baseUrl));
  });

  router.post('/records/*id/publish', checked, async (req: Request, res: Response) => {
    const registration = await minting().publish(iriOf(req), authenticated(res));
    res.json(answer(registration, deps.baseUrl));
  });

  router.get('/records/*id/pid', async (req: Request, res: Response) => {
    const iri = iriOf(req);
    const registration = await minting(404).registration(iri);
    if (registration === undefined) {
      const record = await deps.store.meta(iri);
      throw new NotFoundError(record === undefined
        ? `No record ${iri}.`
        : `${iri} has no registered PID: mint one with POST ${recordLocation(iri)}/mint (or \`imaging-phd mint ${iri}\`).`);
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.json(answer(registration, deps.baseUrl));
  });

  router.get('/pids', checked, async (req: Request, res: Response) => {
    const sync = req.query.sync;
    if (sync !== undefined && !(SYNC_STATES as readonly unknown[]).includes(sync)) {
      throw new BadRequestError(`sync must be one of ${SYNC_STATES.join(', ')}.`, { code: 'bad-sync-state', details: { field: 'sync', allowed: SYNC_STATES } });
    }
    const service = minting();
    const who = authenticated(res);
    // The facility filter runs in SQL: a token of shared records only has no registered records.
    const visible = who.admin || who.facility !== undefined ? await service.registrations(sync as SyncState | undefined, who.admin ? undefined : who.facility) : [];
    res.setHeader('Cache-Control', 'no-store');
    res.json({ count: visible.length, registrations: visible.map((r) => answer(r, deps.baseUrl)) });
  });

  router.all(['/records/*id/mint', '/records/*id/publish'], (req: Request) => {
    throw new MethodNotAllowedError(`${req.method} is not supported here: POST to ${req.path}.`, ['POST']);
  });
  router.all(['/records/*id/pid', '/pids'], (req: Request) => {
    throw new MethodNotAllowedError(`${req.method} is not supported here: ${req.path} is read-only.`, ['GET']);
  });
  return router;
}
