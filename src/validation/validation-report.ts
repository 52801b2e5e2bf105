/** Severity of a validation result, as in SHACL. */
export type Severity = 'Violation' | 'Warning' | 'Info';

/**
 * One problem found in data: a value, not an exception. The HTTP edge maps a report with
 * violations to 422 with these members; the CLI prints them.
 */
export interface ValidationIssue {
  /** The node the problem is about (IRI, or `_:label` for a blank node). */
  readonly focusNode: string;
  /** The property path (IRI; `^IRI` for an inverse path), when the problem is about one. */
  readonly path?: string;
  readonly message: string;
  readonly severity: Severity;
  /** The offending value, when there is one. */
  readonly value?: string;
  /** The SHACL constraint component, or `phd:PidChecksum` for checks done in code. */
  readonly sourceConstraint?: string;
  readonly sourceShape?: string;
}

/** Outcome of validating a graph. */
export interface ValidationReport {
  readonly conforms: boolean;
  readonly issues: readonly ValidationIssue[];
}
