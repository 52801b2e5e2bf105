import { DERIVED_GRAPH } from '../domain/index.js';
import { recordHref } from '../pid/index.js';
import { vocabularyGraphs } from '../query/index.js';
import { iriRef } from '../rdf/index.js';
import type { SparqlJson } from '../representation/index.js';
import type { OntologyCatalog } from './ontology-catalog.js';
import type { TermExample, TermKind } from './ontology-views.js';

/** How many examples a term page shows. */
export const EXAMPLE_LIMIT = 5;

/** Runs a SELECT query through the service's query engine and gives SPARQL JSON. */
export type SelectRunner = (query: string) => Promise<SparqlJson>;

/**
 * The query for examples of a term in the records (never in the vocabulary graphs): a few distinct
 * values of a property, a few instances of a class, or a few things that name any other term (a
 * unit, a concept), each with the record (graph) it is in.
 * @param iri - the term.
 * @param kind - what it is.
 * @returns the SELECT query, binding `?value` and `?record`.
 */
export function termExamplesQuery(iri: string, kind: TermKind): string {
  const term = iriRef(iri);
  const pattern = kind === 'property' ? `?s ${term} ?value` : kind === 'class' ? `?value a ${term}` : `?value ?p ${term}`;
  // Neither the vocabulary graphs nor the derived graph (validUntil) are records.
  const vocabulary = [...vocabularyGraphs().map((g) => g.iri), DERIVED_GRAPH].map((g) => iriRef(g)).join(', ');
  return `SELECT ?value (MIN(STR(?g)) AS ?record) WHERE {
  GRAPH ?g { ${pattern} }
  FILTER(?g NOT IN (${vocabulary}))
}
GROUP BY ?value
ORDER BY STR(?value)
LIMIT ${EXAMPLE_LIMIT}`;
}

/**
 * Examples of a term from this store's records, through the service's query engine.
 * @param catalog - the ontology (for the names of IRIs found).
 * @param iri - the term.
 * @param kind - what it is (shapes have no examples).
 * @param run - the query engine.
 * @param baseUrl - PHD_BASE_URL, to link the records.
 * @returns up to {@link EXAMPLE_LIMIT} examples.
 */
export async function termExamples(catalog: OntologyCatalog, iri: string, kind: TermKind, run: SelectRunner, baseUrl: string): Promise<TermExample[]> {
  if (kind === 'shape') return [];
  const answer = await run(termExamplesQuery(iri, kind));
  return (answer.results?.bindings ?? []).flatMap((row) => {
    const value = row.value;
    const record = row.record?.value;
    if (value === undefined || record === undefined) return [];
    const shown = value.type === 'uri' ? { text: catalog.ref(value.value).curie, term: catalog.ref(value.value) } : { text: value.value };
    return [{ value: shown, record, recordHref: recordHref(record, baseUrl) }];
  });
}
