import type { SearchResult } from './search-result.js';

/** What one peer answered to a federated search (federation/peer-search asks, the merge reads it). */
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
