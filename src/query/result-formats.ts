import { chooseRepresentation, notAcceptable } from '../representation/index.js';
import { MEDIA_TYPES, mediaTypeFor } from '../representation/index.js';
import type { MediaTypeId } from '../representation/index.js';

/** The four SPARQL query forms. */
export type QueryType = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

const SOLUTION_IDS = ['sparql-results+json', 'sparql-results+xml', 'sparql-results+csv', 'sparql-results+tsv'] as const satisfies readonly MediaTypeId[];
const GRAPH_IDS = ['turtle', 'n-triples', 'n-quads', 'json-ld', 'rdf-xml'] as const satisfies readonly MediaTypeId[];

/** A format a query result is written in (a registry id): what the router chooses and the query engines take. */
export type ResultFormat = (typeof SOLUTION_IDS)[number] | (typeof GRAPH_IDS)[number];

/** A result format with what the endpoint says of it, from the media-type registry. */
export interface ResultFormatEntry {
  readonly id: ResultFormat;
  /** The canonical media type, sent as Content-Type. */
  readonly mediaType: string;
  /** Short name for the `format` request parameter and the HTML form. */
  readonly name: string;
  /** Human label. */
  readonly label: string;
  /** The W3C format IRI (http://www.w3.org/ns/formats/), for the service description. */
  readonly formatIri: string;
}

function entryOf(id: ResultFormat): ResultFormatEntry {
  const { mediaType, names, label, formatIri } = MEDIA_TYPES[id];
  return { id, mediaType, name: names[0], label, formatIri };
}

/** Formats of solution sequences and booleans (SELECT, ASK), preferred first. */
export const SOLUTION_FORMATS: readonly ResultFormatEntry[] = SOLUTION_IDS.map(entryOf);

/** Formats of graphs (CONSTRUCT, DESCRIBE), preferred first. */
export const GRAPH_FORMATS: readonly ResultFormatEntry[] = GRAPH_IDS.map(entryOf);

/**
 * The formats a query form can be answered in.
 * @param type - the query form.
 * @returns the formats, the default first.
 */
export function formatsFor(type: QueryType): readonly ResultFormatEntry[] {
  return type === 'SELECT' || type === 'ASK' ? SOLUTION_FORMATS : GRAPH_FORMATS;
}

/**
 * Chooses the serialization of a query's result from the client's Accept header (see
 * chooseRepresentation). Aliases count: `application/json` gives SPARQL JSON for SELECT/ASK and
 * JSON-LD for graphs, `application/xml` gives SPARQL XML or RDF/XML. Without an Accept header (or
 * with `*\/*`) SELECT and ASK get SPARQL JSON and graphs get Turtle.
 *
 * @param type - the query form.
 * @param accept - the raw Accept header.
 * @returns the chosen format.
 * @throws NotAcceptableError (406) listing the available media types when nothing matches.
 */
export function negotiateResultFormat(type: QueryType, accept: string | undefined): ResultFormatEntry {
  const formats = formatsFor(type);
  const chosen = chooseRepresentation(accept, formats.map((f) => f.id));
  const format = formats.find((f) => f.id === chosen);
  if (format === undefined) {
    throw notAcceptable(
      `A ${type} query can be answered as ${formats.map((f) => f.mediaType).join(', ')}; none of them is acceptable under "Accept: ${accept ?? ''}". Ask for one of these (or use the format parameter).`,
      formats.map((f) => f.id),
    );
  }
  return format;
}

/**
 * The format a query engine writes: the one chosen for it, which must suit the query form, or the
 * form's default (SPARQL JSON, Turtle) when none was chosen.
 * @param type - the query form.
 * @param format - the chosen format.
 * @returns the format.
 * @throws NotAcceptableError (406) when the format does not suit the query form.
 */
export function resultFormatFor(type: QueryType, format: ResultFormat | undefined): ResultFormatEntry {
  const formats = formatsFor(type);
  const chosen = format === undefined ? formats[0] : formats.find((f) => f.id === format);
  if (chosen === undefined) {
    throw notAcceptable(`A ${type} query can be answered as ${formats.map((f) => f.mediaType).join(', ')}, not as ${format === undefined ? 'nothing' : mediaTypeFor(format)}.`, formats.map((f) => f.id));
  }
  return chosen;
}

/**
 * Turns the `format` request parameter (a short name of the registry such as `json`, `csv`,
 * `turtle`, `n3`, or a media type) into an Accept header value that covers both query forms:
 * `json` asks for SPARQL JSON or JSON-LD, `xml` for SPARQL XML or RDF/XML.
 * @param format - the parameter value.
 * @returns an Accept value, or undefined for an empty value or `auto` (use the Accept header).
 */
export function acceptForFormatParameter(format: string): string | undefined {
  const given = format.trim().toLowerCase();
  if (given === '' || given === 'auto') return undefined;
  if (given.includes('/')) return given;
  const matches = [...SOLUTION_IDS, ...GRAPH_IDS].filter((id) => (MEDIA_TYPES[id].names as readonly string[]).includes(given));
  // An unknown name yields an Accept nothing satisfies, so the client gets a 406 listing the formats.
  return matches.length === 0 ? `application/x-unknown-format-${given.replace(/[^a-z0-9-]/g, '')}` : matches.map(mediaTypeFor).join(', ');
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
