import type { LandingView } from '../pid/index.js';
import { capitalize } from './capitalize.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { instrumentLabelPaths } from './instrument-label-paths.js';
import { link } from './link.js';
import { timeElement } from './time-element.js';

/**
 * The "Status" section of an instrument instance: its life-cycle status (PIDINST's proposed
 * InstrumentStatus) and since when, its commissioning and decommissioning dates, and a link to its
 * printable label with the QR code of its PID.
 * @param view - the record's view model.
 * @param baseUrl - PHD_BASE_URL.
 * @returns the section, or undefined for records other than instances.
 */
export function statusSection(view: LandingView, baseUrl: string): Html | undefined {
  if (view.kind !== 'instance') return undefined;
  const lifecycle = view.lifecycle;
  const status = lifecycle?.status;
  const rows: Html[] = [];
  if (status !== undefined) {
    const since = lifecycle?.since;
    rows.push(html`<tr><th scope="row">Status</th><td><strong class="status status-${status.label}">${capitalize(status.label)}</strong>${since !== undefined && html` since ${timeElement(since)}`}</td></tr>`);
  }
  if (lifecycle?.commissioned !== undefined) rows.push(html`<tr><th scope="row">Commissioned</th><td>${timeElement(lifecycle.commissioned)}</td></tr>`);
  if (lifecycle?.decommissioned !== undefined) rows.push(html`<tr><th scope="row">Decommissioned</th><td>${timeElement(lifecycle.decommissioned)}</td></tr>`);
  const label = instrumentLabelPaths(view.iri, baseUrl).label;
  return html`<section aria-labelledby="status">
<h2 id="status">Status</h2>
${rows.length === 0 ? html`<p class="muted">No status recorded.</p>` : html`<table class="kv"><tbody>
${joinHtml(rows, '\n')}
</tbody></table>`}
<p>${link(label, 'Printable label with the QR code of this PID')}, to stick on the instrument.</p>
</section>`;
}
