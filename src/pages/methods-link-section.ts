import { methodsHref } from '../domain/index.js';
import type { LandingView } from '../pid/index.js';
import { recordHref } from '../pid/index.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/**
 * The link from a configuration's or dataset's landing page to its methods text and reporting checklist.
 * @param view - the record's view model.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the section, or undefined for other kinds of record.
 */
export function methodsLinkSection(view: LandingView, baseUrl: string): Html | undefined {
  if (view.kind !== 'configuration' && view.kind !== 'dataset') return undefined;
  const href = methodsHref(recordHref(view.iri, baseUrl));
  return html`<section aria-labelledby="methods">
<h2 id="methods">Methods</h2>
<p>${link(href, 'Methods text and reporting checklist')}: a Materials and Methods paragraph written from this record, each fact with its PID, and what it still lacks.</p>
</section>`;
}
