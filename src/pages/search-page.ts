import { DETECTORS, IMMERSIONS, SEARCH_LIMITS, SEARCH_TYPES, STAND_TYPES, searchQuery } from '../search/index.js';
import type { SearchType } from '../search/index.js';
import type { LinkedResource } from '../pid/index.js';
import type { SearchMatch, SearchResult } from '../search/index.js';
import type { SearchResults } from '../search/index.js';
import { SITE_PATHS } from '../domain/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { layout } from './layout.js';
import { link as safeLink } from './link.js';

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
 * (a message at the top, the faulty field marked `aria-invalid`). Every value is escaped by the
 * {@link html} template, and links pass the one URL filter (`safeHref`).
 *
 * @param options - submitted values, results or error, federation and base URL.
 * @returns a complete HTML document.
 * @example
 * res.type('html').send(renderSearchPage({ values: { q: ['confocal'] }, federation: false, baseUrl, results }));
 */
export function renderSearchPage(options: SearchPageOptions): string {
  const sections: Html[] = [];
  if (options.error !== undefined) sections.push(errorBlock(options.error));
  sections.push(form(options));
  if (options.results !== undefined) {
    sections.push(resultsBlock(options.results, options.baseUrl));
    if (options.results.peers !== undefined) sections.push(peersBlock(options.results));
  }
  const title = options.error !== undefined ? `Error ${options.error.status} · Search`
    : options.results !== undefined ? `${options.results.total} results · Search` : 'Search';
  const main = html`<h1>Search microscopes, core facilities and datasets</h1>
<p>Find instruments by what they can do today: hardware facets are matched against each instrument's
<em>current</em> configuration (earlier versions are history). Keywords must all appear in a name, title,
model, manufacturer or technique. Results link to their landing pages; the same search is available
as JSON (<code>Accept: application/json</code> or <code>format=json</code>).</p>
${joinHtml(sections, '\n')}`;
  return layout({ title: `${title} · imaging-phd`, main });
}

// ------------------------------------------------------------------------------------------------ form

/** The id of a parameter's input (the `type` and `scope` groups are fieldsets). */
function inputId(name: string): string {
  return `f-${name}`;
}

/** Parameters that have a control in the form (scope only when peers are configured). */
const FORM_FIELDS: ReadonlySet<string> = new Set(['q', 'type', 'standType', 'technique', 'magnification', 'naMin', 'naMax', 'immersion', 'wavelength', 'tolerance', 'detector']);

function errorBlock(error: SearchPageError): Html {
  const field = error.field !== undefined && FORM_FIELDS.has(error.field) && html` <a href="#${inputId(error.field)}">Go to the field</a>.`;
  return html`    <div class="error" role="alert" id="search-error">
      <h2>${error.status === 400 ? 'This search cannot run' : `Error ${error.status} · ${error.title}`}</h2>
      <p>${error.detail}${field}</p>
    </div>`;
}

function form(options: SearchPageOptions): Html {
  const values = options.values;
  const first = (name: string): string => values[name]?.find((v) => v.trim() !== '') ?? '';
  const faulty = (name: string): boolean => options.error?.field === name;
  const invalid = (name: string): Html | false => faulty(name) && html` aria-invalid="true" aria-describedby="search-error"`;
  // A field with a hint is described by the hint, and by the error message when it is the faulty one.
  const described = (name: string): Html => html`${faulty(name) && html` aria-invalid="true"`} aria-describedby="${inputId(name)}-hint${faulty(name) ? ' search-error' : ''}"`;
  const text = (name: string, label: string, hint: string, attributes?: Html): Html => html`
          <div class="field">
            <label for="${inputId(name)}">${label}</label>
            <input type="text" id="${inputId(name)}" name="${name}" value="${first(name)}"${described(name)}${attributes}>
            <span class="hint" id="${inputId(name)}-hint">${hint}</span>
          </div>`;
  const select = (name: string, label: string, choices: readonly (readonly [string, string])[]): Html => {
    const current = first(name).toLowerCase();
    const items = [['', 'any'] as const, ...choices]
      .map(([value, text]) => html`<option value="${value}"${value === current && html` selected`}>${text}</option>`);
    return html`
          <div class="field">
            <label for="${inputId(name)}">${label}</label>
            <select id="${inputId(name)}" name="${name}"${invalid(name)}>${items}</select>
          </div>`;
  };
  const types = new Set((values.type ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()));
  const typeBoxes = SEARCH_TYPES.map((type) => html`
          <label><input type="checkbox" name="type" value="${type}"${types.has(type) && html` checked`}> ${TYPE_LABELS[type].many}</label>`);
  const wavelengths = (values.wavelength ?? []).filter((v) => v.trim() !== '').join(', ');
  const scope = first('scope').toLowerCase() === 'federated' ? 'federated' : 'local';
  const describedByError = (name: string): Html | false => options.error?.field === name && html` aria-describedby="search-error"`;
  const scopeChoice = options.federation && html`
      <fieldset${describedByError('scope')}>
        <legend>Where to search</legend>
        <label><input type="radio" name="scope" value="local"${scope === 'local' && html` checked`}> This core's records</label>
        <label><input type="radio" name="scope" value="federated"${scope === 'federated' && html` checked`}> This core and its peer cores</label>
      </fieldset>`;
  const decimal = (size: number): Html => html` inputmode="decimal" size="${size}"`;
  return html`    <form method="get" action="/search" role="search" aria-label="Search the registry" novalidate>
      <p class="field">
        <label for="${inputId('q')}">Keywords</label>
        <input type="search" id="${inputId('q')}" name="q" value="${first('q')}" maxlength="${SEARCH_LIMITS.maxQueryLength}" placeholder="e.g. confocal, Axio, mitochondria"${invalid('q')}>
      </p>
      <fieldset id="${inputId('type')}"${describedByError('type')}>
        <legend>Result types (none checked: all)</legend>
        <div class="row">${typeBoxes}
        </div>
      </fieldset>
      <fieldset>
        <legend>Instrument</legend>
        <div class="row">${select('standType', 'Stand type', STAND_TYPES.map((s) => [s, s] as const))}${text('technique', 'Technique', 'e.g. confocal, widefield', html` maxlength="${SEARCH_LIMITS.maxTechniqueLength}"`)}
        </div>
      </fieldset>
      <fieldset>
        <legend>Objective (one objective meets all of these)</legend>
        <div class="row">${text('magnification', 'Magnification', 'e.g. 63', decimal(6))}${text('naMin', 'NA at least', 'e.g. 1.4', decimal(6))}${text('naMax', 'NA at most', 'optional', decimal(6))}${select('immersion', 'Immersion', Object.entries(IMMERSIONS).map(([key, value]) => [key, value.label] as const))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Light sources (laser lines, LED peaks)</legend>
        <div class="row">
          <div class="field">
            <label for="${inputId('wavelength')}">Wavelengths (nm)</label>
            <input type="text" id="${inputId('wavelength')}" name="wavelength" value="${wavelengths}" inputmode="decimal"${described('wavelength')}>
            <span class="hint" id="${inputId('wavelength')}-hint">every one must be present, e.g. 405, 488</span>
          </div>${text('tolerance', 'Tolerance (± nm)', `default ${SEARCH_LIMITS.defaultTolerance}, at most ${SEARCH_LIMITS.maxTolerance}`, decimal(4))}
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

/** A result's link: its label, linked when its href passes the URL filter (a peer's data never yields `javascript:`). */
function link(item: { readonly label: string; readonly href: string }): Html {
  return safeLink(item.href, item.label);
}

function sourceName(source: string, baseUrl: string): string {
  if (source.replace(/\/+$/, '') === baseUrl.replace(/\/+$/, '')) return 'this core';
  try {
    return new URL(source).host;
  } catch {
    return source;
  }
}

/** Results /compare takes: a configuration, or an instrument (its current configuration). */
const COMPARABLE: ReadonlySet<SearchType> = new Set(['configuration', 'instrument']);

/** The "compare" checkbox of a comparable result: a `c` value of the compare form around the list. */
function compareBox(result: SearchResult): Html | false {
  return COMPARABLE.has(result.type) && html`
          <label class="meta"><input type="checkbox" name="c" value="${result.iri}" form="compare-form"> Compare<span class="visually-hidden"> ${result.label}</span></label>`;
}

function resultItem(result: SearchResult, baseUrl: string, federated: boolean): Html {
  const meta: Html[] = [];
  const linked = (name: string, item: LinkedResource | undefined): void => {
    if (item !== undefined) meta.push(html`${name} ${link(item)}`);
  };
  linked('at', result.facility);
  linked('model', result.model);
  linked('instrument', result.instance);
  linked(result.type === 'dataset' ? 'acquired with' : 'current configuration', result.configuration);
  const summary = result.summary !== undefined && html`\n          <p class="meta">${result.summary}</p>`;
  const matched = result.matched === undefined ? [] : (Object.keys(MATCH_LABELS) as (keyof SearchMatch)[])
    .flatMap((key) => {
      const value = result.matched?.[key];
      return value === undefined ? [] : [html`<dt>${MATCH_LABELS[key]}</dt><dd>${value}</dd>`];
    });
  const sources = federated && html`\n          <p class="meta">From ${(result.sources ?? [result.source]).map((s) => sourceName(s, baseUrl)).join(', ')}</p>`;
  return html`
        <li class="result" data-type="${result.type}">
          <h3><span class="type">${TYPE_LABELS[result.type].one}</span>${link(result)}</h3>${meta.length > 0 && html`
          <p class="meta">${joinHtml(meta, ' · ')}</p>`}${summary}${matched.length > 0 && html`
          <dl class="matched" aria-label="Why it matched">${matched}</dl>`}${sources}${compareBox(result)}
        </li>`;
}

function resultsBlock(answer: SearchResults, baseUrl: string): Html {
  const { query, results, total } = answer;
  const federated = answer.peers !== undefined;
  const from = query.offset + 1;
  const to = query.offset + results.length;
  const heading = total === 0 && results.length === 0 ? 'No results'
    : `${total} result${total === 1 ? '' : 's'}${results.length < total ? `, showing ${from}–${to}` : ''}`;
  const facets = answer.facets !== undefined && html`
      <p>By type: ${joinHtml(SEARCH_TYPES.map((type) => {
    const count = answer.facets?.type[type] ?? 0;
    const label = `${TYPE_LABELS[type].many} (${count})`;
    return count === 0 ? label : html`<a href="/search?${searchQuery(query, { types: [type], offset: 0 }).toString()}">${label}</a>`;
  }), ' · ')}</p>`;
  // A GET form to /compare (no JavaScript needed): the checkboxes of the results name it with form=.
  const comparable = results.filter((r) => COMPARABLE.has(r.type)).length >= 2 && html`
      <form method="get" action="${SITE_PATHS.compare}" id="compare-form" aria-label="Compare selected results">
        <p><button type="submit">Compare selected</button> <span class="hint">tick 2 to 6 instruments or configurations below</span></p>
      </form>`;
  const list = results.length === 0
    ? html`
      <p class="empty">No record matches this search. Try fewer keywords or facets, a wider wavelength tolerance${!federated && ', or searching the peer cores too'}.</p>`
    : html`
      <ol class="results" start="${from}">${results.map((r) => resultItem(r, baseUrl, federated))}
      </ol>`;
  const pages: Html[] = [];
  if (query.offset > 0) {
    pages.push(html`<a rel="prev" href="/search?${searchQuery(query, { offset: Math.max(0, query.offset - query.limit) }).toString()}">Previous ${query.limit}</a>`);
  }
  const next = query.offset + query.limit;
  const nextAllowed = query.scope === 'local' || next + query.limit <= SEARCH_LIMITS.maxLimit;
  if (next < total && results.length === query.limit && nextAllowed) {
    pages.push(html`<a rel="next" href="/search?${searchQuery(query, { offset: next }).toString()}">Next ${query.limit}</a>`);
  }
  return html`    <section aria-labelledby="results-heading">
      <h2 id="results-heading">${heading}</h2>${facets}${comparable}${list}${pages.length > 0 && html`
      <nav class="pages" aria-label="Result pages">${joinHtml(pages, ' ')}</nav>`}
      <p><a href="/search?${searchQuery(query).toString()}&amp;format=json">These results as JSON</a></p>
    </section>`;
}

function peersBlock(answer: SearchResults): Html {
  const peers = answer.peers ?? [];
  const items = peers.length === 0 ? html`\n        <li>No peer cores are configured: these are this core's results only.</li>`
    : peers.map((p) => html`
        <li class="peer" data-status="${p.status}"><code>${p.peer}</code>: ${PEER_STATUS[p.status] ?? p.status}, ${p.count} result${p.count === 1 ? '' : 's'}${p.detail !== undefined && html` (${p.detail})`}</li>`);
  return html`    <section aria-labelledby="peers-heading">
      <h2 id="peers-heading">Peer cores</h2>
      <ul class="peers">${items}
      </ul>
    </section>`;
}
