import { isSearchType } from './search-params.js';
import type { LinkedResource } from '../pid/index.js';
import type { SearchResult } from './search-result.js';

const MAX_TEXT = 500;

function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]+/gu, ' ').trim();
  return text === '' ? undefined : text.slice(0, MAX_TEXT);
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A peer's link made absolute on the peer (never a `javascript:` or other non-HTTP URL). */
function peerHref(value: unknown, base: string, iri: string): string {
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) {
    try {
      return new URL(value, `${base}/`).href;
    } catch {
      // fall through to the default link
    }
  }
  return httpUrl(value) ?? `${base}/pid/${encodeURIComponent(iri)}`;
}

/**
 * Checks one result a peer sent and makes its links absolute; anything malformed is dropped.
 * @param raw - one element of a peer's `results`.
 * @param peer - the peer's base URL.
 * @returns the result, or undefined when it is not a well-formed result.
 */
export function sanitizePeerResult(raw: unknown, peer: string): SearchResult | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const iri = httpUrl(r.iri) === undefined ? undefined : (r.iri as string);
  const type = r.type;
  const score = typeof r.score === 'number' && Number.isFinite(r.score) ? r.score : undefined;
  if (iri === undefined || !isSearchType(type) || score === undefined) return undefined;
  const base = (httpUrl(r.source) ?? httpUrl(peer) ?? peer).replace(/\/+$/, '');
  const linked = (value: unknown): LinkedResource | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const item = value as Record<string, unknown>;
    const target = httpUrl(item.iri) === undefined ? undefined : (item.iri as string);
    if (target === undefined) return undefined;
    return { iri: target, label: cleanText(item.label) ?? target, href: peerHref(item.href, base, target) };
  };
  const out: { -readonly [K in keyof SearchResult]: SearchResult[K] } = {
    iri, type, label: cleanText(r.label) ?? iri, score, href: peerHref(r.href, base, iri), source: base,
  };
  const summary = cleanText(r.summary);
  if (summary !== undefined) out.summary = summary;
  for (const key of ['facility', 'model', 'instance', 'configuration'] as const) {
    const item = linked(r[key]);
    if (item !== undefined) out[key] = item;
  }
  if (typeof r.matched === 'object' && r.matched !== null) {
    const matched: Record<string, string> = {};
    for (const key of ['objective', 'lightSource', 'detector', 'stand', 'technique', 'instruments'] as const) {
      const text = cleanText((r.matched as Record<string, unknown>)[key]);
      if (text !== undefined) matched[key] = text;
    }
    if (Object.keys(matched).length > 0) out.matched = matched;
  }
  return out;
}
