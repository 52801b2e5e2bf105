import { createHash } from 'node:crypto';

/** A file of the page layer served at a path named by its content's hash (see assetRouter). */
export interface StaticAsset {
  /** `/assets/{stem}-{hash}.{extension}`: a changed file gets a new URL, so the old one may be cached for good. */
  readonly path: string;
  /** Its strong entity tag (the same hash). */
  readonly etag: string;
  /** The Content-Type it is served with. */
  readonly mediaType: string;
  readonly body: string;
}

/**
 * Names an asset by the hash of its content.
 * @param stem - the file name before the hash (`sparql-page`).
 * @param extension - `js`, `css`.
 * @param mediaType - its Content-Type (with charset).
 * @param body - its text.
 * @returns the asset.
 */
export function hashedAsset(stem: string, extension: string, mediaType: string, body: string): StaticAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return Object.freeze({ path: `/assets/${stem}-${hash}.${extension}`, etag: `"${hash}"`, mediaType, body });
}
