import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * What the sample data (data/*.ttl) holds for the researcher's question — a 63x/1.4 oil objective
 * and a 405 nm laser — as a person sees it on the pages.
 */
export const STORY = {
  facility: { name: 'Example Confocal Core (fictional facility)', rrid: 'RRID:SCR_999003' },
  instrument: { name: 'SP8 confocal, room 4.12', doi: '10.5072/phd.ecc.sp8', model: 'Leica TCS SP8' },
  v1: { label: 'SP8 confocal, 2019 set-up (2 PMTs)', doi: '10.5072/phd.ecc.sp8.v1' },
  v2: { label: 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)', doi: '10.5072/phd.ecc.sp8.v2' },
  /** The detector the 2022 set-up added, and the one it removed. */
  added: 'HyD 2',
  removed: 'PMT 2',
  objective: 'HC PL APO 63x/1.40 OIL CS2',
  laser: '405 nm diode laser',
  dataset: { title: 'Mitochondrial network in HeLa cells, 63x confocal with HyD (2023)', doi: '10.5072/phd.data.sp8-2023-mitochondria' },
  /** The other instrument with a 63x/1.40 oil objective (and no 405 nm line). */
  other: { name: 'ABIF Axiovert1 (Axio Observer Z1)', objective: '63X PLAN APOCHROMAT, NA=1.40, OIL, DIC' },
} as const;

/** One CSL-JSON item as citation-js reads it (the fields the story looks at). */
export interface CslItem {
  readonly type?: string;
  readonly title?: string;
  readonly DOI?: string;
  readonly URL?: string;
  readonly [field: string]: unknown;
}

interface CiteInstance {
  readonly data: CslItem[];
  format(kind: 'bibliography', options: { format: 'text'; template: string }): string;
}
interface CiteClass {
  new (data: unknown, options?: { forceType?: string }): CiteInstance;
}

const require = createRequire(import.meta.url);
// citation-js is CommonJS without types; its plugins register themselves with the core when loaded.
const { Cite } = require('@citation-js/core') as { Cite: CiteClass };
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

/**
 * Reads a citation file with citation-js, as a reference manager would: a parse error throws.
 * @param text - the file's text.
 * @param kind - `bibtex` (read as BibTeX text) or `csl-json`.
 * @returns the items, in CSL-JSON, and an APA bibliography of them as text.
 */
export function readCitation(text: string, kind: 'bibtex' | 'csl-json'): { items: CslItem[]; bibliography: string } {
  const cite = kind === 'bibtex' ? new Cite(text, { forceType: '@biblatex/text' }) : new Cite(JSON.parse(text) as unknown, { forceType: '@csl/list+object' });
  return { items: cite.data, bibliography: cite.format('bibliography', { format: 'text', template: 'apa' }) };
}

/** The element that has the keyboard focus, as a person sees it. */
export interface FocusStop {
  readonly tag: string;
  /** Its accessible-ish name: aria-label, else its text, else its label, else its placeholder. */
  readonly name: string;
  readonly href: string | null;
  readonly type: string | null;
  /** Whether it draws a focus indicator (an outline or a box shadow). */
  readonly visible: boolean;
}

/** Describes `document.activeElement` (runs in the page). */
const ACTIVE = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  const label = e.id ? document.querySelector('label[for="' + CSS.escape(e.id) + '"]') : null;
  const name = (e.getAttribute('aria-label') || (e.textContent || '').trim() || (label ? label.textContent.trim() : '') || e.getAttribute('placeholder') || '').replace(/\\s+/g, ' ');
  return { tag: e.tagName.toLowerCase(), name, href: e.getAttribute('href'), type: e.getAttribute('type'), visible: outline || shadow };
})()`;

/**
 * Presses Tab from the top of the page, as a keyboard user does, and notes where the focus lands.
 * @param page - a loaded page (the focus is reset to the document first).
 * @param presses - how many times to press Tab.
 * @returns each stop, in order (a stop on the body is left out).
 */
export async function tabThrough(page: Page, presses: number): Promise<FocusStop[]> {
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
  const stops: FocusStop[] = [];
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate<FocusStop | null>(ACTIVE);
    if (stop !== null) stops.push(stop);
  }
  return stops;
}
