import type { Cite } from '@citation-js/core';
import { BadRequestError } from '../errors/index.js';
import type { MediaTypeId } from '../representation/index.js';
import type { CslItem } from './csl-item.js';

/** The citation formats of DataCite content negotiation, by media-type registry id. */
export const CITATION_FORMATS = ['bibtex', 'ris', 'csl+json', 'bibliography'] as const satisfies readonly MediaTypeId[];

/** One of {@link CITATION_FORMATS}. */
export type CitationFormat = (typeof CITATION_FORMATS)[number];

/** The CSL styles citation-js bundles, the default first (DataCite's default is APA too). */
export const CITATION_STYLES = ['apa', 'vancouver', 'harvard1'] as const;

/** One of {@link CITATION_STYLES}. */
export type CitationStyle = (typeof CITATION_STYLES)[number];

/** The CSL locales citation-js bundles, the default first (DataCite's default is en-US). */
export const CITATION_LOCALES = ['en-US', 'de-DE', 'es-ES', 'fr-FR', 'nl-NL'] as const;

/** One of {@link CITATION_LOCALES}. */
export type CitationLocale = (typeof CITATION_LOCALES)[number];

/** The style and locale of a formatted bibliography, as asked for (`style=apa`, `locale=de-DE`). */
export interface BibliographyRequest {
  readonly style?: string | undefined;
  readonly locale?: string | undefined;
}

/**
 * The style a request names (case-insensitive), APA when it names none. citation-js falls back to
 * APA for a style it does not know; we refuse instead, so a reader never gets another style than
 * the one asked for without noticing.
 * @param style - the `style` parameter, if any.
 * @returns the style.
 * @throws BadRequestError `unknown-style` (400) listing the styles offered.
 */
export function citationStyle(style: string | undefined): CitationStyle {
  if (style === undefined || style.trim() === '') return CITATION_STYLES[0];
  const found = CITATION_STYLES.find((s) => s === style.trim().toLowerCase());
  if (found === undefined) {
    throw new BadRequestError(`There is no citation style “${style}” here: use one of ${CITATION_STYLES.join(', ')} (style=apa).`, { code: 'unknown-style', details: { styles: CITATION_STYLES } });
  }
  return found;
}

/**
 * The locale a request names: a locale (`fr-FR`, any case) or a language (`fr`), en-US when it names none.
 * @param locale - the `locale` parameter, if any.
 * @returns the locale.
 * @throws BadRequestError `unknown-locale` (400) listing the locales offered.
 */
export function citationLocale(locale: string | undefined): CitationLocale {
  if (locale === undefined || locale.trim() === '') return CITATION_LOCALES[0];
  const given = locale.trim().toLowerCase().replace('_', '-');
  const found = CITATION_LOCALES.find((l) => l.toLowerCase() === given) ?? CITATION_LOCALES.find((l) => l.toLowerCase().startsWith(`${given}-`));
  if (found === undefined) {
    throw new BadRequestError(`There is no citation locale “${locale}” here: use one of ${CITATION_LOCALES.join(', ')} (locale=en-US).`, { code: 'unknown-locale', details: { locales: CITATION_LOCALES } });
  }
  return found;
}

/**
 * RIS text of references, from citation-js's RIS mapping. Its own RIS writer wraps values at 70
 * characters, which RIS does not define (its reader, and others, join the pieces with a space: a
 * long URL comes back broken), and writes the CSL id cut to 20 characters as `ID` (for an IRI, a
 * meaningless prefix such as `https://doi.org/10.5`, the same for every DOI). So the tags are
 * written one line each, and `ID`, optional, is left out: reference managers assign their own.
 */
function risText(cite: Cite): string {
  const entries = cite.format('ris', { format: 'object' }) as readonly Readonly<Record<string, string | number | readonly (string | number)[]>>[];
  return entries.map((entry) => {
    const lines = [`TY  - ${String(entry.TY)}`];
    for (const [tag, values] of Object.entries(entry)) {
      if (tag === 'TY' || tag === 'ID') continue;
      for (const value of [values].flat()) lines.push(`${tag}  - ${String(value).replace(/\s*[\r\n]+\s*/g, ' ')}`);
    }
    lines.push('ER  - ');
    return lines.join('\n');
  }).join('\n\n');
}

let citationJs: Promise<typeof Cite> | undefined;

/**
 * citation-js with its BibTeX, CSL and RIS plugins (each registers itself with the core when
 * imported), imported at the first citation asked for rather than at start-up: they add ~22 MB
 * resident, which an idle service should not carry.
 * @returns the `Cite` class.
 */
function loadCitationJs(): Promise<typeof Cite> {
  citationJs ??= Promise.all([
    import('@citation-js/core'), import('@citation-js/plugin-bibtex'), import('@citation-js/plugin-csl'), import('@citation-js/plugin-ris'),
  ]).then(([core]) => core.Cite);
  return citationJs;
}

/**
 * Writes references in a citation format with citation-js: BibTeX, RIS, CSL-JSON (an array of
 * items), or a bibliography as plain text in a CSL style and locale.
 * @param items - the CSL-JSON items.
 * @param format - the format.
 * @param request - for a bibliography: the style (apa, vancouver, harvard1) and locale.
 * @returns the text, ending with a newline.
 * @throws BadRequestError for an unknown style or locale (a bibliography only).
 * @example
 * await formatCitation(items, 'bibliography', { style: 'vancouver' });
 */
export async function formatCitation(items: readonly CslItem[], format: CitationFormat, request: BibliographyRequest = {}): Promise<string> {
  const template = format === 'bibliography' ? citationStyle(request.style) : undefined;
  const lang = format === 'bibliography' ? citationLocale(request.locale) : undefined;
  const cite = new (await loadCitationJs())(items.map((item) => ({ ...item })));
  const text = format === 'bibtex' ? cite.format('bibtex', { format: 'text' })
    : format === 'ris' ? risText(cite)
      : format === 'csl+json' ? cite.format('data', { format: 'text' })
        : cite.format('bibliography', { format: 'text', template, lang });
  // Trailing newlines only: a RIS record ends with `ER  - `, space included.
  return `${text.replace(/^\n+|\n+$/gu, '')}\n`;
}
