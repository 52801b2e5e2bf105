import express from 'express';
import type { Request, Response, Router } from 'express';
import { PREFIXES } from '../domain/namespaces.js';
import { NotAcceptableError } from '../errors/phd-error.js';
import { voidDescription } from '../federation/void-description.js';
import { QUAD_MEDIA_TYPES, serializeQuads } from '../rdf/serialize-quads.js';
import type { RecordStore } from '../store/record-store.js';
import { negotiate } from './conneg.js';

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
  router.get('/.well-known/void', async (req: Request, res: Response) => {
    const mediaType = negotiate(req.get('accept'), [...QUAD_MEDIA_TYPES, 'application/json']);
    if (mediaType === undefined) throw new NotAcceptableError(`The VoID description is served as ${QUAD_MEDIA_TYPES.join(', ')}.`, QUAD_MEDIA_TYPES);
    const served = mediaType === 'application/json' ? 'application/ld+json' : mediaType;
    const quads = await voidDescription(deps);
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', 'max-age=60');
    res.type(served).send(await serializeQuads(quads, served as (typeof QUAD_MEDIA_TYPES)[number], { ...PREFIXES, void: 'http://rdfs.org/ns/void#' }));
  });
  return router;
}
