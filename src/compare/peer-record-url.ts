import { RECORD_KINDS } from '../domain/index.js';
import { recordHref } from '../pid/index.js';

// A well-formed `/id/{kind}/{id}`: an id of unreserved characters that is not a dot-segment, so
// nothing in it can be resolved (`..`, `%2e%2e`) to another path on the peer.
const MINTED_PATH = new RegExp(`^/id/(${RECORD_KINDS.join('|')})/(?!\\.{1,2}$)[A-Za-z0-9._~-]+$`);

/**
 * Where a peer serves a record: `/id/{kind}/{id}` when the IRI is one the peer minted and
 * well-formed, else `/pid/…` with the PID or the whole IRI percent-encoded as one segment, so
 * a `c=` value can reach no other path of the peer's origin (where our peer token is presented).
 * @param iri - the record's IRI.
 * @param peer - the peer's base URL (PHD_PEERS entry).
 * @returns the absolute URL to dereference on the peer.
 * @example
 * peerRecordUrl('https://b.example/id/configuration/x', 'https://b.example/'); // 'https://b.example/id/configuration/x'
 * peerRecordUrl('https://b.example/id/../pids', 'https://b.example');        // 'https://b.example/pid/https%3A%2F%2Fb.example%2Fid%2F..%2Fpids'
 */
export function peerRecordUrl(iri: string, peer: string): string {
  const base = peer.replace(/\/$/, '');
  const href = recordHref(iri, base);
  const path = href.startsWith('/pid/') || MINTED_PATH.test(href) ? href : `/pid/${encodeURIComponent(iri)}`;
  return `${base}${path}`;
}
