import { lookupExtension, lookupMediaType, MEDIA_TYPES } from '../representation/index.js';
import type { MediaTypeId } from '../representation/index.js';

/** The RDF serializations the service reads: registry ids (see MEDIA_TYPES). */
export const RDF_FORMATS = ['turtle', 'trig', 'n-triples', 'n-quads', 'json-ld'] as const satisfies readonly MediaTypeId[];

/** One of {@link RDF_FORMATS}. */
export type RdfFormat = (typeof RDF_FORMATS)[number];

/** File extensions the CLI picks up when it walks a directory. */
export const RDF_EXTENSIONS: readonly string[] = RDF_FORMATS.flatMap((id) => MEDIA_TYPES[id].extensions);

/**
 * The format a file holds, by its extension.
 * @param path - file path.
 * @returns the format, or undefined for an unknown extension.
 */
export function formatFromPath(path: string): RdfFormat | undefined {
  return lookupExtension(path, RDF_FORMATS);
}

/**
 * The format a media type denotes (parameters such as `charset` are ignored; canonical types only:
 * a body sent as `application/json` is not taken for JSON-LD).
 * @param mediaType - a Content-Type value.
 * @returns the format, or undefined.
 */
export function formatFromMediaType(mediaType: string): RdfFormat | undefined {
  return lookupMediaType(mediaType, { aliases: false, among: RDF_FORMATS });
}
