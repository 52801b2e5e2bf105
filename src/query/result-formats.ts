import { FORMATS_NS } from '../domain/namespaces.js';
import { NotAcceptableError } from '../errors/phd-error.js';

/** The four SPARQL query forms. */
export type QueryType = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** One serialization the endpoint produces. */
export interface ResultFormat {
  /** The canonical media type, sent as Content-Type. */
  readonly mediaType: string;
  /** Other media types a client may ask for to get this format (e.g. `application/json`). */
  readonly aliases: readonly string[];
  /** Short name for the `format` request parameter and the HTML form. */
  readonly name: string;
  /** Human label. */
  readonly label: string;
  /** The W3C format IRI (http://www.w3.org/ns/formats/), for the service description. */
  readonly formatIri: string;
}

const W3C_FORMATS = FORMATS_NS;

/** Formats of solution sequences and booleans (SELECT, ASK), preferred first. */
export const SOLUTION_FORMATS: readonly ResultFormat[] = [
  { mediaType: 'application/sparql-results+json', aliases: ['application/json'], name: 'json', label: 'SPARQL JSON', formatIri: `${W3C_FORMATS}SPARQL_Results_JSON` },
  { mediaType: 'application/sparql-results+xml', aliases: ['application/xml', 'text/xml'], name: 'xml', label: 'SPARQL XML', formatIri: `${W3C_FORMATS}SPARQL_Results_XML` },
  { mediaType: 'text/csv', aliases: [], name: 'csv', label: 'CSV', formatIri: `${W3C_FORMATS}SPARQL_Results_CSV` },
  { mediaType: 'text/tab-separated-values', aliases: [], name: 'tsv', label: 'TSV', formatIri: `${W3C_FORMATS}SPARQL_Results_TSV` },
];

/** Formats of graphs (CONSTRUCT, DESCRIBE), preferred first. */
export const GRAPH_FORMATS: readonly ResultFormat[] = [
  { mediaType: 'text/turtle', aliases: ['application/x-turtle'], name: 'turtle', label: 'Turtle', formatIri: `${W3C_FORMATS}Turtle` },
  { mediaType: 'application/n-triples', aliases: ['text/plain'], name: 'ntriples', label: 'N-Triples', formatIri: `${W3C_FORMATS}N-Triples` },
  { mediaType: 'application/n-quads', aliases: [], name: 'nquads', label: 'N-Quads', formatIri: `${W3C_FORMATS}N-Quads` },
  { mediaType: 'application/ld+json', aliases: ['application/json'], name: 'jsonld', label: 'JSON-LD', formatIri: `${W3C_FORMATS}JSON-LD` },
  { mediaType: 'application/rdf+xml', aliases: ['application/xml', 'text/xml'], name: 'rdfxml', label: 'RDF/XML', formatIri: `${W3C_FORMATS}RDF_XML` },
];

/**
 * The formats a query form can be answered in.
 * @param type - the query form.
 * @returns the formats, the default first.
 */
export function formatsFor(type: QueryType): readonly ResultFormat[] {
  return type === 'SELECT' || type === 'ASK' ? SOLUTION_FORMATS : GRAPH_FORMATS;
}

/** One media range of an Accept header. */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/**
 * Parses an Accept header (RFC 9110 §12.5.1). Malformed entries are skipped.
 * @param accept - the header value.
 * @returns the media ranges.
 */
export function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';');
    const [type, subtype, extra] = range.trim().toLowerCase().split('/');
    if (type === undefined || type === '' || subtype === undefined || subtype === '' || extra !== undefined) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q' && value !== undefined) {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/**
 * The quality a client gives one media type: that of the most specific matching range
 * (exact > `type/*` > `*\/*`), or 0 when no range matches.
 */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): { q: number; specificity: number } {
  const [type, subtype] = mediaType.split('/');
  let best = { q: 0, specificity: -1 };
  for (const range of ranges) {
    const specificity = range.type === type && range.subtype === subtype ? 2
      : range.type === type && range.subtype === '*' ? 1
        : range.type === '*' && range.subtype === '*' ? 0 : -1;
    if (specificity > best.specificity) best = { q: range.q, specificity };
  }
  return best.specificity < 0 ? { q: 0, specificity: -1 } : best;
}

/**
 * Picks the best of `offers` for an Accept header: highest q, then the most specific range, then
 * the order of `offers` (the server's preference). An absent or empty header accepts anything.
 * @param accept - the raw Accept header.
 * @param offers - media types that can be produced, preferred first.
 * @returns the index of the chosen offer, or -1 when none is acceptable.
 */
export function negotiateIndex(accept: string | undefined, offers: readonly string[]): number {
  if (accept === undefined || accept.trim() === '') return offers.length > 0 ? 0 : -1;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return offers.length > 0 ? 0 : -1;
  let best = -1;
  let bestQ = 0;
  let bestSpecificity = -1;
  offers.forEach((offer, index) => {
    const { q, specificity } = qualityOf(offer.toLowerCase(), ranges);
    if (q <= 0) return;
    if (q > bestQ || (q === bestQ && specificity > bestSpecificity)) {
      best = index;
      bestQ = q;
      bestSpecificity = specificity;
    }
  });
  return best;
}

/**
 * Chooses the serialization of a query's result from the client's Accept header. Aliases count:
 * `application/json` gives SPARQL JSON for SELECT/ASK and JSON-LD for graphs, `application/xml`
 * gives SPARQL XML or RDF/XML. Without an Accept header (or with `*\/*`) SELECT and ASK get
 * SPARQL JSON and graphs get Turtle.
 *
 * @param type - the query form.
 * @param accept - the raw Accept header.
 * @param produced - which formats the executor can write (default: all of {@link formatsFor}).
 * @returns the chosen format.
 * @throws NotAcceptableError (406) listing the available media types when nothing matches.
 */
export function negotiateResultFormat(type: QueryType, accept: string | undefined, produced: (format: ResultFormat) => boolean = () => true): ResultFormat {
  const formats = formatsFor(type).filter(produced);
  // Canonical types first, so that an exact match beats an alias at equal q and specificity.
  const offers = [...formats.map((f) => ({ format: f, mediaType: f.mediaType })), ...formats.flatMap((f) => f.aliases.map((a) => ({ format: f, mediaType: a })))];
  const index = negotiateIndex(accept, offers.map((o) => o.mediaType));
  const chosen = offers[index];
  if (chosen === undefined) {
    const available = formats.map((f) => f.mediaType);
    throw new NotAcceptableError(
      `A ${type} query can be answered as ${available.join(', ')}; none of them is acceptable under "Accept: ${accept ?? ''}". Ask for one of these (or use the format parameter).`,
      available,
    );
  }
  return chosen.format;
}

/**
 * Other names clients put in the `format` parameter: SPARQLWrapper sends `n3` (Turtle is N3's
 * RDF subset, and the endpoint's closest answer), `rdf+xml`, `json-ld`.
 */
const FORMAT_NAME_ALIASES: ReadonlyMap<string, string> = new Map([
  ['n3', 'turtle'], ['ttl', 'turtle'], ['rdf+xml', 'rdfxml'], ['rdf', 'rdfxml'], ['json-ld', 'jsonld'], ['nt', 'ntriples'], ['n-triples', 'ntriples'],
]);

/**
 * Turns the `format` request parameter (a short name such as `json`, `csv`, `turtle`, or a media
 * type) into an Accept header value that covers both query forms: `json` asks for SPARQL JSON or
 * JSON-LD, `xml` for SPARQL XML or RDF/XML.
 * @param format - the parameter value.
 * @returns an Accept value, or undefined for an empty value or `auto` (use the Accept header).
 */
export function acceptForFormatParameter(format: string): string | undefined {
  const given = format.trim().toLowerCase();
  if (given === '' || given === 'auto') return undefined;
  if (given.includes('/')) return given;
  // A Map, not an object literal: a parameter such as `__proto__` must not reach Object.prototype.
  const value = FORMAT_NAME_ALIASES.get(given) ?? given;
  const matches = [...SOLUTION_FORMATS, ...GRAPH_FORMATS].filter((f) => f.name === value || (value === 'json' && f.name === 'jsonld') || (value === 'xml' && f.name === 'rdfxml'));
  // An unknown name yields an Accept nothing satisfies, so the client gets a 406 listing the formats.
  return matches.length === 0 ? `application/x-unknown-format-${value.replace(/[^a-z0-9-]/g, '')}` : matches.map((f) => f.mediaType).join(', ');
}

/**
 * The Accept value of a `format` parameter given several times (SPARQLWrapper sends
 * `format=rdf+xml&format=application/rdf+xml`): the formats any of the values names.
 * @param formats - the parameter's values.
 * @returns an Accept value, or undefined when no value names a format (use the Accept header).
 */
export function acceptForFormatParameters(formats: readonly string[]): string | undefined {
  const accepts = formats.map(acceptForFormatParameter).filter((a): a is string => a !== undefined);
  return accepts.length === 0 ? undefined : accepts.join(', ');
}
