import N3 from 'n3';
import type { Quad } from 'n3';
import { PHD, RDF } from '../domain/index.js';
import { canonicalJson } from '../domain/index.js';
import type { NotMapped } from '../domain/index.js';

// The entry and its line are the domain's: landing pages show them too.
export type { NotMapped } from '../domain/index.js';
export { notMappedLine } from '../domain/index.js';

/**
 * Entries folded by path and reason, in the order each first occurs; `count` only where one occurs
 * more than once, so that a file without repeats gives the entries as they were.
 * @param entries - what was not mapped, one entry per occurrence.
 * @returns one entry per distinct path and reason.
 */
export function foldNotMapped(entries: readonly NotMapped[]): NotMapped[] {
  const folded = new Map<string, { path: string; reason: string; count: number }>();
  for (const { path, reason, count } of entries) {
    const key = `${path}\n${reason}`;
    const known = folded.get(key);
    if (known === undefined) folded.set(key, { path, reason, count: count ?? 1 });
    else known.count += count ?? 1;
  }
  return [...folded.values()].map(({ path, reason, count }) => (count > 1 ? { path, reason, count } : { path, reason }));
}

/**
 * The provenance a record keeps of what its part of the file held and it does not: one
 * `phd:notMapped` literal, `rdf:JSON` in canonical form (RFC 8785), holding the list; none when the
 * list is empty.
 * @param iri - the record's IRI.
 * @param entries - what was not mapped (as reported: folded where the importer folds).
 * @returns the quads (zero or one).
 */
export function notMappedQuads(iri: string, entries: readonly NotMapped[]): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  if (entries.length === 0) return [];
  // Only the three members: an importer's own fields (an OME owner) stay out of the record.
  const list = entries.map(({ path, reason, count }) => (count === undefined ? { path, reason } : { path, reason, count }));
  return [quad(namedNode(iri), namedNode(PHD.notMapped), literal(canonicalJson(list), namedNode(RDF.JSON)))];
}
