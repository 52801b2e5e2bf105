import { escapeHtml } from '../html/escape-html.js';
import { DETECTORS, IMMERSIONS, SEARCH_LIMITS, SEARCH_TYPES, STAND_TYPES, searchQuery } from '../search/search-params.js';
import type { SearchType } from '../search/search-params.js';
import type { LinkedItem, SearchMatch, SearchResult, SearchResults } from '../search/search-service.js';

/** An error to show in the page (a problem's status, title and detail, and the field at fault). */
export interface SearchPageError {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** The parameter at fault, whose input is marked invalid. */
  readonly field?: string;
}

/** What the search page shows. */
export interface SearchPageOptions {
  /** The parameters as sent (every value of each), to fill the form again. */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** Whether peers can be asked (shows the scope choice). */
  readonly federation: boolean;
  /** PHD_BASE_URL: this instance, as results name their source. */
  readonly baseUrl: string;
  /** The answer, when a search ran. */
  readonly results?: SearchResults | undefined;
  /** The error, when the search could not run. */
  readonly error?: SearchPageError | undefined;
}

const TYPE_LABELS: Readonly<Record<SearchType, { one: string; many: string }>> = {
  facility: { one: 'Core facility', many: 'Core facilities' },
  instrument: { one: 'Instrument', many: 'Instruments' },
  model: { one: 'Instrument model', many: 'Instrument models' },
  configuration: { one: 'Hardware configuration', many: 'Hardware configurations' },
  dataset: { one: 'Dataset', many: 'Datasets' },
};

const MATCH_LABELS: Readonly<Record<keyof SearchMatch, string>> = {
  objective: 'Objective',
  lightSource: 'Light source',
  detector: 'Detector',
  stand: 'Stand',
  technique: 'Technique',
  instruments: 'Matching instruments',
};

const PEER_STATUS: Readonly<Record<string, string>> = {
  ok: 'answered',
  unreachable: 'unreachable',
  timeout: 'did not answer in time',
  error: 'answered with an error',
};

/**
 * Renders the search page: a GET form with every facet (it works without JavaScript), then the
 * ranked results — each linked to its landing page, with its facility and the components that met
 * the facets — or an empty-state message, the peers' statuses of a federated search, and any error
 * (a message at the top, the faulty field marked `aria-invalid`). Every value is escaped, and only
 * site paths and http(s) URLs become links.
 *
 * @param options - submitted values, results or error, federation and base URL.
 * @returns a complete HTML document.
 * @example
 * res.type('html').send(renderSearchPage({ values: { q: ['confocal'] }, federation: false, baseUrl, results }));
 */
export function renderSearchPage(options: SearchPageOptions): string {
  const sections: string[] = [];
  if (options.error !== undefined) sections.push(errorBlock(options.error));
  sections.push(form(options));
  if (options.results !== undefined) {
    sections.push(resultsBlock(options.results, options.baseUrl));
    if (options.results.peers !== undefined) sections.push(peersBlock(options.results));
  }
  const title = options.error !== undefined ? `Error ${options.error.status} · Search`
    : options.results !== undefined ? `${options.results.total} results · Search` : 'Search';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · imaging-phd</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
    form fieldset { border: 1px solid #ccd; border-radius: 4px; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: flex-end; }
    .field { display: flex; flex-direction: column; }
    .field label { font-size: 0.9rem; }
    .hint { font-size: 0.8rem; color: #555; }
    input[type=search] { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.3rem; }
    [aria-invalid=true] { border: 2px solid #b00020; }
    .error { border-left: 4px solid #b00020; background: #fdecee; padding: 0.5rem 1rem; margin-bottom: 1rem; }
    .results { padding-left: 1.5rem; }
    .result { margin-bottom: 1rem; }
    .result h3 { margin: 0; font-size: 1.05rem; }
    .meta { margin: 0; color: #444; font-size: 0.9rem; }
    .matched { margin: 0.25rem 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 0.75rem; font-size: 0.9rem; }
    .matched dt { font-weight: 600; }
    .matched dd { margin: 0; }
    .type { display: inline-block; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; background: #eef; border-radius: 3px; padding: 0 0.3rem; margin-right: 0.4rem; }
    nav.pages a { margin-right: 1rem; }
  </style>
</head>
<body>
  <main>
    <h1>Search microscopes, core facilities and datasets</h1>
    <p>Find instruments by what they can do today: hardware facets are matched against each instrument's
    <em>current</em> configuration (earlier versions are history). Keywords must all appear in a name, title,
    model, manufacturer or technique. Results link to their landing pages; the same search is available
    as JSON (<code>Accept: application/json</code> or <code>format=json</code>).</p>
${sections.join('\n')}
  </main>
</body>
</html>
`;
}

// ------------------------------------------------------------------------------------------------ form

/** The id of a parameter's input (the `type` and `scope` groups are fieldsets). */
function inputId(name: string): string {
  return `f-${name}`;
}

/** Parameters that have a control in the form (scope only when peers are configured). */
const FORM_FIELDS: ReadonlySet<string> = new Set(['q', 'type', 'standType', 'technique', 'magnification', 'naMin', 'naMax', 'immersion', 'wavelength', 'tolerance', 'detector']);

function errorBlock(error: SearchPageError): string {
  const field = error.field === undefined || !FORM_FIELDS.has(error.field) ? '' : ` <a href="#${escapeHtml(inputId(error.field))}">Go to the field</a>.`;
  return `    <div class="error" role="alert" id="search-error">
      <h2>${error.status === 400 ? 'This search cannot run' : `Error ${escapeHtml(error.status)} · ${escapeHtml(error.title)}`}</h2>
      <p>${escapeHtml(error.detail)}${field}</p>
    </div>`;
}

function form(options: SearchPageOptions): string {
  const values = options.values;
  const first = (name: string): string => values[name]?.find((v) => v.trim() !== '') ?? '';
  const faulty = (name: string): boolean => options.error?.field === name;
  const invalid = (name: string): string => (faulty(name) ? ' aria-invalid="true" aria-describedby="search-error"' : '');
  // A field with a hint is described by the hint, and by the error message when it is the faulty one.
  const described = (name: string): string => `${faulty(name) ? ' aria-invalid="true"' : ''} aria-describedby="${inputId(name)}-hint${faulty(name) ? ' search-error' : ''}"`;
  const text = (name: string, label: string, hint: string, attributes = ''): string => `
          <div class="field">
            <label for="${inputId(name)}">${escapeHtml(label)}</label>
            <input type="text" id="${inputId(name)}" name="${name}" value="${escapeHtml(first(name))}"${described(name)}${attributes}>
            <span class="hint" id="${inputId(name)}-hint">${escapeHtml(hint)}</span>
          </div>`;
  const select = (name: string, label: string, choices: readonly (readonly [string, string])[]): string => {
    const current = first(name).toLowerCase();
    const items = [['', 'any'] as const, ...choices]
      .map(([value, text]) => `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(text)}</option>`)
      .join('');
    return `
          <div class="field">
            <label for="${inputId(name)}">${escapeHtml(label)}</label>
            <select id="${inputId(name)}" name="${name}"${invalid(name)}>${items}</select>
          </div>`;
  };
  const types = new Set((values.type ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()));
  const typeBoxes = SEARCH_TYPES.map((type) => `
          <label><input type="checkbox" name="type" value="${type}"${types.has(type) ? ' checked' : ''}> ${escapeHtml(TYPE_LABELS[type].many)}</label>`).join('');
  const wavelengths = (values.wavelength ?? []).filter((v) => v.trim() !== '').join(', ');
  const scope = first('scope').toLowerCase() === 'federated' ? 'federated' : 'local';
  const scopeChoice = !options.federation ? '' : `
      <fieldset${options.error?.field === 'scope' ? ' aria-describedby="search-error"' : ''}>
        <legend>Where to search</legend>
        <label><input type="radio" name="scope" value="local"${scope === 'local' ? ' checked' : ''}> This core's records</label>
        <label><input type="radio" name="scope" value="federated"${scope === 'federated' ? ' checked' : ''}> This core and its peer cores</label>
      </fieldset>`;
  return `    <form method="get" action="/search" role="search" aria-label="Search the registry" novalidate>
      <p class="field">
        <label for="${inputId('q')}">Keywords</label>
        <input type="search" id="${inputId('q')}" name="q" value="${escapeHtml(first('q'))}" maxlength="${SEARCH_LIMITS.maxQueryLength}" placeholder="e.g. confocal, Axio, mitochondria"${invalid('q')}>
      </p>
      <fieldset id="${inputId('type')}"${options.error?.field === 'type' ? ' aria-describedby="search-error"' : ''}>
        <legend>Result types (none checked: all)</legend>
        <div class="row">${typeBoxes}
        </div>
      </fieldset>
      <fieldset>
        <legend>Instrument</legend>
        <div class="row">${select('standType', 'Stand type', STAND_TYPES.map((s) => [s, s] as const))}${text('technique', 'Technique', 'e.g. confocal, widefield', ` maxlength="${SEARCH_LIMITS.maxTechniqueLength}"`)}
        </div>
      </fieldset>
      <fieldset>
        <legend>Objective (one objective meets all of these)</legend>
        <div class="row">${text('magnification', 'Magnification', 'e.g. 63', ' inputmode="decimal" size="6"')}${text('naMin', 'NA at least', 'e.g. 1.4', ' inputmode="decimal" size="6"')}${text('naMax', 'NA at most', 'optional', ' inputmode="decimal" size="6"')}${select('immersion', 'Immersion', Object.entries(IMMERSIONS).map(([key, value]) => [key, value.label] as const))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Light sources (laser lines, LED peaks)</legend>
        <div class="row">
          <div class="field">
            <label for="${inputId('wavelength')}">Wavelengths (nm)</label>
            <input type="text" id="${inputId('wavelength')}" name="wavelength" value="${escapeHtml(wavelengths)}" inputmode="decimal"${described('wavelength')}>
            <span class="hint" id="${inputId('wavelength')}-hint">every one must be present, e.g. 405, 488</span>
          </div>${text('tolerance', 'Tolerance (± nm)', `default ${SEARCH_LIMITS.defaultTolerance}, at most ${SEARCH_LIMITS.maxTolerance}`, ' inputmode="decimal" size="4"')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Detector</legend>
        <div class="row">${select('detector', 'Detector type', Object.entries(DETECTORS).map(([key, value]) => [key, value.label] as const))}
        </div>
      </fieldset>${scopeChoice}
      <p><button type="submit">Search</button> <a href="/search">Clear</a></p>
    </form>`;
}

// ------------------------------------------------------------------------------------------------ results

/** Only site paths and http(s) URLs become links (a peer's data never yields `javascript:`). */
function safeHref(href: string): string | undefined {
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  return /^https?:\/\/[^\s]+$/i.test(href) ? href : undefined;
}

function link(item: { readonly label: string; readonly href: string }): string {
  const href = safeHref(item.href);
  return href === undefined ? escapeHtml(item.label) : `<a href="${escapeHtml(href)}">${escapeHtml(item.label)}</a>`;
}

function sourceName(source: string, baseUrl: string): string {
  if (source.replace(/\/+$/, '') === baseUrl.replace(/\/+$/, '')) return 'this core';
  try {
    return new URL(source).host;
  } catch {
    return source;
  }
}

function resultItem(result: SearchResult, baseUrl: string, federated: boolean): string {
  const meta: string[] = [];
  const linked = (name: string, item: LinkedItem | undefined): void => {
    if (item !== undefined) meta.push(`${name} ${link(item)}`);
  };
  linked('at', result.facility);
  linked('model', result.model);
  linked('instrument', result.instance);
  linked(result.type === 'dataset' ? 'acquired with' : 'current configuration', result.configuration);
  const summary = result.summary === undefined ? '' : `\n          <p class="meta">${escapeHtml(result.summary)}</p>`;
  const matched = result.matched === undefined ? [] : (Object.keys(MATCH_LABELS) as (keyof SearchMatch)[])
    .flatMap((key) => {
      const value = result.matched?.[key];
      return value === undefined ? [] : [`<dt>${escapeHtml(MATCH_LABELS[key])}</dt><dd>${escapeHtml(value)}</dd>`];
    });
  const sources = federated ? `\n          <p class="meta">From ${(result.sources ?? [result.source]).map((s) => escapeHtml(sourceName(s, baseUrl))).join(', ')}</p>` : '';
  return `
        <li class="result" data-type="${escapeHtml(result.type)}">
          <h3><span class="type">${escapeHtml(TYPE_LABELS[result.type].one)}</span>${link(result)}</h3>${meta.length === 0 ? '' : `
          <p class="meta">${meta.join(' · ')}</p>`}${summary}${matched.length === 0 ? '' : `
          <dl class="matched" aria-label="Why it matched">${matched.join('')}</dl>`}${sources}
        </li>`;
}

function resultsBlock(answer: SearchResults, baseUrl: string): string {
  const { query, results, total } = answer;
  const federated = answer.peers !== undefined;
  const from = query.offset + 1;
  const to = query.offset + results.length;
  const heading = total === 0 && results.length === 0 ? 'No results'
    : `${total} result${total === 1 ? '' : 's'}${results.length < total ? `, showing ${from}–${to}` : ''}`;
  const facets = answer.facets === undefined ? '' : `
      <p>By type: ${SEARCH_TYPES.map((type) => {
    const count = answer.facets?.type[type] ?? 0;
    const label = `${TYPE_LABELS[type].many} (${count})`;
    return count === 0 ? escapeHtml(label) : `<a href="/search?${escapeHtml(searchQuery(query, { types: [type], offset: 0 }).toString())}">${escapeHtml(label)}</a>`;
  }).join(' · ')}</p>`;
  const list = results.length === 0
    ? `
      <p class="empty">No record matches this search. Try fewer keywords or facets, a wider wavelength tolerance${federated ? '' : ', or searching the peer cores too'}.</p>`
    : `
      <ol class="results" start="${from}">${results.map((r) => resultItem(r, baseUrl, federated)).join('')}
      </ol>`;
  const pages: string[] = [];
  if (query.offset > 0) {
    pages.push(`<a rel="prev" href="/search?${escapeHtml(searchQuery(query, { offset: Math.max(0, query.offset - query.limit) }).toString())}">Previous ${query.limit}</a>`);
  }
  const next = query.offset + query.limit;
  const nextAllowed = query.scope === 'local' || next + query.limit <= SEARCH_LIMITS.maxLimit;
  if (next < total && results.length === query.limit && nextAllowed) {
    pages.push(`<a rel="next" href="/search?${escapeHtml(searchQuery(query, { offset: next }).toString())}">Next ${query.limit}</a>`);
  }
  return `    <section aria-labelledby="results-heading">
      <h2 id="results-heading">${escapeHtml(heading)}</h2>${facets}${list}${pages.length === 0 ? '' : `
      <nav class="pages" aria-label="Result pages">${pages.join(' ')}</nav>`}
      <p><a href="/search?${escapeHtml(searchQuery(query).toString())}&amp;format=json">These results as JSON</a></p>
    </section>`;
}

function peersBlock(answer: SearchResults): string {
  const peers = answer.peers ?? [];
  const items = peers.length === 0 ? '\n        <li>No peer cores are configured: these are this core\'s results only.</li>'
    : peers.map((p) => `
        <li class="peer" data-status="${escapeHtml(p.status)}"><code>${escapeHtml(p.peer)}</code>: ${escapeHtml(PEER_STATUS[p.status] ?? p.status)}, ${p.count} result${p.count === 1 ? '' : 's'}${p.detail === undefined ? '' : ` (${escapeHtml(p.detail)})`}</li>`).join('');
  return `    <section aria-labelledby="peers-heading">
      <h2 id="peers-heading">Peer cores</h2>
      <ul class="peers">${items}
      </ul>
    </section>`;
}
