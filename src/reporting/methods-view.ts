/**
 * One piece of a methods sentence: plain words, a fact taken from a record (with the IRI of the
 * record or component it comes from, which the text cites), or a marker for a fact a methods
 * section needs and the record lacks (written `[missing: …]`).
 */
export type MethodsSegment =
  | { readonly text: string }
  | { readonly fact: string; readonly source: string }
  | { readonly missing: string };

/** A sentence of the methods text and the records it cites (configuration, components, dataset). */
export interface MethodsSentence {
  readonly segments: readonly MethodsSegment[];
  /** The IRIs the sentence's facts come from, in order of first use, each cited once. */
  readonly cites: readonly MethodsCitation[];
}

/** A record or component a sentence cites: its IRI, how it is written (CURIE where it is a PID) and where it resolves. */
export interface MethodsCitation {
  readonly iri: string;
  readonly label: string;
  readonly href: string;
}

/** Whether a checklist item is answered by the record; `not-applicable` when it concerns an acquisition and the record is a configuration. */
export type ChecklistStatus = 'present' | 'missing' | 'not-applicable';

/** One row of the reporting checklist. */
export interface ChecklistRow {
  readonly id: string;
  /** The item, in words. */
  readonly item: string;
  /** The LiMi (NBO-Q) fields it checks, as term IRIs. */
  readonly fields: readonly string[];
  readonly status: ChecklistStatus;
  /** The values found (empty when missing). */
  readonly values: readonly string[];
}

/** The NBO-Q fields marked for Materials and Methods (phd:methodsItem) of one component, with what the record holds. */
export interface ComponentMethodsFields {
  readonly iri: string;
  readonly label: string;
  /** The component's NBO-Q class IRI and its label. */
  readonly class: string;
  readonly classLabel: string;
  readonly fields: readonly { readonly property: string; readonly label: string; readonly present: boolean; readonly values: readonly string[] }[];
}

/** The methods text and the reporting checklist of a configuration or dataset: what `/pid/{pid}/methods` serves. */
export interface MethodsView {
  readonly iri: string;
  readonly kind: 'configuration' | 'dataset';
  readonly title: string;
  /** The record's own page and its methods page. */
  readonly href: string;
  readonly methodsHref: string;
  /** The configuration the text describes (the record itself, or the one the dataset was acquired with). */
  readonly configuration: MethodsCitation | undefined;
  /** The methods text, as paragraphs of sentences. */
  readonly paragraphs: readonly (readonly MethodsSentence[])[];
  /** Every `[missing: …]` of the text, in order, each once. */
  readonly missing: readonly string[];
  /** The community reporting checklist (QUAREP-LiMi WG11) for this record. */
  readonly checklist: readonly ChecklistRow[];
  /** The NBO-Q "M&M" fields of each component of the configuration. */
  readonly componentFields: readonly ComponentMethodsFields[];
}
