import type { ConfigurationDiff } from '../pid/index.js';
import { diffSummary } from '../pid/index.js';
import { diffSection } from './diff-section.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { link } from './link.js';

/** Options of {@link renderDiffPage}. */
export interface DiffPageOptions {
  /** Public base URL of this service (`PHD_BASE_URL`), for the footer's links. */
  readonly baseUrl: string;
  /** Maps a configuration IRI to the local URL of its landing page (PidService.hrefOf). */
  readonly hrefOf: (iri: string) => string;
}

/**
 * Renders the page of a configuration diff (`/pid/{descriptor}/diff/{other}` in a browser), in
 * the site layout: the diff itself ({@link diffSection}), links back to both versions, and the
 * same diff as JSON.
 *
 * @param diff - the diff of two configuration versions (view data from `diffConfigurations`).
 * @param options - `baseUrl` (site links) and `hrefOf` (the versions' landing pages).
 * @returns a complete HTML5 document.
 * @example
 * res.type('html').send(renderDiffPage(diff, { baseUrl: config.baseUrl, hrefOf: (iri) => pids.hrefOf(iri) }));
 */
export function renderDiffPage(diff: ConfigurationDiff, options: DiffPageOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const title = `${diff.from.label} → ${diff.to.label}`;
  const description = `${diffSummary(diff)}: ${diff.from.label} → ${diff.to.label}`;
  const main = html`<p class="eyebrow">Configuration diff</p>
<h1>${title}</h1>
<p class="lead">What changed in the hardware between two versions of one instrument's configuration. Components are matched across versions by their identifier; each links to its row on its version's page.</p>
${diffSection(diff, options.hrefOf)}
<section aria-labelledby="formats">
<h2 id="formats">Machine-readable formats</h2>
<p>The same URL answers with this diff as JSON (<code>Accept: application/json</code>, or ${link('?format=json', '?format=json', html` type="application/json"`)}).</p>
</section>`;
  return layout({
    title: `${title} · Configuration diff · imaging-phd`,
    head: html`<meta name="description" content="${description}">\n<meta name="robots" content="noindex">`,
    main,
    footer: html`<p>Configuration diff · ${link(`${base}/sparql`, 'SPARQL endpoint')} · ${link(`${base}/`, 'imaging-phd')}</p>`,
  });
}
