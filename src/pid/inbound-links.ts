import { createHash } from 'node:crypto';
import N3 from 'n3';
import type { Quad } from 'n3';
import { RDFS } from '../domain/index.js';
import type { RecordLink, RecordStore } from '../store/index.js';

/**
 * A link triple that names a record but is kept in another record's graph: `<facility> phd:operates
 * <instance>` lives in the instance's record, `<dataset> phd:acquiredWith <configuration>` in the
 * dataset's, so the facility's and the configuration's own graphs do not hold them.
 */
export interface InboundLink extends RecordLink {
  /** The record whose graph holds the triple. */
  readonly source: string;
}

const order = (a: InboundLink, b: InboundLink): number => {
  const keyOf = (l: InboundLink) => [l.predicate, l.subject, l.object, l.source];
  const [x, y] = [keyOf(a), keyOf(b)];
  for (let i = 0; i < x.length; i += 1) {
    const c = (x[i] ?? '').localeCompare(y[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
};

/**
 * The links that point at a record from the graphs of other live records (as subject or object),
 * in a stable order; a triple the record's own graph states too is left out.
 * @param store - the record store (its link index).
 * @param iri - the record.
 * @returns the links, each with the record that holds it.
 */
export async function inboundLinks(store: RecordStore, iri: string): Promise<InboundLink[]> {
  const rows = [...(await store.links({ subject: iri })), ...(await store.links({ object: iri }))];
  const key = (l: RecordLink) => `${l.subject} ${l.predicate} ${l.object}`;
  const own = new Set(rows.filter((r) => r.record === iri).map(key));
  const seen = new Set<string>();
  const links: InboundLink[] = [];
  for (const row of rows) {
    if (row.record === iri || own.has(key(row)) || seen.has(`${key(row)} ${row.record}`)) continue;
    seen.add(`${key(row)} ${row.record}`);
    links.push({ subject: row.subject, predicate: row.predicate, object: row.object, source: row.record });
  }
  return links.sort(order);
}

/**
 * The triples a record's representation adds for its inbound links: each triple as stored in its
 * source record, and `<record> rdfs:seeAlso <source>` for every record that holds one, so that a
 * client sees the statement itself and where it is kept (the record's own graph is at `/records/…`).
 * @param iri - the record.
 * @param links - its inbound links ({@link inboundLinks}).
 * @returns the triples, in a stable order.
 */
export function inboundQuads(iri: string, links: readonly InboundLink[]): Quad[] {
  const { namedNode, quad } = N3.DataFactory;
  const triples = links.map((l) => quad(namedNode(l.subject), namedNode(l.predicate), namedNode(l.object)));
  const sources = [...new Set(links.map((l) => l.source))].sort();
  return [...triples, ...sources.map((source) => quad(namedNode(iri), namedNode(RDFS.seeAlso), namedNode(source)))];
}

/**
 * A short tag over a record's inbound links: part of the cache keys of its representations, which
 * change when another record's write adds or removes a link to it.
 * @param links - the inbound links.
 * @returns the tag (empty for none).
 */
export function inboundTag(links: readonly InboundLink[]): string {
  if (links.length === 0) return '';
  return createHash('sha256').update(JSON.stringify(links)).digest('base64url').slice(0, 16);
}
