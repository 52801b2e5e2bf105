import { pidFromIri } from '../domain/index.js';

/**
 * The path on this service that dereferences an IRI.
 * @param iri - a record or PID IRI.
 * @param baseUrl - PHD_BASE_URL.
 * @returns `/id/{kind}/{id}` for minted IRIs, `/pid/{curie}` for PIDs, else `/pid/{percent-encoded IRI}`.
 */
export function recordHref(iri: string, baseUrl: string): string {
  if (iri.startsWith(`${baseUrl}/id/`)) return iri.slice(baseUrl.length);
  const pid = pidFromIri(iri);
  if (pid !== undefined) return `/pid/${pid.curie.replace(/[^\x21-\x7e]|%/gu, (c) => encodeURIComponent(c))}`;
  return `/pid/${encodeURIComponent(iri)}`;
}

/**
 * The part of a `/pid/…` path that names one record (of a tier chain, a diff, or with `/methods`
 * or `/label` after it): `{kind}/{id}` for minted IRIs, the PID otherwise, percent-encoded as one
 * path segment.
 * @param iri - a record or PID IRI.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the segment.
 * @example
 * pidSegment('https://doi.org/10.5072/x.v1', base); // 'doi%3A10.5072%2Fx.v1'
 */
export function pidSegment(iri: string, baseUrl: string): string {
  const href = recordHref(iri, baseUrl);
  return href.startsWith('/id/') ? href.slice('/id/'.length) : encodeURIComponent(decodeURIComponent(href.slice('/pid/'.length)));
}

/**
 * The diff of two configuration versions on this service, named as `/pid/…` paths name records
 * ({@link pidSegment}).
 * @param from - the older version's IRI.
 * @param to - the newer version's IRI.
 * @param baseUrl - PHD_BASE_URL.
 * @returns `/pid/{from}/diff/{to}`.
 * @example
 * diffHref('https://doi.org/10.5072/x.v1', 'https://doi.org/10.5072/x.v2', base); // '/pid/doi%3A10.5072%2Fx.v1/diff/doi%3A10.5072%2Fx.v2'
 */
export function diffHref(from: string, to: string, baseUrl: string): string {
  return `/pid/${pidSegment(from, baseUrl)}/diff/${pidSegment(to, baseUrl)}`;
}
