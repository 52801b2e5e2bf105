import { describe, expect, it } from 'vitest';
import { mergeFederatedResults } from '../../../src/search/merge-federated-results.js';
import type { PeerSearchAnswer } from '../../../src/search/peer-search-answer.js';
import { parseSearchParams } from '../../../src/search/search-params.js';
import type { SearchParams } from '../../../src/search/search-params.js';
import type { SearchResult } from '../../../src/search/search-result.js';
import type { SearchResults } from '../../../src/search/search-results.js';

// The merge of this instance's results with its peers' answers: one result per IRI, ranked as every
// instance ranks, with each peer's status, whatever the peers sent.

const LOCAL = 'https://phd.example.org';
const PEER_A = 'https://a.example.org';
const PEER_B = 'https://b.example.org';

const params = (query = ''): SearchParams => parseSearchParams(new URLSearchParams(`scope=federated&${query}`));

function result(iri: string, score: number, label: string, source: string): SearchResult {
  return { iri, type: 'instrument', label, score, href: source === LOCAL ? `/pid/${encodeURIComponent(iri)}` : `${source}/pid/${encodeURIComponent(iri)}`, source };
}

function local(results: SearchResult[], total = results.length): SearchResults {
  return { query: params(), total, results, facets: { type: { facility: 0, instrument: total, model: 0, configuration: 0, dataset: 0 } } };
}

function ok(peer: string, results: unknown[], total?: number): PeerSearchAnswer {
  return { peer, status: 'ok', results: results as SearchResult[], ...(total === undefined ? {} : { total }) };
}

describe('mergeFederatedResults', () => {
  it('keeps one result per IRI — the best-scored copy, listing every source — and counts duplicates once.', () => {
    const shared = 'https://doi.org/10.5072/shared';
    const merged = mergeFederatedResults(params(), local([result(shared, 2, 'Shared', LOCAL)]), [
      ok(PEER_A, [result(shared, 5, 'Shared (A)', PEER_A), result('https://doi.org/10.5072/a-only', 1, 'A only', PEER_A)]),
      ok(PEER_B, [result(shared, 1, 'Shared (B)', PEER_B)]),
    ]);
    expect(merged.results.map((r) => [r.iri, r.label, r.sources])).toEqual([
      [shared, 'Shared (A)', [LOCAL, PEER_A, PEER_B]],
      ['https://doi.org/10.5072/a-only', 'A only', [PEER_A]],
    ]);
    expect(merged.total).toBe(2);
    expect(merged.peers).toEqual([{ peer: PEER_A, status: 'ok', count: 2 }, { peer: PEER_B, status: 'ok', count: 1 }]);
    expect(merged.facets).toBeUndefined();
  });

  it('ranks by score, then label regardless of case, then IRI, and cuts the page at offset and limit.', () => {
    const all = [
      result('https://x.example/3', 1, 'beta', LOCAL), result('https://x.example/1', 4, 'zeta', PEER_A),
      result('https://x.example/2', 1, 'Alpha', PEER_A), result('https://x.example/5', 1, 'alpha', PEER_B),
      result('https://x.example/4', 1, 'alpha', PEER_A),
    ];
    const answers = [ok(PEER_A, all.filter((r) => r.source === PEER_A)), ok(PEER_B, all.filter((r) => r.source === PEER_B))];
    const merged = mergeFederatedResults(params(), local(all.filter((r) => r.source === LOCAL)), answers);
    expect(merged.results.map((r) => r.iri)).toEqual(['https://x.example/1', 'https://x.example/2', 'https://x.example/4', 'https://x.example/5', 'https://x.example/3']);
    const page = mergeFederatedResults(params('offset=1&limit=2'), local(all.filter((r) => r.source === LOCAL)), answers);
    expect(page.results.map((r) => r.iri)).toEqual(['https://x.example/2', 'https://x.example/4']);
    expect(page.total).toBe(5);
    expect(page.query).toEqual(params('offset=1&limit=2'));
  });

  it('reports a peer that failed, with its detail cut, counts nothing from it, and still answers.', () => {
    const merged = mergeFederatedResults(params(), local([result('https://x.example/local', 1, 'Local', LOCAL)], 1), [
      { peer: PEER_A, status: 'timeout', results: [result('https://x.example/late', 9, 'Late', PEER_A)], detail: 'x'.repeat(2000), total: 50 },
      { peer: PEER_B, status: 'unreachable', results: [] },
      { peer: '*', status: 'error', results: [], detail: 'The peers could not be asked.' },
    ]);
    expect(merged.results.map((r) => r.iri)).toEqual(['https://x.example/local']);
    expect(merged.total).toBe(1);
    expect(merged.peers?.map((p) => [p.peer, p.status, p.count, p.detail?.length])).toEqual([
      [PEER_A, 'timeout', 0, 500], [PEER_B, 'unreachable', 0, undefined], ['*', 'error', 0, 'The peers could not be asked.'.length],
    ]);
  });

  it('drops what a peer sent that is not a well-formed result, and makes its links absolute on the peer.', () => {
    const merged = mergeFederatedResults(params(), local([]), [ok(PEER_A, [
      null, 'text', { iri: 'javascript:alert(1)', type: 'instrument', score: 1 }, { iri: 'https://x.example/no-type', score: 1 },
      { iri: 'https://x.example/ok', type: 'model', score: 1, label: 'OK', href: '/pid/ok' },
    ])]);
    expect(merged.results).toEqual([{ iri: 'https://x.example/ok', type: 'model', label: 'OK', score: 1, href: `${PEER_A}/pid/ok`, source: PEER_A, sources: [PEER_A] }]);
    expect(merged.peers).toEqual([{ peer: PEER_A, status: 'ok', count: 1 }]);
  });

  it('ignores results that are not a list.', () => {
    const merged = mergeFederatedResults(params(), local([]), [{ peer: PEER_A, status: 'ok', results: { length: 1, 0: {} } as unknown as SearchResult[] }]);
    expect(merged.results).toEqual([]);
    expect(merged.peers).toEqual([{ peer: PEER_A, status: 'ok', count: 0 }]);
  });

  it.each([
    ['a whole number at least its results', 40, 40],
    ['fewer than its results', 0, 2],
    ['not a whole number', 2.5, 2],
    ['negative', -10, 2],
    ['absent', undefined, 2],
  ])('adds a peer\'s total when it is %s, else the results it sent.', (_, peerTotal, expected) => {
    const two = [result('https://x.example/p1', 1, 'P1', PEER_A), result('https://x.example/p2', 1, 'P2', PEER_A)];
    const merged = mergeFederatedResults(params(), local([]), [ok(PEER_A, two, peerTotal)]);
    expect(merged.total).toBe(expected);
  });

  it('never answers a total below the results it lists.', () => {
    const shared = result('https://x.example/s', 1, 'S', LOCAL);
    // The local total says 0, yet a result is listed: the total follows the list.
    const merged = mergeFederatedResults(params(), local([shared], 0), [ok(PEER_A, [{ ...shared, source: PEER_A }], 1)]);
    expect(merged.results).toHaveLength(1);
    expect(merged.total).toBe(1);
  });
});
