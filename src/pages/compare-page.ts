import type { CompareColumn, CompareRow, CompareView } from '../compare/index.js';
import { compareHref } from '../domain/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { layout } from './layout.js';
import { link } from './link.js';
import { plural } from './plural.js';

/** Options of {@link renderComparePage}. */
export interface ComparePageOptions {
  /** The URL of a record's page: this core's `/pid/…` path, or the record's URL on the peer it came from. */
  readonly hrefOf: (iri: string, source: string) => string;
}

const DIFFERS = html` <span class="tag accent">differs</span>`;

function columnHeader(column: CompareColumn, options: ComparePageOptions): Html {
  const line = (label: string, value: Html | string | null) => (value === null ? '' : html`<br><span class="muted">${label}:</span> ${value}`);
  const to = (target: { iri: string; label: string } | null) => (target === null ? null : link(options.hrefOf(target.iri, column.source), target.label));
  const via = column.viaInstance && column.instance !== null
    ? html`<br><span class="tag">current configuration of ${column.instance.label}</span>`
    : '';
  return html`<th scope="col">${link(options.hrefOf(column.iri, column.source), column.title)}${via}
${line('PID', html`<code>${column.iri}</code>`)}${line('Instance', to(column.instance))}${line('Model', to(column.model))}${line('Facility', to(column.facility))}${line('Valid from', column.validFrom)}${line('From', column.source)}</th>`;
}

function rowLines(row: CompareRow, options: ComparePageOptions, columns: readonly CompareColumn[]): Html {
  const cells = row.cells.map((cell, i) => (cell === null
    ? html`<td class="absent">none like it</td>`
    : html`<td>${link(options.hrefOf(cell.iri, columns[i]?.source ?? ''), cell.label)} <span class="muted">(${cell.kind})</span></td>`));
  const component = html`<tr class="component"><th scope="row">${row.label}${row.differs ? DIFFERS : ''}</th>${cells}</tr>`;
  const fields = row.fields.map((field) => {
    const values = field.values.map((v) => (v === null ? html`<td class="absent">—</td>` : v.length === 0 ? html`<td class="absent">not recorded</td>` : html`<td>${joinHtml(v, '<br>')}</td>`));
    return html`<tr><th scope="row"><span class="muted">›</span> ${field.name}${field.differs ? DIFFERS : ''}</th>${values}</tr>`;
  });
  return joinHtml([component, ...fields], '\n');
}

/**
 * The comparison page (`/compare?c=…&c=…` in a browser): one table, a column per configuration
 * (title, PID, instance, model, facility, valid from, the core it came from), components grouped
 * by family and lined up across columns, their fields below them with units normalised, rows and
 * fields that differ tagged "differs"; a link toggles between everything and only the differences.
 * @param view - the comparison (compare/compareConfigurations).
 * @param options - where records' pages are.
 * @returns a complete HTML5 document.
 * @example
 * sendPage(res, 200, renderComparePage(view, { hrefOf: (iri) => pids.hrefOf(iri) }));
 */
export function renderComparePage(view: CompareView, options: ComparePageOptions): string {
  const requested = view.columns.map((c) => c.requested);
  const all = compareHref(requested);
  const toggle = view.onlyDifferences
    ? link(all, 'Show all components and fields')
    : link(`${all}&only=differences`, 'Show only differences');
  const span = view.columns.length + 1;
  const groups = view.groups.map((group) => html`<tbody>
<tr><th scope="rowgroup" colspan="${String(span)}">${group.name}</th></tr>
${joinHtml(group.rows.map((row) => rowLines(row, options, view.columns)), '\n')}
</tbody>`);
  const title = `Compare ${view.columns.map((c) => c.title).join(' · ')}`;
  const table = view.groups.length === 0
    ? html`<p class="notice">${view.onlyDifferences ? 'No differences: these configurations have the same components with the same values.' : 'These configurations list no components.'}</p>`
    : html`<div class="scroll" role="region" aria-labelledby="compare-caption" tabindex="0"><table class="compare">
<caption id="compare-caption">${plural(view.columns.length, 'configuration')} side by side; ${view.onlyDifferences ? 'only the components and fields that differ' : 'every component and field'}. Values are in normalised units (wavelengths in nm, powers in mW…), so equal values read alike.</caption>
<thead><tr><th scope="col">Component › field</th>${view.columns.map((c) => columnHeader(c, options))}</tr></thead>
${joinHtml(groups, '\n')}
</table></div>`;
  const main = html`<p class="eyebrow">Compare configurations</p>
<h1>${title}</h1>
<p class="lead">${plural(view.differingRows, 'component row differs', 'component rows differ')} of ${view.totalRows}. Components line up by kind and model (objectives by magnification, NA and immersion); a row marked <strong>differs</strong> is missing from a column or has a field that differs.</p>
<p>${toggle} · ${link(`${view.onlyDifferences ? `${all}&only=differences` : all}&format=json`, 'this comparison as JSON', html` type="application/json"`)} · ${link('/search', 'pick other configurations in search')}</p>
${table}`;
  return layout({
    title: `${title} · imaging-phd`,
    head: html`<meta name="description" content="${title}">\n<meta name="robots" content="noindex">`,
    main,
  });
}
