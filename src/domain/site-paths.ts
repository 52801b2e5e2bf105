import { NBOQ_NS, PHD_NS, SHAPES_NS, UNIT_NS } from './namespaces.js';

/**
 * The public (reader-facing) URLs of the service, written once so that pages, routers and tests
 * agree on them. Record pages are `/pid/{pid}` and `/id/{kind}/{id}` (pid/record-href); the
 * workspace has its own list (workspace/workspace-paths).
 */
export const SITE_PATHS = {
  /** The home page for browsers; API clients get the JSON service description at the same URL. */
  home: '/',
  search: '/search',
  sparql: '/sparql',
  federatedSparql: '/federated/sparql',
  void: '/.well-known/void',
  /** The ontology's documentation: namespaces, classes and properties. */
  ontology: '/ontology',
  /** Side-by-side comparison of 2 to 6 configurations: `/compare?c={iri}&c={iri}…`. */
  compare: '/compare',
} as const;

/**
 * The namespace documents served under the base URL, by our namespaces: `GET /ns` is the
 * document of `https://w3id.org/imaging-phd/ns#` (HTML for people, the Turtle as written for
 * machines), and so on. The w3id redirects point here.
 */
export const NAMESPACE_DOCUMENTS: readonly { readonly prefix: 'phd' | 'nboq' | 'phdunit' | 'phdsh'; readonly namespace: string; readonly path: string }[] = [
  { prefix: 'phd', namespace: PHD_NS, path: '/ns' },
  { prefix: 'nboq', namespace: NBOQ_NS, path: '/nbo-q' },
  { prefix: 'phdunit', namespace: UNIT_NS, path: '/unit' },
  { prefix: 'phdsh', namespace: SHAPES_NS, path: '/shapes' },
];

/**
 * The page documenting one term of our own vocabularies (class, property, unit or shape).
 * @param iri - a term IRI.
 * @returns `/ontology/{prefix}/{localName}` for a term of one of {@link NAMESPACE_DOCUMENTS}, else undefined.
 * @example
 * termHref('https://w3id.org/imaging-phd/nbo-q#Objective'); // '/ontology/nboq/Objective'
 */
export function termHref(iri: string): string | undefined {
  const document = NAMESPACE_DOCUMENTS.find((d) => iri.startsWith(d.namespace) && iri.length > d.namespace.length);
  if (document === undefined) return undefined;
  return `${SITE_PATHS.ontology}/${document.prefix}/${encodeURIComponent(iri.slice(document.namespace.length))}`;
}

/**
 * The methods text and reporting checklist of a dataset or configuration.
 * @param recordPath - the record's path on this service (`/pid/…` or `/id/{kind}/{id}`).
 * @returns `{recordPath}/methods`; an `/id/{kind}/{id}` record is named `/pid/{kind}/{id}` there.
 * @example
 * methodsHref('/pid/doi:10.5072/phd.abif.axiovert1.v1'); // '/pid/doi:10.5072/phd.abif.axiovert1.v1/methods'
 */
export function methodsHref(recordPath: string): string {
  return `${pidPathOf(recordPath)}/methods`;
}

/**
 * A record's path under `/pid/`, where its sub-resources (`/methods`, `/label`, `/qr.svg`) hang.
 * @param recordPath - the record's path on this service (`/pid/…` or `/id/{kind}/{id}`).
 * @returns the same path; a minted `/id/{kind}/{id}` is named by its short form `/pid/{kind}/{id}`.
 * @example
 * pidPathOf('/id/configuration/igc-limelight-v1'); // '/pid/configuration/igc-limelight-v1'
 */
export function pidPathOf(recordPath: string): string {
  return recordPath.startsWith('/id/') ? `/pid/${recordPath.slice('/id/'.length)}` : recordPath;
}

/**
 * The comparison page of some configurations (local IRIs, or IRIs a peer knows).
 * @param iris - 2 to 6 configuration IRIs, in the order of the columns.
 * @returns `/compare?c=…&c=…`.
 */
export function compareHref(iris: readonly string[]): string {
  return `${SITE_PATHS.compare}?${iris.map((iri) => `c=${encodeURIComponent(iri)}`).join('&')}`;
}
