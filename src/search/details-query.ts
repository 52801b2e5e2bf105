import { sparqlPrefixes } from '../domain/index.js';
import { SEARCH_TYPES, sparqlString } from './search-params.js';
import type { SearchType } from './search-params.js';
import { currentConfiguration } from './current-configuration.js';
import { indent } from './indent.js';
import { isIriRefSafe } from '../rdf/index.js';

const PREFIXES = sparqlPrefixes('phd', 'rdfs', 'dcterms', 'schema');

/**
 * The details shown with one page of results, per type (each OPTIONAL only for rows of its type):
 * the facility, model, instrument and configuration a result belongs to, and the facts of its
 * summary. They are joined after ranking and paging, so they are computed for one page only.
 */
const DETAILS: Readonly<Record<SearchType, string>> = {
  facility: 'OPTIONAL { FILTER(?type = "facility") ?item phd:hostedBy/schema:name ?fHost }',
  instrument: [
    'OPTIONAL { FILTER(?type = "instrument") ?iFacility phd:operates ?item . OPTIONAL { ?iFacility schema:name ?iFacilityName } }',
    'OPTIONAL { FILTER(?type = "instrument") ?item phd:instanceOf ?iModel . OPTIONAL { ?iModel schema:name ?iModelName } OPTIONAL { ?iModel phd:manufacturer/schema:name ?iManufacturer } }',
    'OPTIONAL {',
    '  FILTER(?type = "instrument")',
    ...currentConfiguration('?item', '?iCfg', (name) => `?i${name}`).map((line) => `  ${line}`),
    '  OPTIONAL { ?iCfg rdfs:label ?iCfgName }',
    '}',
  ].join('\n'),
  model: [
    'OPTIONAL { FILTER(?type = "model") ?item phd:manufacturer/schema:name ?mManufacturer }',
    'OPTIONAL { FILTER(?type = "model") ?item phd:standType ?mStand }',
    'OPTIONAL { FILTER(?type = "model") ?item phd:technique ?mTechnique }',
  ].join('\n'),
  configuration: [
    'OPTIONAL { FILTER(?type = "configuration") ?item phd:versionNumber ?cVersion }',
    'OPTIONAL { FILTER(?type = "configuration") ?item phd:validFrom ?cFrom }',
    'OPTIONAL { FILTER(?type = "configuration") ?cInstance phd:hasConfiguration ?item . OPTIONAL { ?cInstance schema:name ?cInstanceName }'
      + ' OPTIONAL { ?cFacility phd:operates ?cInstance . OPTIONAL { ?cFacility schema:name ?cFacilityName } } }',
    // Derived at write time: the next version's validFrom (query/validity-intervals.ts).
    'OPTIONAL { FILTER(?type = "configuration") ?item phd:validUntil ?cUntil }',
  ].join('\n'),
  dataset: [
    'OPTIONAL { FILTER(?type = "dataset") ?item dcterms:created ?dCreated }',
    'OPTIONAL { FILTER(?type = "dataset") ?item phd:acquiredWith ?dCfg . OPTIONAL { ?dCfg rdfs:label ?dCfgName }'
      + ' OPTIONAL { ?dInstance phd:hasConfiguration ?dCfg . OPTIONAL { ?dInstance schema:name ?dInstanceName }'
      + ' OPTIONAL { ?dFacility phd:operates ?dInstance . OPTIONAL { ?dFacility schema:name ?dFacilityName } } } }',
  ].join('\n'),
};

/** The aggregates of the details, over the variables of every type (only one type's are bound per row). */
const DETAIL_AGGREGATES = [
  '(SAMPLE(COALESCE(?iFacility, ?cFacility, ?dFacility)) AS ?facility)',
  '(MIN(STR(COALESCE(?iFacilityName, ?cFacilityName, ?dFacilityName))) AS ?facilityLabel)',
  '(SAMPLE(?iModel) AS ?model)',
  '(MIN(STR(?iModelName)) AS ?modelLabel)',
  '(SAMPLE(COALESCE(?cInstance, ?dInstance)) AS ?instance)',
  '(MIN(STR(COALESCE(?cInstanceName, ?dInstanceName))) AS ?instanceLabel)',
  '(SAMPLE(COALESCE(?iCfg, ?dCfg)) AS ?configuration)',
  '(MIN(STR(COALESCE(?iCfgName, ?dCfgName))) AS ?configurationLabel)',
  '(MIN(STR(?fHost)) AS ?host)',
  '(MIN(STR(COALESCE(?iManufacturer, ?mManufacturer))) AS ?manufacturer)',
  '(MIN(STR(?mStand)) AS ?stand)',
  '(GROUP_CONCAT(DISTINCT STR(?mTechnique); separator=", ") AS ?techniques)',
  '(MIN(STR(COALESCE(?ivalidFrom, ?cFrom))) AS ?since)',
  '(MIN(STR(?cUntil)) AS ?until)',
  '(MIN(STR(?cVersion)) AS ?version)',
  '(MIN(STR(?dCreated)) AS ?created)',
];

/**
 * The details shown with one page of results (facility, model, current configuration, summary
 * facts), for those results only. A query of its own rather than a join in the page query:
 * Virtuoso 7.2 returns wrong rows for a grouped join over an ordered, limited sub-query.
 * @param items - the page's results (IRIs checked by the caller to be IRIs).
 * @returns the query, or undefined for an empty page.
 */
export function detailsQuery(items: readonly { iri: string; type: SearchType }[]): string | undefined {
  const safe = items.filter((item) => isIriRefSafe(item.iri));
  if (safe.length === 0) return undefined;
  const types = SEARCH_TYPES.filter((type) => safe.some((item) => item.type === type));
  return `${PREFIXES}
SELECT ?item ?type
       ${DETAIL_AGGREGATES.join('\n       ')}
WHERE {
  VALUES (?item ?type) {
${safe.map((item) => `    (<${item.iri}> ${sparqlString(item.type)})`).join('\n')}
  }
${indent(types.map((type) => DETAILS[type]).join('\n'), 2)}
}
GROUP BY ?item ?type
`;
}
