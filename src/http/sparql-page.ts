import type { ExampleQuery } from '../query/example-queries.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from '../query/result-formats.js';
import { escapeHtml } from '../html/escape-html.js';

/** What the SPARQL page shows. */
export interface SparqlPageOptions {
  /** The endpoint URL, shown in the curl hints. */
  readonly endpoint: string;
  readonly examples: readonly ExampleQuery[];
  /** Text to put in the query box (a loaded example, or the default query). */
  readonly query?: string | undefined;
  readonly limits?: { readonly timeoutMs: number; readonly maxResults: number } | undefined;
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

export { escapeHtml };

/**
 * Renders the human page of the SPARQL endpoint: a query form that submits with GET (no script
 * needed) and the catalogue of example queries, each with a link that runs it and a link that
 * loads it into the form (`?example={id}`, rendered by the server).
 * @param options - endpoint, examples, query to show, limits.
 * @returns a complete HTML document.
 */
export function renderSparqlPage(options: SparqlPageOptions): string {
  const formatOptions = [
    '<option value="">by Accept header</option>',
    '<optgroup label="SELECT, ASK">',
    ...SOLUTION_FORMATS.map((f) => `<option value="${f.name}">${escapeHtml(f.label)} (${f.mediaType})</option>`),
    '</optgroup>',
    '<optgroup label="CONSTRUCT, DESCRIBE">',
    ...GRAPH_FORMATS.map((f) => `<option value="${f.name}">${escapeHtml(f.label)} (${f.mediaType})</option>`),
    '</optgroup>',
  ].join('\n          ');
  const limits = options.limits === undefined ? ''
    : ` A query may run ${options.limits.timeoutMs / 1000} s and return ${options.limits.maxResults} results; page larger results with <code>LIMIT</code> and <code>OFFSET</code>.`;
  const examples = options.examples.map((example) => `
      <li class="example" id="example-${escapeHtml(example.id)}">
        <h3>${escapeHtml(example.title)}</h3>
        <p>${escapeHtml(example.question)}</p>
        <p class="actions">
          <a href="?query=${encodeURIComponent(example.query)}">Run it</a>
          · <a href="?example=${encodeURIComponent(example.id)}#query">Load it into the form</a>
        </p>
        <details><summary>Show the query</summary><pre><code>${escapeHtml(example.query)}</code></pre></details>
      </li>`).join('');
  const endpoint = escapeHtml(options.endpoint);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SPARQL endpoint · imaging-phd</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
    textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 0.9rem; box-sizing: border-box; }
    pre { background: #f4f4f4; padding: 0.75rem; overflow-x: auto; }
    .example { margin-bottom: 1.5rem; }
    .example h3 { margin-bottom: 0.25rem; }
    label { font-weight: 600; }
    form p { margin: 0.5rem 0; }
  </style>
</head>
<body>
  <main>
    <h1>SPARQL 1.1 endpoint</h1>
    <p>Read-only queries over the records of this imaging-phd instance: facilities, instrument models and
    instances, their versioned hardware configurations, datasets and publications. Each record is a named
    graph named by its IRI; the default graph is the union of all records.${limits}
    Writes go through <code>/records</code>; federated queries through <code>/federated/sparql</code>.</p>

    <form method="get">
      <p><label for="query">Query</label></p>
      <textarea id="query" name="query" rows="18" spellcheck="false" required>${escapeHtml(options.query ?? DEFAULT_QUERY)}</textarea>
      <p>
        <label for="format">Result format</label>
        <select id="format" name="format">
          ${formatOptions}
        </select>
        <button type="submit">Run query</button>
      </p>
    </form>

    <h2 id="examples">Example queries</h2>
    <ul class="examples">${examples}
    </ul>

    <h2>From a program</h2>
    <pre><code>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 10' ${endpoint}
curl -H 'Accept: text/turtle' ${endpoint}    # the SPARQL service description</code></pre>
  </main>
</body>
</html>
`;
}
