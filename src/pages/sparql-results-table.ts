import type { ResultCell, SparqlResultsView } from '../search/index.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/** A way to download the results: a format of the endpoint and the URL that answers in it. */
export interface ResultDownload {
  readonly label: string;
  readonly mediaType: string;
  /** The format's short name (`csv`), also the file extension offered. */
  readonly name: string;
  readonly href: string;
}

/** What the results region shows (server-rendered): results, or a query's error, or nothing yet. */
export interface SparqlResultsRegion {
  readonly results?: SparqlResultsView | undefined;
  /** An error answered for the query: in words, with the offending line when the parser gave one. */
  readonly error?: { readonly title: string; readonly detail: string; readonly line?: number | undefined; readonly column?: number | undefined; readonly source?: string | undefined } | undefined;
  /** The URL of another page of the results (same query, `format=html`). */
  readonly pageHref?: ((page: number) => string) | undefined;
  readonly downloads?: readonly ResultDownload[] | undefined;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';

function cellMarkup(cell: ResultCell | undefined): Html {
  if (cell === undefined) return html`<td></td>`;
  // An IRI is data: `javascript:` or `data:` must not become a link on this origin.
  if (cell.kind === 'iri') return html`<td>${link(cell.href, cell.value)}</td>`;
  if (cell.kind === 'blank') return html`<td>_:${cell.value}</td>`;
  const datatype = cell.datatype === undefined || cell.datatype === `${XSD}string` ? undefined
    : cell.datatype.startsWith(XSD) ? `xsd:${cell.datatype.slice(XSD.length)}` : cell.datatype;
  return html`<td>${cell.value}${cell.language !== undefined && html`<span class="dt">@${cell.language}</span>`}${datatype !== undefined && html`<span class="dt">${datatype}</span>`}</td>`;
}

/**
 * Renders the content of the SPARQL page's results region (the page's script replaces it in place
 * when JavaScript runs): a table with a caption and column headers, IRIs as links, pages of rows
 * with previous/next links, the answer of an ASK query, the download links in every format of the
 * query's form, or the query's error with its offending line.
 * @param region - results, error, paging and downloads.
 * @returns the markup (without the region element itself).
 */
export function renderSparqlResultsTable(region: SparqlResultsRegion): Html {
  const { results, error } = region;
  const downloads = region.downloads !== undefined && region.downloads.length > 0
    && html`<p class="downloads">Download: ${region.downloads.map((d) => html`<a href="${d.href}" download="results.${d.name}" type="${d.mediaType}">${d.label}</a>`)}</p>`;
  if (error !== undefined) {
    const line = error.line === undefined ? undefined : error.source?.split('\n')[error.line - 1];
    return html`<h2 id="results-title">Results</h2>
<div class="notice warn error"><p>${error.title}: ${error.detail}</p>${error.line !== undefined && html`<p>Line ${error.line}${error.column !== undefined && `, column ${error.column}`}:</p><pre><code>${line ?? ''}</code></pre>`}</div>`;
  }
  if (results === undefined) return html`<h2 id="results-title">Results</h2><p>Run a query to see its results here.</p>`;
  if (results.boolean !== undefined) {
    return html`<h2 id="results-title">Results</h2><p>The answer is ${results.boolean ? 'yes (true).' : 'no (false).'}</p>${downloads}`;
  }
  const first = results.total === 0 ? 0 : (results.page - 1) * results.pageSize + 1;
  const last = (results.page - 1) * results.pageSize + results.rows.length;
  const noun = results.form === 'SELECT' ? (results.total === 1 ? 'result' : 'results') : (results.total === 1 ? 'triple' : 'triples');
  const pager = results.pages > 1 && region.pageHref !== undefined && html`<nav class="pager" aria-label="Result pages">${results.page > 1 ? html`<a rel="prev" href="${region.pageHref(results.page - 1)}">Previous page</a>` : ''}${results.page < results.pages ? html`<a rel="next" href="${region.pageHref(results.page + 1)}">Next page</a>` : ''}</nav>`;
  const columns = results.columns.map((name) => html`<th scope="col">${results.form === 'SELECT' ? `?${name}` : name}</th>`);
  const table = results.rows.length > 0 && html`<div class="scroll" tabindex="0" role="region" aria-label="Results table"><table>
<caption>Query results, rows ${first}–${last} of ${results.total}</caption>
<thead><tr>${columns}</tr></thead>
<tbody>${results.rows.map((row) => html`<tr>${row.map(cellMarkup)}</tr>`)}</tbody>
</table></div>`;
  return html`<h2 id="results-title">Results</h2>
<p class="summary">${results.total} ${noun}${results.pages > 1 && ` · page ${results.page} of ${results.pages}`}</p>
${table}${pager}${downloads}`;
}
