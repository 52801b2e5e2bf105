import type { PeerSearchAnswer } from './peer-search-answer.js';
import type { SearchParams, SearchType } from './search-params.js';
import type { SearchResult } from './search-result.js';

/** How a peer fared, as a federated answer reports it. */
export interface PeerSearchStatus {
  readonly peer: string;
  readonly status: PeerSearchAnswer['status'];
  /** Results used from this peer. */
  readonly count: number;
  readonly detail?: string;
}

/** The answer to a search, local (`SearchService`) or federated (`mergeFederatedResults`). */
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
