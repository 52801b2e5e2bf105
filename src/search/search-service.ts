import { sparqlPrefixes } from '../domain/namespaces.js';
import { pidFromIri } from '../domain/pid.js';
import { plainNumber } from '../domain/units.js';
import type { SparqlBinding, SparqlJson, SparqlTerm } from '../query/sparql-json.js';
import {
  DETECTORS, IMMERSIONS, SEARCH_TYPES, hasHardwareFacets, hasInstrumentFacets, keywords, sparqlNumber, sparqlString,
} from './search-params.js';
import type { SearchParams, SearchType } from './search-params.js';

/** A resource a result links to, with the path of its landing page. */
export interface LinkedItem {
  readonly iri: string;
  readonly label: string;
  readonly href: string;
}

/**
 * Which component (or instrument) satisfied which facet, as people read it:
 * `{ objective: 'HC PL APO 63x/1.40 OIL CS2 (63x, NA 1.4, Mineral Oil)', lightSource: '405 nm diode laser (405 nm)' }`.
 */
export interface SearchMatch {
  /** The objective meeting magnification, NA and immersion together. */
  readonly objective?: string;
  /** One light source per wavelength asked for, joined with "; ". */
  readonly lightSource?: string;
  /** One detector per detector kind asked for, joined with "; ". */
  readonly detector?: string;
  readonly stand?: string;
  readonly technique?: string;
  /** For a facility: the instruments it operates that meet the instrument facets. */
  readonly instruments?: string;
}

/** One search result. */
export interface SearchResult {
  readonly iri: string;
  readonly type: SearchType;
  readonly label: string;
  /** Relevance: higher first (1 when no keywords were given). */
  readonly score: number;
  /** One line of facts (manufacturer, version and validity, acquisition date…). */
  readonly summary?: string;
  readonly facility?: LinkedItem;
  readonly model?: LinkedItem;
  readonly instance?: LinkedItem;
  /** For an instrument its current configuration; for a dataset the one it was acquired with. */
  readonly configuration?: LinkedItem;
  readonly matched?: SearchMatch;
  /** The landing page: a path on `source` (absolute for results merged from peers). */
  readonly href: string;
  /** The base URL of the instance that answered. */
  readonly source: string;
  /** Every instance that returned this result (federated searches only). */
  readonly sources?: readonly string[];
}

/** What one peer answered to a federated search. */
export interface PeerSearchAnswer {
  /** The peer's base URL. */
  readonly peer: string;
  readonly status: 'ok' | 'unreachable' | 'timeout' | 'error';
  /** Its results (raw JSON from the peer: they are checked again before merging). */
  readonly results: readonly SearchResult[];
  readonly detail?: string;
  /** The peer's `total`, when it said. */
  readonly total?: number;
}

/** How a peer fared, as a federated answer reports it. */
export interface PeerSearchStatus {
  readonly peer: string;
  readonly status: PeerSearchAnswer['status'];
  /** Results used from this peer. */
  readonly count: number;
  readonly detail?: string;
}

/** The answer to a search. */
export interface SearchResults {
  /** The normalized search. */
  readonly query: SearchParams;
  /** Matches of the types asked for (federated: summed over sources, less the duplicates seen). */
  readonly total: number;
  /** One page of results, ranked. */
  readonly results: readonly SearchResult[];
  /** Matches per type, whatever `type` asked for (local searches only). */
  readonly facets?: { readonly type: Readonly<Record<SearchType, number>> };
  /** Federated searches: every peer asked. */
  readonly peers?: readonly PeerSearchStatus[];
}

/** Options of {@link SearchService}. */
export interface SearchServiceOptions {
  /** Runs a SELECT query over the union of the records, returning SPARQL JSON. */
  readonly run: (query: string) => Promise<SparqlJson>;
  /** PHD_BASE_URL: the `source` of every result, and the base of minted IRIs (`{baseUrl}/id/…`). */
  readonly baseUrl: string;
}

/** The queries of a search (the details of the page's results follow, see {@link detailsQuery}). */
export interface SearchQueries {
  /** One page of ranked results: IRI, type, label, score, matches (undefined when no result type can meet the search). */
  readonly page: string | undefined;
  /** Matches per type, over every type the search can return. */
  readonly counts: string | undefined;
}

const PREFIXES = sparqlPrefixes('phd', 'nboq', 'rdfs', 'dcterms', 'schema');

const CLASS_OF: Readonly<Record<SearchType, string>> = {
  facility: 'phd:Facility',
  instrument: 'phd:InstrumentInstance',
  model: 'phd:InstrumentModel',
  configuration: 'phd:HardwareConfiguration',
  dataset: 'phd:Dataset',
};

/**
 * The texts keywords are looked for in, per type: the record's own names and identifiers, and the
 * names of what it is or was made with (an instrument's model, manufacturer and technique; a
 * configuration's instrument and model; a dataset's configuration, instrument and model). Only a
 * match in the result's own label raises its score.
 */
const TEXT_PATH: Readonly<Record<SearchType, string>> = {
  facility: 'schema:name|rdfs:label|dcterms:identifier|dcterms:description|phd:hostedBy/schema:name',
  model: 'schema:name|rdfs:label|dcterms:description|phd:technique|phd:standType|phd:manufacturer/schema:name',
  instrument: 'schema:name|rdfs:label|dcterms:identifier|dcterms:description|phd:serialNumber|phd:technique'
    + '|phd:instanceOf/(schema:name|phd:technique|phd:standType|phd:manufacturer/schema:name)',
  configuration: 'rdfs:label|schema:name|dcterms:identifier|dcterms:description'
    + '|^phd:hasConfiguration/(schema:name|phd:instanceOf/schema:name)',
  dataset: 'dcterms:title|schema:name|rdfs:label|dcterms:identifier|dcterms:description'
    + '|phd:acquiredWith/(rdfs:label|^phd:hasConfiguration/(schema:name|phd:instanceOf/schema:name))',
};

/** Where a light source states its peak wavelengths: lasers, LEDs, and the lasers of a multi-laser engine. */
const PEAK_WAVELENGTH_PATH = '(nboq:illuminationWavelengthRange|nboq:ledModule|nboq:laser/nboq:illuminationWavelengthRange)/nboq:peakWavelength_nm';

const STAND_CLASS: Readonly<Record<string, string>> = { upright: 'nboq:UprightMicroscopeStand', inverted: 'nboq:InvertedMicroscopeStand' };

/**
 * Keyword and facet search over facilities, instruments, models, configurations and datasets,
 * in two SPARQL queries per search, run in parallel (a ranked page, and counts per type; see
 * {@link buildSearchQueries}), whatever the number of results.
 *
 * - **Facets filter.** Hardware facets (magnification, NA, immersion, wavelengths, detectors) are
 *   met by an instrument's *current* configuration (the version with the latest `validFrom`):
 *   one objective must meet magnification, NA and immersion together; each wavelength needs a
 *   light source with a peak within ± tolerance; each detector kind a detector of that class.
 *   Stand type and technique are met by the instrument's model (or, for the stand, a stand
 *   component of the current configuration; for the technique, the instance itself).
 * - **Which types meet facets.** Instrument facets yield instruments, and facilities that operate
 *   at least one instrument meeting them all; stand type and technique also yield models. Other
 *   types (configurations, datasets) are returned only by searches without instrument facets.
 *   Keywords apply to each result's own texts: a facility result must match them itself (its
 *   name, RRID, host) and, with instrument facets, also operate a matching instrument.
 * - **Keywords filter and rank.** Every keyword must occur (case-insensitively) in one of the
 *   searched texts of a result (see {@link TEXT_PATH}); the score is 1, plus 2 per keyword found in
 *   the result's own label, plus 2 when the whole phrase is in the label, plus 3 when the label is
 *   the phrase. Results are ordered by score, then label.
 *
 * @example
 * const search = new SearchService({
 *   baseUrl,
 *   run: async (q) => JSON.parse((await pool.query(q, { format: 'sparql-results+json' })).body) as SparqlJson,
 * });
 * await search.search(parseSearchParams(new URLSearchParams('magnification=63&naMin=1.4&immersion=oil&wavelength=405')));
 */
export class SearchService {
  private readonly baseUrl: string;

  /**
   * @param options - the query runner and the base URL.
   */
  public constructor(private readonly options: SearchServiceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * Runs a search on this instance (the `scope` of `params` is not looked at: federation is the
   * router's business).
   * @param params - the validated search.
   * @returns one page of ranked results, the total and the counts per type.
   * @throws what the query runner throws (e.g. a query time-out, 503).
   */
  public async search(params: SearchParams): Promise<SearchResults> {
    const queries = buildSearchQueries(params);
    const [ranked, counts] = await Promise.all([
      queries.page === undefined ? undefined : this.options.run(queries.page),
      queries.counts === undefined ? undefined : this.options.run(queries.counts),
    ]);
    const page = ranked === undefined ? undefined : await this.withDetails(ranked.results.bindings);
    const byType = Object.fromEntries(SEARCH_TYPES.map((t) => [t, 0])) as Record<SearchType, number>;
    for (const row of counts?.results.bindings ?? []) {
      const type = row.type?.value;
      if (isSearchType(type)) byType[type] = Number(row.count?.value ?? 0);
    }
    const wanted = params.types.length === 0 ? SEARCH_TYPES : params.types;
    const total = wanted.reduce((sum, type) => sum + byType[type], 0);
    const results = (page ?? []).flatMap((row) => {
      const result = this.toResult(row, params);
      return result === undefined ? [] : [result];
    });
    return { query: params, total, results, facets: { type: byType } };
  }

  /** Joins the details of a page's results (a second query, over that page's IRIs only). */
  private async withDetails(rows: readonly SparqlBinding[]): Promise<SparqlBinding[]> {
    const items = rows.flatMap((row) => {
      const iri = row.item?.value;
      const type = row.type?.value;
      return iri === undefined || !isSearchType(type) || row.item?.type !== 'uri' ? [] : [{ iri, type }];
    });
    const query = detailsQuery(items);
    if (query === undefined) return [...rows];
    const details = new Map<string, SparqlBinding>();
    for (const row of (await this.options.run(query)).results.bindings) details.set(`${row.type?.value ?? ''} ${row.item?.value ?? ''}`, row);
    return rows.map((row) => ({ ...details.get(`${row.type?.value ?? ''} ${row.item?.value ?? ''}`), ...row }));
  }

  /**
   * The landing-page path of an IRI on this instance, as the landing pages link records:
   * `/id/{kind}/{id}` for IRIs minted here, `/pid/{curie}` for PIDs, else `/pid/{percent-encoded IRI}`.
   * @param iri - a record IRI.
   * @returns the path.
   */
  public hrefOf(iri: string): string {
    if (iri.startsWith(`${this.baseUrl}/id/`)) return iri.slice(this.baseUrl.length);
    const pid = pidFromIri(iri);
    if (pid !== undefined) return `/pid/${pid.curie.replace(/[^\x21-\x7e]|%/gu, (c) => encodeURIComponent(c))}`;
    return `/pid/${encodeURIComponent(iri)}`;
  }

  private toResult(row: Readonly<Record<string, SparqlTerm | undefined>>, params: SearchParams): SearchResult | undefined {
    const iri = row.item?.value;
    const type = row.type?.value;
    if (iri === undefined || !isSearchType(type)) return undefined;
    const linked = (name: string): LinkedItem | undefined => {
      const target = row[name]?.value;
      return target === undefined ? undefined : { iri: target, label: row[`${name}Label`]?.value ?? target, href: this.hrefOf(target) };
    };
    const facility = linked('facility');
    const model = linked('model');
    const instance = linked('instance');
    const configuration = linked('configuration');
    const summary = summaryOf(type, row);
    const matched = matchOf(row, params);
    return {
      iri,
      type,
      label: row.label?.value ?? iri,
      score: Number(row.score?.value ?? 1),
      ...(summary === undefined ? {} : { summary }),
      ...(facility === undefined ? {} : { facility }),
      ...(model === undefined ? {} : { model }),
      ...(instance === undefined ? {} : { instance }),
      ...(configuration === undefined ? {} : { configuration }),
      ...(matched === undefined ? {} : { matched }),
      href: this.hrefOf(iri),
      source: this.baseUrl,
    };
  }
}

/**
 * Builds the SPARQL of a search:
 *
 * - the page query ranks first — one grouped sub-query per result type (keywords and facets in a
 *   nested group, so they filter before any OPTIONAL runs; the labels of the matching components
 *   aggregated per result), joined by UNION, scored, ordered, cut to `limit`/`offset` — and only
 *   then joins the details shown (facility, model, current configuration…) for that one page;
 * - the counts query applies the same constraints, without labels or details, and counts per type.
 *
 * The current configuration is found with a grouped MAX(validFrom) per instance, linear in the
 * number of configurations. Every value from the request is written through {@link sparqlString}
 * or {@link sparqlNumber}, or chosen from a fixed table.
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
 * The details shown with one page of results (facility, model, current configuration, summary
 * facts), for those results only. A query of its own rather than a join in the page query:
 * Virtuoso 7.2 returns wrong rows for a grouped join over an ordered, limited sub-query.
 * @param items - the page's results (IRIs checked by the caller to be IRIs).
 * @returns the query, or undefined for an empty page.
 */
export function detailsQuery(items: readonly { iri: string; type: SearchType }[]): string | undefined {
  const safe = items.filter((item) => !/[\u0000-\u0020<>"{}|^`\\]/.test(item.iri));
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

/**
 * Merges this instance's results with its peers' into one ranked list: results with the same IRI
 * become one (the best-scored copy, listing every source), peers' links are made absolute, and
 * whatever a peer sent that is not a well-formed result is dropped.
 * @param params - the federated search (its `offset` and `limit` cut the merged list).
 * @param local - this instance's results, from offset 0.
 * @param answers - the peers' answers.
 * @returns the merged page, with `peers` listing each peer's status.
 */
export function mergeFederatedResults(params: SearchParams, local: SearchResults, answers: readonly PeerSearchAnswer[]): SearchResults {
  const merged = new Map<string, { result: SearchResult; sources: string[] }>();
  let duplicates = 0;
  const add = (result: SearchResult): void => {
    const seen = merged.get(result.iri);
    if (seen === undefined) {
      merged.set(result.iri, { result, sources: [result.source] });
      return;
    }
    duplicates += 1;
    if (!seen.sources.includes(result.source)) seen.sources.push(result.source);
    if (result.score > seen.result.score) seen.result = result;
  };
  for (const result of local.results) add(result);
  const peers: PeerSearchStatus[] = [];
  let total = local.total;
  for (const answer of answers) {
    const results = answer.status === 'ok' && Array.isArray(answer.results)
      ? answer.results.flatMap((raw) => {
        const result = sanitizePeerResult(raw, answer.peer);
        return result === undefined ? [] : [result];
      })
      : [];
    results.forEach(add);
    if (answer.status === 'ok') {
      total += typeof answer.total === 'number' && Number.isInteger(answer.total) && answer.total >= results.length ? answer.total : results.length;
    }
    peers.push({ peer: answer.peer, status: answer.status, count: results.length, ...(answer.detail === undefined ? {} : { detail: answer.detail.slice(0, 500) }) });
  }
  const ranked = [...merged.values()]
    .map(({ result, sources }) => ({ ...result, sources }))
    .sort(compareResults);
  return {
    query: params,
    total: Math.max(total - duplicates, ranked.length),
    results: ranked.slice(params.offset, params.offset + params.limit),
    peers,
  };
}

/**
 * Orders results as every instance ranks them: score (higher first), then label (case-insensitive),
 * then IRI.
 * @param a - a result.
 * @param b - another result.
 * @returns a negative number when `a` comes first.
 */
export function compareResults(a: SearchResult, b: SearchResult): number {
  if (a.score !== b.score) return b.score - a.score;
  const la = a.label.toLowerCase();
  const lb = b.label.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0;
}

// ------------------------------------------------------------------------------------------------ query parts

function isSearchType(value: unknown): value is SearchType {
  return typeof value === 'string' && (SEARCH_TYPES as readonly string[]).includes(value);
}

/** Whether results of a type can meet the search's facets (see the class comment). */
function canMeet(type: SearchType, params: SearchParams): boolean {
  if (type === 'facility' || type === 'instrument') return true;
  if (type === 'model') return !hasHardwareFacets(params);
  return !hasInstrumentFacets(params);
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((line) => (line === '' ? line : `${pad}${line}`)).join('\n');
}

/** One FILTER EXISTS per keyword: each must occur in one of the type's searched texts. */
function keywordFilters(type: SearchType, params: SearchParams): string[] {
  return keywords(params.q).map((word, i) =>
    `FILTER EXISTS { ?item ${TEXT_PATH[type]} ?text${i} . FILTER(CONTAINS(LCASE(STR(?text${i})), ${sparqlString(word)})) }`);
}

function scoreExpression(params: SearchParams): string {
  const words = keywords(params.q);
  if (words.length === 0 || params.q === undefined) return '1';
  const phrase = sparqlString(params.q.toLowerCase());
  const terms = words.map((word) => `IF(CONTAINS(?sortLabel, ${sparqlString(word)}), 2, 0)`);
  if (words.length > 1) terms.push(`IF(CONTAINS(?sortLabel, ${phrase}), 2, 0)`);
  terms.push(`IF(?sortLabel = ${phrase}, 3, 0)`);
  return `(1 + ${terms.join(' + ')})`;
}

/** How the current configuration of an instance is joined: not at all, as an OPTIONAL, or required. */
type CurrentMode = 'none' | 'optional' | 'required';

/** Patterns a result must meet, and the OPTIONALs and aggregates that say what met the facets. */
interface Constraints {
  /** Patterns and FILTERs (evaluated first, so that only candidates get the OPTIONALs). */
  readonly where: string[];
  /** OPTIONALs naming the components that met the facets. */
  readonly display: string[];
  /** Aggregates over them (`?match…` variables). */
  readonly select: string[];
}

/**
 * The current configuration of the instance in `inst`, bound to `cfg`: the version with the latest
 * validFrom. A grouped sub-query finds every instance's latest date in one pass; the equivalent
 * FILTER NOT EXISTS { a later version } is evaluated per candidate pair and grows with the square
 * of the number of configurations.
 */
function currentConfiguration(inst: string, cfg: string, v: (name: string) => string): string[] {
  return [
    `{ SELECT ${inst} (MAX(${v('from')}) AS ${v('validFrom')}) WHERE { ${inst} phd:hasConfiguration/phd:validFrom ${v('from')} } GROUP BY ${inst} }`,
    `${inst} phd:hasConfiguration ${cfg} .`,
    `${cfg} phd:validFrom ${v('validFrom')} .`,
  ];
}

/**
 * The patterns an instrument (bound to `inst`) must meet: technique, stand type, and the hardware
 * of its current configuration (`?{p}cfg`; every variable here is prefixed with `p`), with the
 * OPTIONALs and aggregates that say which component met which facet.
 */
function instrumentConstraints(params: SearchParams, inst: string, p: string, current: CurrentMode): Constraints {
  const v = (name: string): string => `?${p}${name}`;
  const cfg = v('cfg');
  const where: string[] = [];
  const display: string[] = [];
  const select: string[] = [];
  if (params.technique !== undefined) {
    where.push(
      `${inst} (phd:technique|phd:instanceOf/phd:technique) ${v('technique')} .`,
      `FILTER(CONTAINS(LCASE(STR(${v('technique')})), ${sparqlString(params.technique.toLowerCase())}))`,
    );
    select.push(`(MIN(STR(${v('technique')})) AS ?matchTechnique)`);
  }
  if (current === 'required') where.push(...currentConfiguration(inst, cfg, v));
  if (current === 'optional') where.push(`OPTIONAL {\n${indent(currentConfiguration(inst, cfg, v).join('\n'), 2)}\n}`);
  if (params.standType !== undefined) {
    const byModel = `EXISTS { ${inst} phd:instanceOf/phd:standType ${v('standType')} . FILTER(LCASE(STR(${v('standType')})) = ${sparqlString(params.standType)}) }`;
    const standClass = STAND_CLASS[params.standType];
    // A stand component counts only when the current configuration is bound: an unbound variable
    // inside EXISTS would match any configuration of any instrument.
    const byComponent = standClass === undefined || current === 'none' ? undefined
      : `(BOUND(${cfg}) && EXISTS { ${cfg} phd:hasComponent ${v('stand')} . ${v('stand')} a ${standClass} })`;
    where.push(`FILTER(${byComponent === undefined ? byModel : `${byModel} || ${byComponent}`})`);
  }
  if (params.magnification !== undefined || params.naMin !== undefined || params.naMax !== undefined || params.immersion !== undefined) {
    const o = v('objective');
    where.push(`${cfg} phd:hasComponent ${o} .`, `${o} a nboq:Objective .`);
    if (params.magnification !== undefined) {
      where.push(`${o} nboq:magnification ${v('magnification')} .`, `FILTER(${v('magnification')} = ${sparqlNumber(params.magnification)})`);
    }
    if (params.naMin !== undefined || params.naMax !== undefined) {
      const bounds = [
        ...(params.naMin === undefined ? [] : [`${v('na')} >= ${sparqlNumber(params.naMin)}`]),
        ...(params.naMax === undefined ? [] : [`${v('na')} <= ${sparqlNumber(params.naMax)}`]),
      ];
      where.push(`${o} nboq:lensNA ${v('na')} .`, `FILTER(${bounds.join(' && ')})`);
    }
    if (params.immersion !== undefined) {
      const values = IMMERSIONS[params.immersion].values.map(sparqlString).join(', ');
      where.push(`${o} nboq:immersionType ${v('immersion')} .`, `FILTER(STR(${v('immersion')}) IN (${values}))`);
    }
    display.push(
      `OPTIONAL { ${o} rdfs:label ${v('objectiveName')} }`,
      `OPTIONAL { ${o} nboq:magnification ${v('objectiveMagnification')} }`,
      `OPTIONAL { ${o} nboq:lensNA ${v('objectiveNa')} }`,
      `OPTIONAL { ${o} nboq:immersionType ${v('objectiveImmersion')} }`,
    );
    const fields = ['objectiveMagnification', 'objectiveNa', 'objectiveImmersion'].map((f) => `COALESCE(STR(${v(f)}), "")`);
    select.push(`(MIN(CONCAT(COALESCE(STR(${v('objectiveName')}), STR(${o})), "\\t", ${fields.join(', "\\t", ')})) AS ?matchObjective)`);
  }
  params.wavelengths.forEach((nm, i) => {
    const source = v(`source${i}`);
    const peak = v(`peak${i}`);
    where.push(
      `${cfg} phd:hasComponent ${source} .`,
      `${source} ${PEAK_WAVELENGTH_PATH} ${peak} .`,
      `FILTER(${peak} >= ${sparqlNumber(nm - params.tolerance)} && ${peak} <= ${sparqlNumber(nm + params.tolerance)})`,
    );
    display.push(`OPTIONAL { ${source} rdfs:label ${v(`sourceName${i}`)} }`);
    select.push(`(MIN(CONCAT(COALESCE(STR(${v(`sourceName${i}`)}), STR(${source})), "\\t", STR(${peak}))) AS ?matchSource${i})`);
  });
  params.detectors.forEach((kind, i) => {
    const detector = v(`detector${i}`);
    const spec: { readonly classes: readonly string[]; readonly condition?: 'emccd' | 'apd' } = DETECTORS[kind];
    where.push(
      `${cfg} phd:hasComponent ${detector} .`,
      `${detector} a ${v(`detectorClass${i}`)} .`,
      `VALUES ${v(`detectorClass${i}`)} { ${spec.classes.map((c) => `nboq:${c}`).join(' ')} }`,
    );
    if (spec.condition === 'emccd') {
      where.push(`${detector} nboq:type ${v(`detectorType${i}`)} .`, `FILTER(LCASE(STR(${v(`detectorType${i}`)})) = "emccd")`);
    }
    if (spec.condition === 'apd') {
      where.push(`${detector} nboq:avalanche ${v(`avalanche${i}`)} .`, `FILTER(${v(`avalanche${i}`)} = true)`);
    }
    display.push(`OPTIONAL { ${detector} rdfs:label ${v(`detectorName${i}`)} }`);
    select.push(`(MIN(COALESCE(STR(${v(`detectorName${i}`)}), STR(${detector}))) AS ?matchDetector${i})`);
  });
  return { where, display, select };
}

/** The patterns a result of a type must meet (keywords and facets), binding `?item`. */
function constraintsOf(type: SearchType, params: SearchParams): Constraints {
  const where = [`?item a ${CLASS_OF[type]} .`, ...keywordFilters(type, params)];
  const display: string[] = [];
  const select: string[] = [];
  if (type === 'instrument') {
    // The current configuration is joined when hardware facets need it, or for the stand type.
    const current: CurrentMode = hasHardwareFacets(params) ? 'required' : params.standType === undefined ? 'none' : 'optional';
    const constraints = instrumentConstraints(params, '?item', '', current);
    where.push(...constraints.where);
    display.push(...constraints.display);
    select.push(...constraints.select);
  } else if (type === 'facility' && hasInstrumentFacets(params)) {
    const current: CurrentMode = hasHardwareFacets(params) ? 'required' : params.standType === undefined ? 'none' : 'optional';
    where.push('?item phd:operates ?finst .', ...instrumentConstraints(params, '?finst', 'f', current).where);
    display.push('OPTIONAL { ?finst schema:name ?finstName }');
    select.push('(GROUP_CONCAT(DISTINCT COALESCE(STR(?finstName), STR(?finst)); separator="; ") AS ?matchInstruments)');
  } else if (type === 'model') {
    if (params.standType !== undefined) {
      where.push('?item phd:standType ?modelStandType .', `FILTER(LCASE(STR(?modelStandType)) = ${sparqlString(params.standType)})`);
    }
    if (params.technique !== undefined) {
      where.push('?item phd:technique ?modelTechnique .', `FILTER(CONTAINS(LCASE(STR(?modelTechnique)), ${sparqlString(params.technique.toLowerCase())}))`);
      select.push('(MIN(STR(?modelTechnique)) AS ?matchTechnique)');
    }
  }
  return { where, display, select };
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

function countBranch(type: SearchType, params: SearchParams): string {
  return [...constraintsOf(type, params).where, `BIND(${sparqlString(type)} AS ?type)`].join('\n');
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
  const { where, display, select } = constraintsOf(type, params);
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
    'OPTIONAL { FILTER(?type = "configuration") ?item phd:validFrom ?cOwnFrom . ?cOwner phd:hasConfiguration ?item, ?cNewer . ?cNewer phd:validFrom ?cNewerFrom . FILTER(?cNewerFrom > ?cOwnFrom) }',
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
  '(MIN(STR(?cNewerFrom)) AS ?until)',
  '(MIN(STR(?cVersion)) AS ?version)',
  '(MIN(STR(?dCreated)) AS ?created)',
];

// ------------------------------------------------------------------------------------------------ rows → results


function summaryOf(type: SearchType, row: Readonly<Record<string, SparqlTerm | undefined>>): string | undefined {
  const value = (name: string): string | undefined => {
    const text = row[name]?.value;
    return text === undefined || text === '' ? undefined : text;
  };
  const parts: string[] = [];
  switch (type) {
    case 'facility': {
      const host = value('host');
      if (host !== undefined) parts.push(`hosted by ${host}`);
      break;
    }
    case 'instrument': {
      const manufacturer = value('manufacturer');
      const since = value('since');
      if (manufacturer !== undefined) parts.push(manufacturer);
      if (since !== undefined) parts.push(`current configuration since ${since}`);
      break;
    }
    case 'model': {
      for (const name of ['manufacturer', 'stand', 'techniques']) {
        const text = value(name);
        if (text !== undefined) parts.push(name === 'stand' ? `${text} stand` : text);
      }
      break;
    }
    case 'configuration': {
      const version = value('version');
      const since = value('since');
      const until = value('until');
      if (version !== undefined) parts.push(`version ${version}`);
      if (since !== undefined) parts.push(until === undefined ? `valid from ${since} (current)` : `valid ${since} to ${until}`);
      break;
    }
    case 'dataset': {
      const created = value('created');
      if (created !== undefined) parts.push(`acquired ${created.slice(0, 10)}`);
      break;
    }
  }
  return parts.length === 0 ? undefined : parts.join(' · ');
}

function matchOf(row: Readonly<Record<string, SparqlTerm | undefined>>, params: SearchParams): SearchMatch | undefined {
  const match: { -readonly [K in keyof SearchMatch]: SearchMatch[K] } = {};
  const objective = row.matchObjective?.value;
  if (objective !== undefined) {
    const [name = '', magnification = '', na = '', immersion = ''] = objective.split('\t');
    const facts = [
      magnification === '' ? undefined : `${plainNumber(magnification)}x`,
      na === '' ? undefined : `NA ${plainNumber(na)}`,
      immersion === '' ? undefined : immersion,
    ].filter((f): f is string => f !== undefined);
    match.objective = facts.length === 0 ? name : `${name} (${facts.join(', ')})`;
  }
  const sources = params.wavelengths.flatMap((_, i) => {
    const text = row[`matchSource${i}`]?.value;
    if (text === undefined) return [];
    const at = text.lastIndexOf('\t');
    return [at === -1 ? text : `${text.slice(0, at)} (${plainNumber(text.slice(at + 1))} nm)`];
  });
  if (sources.length > 0) match.lightSource = [...new Set(sources)].join('; ');
  const detectors = params.detectors.flatMap((_, i) => {
    const text = row[`matchDetector${i}`]?.value;
    return text === undefined ? [] : [text];
  });
  if (detectors.length > 0) match.detector = [...new Set(detectors)].join('; ');
  const technique = row.matchTechnique?.value;
  if (technique !== undefined) match.technique = technique;
  const instruments = row.matchInstruments?.value;
  if (instruments !== undefined && instruments !== '') match.instruments = instruments;
  if (params.standType !== undefined && (row.type?.value === 'instrument' || row.type?.value === 'model')) match.stand = params.standType;
  return Object.keys(match).length === 0 ? undefined : match;
}

// ------------------------------------------------------------------------------------------------ peers' results

const MAX_TEXT = 500;

function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]+/gu, ' ').trim();
  return text === '' ? undefined : text.slice(0, MAX_TEXT);
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A peer's link made absolute on the peer (never a `javascript:` or other non-HTTP URL). */
function peerHref(value: unknown, base: string, iri: string): string {
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) {
    try {
      return new URL(value, `${base}/`).href;
    } catch {
      // fall through to the default link
    }
  }
  return httpUrl(value) ?? `${base}/pid/${encodeURIComponent(iri)}`;
}

/**
 * Checks one result a peer sent and makes its links absolute; anything malformed is dropped.
 * @param raw - one element of a peer's `results`.
 * @param peer - the peer's base URL.
 * @returns the result, or undefined when it is not a well-formed result.
 */
export function sanitizePeerResult(raw: unknown, peer: string): SearchResult | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const iri = httpUrl(r.iri) === undefined ? undefined : (r.iri as string);
  const type = r.type;
  const score = typeof r.score === 'number' && Number.isFinite(r.score) ? r.score : undefined;
  if (iri === undefined || !isSearchType(type) || score === undefined) return undefined;
  const base = (httpUrl(r.source) ?? httpUrl(peer) ?? peer).replace(/\/+$/, '');
  const linked = (value: unknown): LinkedItem | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const item = value as Record<string, unknown>;
    const target = httpUrl(item.iri) === undefined ? undefined : (item.iri as string);
    if (target === undefined) return undefined;
    return { iri: target, label: cleanText(item.label) ?? target, href: peerHref(item.href, base, target) };
  };
  const out: { -readonly [K in keyof SearchResult]: SearchResult[K] } = {
    iri, type, label: cleanText(r.label) ?? iri, score, href: peerHref(r.href, base, iri), source: base,
  };
  const summary = cleanText(r.summary);
  if (summary !== undefined) out.summary = summary;
  for (const key of ['facility', 'model', 'instance', 'configuration'] as const) {
    const item = linked(r[key]);
    if (item !== undefined) out[key] = item;
  }
  if (typeof r.matched === 'object' && r.matched !== null) {
    const matched: Record<string, string> = {};
    for (const key of ['objective', 'lightSource', 'detector', 'stand', 'technique', 'instruments'] as const) {
      const text = cleanText((r.matched as Record<string, unknown>)[key]);
      if (text !== undefined) matched[key] = text;
    }
    if (Object.keys(matched).length > 0) out.matched = matched;
  }
  return out;
}
