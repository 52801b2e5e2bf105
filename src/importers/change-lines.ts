import { localName } from '../pid/index.js';
import type { ConfigurationDiff } from '../pid/index.js';

/** Field-level changes shown in an import's answer at most; the diff page (/diff) has them all. */
const MAX_CHANGES = 50;

/**
 * The lines of a configuration diff, for an import's answer: each changed field of a component
 * present in both versions, then the components only one of them has.
 * @param diff - the diff of the version in effect and the version the import would create.
 * @returns one line per change, at most {@link MAX_CHANGES} (and a line saying how many more).
 */
export function changeLines(diff: ConfigurationDiff): string[] {
  const values = (list: readonly string[]) => (list.length === 0 ? '(absent)' : list.join(', '));
  const lines = [
    ...diff.changed.flatMap((c) => c.fields.map((f) => `changed ${c.to.label} (${c.identifier}): ${f.name} ${values(f.before)} → ${values(f.after)}`)),
    ...diff.added.map((c) => `added ${c.label} (${c.identifier}${c.class === '' ? '' : `, ${localName(c.class)}`})`),
    ...diff.removed.map((c) => `removed ${c.label} (${c.identifier}${c.class === '' ? '' : `, ${localName(c.class)}`})`),
  ];
  return lines.length <= MAX_CHANGES ? lines : [...lines.slice(0, MAX_CHANGES), `… and ${lines.length - MAX_CHANGES} more changes`];
}
