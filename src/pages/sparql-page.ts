import type { ExampleQuery } from '../query/index.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from '../query/index.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { SPARQL_PAGE_SCRIPT } from './sparql-page-script.js';
import { renderSparqlResultsTable } from './sparql-results-table.js';
import type { SparqlResultsRegion } from './sparql-results-table.js';

/** What the SPARQL page shows. */
export interface SparqlPageOptions {
  /** The endpoint URL, shown in the curl hints. */
  readonly endpoint: string;
  readonly examples: readonly ExampleQuery[];
  /** Text to put in the query box (a loaded example, or the default query). */
  readonly query?: string | undefined;
  readonly limits?: { readonly timeoutMs: number; readonly maxResults: number } | undefined;
  /** The results (or error) of the query the form sent, rendered on the server. */
  readonly region?: SparqlResultsRegion | undefined;
  /** PHD_BASE_URL: the script links minted IRIs (`{baseUrl}/id/…`) to their paths. */
  readonly baseUrl?: string | undefined;
  /** The endpoint that tells which IRIs are records (this instance's `/sparql`; also on the federated page). */
  readonly recordsEndpoint?: string | undefined;
  /** Rows a page of results (50). */
  readonly pageSize?: number | undefined;
  /** True on `/federated/sparql`'s page. */
  readonly federated?: boolean | undefined;
}

const DEFAULT_QUERY = `PREFIX phd: <https://w3id.org/imaging-phd/ns#>
PREFIX schema: <https://schema.org/>

SELECT ?facility ?name WHERE {
  ?facility a phd:Facility ;
            schema:name ?name .
}
ORDER BY ?name
LIMIT 100
`;

/**
 * Renders the human page of the SPARQL endpoint: a query form that submits with GET (no script
 * needed; "Table in this page" has the server render the results, paged) and the catalogue of
 * example queries, each with a link that runs it and a link that loads it into the form
 * (`?example={id}`, rendered by the server). The results region is live for screen readers; the
 * page's script (an asset, no inline script) runs the query in place when JavaScript is on.
 * @param options - endpoint, examples, query to show, limits.
 * @returns a complete HTML document.
 */
export function renderSparqlPage(options: SparqlPageOptions): string {
  const formatOption = (f: { readonly name: string; readonly label: string; readonly mediaType: string }) => html`<option value="${f.name}">${f.label} (${f.mediaType})</option>`;
  const limits = options.limits !== undefined
    && html` A query may run ${options.limits.timeoutMs / 1000} s and return ${options.limits.maxResults} results; page larger results with <code>LIMIT</code> and <code>OFFSET</code>.`;
  const examples = options.examples.map((example) => html`
      <li class="example" id="example-${example.id}">
        <h3>${example.title}</h3>
        <p>${example.question}</p>
        <p class="actions">
          <a href="?query=${encodeURIComponent(example.query)}">Run it</a>
          · <a href="?example=${encodeURIComponent(example.id)}#query">Load it into the form</a>
        </p>
        <details><summary>Show the query</summary><pre><code>${example.query}</code></pre></details>
      </li>`);
  const solutionFormats = JSON.stringify(SOLUTION_FORMATS.map((f) => ({ name: f.name, label: f.label, mediaType: f.mediaType })));
  const main = html`<h1>${options.federated === true ? 'Federated SPARQL endpoint' : 'SPARQL 1.1 endpoint'}</h1>
<p>Read-only queries over the records of this imaging-phd instance: facilities, instrument models and
instances, their versioned hardware configurations, datasets and publications. Each record is a named
graph named by its IRI; the default graph is the union of all records.${limits}
Writes go through <code>/records</code>; federated queries through <code>/federated/sparql</code>.</p>

<div class="query-form">
<form method="get">
  <p><label for="query">Query</label></p>
  <textarea id="query" name="query" rows="18" spellcheck="false" required>${options.query ?? DEFAULT_QUERY}</textarea>
  <p>
    <label for="format">Result format</label>
    <select id="format" name="format">
      <option value="html" selected>Table in this page</option>
      <option value="">Download, by Accept header</option>
      <optgroup label="SELECT, ASK">${SOLUTION_FORMATS.map(formatOption)}</optgroup>
      <optgroup label="CONSTRUCT, DESCRIBE">${GRAPH_FORMATS.map(formatOption)}</optgroup>
    </select>
    <button type="submit">Run query</button>
  </p>
</form>
</div>

<section id="results" class="results" aria-live="polite" aria-labelledby="results-title" data-page-size="${options.pageSize ?? 50}" data-base="${options.baseUrl ?? ''}" data-records="${options.recordsEndpoint ?? ''}" data-formats="${solutionFormats}">
${renderSparqlResultsTable(options.region ?? {})}
</section>

<h2 id="examples">Example queries</h2>
<ul class="examples">${examples}
</ul>

<h2>From a program</h2>
<pre><code>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 10' ${options.endpoint}
curl -H 'Accept: text/turtle' ${options.endpoint}    # the SPARQL service description</code></pre>`;
  return layout({
    title: `${options.federated === true ? 'Federated SPARQL endpoint' : 'SPARQL endpoint'} · imaging-phd`,
    head: html`<script src="${SPARQL_PAGE_SCRIPT.path}" defer></script>`,
    main,
  });
}
