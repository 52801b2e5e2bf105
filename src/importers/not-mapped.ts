import N3 from 'n3';
import type { Quad } from 'n3';
import { PHD, RDF } from '../domain/index.js';
import { canonicalJson } from '../domain/index.js';

/**
 * A part of an imported file that no term states: where it is in the file, and why. Every importer
 * reports it in this one form: in the HTTP answer (`notMapped`), on stderr of the CLI
 * ({@link notMappedLine}) and on the record created (`phd:notMapped`, {@link notMappedQuads}).
 */
export interface NotMapped {
  /** The path in the file, e.g. `components[3].Colour` or `Instrument/Filter@FilterWheel`. */
  readonly path: string;
  readonly reason: string;
  /** How often the path occurs with this reason, when more than once (an OME walk folds repeats). */
  readonly count?: number;
}

/**
 * The line a not-mapped entry is reported as (CLI stderr, warnings).
 * @param entry - the entry.
 * @returns `not mapped: <path>[ (×count)] — <reason>`.
 */
export function notMappedLine(entry: NotMapped): string {
  return `not mapped: ${entry.path}${entry.count !== undefined && entry.count > 1 ? ` (×${entry.count})` : ''} — ${entry.reason}`;
}

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
