import N3 from 'n3';
import type { Quad } from 'n3';
import type { RecordKind } from '../domain/index.js';
import { componentRows } from '../pid/index.js';
import type { CheckedRecord } from '../records/index.js';
import type { ValidationIssue } from '../validation/index.js';

/** A component of a configuration an import would store, for people: its kind, name and values with units. */
export interface PlannedComponent {
  readonly iri: string;
  /** Its NBO-Q class in words (`objective`, `CMOS`). */
  readonly kind: string;
  /** Its name (`rdfs:label`, else its identifier). */
  readonly label: string;
  /** Field name → value, units joined (`numerical aperture` → `1.4`, `wavelength` → `488 nm`). */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

/** A record an import would store, as the dry run prepared and validated it. */
export interface PlannedRecord {
  readonly iri: string;
  readonly kind: RecordKind;
  /** The triples that would be stored (used to say the issues in words; left out of JSON answers). */
  readonly quads: readonly Quad[];
  readonly issues: readonly ValidationIssue[];
}

/**
 * The records of a dry run as planned, and whether they would be stored: `conforms` is false when
 * any record has a violation (then a real import stores nothing).
 * @param checked - what the record service's dry run returned.
 * @returns the planned records, every issue, and whether they conform.
 */
export function plannedRecords(checked: readonly CheckedRecord[]): { records: PlannedRecord[]; issues: ValidationIssue[]; conforms: boolean } {
  const records = checked.map(({ iri, kind, quads, issues }) => ({ iri, kind, quads, issues }));
  const issues = records.flatMap((r) => r.issues);
  return { records, issues, conforms: !issues.some((i) => i.severity === 'Violation') };
}

/**
 * The components of a configuration, for a plan.
 * @param quads - the configuration's triples.
 * @param iri - the configuration.
 * @returns its components, by kind then name.
 */
export function plannedComponents(quads: readonly Quad[], iri: string): PlannedComponent[] {
  return componentRows(new N3.Store([...quads]), iri).map((row) => ({ iri: row.iri, kind: row.classLabel, label: row.label, fields: row.fields }));
}
