/** A record a column links to (instance, model, facility), with its name when known. */
export interface CompareLink {
  readonly iri: string;
  readonly label: string;
}

/** One column of a comparison: a configuration, where it came from and what it belongs to. */
export interface CompareColumn {
  /** What was asked for (`c=`), as given. */
  readonly requested: string;
  /** The configuration's IRI (its PID). */
  readonly iri: string;
  readonly title: string;
  readonly validFrom: string | null;
  readonly instance: CompareLink | null;
  readonly model: CompareLink | null;
  readonly facility: CompareLink | null;
  /** `this core`, or the base URL of the peer the configuration was fetched from. */
  readonly source: string;
  /** Whether an instance was asked for and its current configuration is shown. */
  readonly viaInstance: boolean;
}

/** One field of a component row: its value in each column (null: the column has no such component). */
export interface CompareField {
  /** Readable path of the field (`transmittanceRange[1].wavelength`). */
  readonly name: string;
  /** Per column: the values as shown (units normalised), empty when the component lacks the field; null when the column lacks the component. */
  readonly values: readonly (readonly string[] | null)[];
  /** Whether the columns that have the component disagree on this field. */
  readonly differs: boolean;
}

/** A component as it appears in one column. */
export interface CompareCell {
  readonly iri: string;
  readonly label: string;
  /** The NBO-Q class local name (`Objective`). */
  readonly kind: string;
}

/** Components of the columns lined up as one row: same kind and same model/type/key values. */
export interface CompareRow {
  /** The alignment key (kind and key values), stable across requests. */
  readonly key: string;
  /** A readable name of the row (`Objective 63x/1.4 Mineral Oil`, or the model). */
  readonly label: string;
  /** Per column: the component, or null when the column has none like it. */
  readonly cells: readonly (CompareCell | null)[];
  readonly fields: readonly CompareField[];
  /** Whether the component is missing from some column or any field differs. */
  readonly differs: boolean;
}

/** Rows of one family of components (objectives, light sources, filters, dichroics, detectors…). */
export interface CompareGroup {
  readonly name: string;
  readonly rows: readonly CompareRow[];
}

/** The comparison of 2 to 6 configurations: plain data, the JSON answer of `/compare`. */
export interface CompareView {
  readonly columns: readonly CompareColumn[];
  readonly groups: readonly CompareGroup[];
  /** Whether only the differing rows and fields are listed (`?only=differences`). */
  readonly onlyDifferences: boolean;
  /** Rows that differ, over all groups (counted before `onlyDifferences` filtering). */
  readonly differingRows: number;
  /** Rows in all, over all groups (counted before filtering). */
  readonly totalRows: number;
}
