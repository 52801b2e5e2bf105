import { mediaTypeFor } from '../representation/index.js';
import type { SearchParams } from '../search/index.js';
import { searchQuery } from '../search/index.js';
import type { PeerSearchAnswer } from '../search/index.js';
import type { SearchResult } from '../search/index.js';
import { PeerFetch } from './peer-fetch.js';

/** Options of {@link peerSearch}. */
export interface PeerSearchOptions {
  /** The configured peers' base URLs (PHD_PEERS). */
  readonly peers: readonly string[];
  /** Time budget of each peer. */
  readonly timeoutMs: number;
  /** Largest answer accepted from a peer, in bytes. */
  readonly maxBytes: number;
  /** PHD_PEER_TOKEN, presented to each peer so that it counts this instance under its peers' limits. */
  readonly token?: string | undefined;
}

/**
 * The `federate` function of the search router: asks every configured peer's `/search` (scope
 * local, JSON) in parallel, through the same guard as federated SPARQL (only the peers, one time
 * budget and a size limit each, no redirects), and settles with one answer per peer — a peer that
 * fails is an answer with its status, never a rejection.
 * @param options - peers and limits.
 * @returns the function.
 */
export function peerSearch(options: PeerSearchOptions): (params: SearchParams, signal: AbortSignal) => Promise<PeerSearchAnswer[]> {
  return async (params, signal) => {
    const token = options.token;
    const guard = new PeerFetch({ peers: options.peers, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, signal, ...(token === undefined ? {} : { credential: () => token }) });
    const query = searchQuery(params, { scope: 'local' }).toString();
    return Promise.all(options.peers.map(async (peer): Promise<PeerSearchAnswer> => {
      const response = await guard.fetch(`${peer}/search?${query}`, { headers: { accept: mediaTypeFor('json') } });
      const key = new URL(peer.endsWith('/') ? peer : `${peer}/`).href.replace(/\/$/, '');
      const status = guard.statuses().find((s) => s.peer === key);
      if (status !== undefined && status.status !== 'ok') {
        const kind = status.status === 'unreachable' || status.status === 'timeout' ? status.status : 'error';
        return { peer, status: kind, results: [], ...(status.detail === undefined ? {} : { detail: status.detail }) };
      }
      try {
        const body = (await response.json()) as { results?: unknown; total?: unknown };
        const results = Array.isArray(body.results) ? (body.results as SearchResult[]) : [];
        return { peer, status: 'ok', results, ...(typeof body.total === 'number' ? { total: body.total } : {}) };
      } catch {
        return { peer, status: 'error', results: [], detail: 'the answer is not JSON' };
      }
    }));
  };
}
