import N3 from 'n3';
import type { Quad } from 'n3';
import { serializeQuads } from '../rdf/serialize-quads.js';
import type { QuadFormat } from '../rdf/serialize-quads.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from './result-formats.js';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const DCTERMS = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const ENTAILMENT_SIMPLE = 'http://www.w3.org/ns/entailment/Simple';

/** What the service description says about the endpoint. */
export interface ServiceDescriptionOptions {
  /** The endpoint URL (`{baseUrl}/sparql`). */
  readonly endpoint: string;
  /** The limits queries run under, stated in the description when given. */
  readonly limits?: { readonly timeoutMs: number; readonly maxResults: number } | undefined;
}

/** The formats the service description is served in (registry ids), preferred first. */
export const SERVICE_DESCRIPTION_FORMATS = ['turtle', 'json-ld', 'n-triples'] as const satisfies readonly QuadFormat[];

/** One of {@link SERVICE_DESCRIPTION_FORMATS}. */
export type ServiceDescriptionFormat = (typeof SERVICE_DESCRIPTION_FORMATS)[number];

const PREFIXES = {
  sd: SD,
  formats: 'http://www.w3.org/ns/formats/',
  dcterms: DCTERMS,
  ent: 'http://www.w3.org/ns/entailment/',
};

/**
 * The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/):
 * an `sd:Service` with its endpoint, language (SPARQL 1.1 Query only), result formats (W3C format
 * IRIs), the `sd:UnionDefaultGraph` feature and the default dataset.
 * @param options - endpoint URL and limits.
 * @returns the description as quads in the default graph.
 */
export function serviceDescriptionQuads(options: ServiceDescriptionOptions): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const service = namedNode(`${options.endpoint}#service`);
  const dataset = namedNode(`${options.endpoint}#dataset`);
  const defaultGraph = namedNode(`${options.endpoint}#default-graph`);
  const sd = (local: string) => namedNode(`${SD}${local}`);
  const type = namedNode(RDF_TYPE);
  const limits = options.limits === undefined ? ''
    : ` A query may run ${options.limits.timeoutMs / 1000} s and return ${options.limits.maxResults} results (solutions, or triples for CONSTRUCT and DESCRIBE); page larger results with LIMIT and OFFSET.`;
  return [
    quad(service, type, sd('Service')),
    quad(service, namedNode(`${DCTERMS}title`), literal('imaging-phd SPARQL endpoint', 'en')),
    quad(service, namedNode(`${DCTERMS}description`), literal(
      `Read-only SPARQL 1.1 Query over the records of this imaging-phd instance (facilities, instrument models and instances, hardware configurations, datasets, publications, people). Each record is a named graph named by the record's IRI; the default graph is the union of all records. SPARQL Update and SERVICE are refused: write through /records, federate through /federated/sparql.${limits}`,
      'en',
    )),
    quad(service, sd('endpoint'), namedNode(options.endpoint)),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    ...[...SOLUTION_FORMATS, ...GRAPH_FORMATS].map((format) => quad(service, sd('resultFormat'), namedNode(format.formatIri))),
    quad(service, sd('feature'), sd('UnionDefaultGraph')),
    quad(service, sd('defaultEntailmentRegime'), namedNode(ENTAILMENT_SIMPLE)),
    quad(service, sd('defaultDataset'), dataset),
    quad(dataset, type, sd('Dataset')),
    quad(dataset, sd('defaultGraph'), defaultGraph),
    quad(defaultGraph, type, sd('Graph')),
    quad(defaultGraph, namedNode(`${DCTERMS}description`), literal('The union of all record graphs. Each record is also available as the named graph named by its IRI.', 'en')),
  ];
}

/**
 * Serializes the service description.
 * @param options - endpoint URL and limits.
 * @param format - Turtle, JSON-LD (compacted) or N-Triples.
 * @returns the document.
 */
export async function serializeServiceDescription(options: ServiceDescriptionOptions, format: ServiceDescriptionFormat): Promise<string> {
  return serializeQuads(serviceDescriptionQuads(options), format, { prefixes: PREFIXES });
}
