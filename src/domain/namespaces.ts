/**
 * Namespace IRIs used across the service, and a helper that builds typed term constants.
 *
 * Terms are built from `const` lists so that a typo fails to compile; a test checks that every
 * term of our own namespaces is defined in `ontology/`.
 */

/** Our namespaces. `w3id.org/imaging-phd` is the persistent home we intend to register. */
export const PHD_NS = 'https://w3id.org/imaging-phd/ns#';
export const NBOQ_NS = 'https://w3id.org/imaging-phd/nbo-q#';
export const UNIT_NS = 'https://w3id.org/imaging-phd/unit/';
export const SHAPES_NS = 'https://w3id.org/imaging-phd/shapes#';

/** Prefix → namespace IRI for every vocabulary we read or write; used by serializers and SPARQL. */
export const PREFIXES = {
  phd: PHD_NS,
  nboq: NBOQ_NS,
  phdunit: UNIT_NS,
  phdsh: SHAPES_NS,
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  sh: 'http://www.w3.org/ns/shacl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  dcat: 'http://www.w3.org/ns/dcat#',
  prov: 'http://www.w3.org/ns/prov#',
  sosa: 'http://www.w3.org/ns/sosa/',
  ssn: 'http://www.w3.org/ns/ssn/',
  cito: 'http://purl.org/spar/cito/',
  qudt: 'http://qudt.org/schema/qudt/',
  unit: 'http://qudt.org/vocab/unit/',
  vann: 'http://purl.org/vocab/vann/',
} as const;

export type Prefix = keyof typeof PREFIXES;

/**
 * Namespaces the service writes descriptions in (VoID, the SPARQL service description) without
 * declaring them as prefixes of record serializations.
 */
export const VOID_NS = 'http://rdfs.org/ns/void#';
export const SD_NS = 'http://www.w3.org/ns/sparql-service-description#';
/** W3C's IRIs for media types (https://www.w3.org/ns/formats/). */
export const FORMATS_NS = 'http://www.w3.org/ns/formats/';
/** W3C's IRIs for entailment regimes. */
export const ENTAILMENT_NS = 'http://www.w3.org/ns/entailment/';

/**
 * SPARQL `PREFIX` declarations for some of {@link PREFIXES}, one a line, so query text names the
 * same namespaces as the code.
 * @param prefixes - the prefixes to declare, in the order to write them.
 * @returns the declarations, each ending in a newline.
 * @example
 * sparqlPrefixes('rdfs'); // 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
 */
export function sparqlPrefixes(...prefixes: readonly Prefix[]): string {
  return prefixes.map((prefix) => `PREFIX ${prefix}: <${PREFIXES[prefix]}>\n`).join('');
}

/**
 * Builds a frozen record of term IRIs for a namespace from a list of local names.
 * @param namespace - namespace IRI.
 * @param locals - local names, as a `const` tuple.
 * @returns an object mapping each local name to its full IRI.
 * @example
 * const EX = vocabulary('http://example.org/', ['a', 'b'] as const);
 * EX.a; // 'http://example.org/a'
 */
export function vocabulary<const T extends readonly string[]>(
  namespace: string,
  locals: T,
): Readonly<Record<T[number], string>> {
  const terms: Partial<Record<T[number], string>> = {};
  for (const local of locals) terms[local as T[number]] = `${namespace}${local}`;
  return Object.freeze(terms as Record<T[number], string>);
}
