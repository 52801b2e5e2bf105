import { createHash } from 'node:crypto';

/**
 * A strong entity tag over some content: a quoted, 27-character base64url prefix of its SHA-256.
 * Every ETag the service sends is built here, so that the same content always gets the same tag.
 * @param parts - the content, in order (strings are hashed as UTF-8).
 * @returns the tag, quoted (`"…"`), ready for the `ETag` header.
 * @example
 * entityTag(JSON.stringify(links), body); // '"q1w2…"'
 */
export function entityTag(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether an `If-None-Match` header names an entity tag (weakly compared, as RFC 9110 asks for
 * If-None-Match), or is `*`.
 * @param ifNoneMatch - the header's value, if any.
 * @param etag - the current tag, quoted.
 * @returns true when the client holds this version.
 */
export function entityTagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const strong = etag.replace(/^W\//u, '');
  return ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//u, '')).some((t) => t === strong || t === '*');
}
