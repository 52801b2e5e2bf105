import type { CitationFormat, CitationView } from '../citation/index.js';
import { CITATION_STYLES } from '../citation/index.js';
import { formatNameOf, MEDIA_TYPES, mediaTypeFor } from '../representation/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/** The citation files a reader downloads, in the order offered. */
const DOWNLOADS = ['bibtex', 'ris', 'csl+json'] as const satisfies readonly CitationFormat[];

/** The names of the styles, as offered beside the default. */
const STYLE_LABELS: Readonly<Record<(typeof CITATION_STYLES)[number], string>> = { apa: 'APA', vancouver: 'Vancouver', harvard1: 'Harvard' };

/**
 * The "Cite this hardware" section of a dataset's, configuration's or instance's landing page: the
 * ready reference in APA (for a dataset, its own and its hardware configuration's), the methods
 * sentence naming the facility, model, instance and descriptor with their identifiers (and what
 * the records lack for it), and links to the citation as BibTeX, RIS and CSL-JSON and in the other
 * styles, with the content-negotiation request that gets the same. Plain text in `<pre>` blocks,
 * ready to select and copy; no script.
 * @param citation - the record's citation view; nothing is shown without one.
 * @param base - the service's public base URL, for the example request.
 * @returns the section, or undefined.
 */
export function citeSection(citation: CitationView | undefined, base: string): Html | undefined {
  if (citation === undefined) return undefined;
  const references = citation.references.map((reference, index) => {
    const caption = citation.references.length === 1 ? 'Reference (APA)'
      : reference.cites === 'record' ? 'This dataset (APA)' : 'The hardware it was acquired with (APA)';
    return html`<h3 id="cite-reference-${index}">${caption}</h3>
<pre class="citation">${reference.text}</pre>`;
  });
  const methods = citation.methods !== undefined && html`<h3 id="cite-methods">Methods sentence</h3>
<pre class="citation">${citation.methods}</pre>`;
  const missing = citation.missing.length > 0 && html`<p class="notice warn">The records do not name ${citation.missing.join('; ')}: a methods section needs ${citation.missing.length === 1 ? 'it' : 'them'}. Add ${citation.missing.length === 1 ? 'it' : 'them'} to the records, or by hand to your text.</p>`;
  const downloads = DOWNLOADS.map((format) => link(`${citation.href}?format=${formatNameOf(format)}`, MEDIA_TYPES[format].label, html` type="${mediaTypeFor(format)}" download`));
  const styles = CITATION_STYLES.slice(1).map((style) => link(`${citation.href}?format=${formatNameOf('bibliography')}&style=${style}`, STYLE_LABELS[style]));
  return html`<section aria-labelledby="cite">
<h2 id="cite">Cite this hardware</h2>
${joinHtml(references, '\n')}
${methods}
${missing}
<p>Download the citation: ${joinHtml(downloads, ' · ')}. In another style: ${joinHtml(styles, ' · ')}.</p>
<p>The same address gives these by content negotiation, as DataCite does for DOIs:</p>
<pre><code>curl -L -H ${`'Accept: ${mediaTypeFor('bibliography')}; style=apa'`} ${base}${citation.href}</code></pre>
</section>`;
}
