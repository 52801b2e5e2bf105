import { termHref } from '../domain/index.js';
import type { ChecklistRow, ComponentMethodsFields, MethodsSentence, MethodsView } from '../reporting/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { layout } from './layout.js';
import { link } from './link.js';

/** Options of {@link renderMethodsPage}. */
export interface MethodsPageOptions {
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
}

/** A sentence: its words and facts, `[missing: …]` marked, then the records it cites. */
function sentence(s: MethodsSentence): Html {
  const body = s.segments.map((seg) => ('text' in seg ? html`${seg.text}` : 'fact' in seg ? html`${seg.fact}` : html`<mark class="missing">[missing: ${seg.missing}]</mark>`));
  const cites = s.cites.map((c) => link(c.href, c.label));
  return html`${body}${cites.length > 0 && html` <span class="cites">(${joinHtml(cites, '; ')})</span>`} `;
}

/** A LiMi field as a link to its documentation (or its local name where it has none). */
function field(iri: string): Html {
  const name = iri.replace(/^.*[#/]/, '');
  const href = termHref(iri);
  return href === undefined ? html`<code>${name}</code>` : link(href, html`<code>${name}</code>`);
}

const STATUS_WORDS: Readonly<Record<ChecklistRow['status'], string>> = { present: 'present', missing: 'missing', 'not-applicable': 'not applicable (acquisition)' };

/** The checklist as a table. */
function checklistTable(rows: readonly ChecklistRow[]): Html {
  const body = rows.map((row) => html`<tr id="item-${row.id}"><th scope="row">${row.item}</th><td>${joinHtml(row.fields.map(field), ', ')}</td><td>${row.status === 'missing' ? html`<strong>${STATUS_WORDS[row.status]}</strong>` : STATUS_WORDS[row.status]}</td><td>${row.values.length === 0 ? html`<span class="muted">—</span>` : joinHtml(row.values.map((v) => html`${v}`), '<br>')}</td></tr>`);
  return html`<table class="checklist">
<caption>Bare-minimum reporting items (after the QUAREP-LiMi WG11 checklist) and what this record holds</caption>
<thead><tr><th scope="col">Item</th><th scope="col">LiMi fields</th><th scope="col">Status</th><th scope="col">Value found</th></tr></thead>
<tbody>
${joinHtml(body, '\n')}
</tbody>
</table>`;
}

/** One component's NBO-Q M&M fields, folded. */
function componentFields(component: ComponentMethodsFields): Html {
  const missing = component.fields.filter((f) => !f.present).length;
  const rows = component.fields.map((f) => html`<tr><th scope="row">${field(f.property)} <span class="muted">${f.label}</span></th><td>${f.present ? joinHtml(f.values.map((v) => html`${v}`), ', ') : html`<strong>missing</strong>`}</td></tr>`);
  return html`<details>
<summary>${component.label} <span class="muted">(${component.classLabel}; ${component.fields.length - missing} of ${component.fields.length} M&amp;M fields)</span></summary>
${rows.length === 0 ? html`<p class="muted">The NBO model marks the component itself, none of its fields.</p>` : html`<table class="kv"><tbody>
${joinHtml(rows, '\n')}
</tbody></table>`}
</details>`;
}

/**
 * The methods page of a configuration or dataset: a Materials and Methods paragraph to adapt, each
 * fact citing the record it comes from and every gap marked `[missing: …]`; the reporting
 * checklist with present/missing per item; and each component's NBO-Q "M&M" fields.
 * @param view - the methods view.
 * @param options - the base URL.
 * @returns a complete HTML5 document.
 */
export function renderMethodsPage(view: MethodsView, options: MethodsPageOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const markdown = `${view.methodsHref}?format=markdown`;
  const json = `${view.methodsHref}?format=json`;
  const main = html`<p class="eyebrow">Methods text · ${view.kind === 'dataset' ? 'dataset' : 'hardware configuration'}</p>
<h1>${view.title}</h1>
<p>${link(view.href, 'Back to the record')} · ${link(markdown, 'Markdown')} · ${link(json, 'JSON')}</p>
<section aria-labelledby="methods-text">
<h2 id="methods-text">Materials and Methods</h2>
<p class="muted">Written from the records; check it against what you did, and fill in each <mark class="missing">[missing: …]</mark>.</p>
${view.paragraphs.map((p) => html`<p>${p.map(sentence)}</p>\n`)}
</section>
${view.missing.length > 0 && html`<section aria-labelledby="missing">
<h2 id="missing">What the record lacks</h2>
<ul>${view.missing.map((m) => html`<li>${m}</li>`)}</ul>
</section>`}
<section aria-labelledby="checklist">
<h2 id="checklist">Reporting checklist</h2>
${checklistTable(view.checklist)}
</section>
${view.componentFields.length > 0 && html`<section aria-labelledby="mm-fields">
<h2 id="mm-fields">NBO-Q fields for Materials and Methods, by component</h2>
<p class="muted">The fields the NBO microscopy metadata model marks “M&amp;M” (<code>phd:methodsItem</code> in the ontology).</p>
${joinHtml(view.componentFields.map(componentFields), '\n')}
</section>`}`;
  const head = html`<link rel="alternate" type="text/markdown" href="${base}${markdown}">
<link rel="alternate" type="application/json" href="${base}${json}">
<meta name="description" content="Methods text and reporting checklist: ${view.title}">`;
  return layout({ title: `Methods: ${view.title}`, head, main });
}
