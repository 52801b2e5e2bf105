import type { RecordKind } from '../domain/index.js';
import { SITE_PATHS } from '../domain/index.js';
import type { HomeView } from '../search/index.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { plural } from './plural.js';

/** How people name each kind of record (singular, plural). */
const KIND_NOUNS: Readonly<Record<RecordKind, readonly [string, string]>> = {
  facility: ['facility', 'facilities'],
  organization: ['organization', 'organizations'],
  model: ['instrument model', 'instrument models'],
  instance: ['instrument', 'instruments'],
  configuration: ['hardware configuration', 'hardware configurations'],
  dataset: ['dataset', 'datasets'],
  publication: ['publication', 'publications'],
  person: ['person', 'people'],
};

/**
 * Renders the home page for browsers: a search box (GET to `/search`), the records held by kind,
 * the facilities (each to its landing page, with its instrument count) and the instrument types
 * (each to the search listing them), and the ways in for programs: SPARQL, the JSON API
 * description at `/?format=json`, the ontology documentation.
 * @param view - the home data (search/buildHomeView).
 * @returns a complete HTML document.
 */
export function renderHomePage(view: HomeView): string {
  const counts = view.counts.filter((c) => c.count > 0).map((c) => html`<li><strong>${c.count}</strong> ${c.count === 1 ? KIND_NOUNS[c.kind][0] : KIND_NOUNS[c.kind][1]}</li>`);
  const facilities = view.facilities.map((f) => html`<li><a href="${f.href}">${f.name}</a> <span class="muted">· ${plural(f.instruments, 'instrument')}</span></li>`);
  const types = view.instrumentTypes.map((t) => html`<li><a href="${t.href}">${t.technique}</a> <span class="muted">· ${plural(t.instruments, 'instrument')}</span></li>`);
  const main = html`<p class="eyebrow">Persistent Hardware Descriptors for microscopy</p>
<h1>Find the microscope behind the data</h1>
<p class="lead">Facilities, instruments, their versioned hardware configurations, and the datasets and
publications acquired with them — each with a persistent identifier you can cite.</p>

<form class="home-search" method="get" action="${SITE_PATHS.search}" role="search">
  <label for="home-q">Search facilities, instruments, configurations and datasets</label>
  <div class="row">
    <input id="home-q" name="q" type="search" placeholder="e.g. SP8 confocal, 63x oil, 405 nm">
    <button type="submit">Search</button>
  </div>
</form>

<section aria-labelledby="holdings">
<h2 id="holdings">What this service holds</h2>
<p>${plural(view.total, 'record')} in all:</p>
<ul class="home-counts">${counts}</ul>
</section>

<div class="home-browse">
<section aria-labelledby="by-facility">
<h2 id="by-facility">Browse by facility</h2>
${facilities.length === 0 ? html`<p>No facility is registered yet.</p>` : html`<ul>${facilities}</ul>`}
</section>
<section aria-labelledby="by-type">
<h2 id="by-type">Browse by instrument type</h2>
${types.length === 0 ? html`<p>No instrument names its technique yet.</p>` : html`<ul>${types}</ul>`}
</section>
</div>

<section aria-labelledby="for-programs">
<h2 id="for-programs">For programs and power users</h2>
<ul>
  <li><a href="${SITE_PATHS.sparql}">SPARQL endpoint</a> — query every record; results shown as a table or downloaded.</li>
  <li><a href="${SITE_PATHS.federatedSparql}">Federated SPARQL</a> — the same over this instance and its peers.</li>
  <li><a href="/?format=json">API description</a> (JSON) — every endpoint of this service.</li>
  <li><a href="${SITE_PATHS.ontology}">Ontology documentation</a> — the classes and properties records use.</li>
  <li><a href="${SITE_PATHS.void}">VoID description</a> of the dataset.</li>
</ul>
</section>`;
  return layout({
    title: 'imaging-phd · Persistent Hardware Descriptors for microscopy',
    head: html`<meta name="description" content="Find microscopy facilities, instruments and their hardware configurations, and cite them.">
<link rel="alternate" type="application/json" href="/?format=json">`,
    main,
  });
}
