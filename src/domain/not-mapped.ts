/**
 * A part of an imported file that no term states: where it is in the file, and why. Every importer
 * reports it in this one form: in the HTTP answer (`notMapped`), on stderr of the CLI
 * ({@link notMappedLine}), on the record created (`phd:notMapped`, an `rdf:JSON` list) and on its
 * landing page ({@link parseNotMapped}).
 */
export interface NotMapped {
  /** The path in the file, e.g. `components[3].Colour` or `Instrument/Filter@FilterWheel`. */
  readonly path: string;
  readonly reason: string;
  /** How often the path occurs with this reason, when more than once (an OME walk folds repeats). */
  readonly count?: number;
}

/**
 * An entry in words, as people read it.
 * @param entry - the entry.
 * @returns `<path>[ (×count)] — <reason>`.
 */
export function notMappedText(entry: NotMapped): string {
  return `${entry.path}${entry.count !== undefined && entry.count > 1 ? ` (×${entry.count})` : ''} — ${entry.reason}`;
}

/**
 * The line a not-mapped entry is reported as (CLI stderr, warnings).
 * @param entry - the entry.
 * @returns `not mapped: <path>[ (×count)] — <reason>`.
 */
export function notMappedLine(entry: NotMapped): string {
  return `not mapped: ${notMappedText(entry)}`;
}

/**
 * The entries of a `phd:notMapped` literal.
 * @param json - the literal's lexical form.
 * @returns the entries, or undefined when the text is not such a list (a record written by hand
 *   may hold anything; the caller then shows it as it is).
 */
export function parseNotMapped(json: string): NotMapped[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const entries: NotMapped[] = [];
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { path, reason, count } = item as Record<string, unknown>;
    if (typeof path !== 'string' || typeof reason !== 'string' || (count !== undefined && typeof count !== 'number')) return undefined;
    entries.push(count === undefined ? { path, reason } : { path, reason, count });
  }
  return entries;
}
