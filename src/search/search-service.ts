import type { SparqlBinding, SparqlJson } from '../representation/index.js';
import { buildSearchQueries } from './build-search-queries.js';
import { detailsQuery } from './details-query.js';
import { SEARCH_TYPES, isSearchType } from './search-params.js';
import type { SearchParams, SearchType } from './search-params.js';
import { searchResultFromRow } from './search-result-from-row.js';
import type { SearchResults } from './search-results.js';

/** Options of {@link SearchService}. */
export interface SearchServiceOptions {
  /** Runs a SELECT query over the union of the records, returning SPARQL JSON. */
  readonly run: (query: string) => Promise<SparqlJson>;
  /** PHD_BASE_URL: the `source` of every result, and the base of minted IRIs (`{baseUrl}/id/…`). */
  readonly baseUrl: string;
}

/**
 * Keyword and facet search over facilities, instruments, models, configurations and datasets,
 * in two SPARQL queries per search, run in parallel (a ranked page, and counts per type; see
 * {@link buildSearchQueries}), whatever the number of results, then a third for the details of
 * that page's results ({@link detailsQuery}); rows become results through {@link searchResultFromRow}.
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
 *   searched texts of a result (see `searchConstraints`); the score is 1, plus 2 per keyword found in
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
      const result = searchResultFromRow(row, params, this.baseUrl);
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
}
