import express from 'express';
import type { Request, Response, Router } from 'express';
import { PREFIXES, VOID_NS } from '../domain/namespaces.js';
import { NotAcceptableError } from '../errors/phd-error.js';
import { voidDescription } from '../federation/void-description.js';
import { QUAD_MEDIA_TYPES, serializeQuads } from '../rdf/serialize-quads.js';
import type { RecordStore } from '../store/record-store.js';
import { negotiate } from './conneg.js';

/** How long a computed description is served before it is counted again. */
const CACHE_MS = 10_000;

/** Dependencies of {@link voidRouter}. */
export interface VoidRouterDeps {
  readonly store: RecordStore;
  readonly baseUrl: string;
  readonly peers: readonly string[];
}

/**
 * `GET /.well-known/void`: the VoID + DCAT description of this instance (SPARQL endpoints,
 * triple count, URI space, record counts, the facilities it describes, its peers), as Turtle,
 * JSON-LD or N-Triples by content negotiation.
 * @param deps - store, base URL, peers.
 * @returns the router.
 */
export function voidRouter(deps: VoidRouterDeps): Router {
  const router = express.Router();
  // The description counts every record: computed at most every few seconds, not per request.
  const cache = new Map<string, { at: number; body: Promise<string> }>();
  const describe = (mediaType: (typeof QUAD_MEDIA_TYPES)[number]): Promise<string> => {
    const hit = cache.get(mediaType);
    if (hit !== undefined && Date.now() - hit.at < CACHE_MS) return hit.body;
    const body = voidDescription(deps).then((quads) => serializeQuads(quads, mediaType, { ...PREFIXES, void: VOID_NS }));
    cache.set(mediaType, { at: Date.now(), body });
    body.catch(() => cache.delete(mediaType));
    return body;
  };
  router.get('/.well-known/void', async (req: Request, res: Response) => {
    const mediaType = negotiate(req.get('accept'), [...QUAD_MEDIA_TYPES, 'application/json']);
    if (mediaType === undefined) throw new NotAcceptableError(`The VoID description is served as ${QUAD_MEDIA_TYPES.join(', ')}.`, QUAD_MEDIA_TYPES);
    const served = mediaType === 'application/json' ? 'application/ld+json' : mediaType;
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', `max-age=${CACHE_MS / 1000}`);
    res.type(served).send(await describe(served as (typeof QUAD_MEDIA_TYPES)[number]));
  });
  return router;
}
