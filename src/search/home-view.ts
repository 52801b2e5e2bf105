import type { RecordKind } from '../domain/index.js';
import { PHD_NS, RECORD_KINDS } from '../domain/index.js';
import { recordHref } from '../pid/index.js';
import type { SparqlJson } from '../representation/index.js';

/** One kind of record and how many live records of it the store holds. */
export interface HomeCount {
  readonly kind: RecordKind;
  readonly count: number;
}

/** A facility on the home page: its landing page and how many instruments it operates. */
export interface HomeFacility {
  readonly iri: string;
  readonly name: string;
  readonly href: string;
  readonly instruments: number;
}

/** An instrument type (a model's or instance's `phd:technique`) and the search listing its instruments. */
export interface HomeInstrumentType {
  readonly technique: string;
  readonly instruments: number;
  readonly href: string;
}

/** What the home page shows, as plain data (also the JSON a script could read). */
export interface HomeView {
  /** Live records by kind, every kind listed (0 included), in {@link RECORD_KINDS} order. */
  readonly counts: readonly HomeCount[];
  readonly total: number;
  readonly facilities: readonly HomeFacility[];
  readonly instrumentTypes: readonly HomeInstrumentType[];
}

/** What {@link buildHomeView} reads. */
export interface HomeViewSources {
  /** Runs a SELECT query over the union of the records, returning SPARQL JSON. */
  readonly run: (query: string) => Promise<SparqlJson>;
  /** How many live records of each kind (the store's catalogue: `store.countByKind()`, no bodies read). */
  readonly counts: () => Promise<ReadonlyMap<RecordKind, number>>;
  /** PHD_BASE_URL, for the landing-page paths of minted IRIs. */
  readonly baseUrl: string;
}

const FACILITIES = `PREFIX phd: <${PHD_NS}>
PREFIX schema: <https://schema.org/>
SELECT ?facility (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?instance) AS ?instruments) WHERE {
  ?facility a phd:Facility .
  OPTIONAL { ?facility schema:name ?label }
  OPTIONAL { ?facility phd:operates ?instance . ?instance a phd:InstrumentInstance }
}
GROUP BY ?facility`;

// An instance's technique is its own or its model's, as search reads it (search-constraints).
const TECHNIQUES = `PREFIX phd: <${PHD_NS}>
SELECT ?technique (COUNT(DISTINCT ?instance) AS ?instruments) WHERE {
  ?instance a phd:InstrumentInstance ; (phd:technique|phd:instanceOf/phd:technique) ?value .
  BIND(LCASE(STR(?value)) AS ?technique)
}
GROUP BY ?technique`;

/**
 * Builds the home page's data: the records by kind (from the store's catalogue), the facilities with
 * their instrument counts, and the instrument types (techniques) each linked to the search that
 * lists their instruments (`/search?type=instrument&technique=…`, the filter search already has).
 * @param sources - the query runner, the catalogue, the base URL.
 * @returns the view.
 */
export async function buildHomeView(sources: HomeViewSources): Promise<HomeView> {
  const baseUrl = sources.baseUrl.replace(/\/+$/, '');
  const [byKind, facilities, techniques] = await Promise.all([sources.counts(), sources.run(FACILITIES), sources.run(TECHNIQUES)]);
  const counts = RECORD_KINDS.map((kind) => ({ kind, count: byKind.get(kind) ?? 0 }));
  return {
    counts,
    total: counts.reduce((sum, c) => sum + c.count, 0),
    facilities: facilities.results.bindings.flatMap((row) => {
      const iri = row.facility?.value;
      if (iri === undefined || row.facility?.type !== 'uri') return [];
      return [{ iri, name: row.name?.value ?? iri, href: recordHref(iri, baseUrl), instruments: Number(row.instruments?.value ?? 0) }];
    }).sort((a, b) => a.name.localeCompare(b.name)),
    instrumentTypes: techniques.results.bindings.flatMap((row) => {
      const technique = row.technique?.value;
      if (technique === undefined || technique === '') return [];
      const query = new URLSearchParams({ type: 'instrument', technique });
      return [{ technique, instruments: Number(row.instruments?.value ?? 0), href: `/search?${query.toString()}` }];
    }).sort((a, b) => a.technique.localeCompare(b.technique)),
  };
}
