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
