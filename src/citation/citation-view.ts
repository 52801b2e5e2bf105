import type { CitableKind } from './csl-items.js';
import type { CslItem } from './csl-item.js';

/** A reference formatted for reading, and what it cites. */
export interface FormattedReference {
  /** `record`: the record itself; `hardware`: the hardware configuration a dataset was acquired with. */
  readonly cites: 'record' | 'hardware';
  /** The reference in the default style (APA), plain text. */
  readonly text: string;
}

/**
 * How to cite a record, as data: the "Cite this hardware" section of a landing page renders it, and
 * the citation formats of content negotiation are written from its items.
 */
export interface CitationView {
  readonly iri: string;
  readonly kind: CitableKind;
  /** The path of the record's landing page here; `?format=bibtex` etc. appended to it downloads the citation. */
  readonly href: string;
  /** The CSL-JSON items: the record's own first, then (for a dataset) its hardware configuration's. */
  readonly items: readonly CslItem[];
  /** The items formatted in APA, in the same order. */
  readonly references: readonly FormattedReference[];
  /** The methods sentence; undefined when the record names no hardware (a publication). */
  readonly methods: string | undefined;
  /** What the methods sentence could not name because the records lack it, in words. */
  readonly missing: readonly string[];
}
