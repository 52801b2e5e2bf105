import type { Request } from 'express';

/** One entry of an Accept header. */
interface AcceptEntry {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function parseAccept(header: string): AcceptEntry[] {
  return header.split(',').map((part, order) => {
    const [range = '', ...params] = part.trim().split(';');
    const [type = '*', subtype = '*'] = range.trim().toLowerCase().split('/');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return { type, subtype, q: Number.isFinite(q) ? q : 0, order };
  }).filter((e) => e.type !== '');
}

function specificity(entry: AcceptEntry): number {
  return entry.type === '*' ? 0 : entry.subtype === '*' ? 1 : 2;
}

/**
 * Picks the best of the offered media types for an Accept header (RFC 9110 §12.5.1): highest q,
 * then the most specific matching range, then the server's order of preference.
 *
 * @param accept - the Accept header (absent means anything).
 * @param offers - media types the server can produce, preferred first.
 * @returns the chosen type, or undefined when none is acceptable (→ 406).
 */
export function negotiate(accept: string | undefined, offers: readonly string[]): string | undefined {
  if (accept === undefined || accept.trim() === '') return offers[0];
  const entries = parseAccept(accept);
  let best: { offer: string; q: number; spec: number; index: number } | undefined;
  offers.forEach((offer, index) => {
    const [type, subtype] = offer.toLowerCase().split('/');
    const matches = entries
      .filter((e) => (e.type === '*' || e.type === type) && (e.subtype === '*' || e.subtype === subtype))
      .sort((a, b) => specificity(b) - specificity(a));
    const match = matches[0];
    if (match === undefined || match.q <= 0) return;
    const candidate = { offer, q: match.q, spec: specificity(match), index };
    if (best === undefined || candidate.q > best.q || (candidate.q === best.q && candidate.spec > best.spec)) best = candidate;
  });
  return best?.offer;
}

/**
 * The media type of a request body: Content-Type without its parameters, lower-cased ('' when absent).
 * @param req - the request.
 * @returns the media type.
 */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
