import type { PeerSearchAnswer } from './peer-search-answer.js';
import type { SearchParams } from './search-params.js';
import type { SearchResult } from './search-result.js';
import type { PeerSearchStatus, SearchResults } from './search-results.js';
import { sanitizePeerResult } from './sanitize-peer-result.js';

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
function compareResults(a: SearchResult, b: SearchResult): number {
  if (a.score !== b.score) return b.score - a.score;
  const la = a.label.toLowerCase();
  const lb = b.label.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0;
}
