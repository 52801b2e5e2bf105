import N3 from 'n3';
import type { Quad } from 'n3';
import { ENTAILMENT_NS, FORMATS_NS, PREFIXES as RECORD_PREFIXES, SD_NS } from '../domain/index.js';
import { DCTERMS, ENTAILMENT, RDF, SD } from '../domain/index.js';
import { serializeQuads } from '../rdf/index.js';
import type { QuadFormat } from '../rdf/index.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from './result-formats.js';

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
  sd: SD_NS,
  formats: FORMATS_NS,
  dcterms: RECORD_PREFIXES.dcterms,
  ent: ENTAILMENT_NS,
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
  const sd = (local: keyof typeof SD) => namedNode(SD[local]);
  const type = namedNode(RDF.type);
  const limits = options.limits === undefined ? ''
    : ` A query may run ${options.limits.timeoutMs / 1000} s and return ${options.limits.maxResults} results (solutions, or triples for CONSTRUCT and DESCRIBE); page larger results with LIMIT and OFFSET.`;
  return [
    quad(service, type, sd('Service')),
    quad(service, namedNode(DCTERMS.title), literal('imaging-phd SPARQL endpoint', 'en')),
    quad(service, namedNode(DCTERMS.description), literal(
      `Read-only SPARQL 1.1 Query over the records of this imaging-phd instance (facilities, instrument models and instances, hardware configurations, datasets, publications, people). Each record is a named graph named by the record's IRI; the default graph is the union of all records. SPARQL Update and SERVICE are refused: write through /records, federate through /federated/sparql.${limits}`,
      'en',
    )),
    quad(service, sd('endpoint'), namedNode(options.endpoint)),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    ...[...SOLUTION_FORMATS, ...GRAPH_FORMATS].map((format) => quad(service, sd('resultFormat'), namedNode(format.formatIri))),
    quad(service, sd('feature'), sd('UnionDefaultGraph')),
    quad(service, sd('defaultEntailmentRegime'), namedNode(ENTAILMENT.Simple)),
    quad(service, sd('defaultDataset'), dataset),
    quad(dataset, type, sd('Dataset')),
    quad(dataset, sd('defaultGraph'), defaultGraph),
    quad(defaultGraph, type, sd('Graph')),
    quad(defaultGraph, namedNode(DCTERMS.description), literal('The union of all record graphs. Each record is also available as the named graph named by its IRI.', 'en')),
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
