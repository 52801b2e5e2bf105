import { FORMATS_NS } from '../domain/index.js';

/** What a representation is used for. */
export type MediaTypeRole = 'rdf-graph' | 'rdf-dataset' | 'sparql-results' | 'page' | 'problem' | 'export' | 'data' | 'request';

/** One representation the service reads or writes. */
export interface MediaTypeEntry {
  /** The canonical media type, sent as Content-Type. */
  readonly mediaType: string;
  /** Generic media types a client may send (in Accept) to get this representation, e.g. `application/json`. */
  readonly aliases: readonly string[];
  /** File extensions (with the dot), the most usual first. */
  readonly extensions: readonly string[];
  /** Short names of the `format` request parameter, the canonical one first. */
  readonly names: readonly string[];
  /** A human label. */
  readonly label: string;
  readonly role: MediaTypeRole;
  /** What the service uses it for. */
  readonly purpose: string;
  /** The W3C format IRI (http://www.w3.org/ns/formats/), where there is one. */
  readonly formatIri?: string;
}

const W3C_FORMATS = FORMATS_NS;

/**
 * The media-type registry: every representation the service reads or writes, by a typed id. Routers
 * negotiate over ids ({@link chooseRepresentation}), services and the query engines take ids, and
 * only the registry knows their media types, aliases, extensions and `format` parameter names.
 */
export const MEDIA_TYPES = {
  'turtle': {
    mediaType: 'text/turtle', aliases: ['application/x-turtle'], extensions: ['.ttl', '.turtle'], names: ['turtle', 'ttl', 'n3'],
    label: 'Turtle', role: 'rdf-graph', purpose: 'Records, the VoID and service descriptions, graph results; record bodies.', formatIri: `${W3C_FORMATS}Turtle`,
  },
  'n-triples': {
    mediaType: 'application/n-triples', aliases: ['text/plain'], extensions: ['.nt'], names: ['ntriples', 'nt', 'n-triples'],
    label: 'N-Triples', role: 'rdf-graph', purpose: 'Records and graph results; how records are stored and shipped between cores.', formatIri: `${W3C_FORMATS}N-Triples`,
  },
  'json-ld': {
    mediaType: 'application/ld+json', aliases: ['application/json'], extensions: ['.jsonld', '.json'], names: ['jsonld', 'json-ld', 'json'],
    label: 'JSON-LD', role: 'rdf-graph', purpose: 'Records compacted against /context.jsonld, descriptions, graph results; record bodies.', formatIri: `${W3C_FORMATS}JSON-LD`,
  },
  'rdf-xml': {
    mediaType: 'application/rdf+xml', aliases: ['application/xml', 'text/xml'], extensions: ['.rdf'], names: ['rdfxml', 'rdf', 'rdf+xml', 'xml'],
    label: 'RDF/XML', role: 'rdf-graph', purpose: 'Records and graph results for XML tools (written, never read).', formatIri: `${W3C_FORMATS}RDF_XML`,
  },
  'n-quads': {
    mediaType: 'application/n-quads', aliases: [], extensions: ['.nq'], names: ['nquads', 'n-quads', 'nq'],
    label: 'N-Quads', role: 'rdf-dataset', purpose: 'Graph results; loading files that name their graphs.', formatIri: `${W3C_FORMATS}N-Quads`,
  },
  'trig': {
    mediaType: 'application/trig', aliases: [], extensions: ['.trig'], names: ['trig'],
    label: 'TriG', role: 'rdf-dataset', purpose: 'Record bodies and data files that name their graphs.', formatIri: `${W3C_FORMATS}TriG`,
  },
  'sparql-results+json': {
    mediaType: 'application/sparql-results+json', aliases: ['application/json'], extensions: ['.srj'], names: ['json'],
    label: 'SPARQL JSON', role: 'sparql-results', purpose: 'SELECT and ASK results (the default).', formatIri: `${W3C_FORMATS}SPARQL_Results_JSON`,
  },
  'sparql-results+xml': {
    mediaType: 'application/sparql-results+xml', aliases: ['application/xml', 'text/xml'], extensions: ['.srx'], names: ['xml'],
    label: 'SPARQL XML', role: 'sparql-results', purpose: 'SELECT and ASK results for XML tools.', formatIri: `${W3C_FORMATS}SPARQL_Results_XML`,
  },
  'sparql-results+csv': {
    mediaType: 'text/csv', aliases: [], extensions: ['.csv'], names: ['csv'],
    label: 'CSV', role: 'sparql-results', purpose: 'SELECT results for spreadsheets.', formatIri: `${W3C_FORMATS}SPARQL_Results_CSV`,
  },
  'sparql-results+tsv': {
    mediaType: 'text/tab-separated-values', aliases: [], extensions: ['.tsv'], names: ['tsv'],
    label: 'TSV', role: 'sparql-results', purpose: 'SELECT results with typed terms, one row a line.', formatIri: `${W3C_FORMATS}SPARQL_Results_TSV`,
  },
  'html': {
    mediaType: 'text/html', aliases: [], extensions: ['.html'], names: ['html'],
    label: 'HTML', role: 'page', purpose: 'Landing, diff, search and SPARQL pages, and problem pages, for browsers.',
  },
  'json': {
    mediaType: 'application/json', aliases: [], extensions: [], names: ['json'],
    label: 'JSON', role: 'data', purpose: 'Search results, configuration diffs, record summaries and histories.',
  },
  'problem+json': {
    mediaType: 'application/problem+json', aliases: [], extensions: [], names: [],
    label: 'Problem details', role: 'problem', purpose: 'Every error (RFC 9457).',
  },
  'datacite+xml': {
    mediaType: 'application/vnd.datacite.datacite+xml', aliases: ['application/xml', 'text/xml'], extensions: ['.datacite.xml'], names: ['xml'],
    label: 'DataCite XML', role: 'export', purpose: 'DataCite Metadata Schema 4.5 export, to register a DOI.',
  },
  'datacite+json': {
    mediaType: 'application/vnd.datacite.datacite+json', aliases: ['application/json'], extensions: ['.datacite.json'], names: ['json'],
    label: 'DataCite JSON', role: 'export', purpose: 'DataCite REST API attributes, to register a DOI.',
  },
  'pidinst+json': {
    mediaType: 'application/json', aliases: [], extensions: ['.pidinst.json'], names: ['json'],
    label: 'PIDINST JSON', role: 'export', purpose: 'PIDINST 1.0 export of an instrument instance.',
  },
  'micrometa+json': {
    mediaType: 'application/json', aliases: [], extensions: ['.json'], names: ['json'],
    label: 'Micro-Meta App JSON', role: 'export', purpose: 'A hardware configuration as a Micro-Meta App file (import and export).',
  },
  'bibtex': {
    mediaType: 'application/x-bibtex', aliases: [], extensions: ['.bib'], names: ['bibtex', 'bib'],
    label: 'BibTeX', role: 'export', purpose: 'A citation of a record (DataCite content negotiation format).',
  },
  'ris': {
    mediaType: 'application/x-research-info-systems', aliases: [], extensions: ['.ris'], names: ['ris'],
    label: 'RIS', role: 'export', purpose: 'A citation of a record for reference managers (DataCite content negotiation format).',
  },
  'csl+json': {
    mediaType: 'application/vnd.citationstyles.csl+json', aliases: [], extensions: ['.csl.json'], names: ['csl', 'csl-json', 'citeproc'],
    label: 'CSL-JSON', role: 'export', purpose: 'A citation of a record as Citation Style Language data (DataCite content negotiation format).',
  },
  'bibliography': {
    mediaType: 'text/x-bibliography', aliases: [], extensions: [], names: ['bibliography', 'citation'],
    label: 'Formatted citation', role: 'export', purpose: 'A citation formatted in a style (`style` parameter, e.g. apa), as DataCite content negotiation does.',
  },
  'markdown': {
    mediaType: 'text/markdown', aliases: [], extensions: ['.md'], names: ['markdown', 'md'],
    label: 'Markdown', role: 'export', purpose: 'The methods text of a dataset or configuration, to paste into a manuscript.',
  },
  'ome-xml': {
    mediaType: 'application/xml', aliases: ['text/xml'], extensions: ['.ome.xml', '.xml'], names: [],
    label: 'OME-XML', role: 'request', purpose: 'OME-XML image metadata to import.',
  },
  'sparql-query': {
    mediaType: 'application/sparql-query', aliases: [], extensions: ['.rq'], names: [],
    label: 'SPARQL query', role: 'request', purpose: 'A query sent as the body of POST /sparql.',
  },
  'sparql-update': {
    mediaType: 'application/sparql-update', aliases: [], extensions: ['.ru'], names: [],
    label: 'SPARQL update', role: 'request', purpose: 'Recognized only to be refused: the endpoints are read-only.',
  },
  'form': {
    mediaType: 'application/x-www-form-urlencoded', aliases: [], extensions: [], names: [],
    label: 'HTML form', role: 'request', purpose: 'A query sent as a form field of POST /sparql.',
  },
} as const satisfies Readonly<Record<string, MediaTypeEntry>>;

/** The id of a representation in {@link MEDIA_TYPES}. */
export type MediaTypeId = keyof typeof MEDIA_TYPES;

const IDS = Object.keys(MEDIA_TYPES) as MediaTypeId[];

/**
 * The canonical media type of a representation.
 * @param id - the representation.
 * @returns its media type, e.g. `text/turtle`.
 */
export function mediaTypeFor(id: MediaTypeId): string {
  return MEDIA_TYPES[id].mediaType;
}

/**
 * The canonical `format` parameter name of a representation (`jsonld`, `turtle`), for links that ask for it.
 * @param id - the representation.
 * @returns its first name ('' for a representation no `format` parameter names).
 */
export function formatNameOf(id: MediaTypeId): string {
  return (MEDIA_TYPES[id].names as readonly string[])[0] ?? '';
}

/** A media type without parameters, lower-cased. */
function bare(mediaType: string): string {
  return mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The representation a media type denotes (parameters such as `charset` are ignored): the first
 * entry whose canonical type it is, else, unless `aliases` is false, the first that lists it as an alias.
 * @param mediaType - a media type or Content-Type value.
 * @param options - `aliases: false` to match canonical types only; `among` to look only at these ids.
 * @returns the id, or undefined.
 */
export function lookupMediaType<Id extends MediaTypeId = MediaTypeId>(mediaType: string, options: { readonly aliases?: boolean; readonly among?: readonly Id[] } = {}): Id | undefined {
  const type = bare(mediaType);
  const ids = options.among ?? (IDS as readonly MediaTypeId[] as readonly Id[]);
  return ids.find((id) => MEDIA_TYPES[id].mediaType === type)
    ?? (options.aliases === false ? undefined : ids.find((id) => (MEDIA_TYPES[id].aliases as readonly string[]).includes(type)));
}

/**
 * The representation a file holds, by its extension (the longest listed extension that ends the name).
 * @param path - a file name or path.
 * @param among - look only at these ids (default: all).
 * @returns the id, or undefined for an unknown extension.
 */
export function lookupExtension<Id extends MediaTypeId = MediaTypeId>(path: string, among: readonly Id[] = IDS as readonly MediaTypeId[] as readonly Id[]): Id | undefined {
  const name = path.toLowerCase();
  let best: { id: Id; length: number } | undefined;
  for (const id of among) {
    for (const extension of MEDIA_TYPES[id].extensions as readonly string[]) {
      if (name.endsWith(extension) && extension.length > (best?.length ?? 0)) best = { id, length: extension.length };
    }
  }
  return best?.id;
}

/**
 * The representation a `format` request parameter names, among those offered: a short name
 * (`turtle`, `json`), the canonical media type or an alias. A name shared by several (`json`) gives
 * the first offered.
 * @param name - the parameter value (case-insensitive).
 * @param among - the ids offered, preferred first.
 * @returns the id, or undefined when no offered representation has that name.
 */
export function lookupFormatName<Id extends MediaTypeId>(name: string, among: readonly Id[]): Id | undefined {
  const given = name.trim().toLowerCase();
  if (given.includes('/')) return lookupMediaType(given, { among });
  return among.find((id) => (MEDIA_TYPES[id].names as readonly string[]).includes(given));
}
