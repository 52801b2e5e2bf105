/** One media range of an Accept header. */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/**
 * Parses an Accept header (RFC 9110 §12.5.1). A range that is not `type/subtype` is skipped; a q
 * that is not a number counts as 0 (refused), and q is clamped to [0, 1].
 */
function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';');
    // A lone `*` (sent by some old clients) means `*/*`.
    const [type, subtype, extra] = (range.trim() === '*' ? '*/*' : range.trim().toLowerCase()).split('/');
    if (type === undefined || type === '' || subtype === undefined || subtype === '' || extra !== undefined) continue;
    // `*/html` names no range RFC 9110 allows.
    if (type === '*' && subtype !== '*') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q' && value !== undefined) {
        const parsed = value === '' ? Number.NaN : Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/**
 * The quality a client gives one media type: that of the most specific matching range
 * (exact 2 > `type/*` 1 > `*\/*` 0; the first of equally specific ranges), or undefined when none matches.
 */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): { q: number; specificity: number } | undefined {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  let best: { q: number; specificity: number } | undefined;
  for (const range of ranges) {
    const specificity = range.type === type && range.subtype === subtype ? 2
      : range.type === type && range.subtype === '*' ? 1
        : range.type === '*' ? 0 : -1;
    if (specificity >= 0 && specificity > (best?.specificity ?? -1)) best = { q: range.q, specificity };
  }
  return best;
}

/**
 * Picks the best of the offered media types for an Accept header (RFC 9110 §12.5.1): the highest
 * q, then the most specific matching range, then the server's order of preference. An absent or
 * empty header accepts anything (the first offer); q=0 refuses; ranges that cannot be read are
 * skipped, and a header of which no range can be read accepts nothing (406: the client asked for
 * something, and it is not clear what).
 *
 * @param accept - the Accept header.
 * @param offers - media types the server can produce, preferred first.
 * @returns the chosen media type, or undefined when none is acceptable (→ 406).
 * @example
 * negotiate('text/*;q=0.5, text/html;q=0.4', ['text/html', 'text/turtle']); // 'text/turtle'
 */
export function negotiate<T extends string>(accept: string | undefined, offers: readonly T[]): T | undefined {
  if (accept === undefined || accept.trim() === '') return offers[0];
  const ranges = parseAccept(accept);
  let best: { offer: T; q: number; specificity: number } | undefined;
  for (const offer of offers) {
    const quality = qualityOf(offer, ranges);
    if (quality === undefined || quality.q <= 0) continue;
    if (best === undefined || quality.q > best.q || (quality.q === best.q && quality.specificity > best.specificity)) best = { offer, ...quality };
  }
  return best?.offer;
}
