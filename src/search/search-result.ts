import type { LinkedResource } from '../pid/index.js';
import type { SearchType } from './search-params.js';

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

/** One search result: what `/search` answers per match, locally or merged from peers. */
export interface SearchResult {
  readonly iri: string;
  readonly type: SearchType;
  readonly label: string;
  /** Relevance: higher first (1 when no keywords were given). */
  readonly score: number;
  /** One line of facts (manufacturer, version and validity, acquisition date…). */
  readonly summary?: string;
  readonly facility?: LinkedResource;
  readonly model?: LinkedResource;
  readonly instance?: LinkedResource;
  /** For an instrument its current configuration; for a dataset the one it was acquired with. */
  readonly configuration?: LinkedResource;
  readonly matched?: SearchMatch;
  /** The landing page: a path on `source` (absolute for results merged from peers). */
  readonly href: string;
  /** The base URL of the instance that answered. */
  readonly source: string;
  /** Every instance that returned this result (federated searches only). */
  readonly sources?: readonly string[];
}
