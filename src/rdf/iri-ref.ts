/** What SPARQL 1.1 IRIREF excludes: control characters, space, `<>"{}|^`, backquote and backslash. */
const NOT_IN_IRIREF = /[\u0000-\u0020<>"{}|^`\\]/;

/**
 * Whether an IRI can be written into a SPARQL query as `<…>`, so that it cannot end the reference
 * early and inject text into the query. Peers' and stored IRIs are checked with it before they are
 * written into a query.
 * @param iri - the IRI.
 * @returns true when it can.
 */
export function isIriRefSafe(iri: string): boolean {
  return !NOT_IN_IRIREF.test(iri);
}

/**
 * An IRI as a SPARQL IRIREF, refusing one {@link isIriRefSafe} refuses.
 * @param iri - the IRI.
 * @returns `<iri>`.
 */
export function iriRef(iri: string): string {
  if (!isIriRefSafe(iri)) throw new Error(`not an IRI usable in SPARQL: ${JSON.stringify(iri)}`);
  return `<${iri}>`;
}
