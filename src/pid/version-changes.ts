import { DCTERMS, PHD, RDFS } from '../domain/index.js';
import type { ComponentSummary, ConfigurationDiff } from './configuration-diff.js';

/** How many components a summary names per kind of change before it says "and N more". */
const NAMED = 3;

/**
 * Fields of a configuration node that every new version changes (its date, number, name, change
 * note, identifier): bookkeeping, not hardware, so a summary leaves them out.
 */
const BOOKKEEPING: ReadonlySet<string> = new Set([PHD.validFrom, PHD.versionNumber, RDFS.label, RDFS.comment, DCTERMS.identifier]);

/** `a, b, c and 2 more` */
function names(labels: readonly string[]): string {
  const shown = labels.slice(0, NAMED).join(', ');
  return labels.length > NAMED ? `${shown} and ${labels.length - NAMED} more` : shown;
}

function count(n: number, what: string, many: string): string {
  return `${n} ${n === 1 ? what : many}`;
}

/**
 * What changed between two versions of a configuration, in words, for the timeline: the
 * components added, removed and changed (each named, a changed one with the fields that changed; three
 * of each at most), and the
 * configuration's own fields other than bookkeeping.
 * @param diff - the diff of a version with its predecessor.
 * @returns e.g. `1 component added: HyD 2; 1 removed: PMT 2; 1 changed: HC PL APO 63x (lens NA)`, or
 *   `No hardware changes` when only the date, number, name or note differ.
 * @example
 * versionChangeSummary(diffConfigurations(v1, v2)); // '1 component added: HyD 2; 1 removed: PMT 2'
 */
export function versionChangeSummary(diff: ConfigurationDiff): string {
  const label = (c: ComponentSummary) => c.label;
  const parts: string[] = [];
  const noun = (n: number) => (parts.length === 0 ? count(n, 'component', 'components') : String(n));
  if (diff.added.length > 0) parts.push(`${noun(diff.added.length)} added: ${names(diff.added.map(label))}`);
  if (diff.removed.length > 0) parts.push(`${noun(diff.removed.length)} removed: ${names(diff.removed.map(label))}`);
  if (diff.changed.length > 0) {
    const changed = diff.changed.map((c) => `${c.to.label} (${names([...new Set(c.fields.map((f) => f.name))])})`);
    parts.push(`${noun(diff.changed.length)} changed: ${names(changed)}`);
  }
  const own = [...new Set(diff.configurationFields.filter((f) => !BOOKKEEPING.has(f.property)).map((f) => f.name))];
  if (own.length > 0) parts.push(`configuration ${own.length === 1 ? 'field' : 'fields'} changed: ${names(own)}`);
  return parts.length === 0 ? 'No hardware changes' : parts.join('; ');
}
