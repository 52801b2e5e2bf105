import { localName } from '../pid/index.js';
import type { ComponentSummary, ConfigurationDiff, ConfigurationSide, FieldChange } from '../pid/index.js';
import { diffSummary } from '../pid/index.js';
import { componentAnchor } from '../pid/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

function cell(values: readonly string[]): Html {
  return values.length === 0 ? html`<td class="absent">—</td>` : html`<td>${joinHtml(values, '<br>')}</td>`;
}

function fieldTable(caption: Html, fields: readonly FieldChange[], from: string, to: string): Html {
  const rows = fields.map((f) => html`<tr><th scope="row" title="${f.property}">${f.name}</th>${cell(f.before)}${cell(f.after)}</tr>`);
  return html`<div class="scroll"><table class="diff-fields">
<caption>${caption}</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Before (${from})</th><th scope="col">After (${to})</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/**
 * A configuration diff as a `<section class="configuration-diff">`: a summary line, a
 * before/after table of the configuration's own changed fields and of each changed component,
 * and lists of added and removed components. Components have no page of their own: each links to
 * its row on the landing page of the version that has it (the row's id is
 * {@link componentAnchor}), added and changed ones in `to`, removed ones in `from`.
 * @param diff - the diff from `diffConfigurations`.
 * @param hrefOf - maps a configuration IRI to the local URL of its landing page.
 * @returns the section.
 */
export function diffSection(diff: ConfigurationDiff, hrefOf: (iri: string) => string): Html {
  const componentLink = (c: ComponentSummary, side: ConfigurationSide): Html => link(`${hrefOf(side.iri)}#${componentAnchor(c.iri, side.iri)}`, c.label);
  const componentItem = (c: ComponentSummary, side: ConfigurationSide): Html =>
    html`<li>${componentLink(c, side)}${c.class !== '' && html` <span class="tag">${localName(c.class)}</span>`} <code>${c.identifier}</code></li>`;
  const sideLink = (s: ConfigurationSide): Html => html`${link(hrefOf(s.iri), s.label)}${s.validFrom !== null && html` <time datetime="${s.validFrom}">${s.validFrom}</time>`}`;
  const fromName = diff.from.validFrom ?? 'from';
  const toName = diff.to.validFrom ?? 'to';
  const parts: Html[] = [
    html`<section class="configuration-diff" aria-labelledby="diff-heading">`,
    html`<h2 id="diff-heading">Changes from ${sideLink(diff.from)} to ${sideLink(diff.to)}</h2>`,
    html`<p class="diff-summary">${diffSummary(diff)}; ${diff.unchanged} unchanged.</p>`,
  ];
  if (!diff.sameInstance) parts.push(html`<p class="diff-warning notice warn">These configurations do not belong to the same instrument instance.</p>`);
  if (diff.configurationFields.length > 0) parts.push(fieldTable(html`Configuration`, diff.configurationFields, fromName, toName));
  for (const change of diff.changed) {
    parts.push(fieldTable(html`${componentLink(change.to, diff.to)} <code>${change.identifier}</code>`, change.fields, fromName, toName));
  }
  if (diff.added.length > 0) parts.push(html`<h3>Added</h3>`, html`<ul class="diff-added plain">${diff.added.map((c) => componentItem(c, diff.to))}</ul>`);
  if (diff.removed.length > 0) parts.push(html`<h3>Removed</h3>`, html`<ul class="diff-removed plain">${diff.removed.map((c) => componentItem(c, diff.from))}</ul>`);
  parts.push(html`</section>`);
  return joinHtml(parts, '\n');
}
