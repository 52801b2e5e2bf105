import { extname } from 'node:path';

/** The RDF serializations the service reads. */
export type RdfFormat = 'turtle' | 'trig' | 'n-triples' | 'n-quads' | 'json-ld';

const BY_EXTENSION: Readonly<Record<string, RdfFormat>> = {
  '.ttl': 'turtle',
  '.turtle': 'turtle',
  '.trig': 'trig',
  '.nt': 'n-triples',
  '.nq': 'n-quads',
  '.jsonld': 'json-ld',
  '.json': 'json-ld',
};

const BY_MEDIA_TYPE: Readonly<Record<string, RdfFormat>> = {
  'text/turtle': 'turtle',
  'application/trig': 'trig',
  'application/n-triples': 'n-triples',
  'application/n-quads': 'n-quads',
  'application/ld+json': 'json-ld',
};

/** File extensions the CLI picks up when it walks a directory. */
export const RDF_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/**
 * The format a file holds, by its extension.
 * @param path - file path.
 * @returns the format, or undefined for an unknown extension.
 */
export function formatFromPath(path: string): RdfFormat | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}

/**
 * The format a media type denotes (parameters such as `charset` are ignored).
 * @param mediaType - a Content-Type value.
 * @returns the format, or undefined.
 */
export function formatFromMediaType(mediaType: string): RdfFormat | undefined {
  return BY_MEDIA_TYPE[mediaType.split(';')[0]?.trim().toLowerCase() ?? ''];
}
