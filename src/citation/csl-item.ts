/**
 * A name in CSL-JSON: a person's family and given names, or an institution (or a person whose
 * name the record does not split) as one `literal`, which styles never abbreviate or invert.
 */
export type CslName = { readonly family: string; readonly given: string } | { readonly literal: string };

/** A date in CSL-JSON: year, month, day (as far as known). */
export interface CslDate {
  readonly 'date-parts': readonly (readonly number[])[];
}

/**
 * The CSL types this service writes. A dataset is `dataset`; a publication `article-journal`.
 * Hardware has no CSL type: DataCite's content negotiation has no CSL type for resourceTypeGeneral
 * `Instrument` either and falls back to a generic one, writing BibTeX `@misc` and RIS `GEN`. We write
 * `document`, CSL 1.0.2's generic type, which citation-js writes as exactly those (`@misc`, `GEN`),
 * and say what it is in `genre` (the DataCite export's resourceType, e.g. "Microscope"), which
 * styles show in brackets (APA: "[Microscope]").
 */
export type CslType = 'dataset' | 'document' | 'article-journal';

/**
 * One reference as CSL-JSON (Citation Style Language 1.0.2 data schema): the fields this service
 * fills. `custom` holds the hardware's identifiers as key-value pairs (CSL 1.0.2 reserves `note`
 * for people's annotations and offers `custom` for such data); `note` repeats them in words for the
 * formats without `custom` (BibTeX, RIS).
 */
export interface CslItem {
  /** The record's IRI. */
  readonly id: string;
  readonly type: CslType;
  readonly title: string;
  readonly genre?: string;
  readonly author?: readonly CslName[];
  readonly publisher?: string;
  readonly issued?: CslDate;
  /** The DOI without resolver, e.g. `10.5072/phd.ecc.sp8.v2`. */
  readonly DOI?: string;
  /** The resolver URL of the record's PID, else its landing page. */
  readonly URL: string;
  /** A configuration's version number. */
  readonly version?: string;
  readonly note?: string;
  readonly custom?: Readonly<Record<string, string>>;
}
