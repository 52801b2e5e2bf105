import express from 'express';
import type { Request, Response, Router } from 'express';
import { PREFIXES, VOID_NS } from '../domain/index.js';
import { voidDescription } from '../federation/index.js';
import { serializeQuads } from '../rdf/index.js';
import type { QuadFormat } from '../rdf/index.js';
import { chooseRepresentation, notAcceptable } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';
import type { RecordStore } from '../store/index.js';

/** How long a computed description is served before it is counted again. */
const CACHE_MS = 10_000;

/** The formats of the description, preferred first. */
const FORMATS = ['turtle', 'json-ld', 'n-triples'] as const satisfies readonly QuadFormat[];

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
  const describe = (format: QuadFormat): Promise<string> => {
    const hit = cache.get(format);
    if (hit !== undefined && Date.now() - hit.at < CACHE_MS) return hit.body;
    const body = voidDescription(deps).then((quads) => serializeQuads(quads, format, { prefixes: { ...PREFIXES, void: VOID_NS } }));
    cache.set(format, { at: Date.now(), body });
    body.catch(() => cache.delete(format));
    return body;
  };
  router.get('/.well-known/void', async (req: Request, res: Response) => {
    const format = chooseRepresentation(req.get('accept'), FORMATS);
    if (format === undefined) throw notAcceptable(`The VoID description is served as ${FORMATS.map(mediaTypeFor).join(', ')}.`, FORMATS);
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', `max-age=${CACHE_MS / 1000}`);
    res.type(mediaTypeFor(format)).send(await describe(format));
  });
  return router;
}
