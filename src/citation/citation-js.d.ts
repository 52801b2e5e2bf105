// citation-js 0.7 is CommonJS without type declarations: this declares the little of it we use. The
// plugins register their formats with the core when imported, so they need no typing of their own.

declare module '@citation-js/core' {
  /** Options of {@link Cite.format}. */
  export interface CiteFormatOptions {
    /** `text`, `html` or `string`/`object` (for `data`). */
    readonly format?: string;
    /** The CSL style of `bibliography` and `citation` (a registered template name). */
    readonly template?: string;
    /** The CSL locale of `bibliography` and `citation`, e.g. `en-US`. */
    readonly lang?: string;
  }

  /** A list of references: parsed from any registered input format, written to any output format. */
  export class Cite {
    /** @param data - CSL-JSON items or a text in a registered format (BibTeX, RIS…); throws when none recognises it. */
    public constructor(data: unknown);
    /** The references, as CSL-JSON. */
    public readonly data: readonly Record<string, unknown>[];
    /** Writes the references as data (`format: 'object'`): CSL-JSON for `data`, one tag → value(s) object per entry for `ris`. */
    public format(format: string, options: CiteFormatOptions & { readonly format: 'object' }): unknown;
    /** Writes the references as text (`bibtex`, `ris`, `data`, `bibliography`…). */
    public format(format: string, options?: CiteFormatOptions): string;
  }
}

declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
