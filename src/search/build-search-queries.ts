import { sparqlPrefixes } from '../domain/index.js';
import { SEARCH_TYPES, hasHardwareFacets, hasInstrumentFacets, keywords, sparqlString } from './search-params.js';
import type { SearchParams, SearchType } from './search-params.js';
import { searchConstraints } from './search-constraints.js';
import { indent } from './indent.js';

/** The queries of a search (the details of the page's results follow, see `detailsQuery`). */
export interface SearchQueries {
  /** One page of ranked results: IRI, type, label, score, matches (undefined when no result type can meet the search). */
  readonly page: string | undefined;
  /** Matches per type, over every type the search can return. */
  readonly counts: string | undefined;
}

const PREFIXES = sparqlPrefixes('phd', 'nboq', 'rdfs', 'dcterms', 'schema');

/**
 * Builds the SPARQL of a search:
 *
 * - the page query ranks first — one grouped sub-query per result type (keywords and facets in a
 *   nested group, so they filter before any OPTIONAL runs; the labels of the matching components
 *   aggregated per result), joined by UNION, scored, ordered, cut to `limit`/`offset` — and only
 *   then joins the details shown (facility, model, current configuration…) for that one page;
 * - the counts query applies the same constraints, without labels or details, and counts per type.
 *
 * The current configuration is the version with no derived phd:validUntil (see
 * current-configuration.ts), checked per instance. Every value from the request is written through `sparqlString`
 * or `sparqlNumber`, or chosen from a fixed table (see `searchConstraints`).
 * @param params - the validated search.
 * @returns the two queries; a query is undefined when no result type can meet the search.
 */
export function buildSearchQueries(params: SearchParams): SearchQueries {
  const applicable = SEARCH_TYPES.filter((type) => canMeet(type, params));
  const wanted = applicable.filter((type) => params.types.length === 0 || params.types.includes(type));
  const counts = applicable.length === 0 ? undefined : `${PREFIXES}
SELECT ?type (COUNT(DISTINCT ?item) AS ?count)
WHERE {
${applicable.map((type) => `  {\n${indent(countBranch(type, params), 4)}\n  }`).join('\n  UNION\n')}
}
GROUP BY ?type
`;
  // Rank and page (IRI, type, label, score, matches); the details of that page follow (detailsQuery).
  const matches = matchVariables(params);
  const page = wanted.length === 0 ? undefined : `${PREFIXES}
SELECT ?item ?type ?label ?score ${matches.join(' ')}
WHERE {
${wanted.map((type) => `  {\n${indent(rankBranch(type, params), 4)}\n  }`).join('\n  UNION\n')}
  BIND(LCASE(STR(?label)) AS ?sortLabel)
  BIND(${scoreExpression(params)} AS ?score)
}
ORDER BY DESC(?score) ?sortLabel ?item
LIMIT ${params.limit}
OFFSET ${params.offset}
`;
  return { page, counts };
}

/**
 * Whether results of a type can meet the search's facets: instrument facets yield instruments and
 * facilities, stand type and technique also models; configurations and datasets only searches
 * without instrument facets (see `SearchService`).
 */
function canMeet(type: SearchType, params: SearchParams): boolean {
  if (type === 'facility' || type === 'instrument') return true;
  if (type === 'model') return !hasHardwareFacets(params);
  return !hasInstrumentFacets(params);
}

/** The score of a row (see `SearchService`): 1, plus points for keywords found in its label. */
function scoreExpression(params: SearchParams): string {
  const words = keywords(params.q);
  if (words.length === 0 || params.q === undefined) return '1';
  const phrase = sparqlString(params.q.toLowerCase());
  const terms = words.map((word) => `IF(CONTAINS(?sortLabel, ${sparqlString(word)}), 2, 0)`);
  if (words.length > 1) terms.push(`IF(CONTAINS(?sortLabel, ${phrase}), 2, 0)`);
  terms.push(`IF(?sortLabel = ${phrase}, 3, 0)`);
  return `(1 + ${terms.join(' + ')})`;
}

/** The `?match…` variables a search can bind (projected and grouped on in the page query). */
function matchVariables(params: SearchParams): string[] {
  const names: string[] = [];
  if (params.technique !== undefined) names.push('?matchTechnique');
  if (params.magnification !== undefined || params.naMin !== undefined || params.naMax !== undefined || params.immersion !== undefined) names.push('?matchObjective');
  params.wavelengths.forEach((_, i) => names.push(`?matchSource${i}`));
  params.detectors.forEach((_, i) => names.push(`?matchDetector${i}`));
  if (hasInstrumentFacets(params)) names.push('?matchInstruments');
  return names;
}

/** One type's part of the counts: the constraints, and the type bound after them. */
function countBranch(type: SearchType, params: SearchParams): string {
  return [...searchConstraints(type, params).where, `BIND(${sparqlString(type)} AS ?type)`].join('\n');
}

/** The label of each type of result, in order of preference (the least value of any is taken). */
const LABEL_PATH: Readonly<Record<SearchType, string>> = {
  facility: 'schema:name|rdfs:label',
  instrument: 'schema:name|rdfs:label',
  model: 'schema:name|rdfs:label',
  configuration: 'rdfs:label|schema:name',
  dataset: 'dcterms:title|schema:name|rdfs:label',
};

/**
 * One type's part of the ranking: a grouped sub-query with one row per result (IRI, type, label
 * and the match aggregates). The constraints sit in a nested group, so their FILTERs apply before
 * the OPTIONALs run. Two spellings are chosen for Virtuoso 7.2, with the same meaning: the type
 * is bound after the constraints, and the label is `MIN(COALESCE(name, IRI))` rather than
 * `COALESCE(MIN(name), IRI)`; otherwise it fails to compile the query (SQ156 "Bad dfe") or
 * returns wrong rows.
 */
function rankBranch(type: SearchType, params: SearchParams): string {
  const { where, display, select } = searchConstraints(type, params);
  return `SELECT ?item ?type (MIN(COALESCE(STR(?name), STR(?item))) AS ?label)${select.length === 0 ? '' : `\n       ${select.join('\n       ')}`}
WHERE {
  {
${indent(where.join('\n'), 4)}
    BIND(${sparqlString(type)} AS ?type)
  }
${indent([...display, `OPTIONAL { ?item ${LABEL_PATH[type]} ?name }`].join('\n'), 2)}
}
GROUP BY ?item ?type`;
}
