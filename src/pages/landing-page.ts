import { lookupMediaType, MEDIA_TYPES, mediaTypeFor } from '../representation/index.js';
import type { CitationView } from '../citation/index.js';
import type { RecordKind } from '../domain/index.js';
import type { PidRegistration } from '../minting/index.js';
import type { LandingView } from '../pid/index.js';
import { acquisitionSection } from './acquisition-section.js';
import { capitalize } from './capitalize.js';
import { chainDiagram } from './chain-diagram.js';
import { chainSection } from './chain-section.js';
import { citeSection } from './cite-section.js';
import { compareLinkSection } from './compare-link-section.js';
import { componentsSection } from './components-section.js';
import { html, joinHtml } from './html.js';
import { recordLinksSection } from './record-links-section.js';
import type { Html } from './html.js';
import { jsonForScript } from './json-for-script.js';
import { layout } from './layout.js';
import { link } from './link.js';
import { methodsLinkSection } from './methods-link-section.js';
import { pidStateSection } from './pid-state-section.js';
import { safeHref } from './safe-href.js';
import { statusSection } from './status-section.js';
import { timeElement } from './time-element.js';
import { versionNotice } from './version-notice.js';

/** Options of {@link renderLandingPage}. */
export interface LandingPageOptions {
  /** Public base URL of this service (`PHD_BASE_URL`), for the site links and absolute alternates. */
  readonly baseUrl: string;
  /** The registration of the record's PID, when this service registers it (its state is shown). */
  readonly registration?: PidRegistration | undefined;
  /** How to cite the record ("Cite this hardware"), for the kinds whose page offers it. */
  readonly citation?: CitationView | undefined;
}

/** Human names of the record kinds, as headings and labels. */
const KIND_LABELS: Readonly<Record<RecordKind, string>> = {
  facility: 'Core facility',
  organization: 'Organization',
  model: 'Instrument model',
  instance: 'Instrument instance',
  configuration: 'Hardware configuration',
  dataset: 'Dataset',
  publication: 'Publication',
  person: 'Person',
};

/** The registry's name of a serialization the alternates offer (its media type when unknown). */
function formatLabel(mediaType: string): string {
  const id = lookupMediaType(mediaType);
  return id === undefined ? mediaType : MEDIA_TYPES[id].label;
}

/** `href` resolved against the base URL (left as it is when it is not a URL reference). */
function absolute(href: string, base: string): string {
  try {
    return new URL(href, `${base}/`).href;
  } catch {
    return href;
  }
}

/** The PIDs: the canonical IRI as a link, the compact form, and the identifiers as written. */
function identifiersSection(view: LandingView): Html {
  const rows = [html`<tr><th scope="row">Canonical IRI (cite as)</th><td>${link(view.iri, view.iri)}</td></tr>`];
  const others = [...new Set(view.identifiers)].filter((id) => id !== view.iri);
  let curieShown = false;
  for (const id of others) {
    const isUrl = /^https?:\/\//i.test(id);
    const isCurie = !isUrl && /^[a-z][a-z0-9.+-]*:\S/i.test(id);
    const name = isUrl ? 'Also resolves as' : isCurie && !curieShown ? 'Compact identifier (CURIE)' : 'Identifier as recorded';
    if (isCurie) curieShown = true;
    rows.push(html`<tr><th scope="row">${name}</th><td>${isUrl ? link(id, id) : html`<code>${id}</code>`}</td></tr>`);
  }
  for (const former of view.formerly ?? []) rows.push(html`<tr><th scope="row">Formerly</th><td>${link(former, former)}</td></tr>`);
  return html`<section aria-labelledby="identifiers">
<h2 id="identifiers">Persistent identifiers</h2>
<table class="kv"><tbody>
${joinHtml(rows, '\n')}
</tbody></table>
</section>`;
}

/** The record's own facts as a two-column table; URL values become links. */
function factsSection(view: LandingView): Html | undefined {
  if (view.facts.length === 0) return undefined;
  const rows = view.facts.map((fact) => {
    const values = fact.values.map((v) => (/^https?:\/\//i.test(v) ? link(v, v) : v));
    return html`<tr><th scope="row">${fact.name}</th><td>${joinHtml(values, '<br>')}</td></tr>`;
  });
  return html`<section aria-labelledby="facts">
<h2 id="facts">Facts</h2>
<table class="kv"><tbody>
${joinHtml(rows, '\n')}
</tbody></table>
</section>`;
}

/** A titled list of linked resources (datasets, publications, people); nothing when empty. */
function listSection(id: string, heading: string, items: readonly Html[]): Html | undefined {
  if (items.length === 0) return undefined;
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
<ul class="plain">
${joinHtml(items.map((i) => html`<li>${i}</li>`), '\n')}
</ul>
</section>`;
}

/** Links to the other serializations, and how to ask for them by content negotiation. */
function alternatesSection(view: LandingView, base: string): Html | undefined {
  if (view.alternates.length === 0) return undefined;
  const items = view.alternates.map((a) => html`<li>${link(a.href, formatLabel(a.mediaType), html` type="${a.mediaType}"`)} <code class="muted">${a.mediaType}</code></li>`);
  const example = view.alternates.find((a) => a.mediaType === mediaTypeFor('turtle')) ?? view.alternates[0];
  const curl = example !== undefined && html`<pre><code>curl -L -H ${`'Accept: ${example.mediaType}'`} ${absolute(example.href, base)}</code></pre>`;
  return html`<section aria-labelledby="formats">
<h2 id="formats">Machine-readable formats</h2>
<p>This record as linked data. The same URL answers with any of them by content negotiation (<code>Accept</code> header).</p>
<ul class="plain">
${joinHtml(items, '\n')}
</ul>
${curl}
</section>`;
}

/** The head extras: description, `cite-as`, Signposting alternates, and the schema.org JSON-LD. */
function landingHead(view: LandingView, kind: string, base: string): Html {
  const alternates = view.alternates.flatMap((a) => {
    const href = safeHref(a.href);
    return href === undefined ? [] : [html`<link rel="alternate describedby" type="${a.mediaType}" href="${absolute(href, base)}">`];
  });
  return joinHtml([
    html`<meta name="description" content="${view.description ?? `${kind}: ${view.title}`}">`,
    ...(safeHref(view.iri) === undefined ? [] : [html`<link rel="cite-as" href="${view.iri}">`]),
    ...alternates,
    html`<script type="application/ld+json">\n${jsonForScript(view.schemaOrg)}\n</script>`,
  ], '\n');
}

/**
 * Renders the HTML landing page of a record: what a person sees when they open a PID in a browser.
 * Server-rendered and complete without JavaScript; accessible (language, heading outline, table
 * headers, a labelled SVG with a list equivalent); every value from the view is escaped by the
 * {@link html} template and every link goes through {@link safeHref}. The schema.org description
 * is embedded as JSON-LD for search engines, and Signposting `<link>`s point to the alternates.
 *
 * @param view - the record's view model (no I/O happens here).
 * @param options - `baseUrl`: the service's public base URL (site links, absolute alternates);
 *   `registration`: the state of the PID's registration, shown under the identifiers.
 * @returns a complete HTML5 document.
 * @example
 * res.type('html').send(renderLandingPage(view, { baseUrl: config.baseUrl }));
 */
export function renderLandingPage(view: LandingView, options: LandingPageOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const kind = KIND_LABELS[view.kind] ?? capitalize(view.kind);

  const datasets = view.datasets.map((d) => html`${link(d.href, d.label)}${d.created !== undefined && html` <span class="muted">· acquired ${timeElement(d.created)}</span>`}`);
  const publications = view.publications.map((p) => html`${link(p.href, p.label)} <span class="muted">· <code>${p.iri}</code></span>`);
  const people = view.people.map((p) => link(p.href, p.label));

  const main = [
    html`<p class="eyebrow">${kind}</p>`,
    html`<h1>${view.title}</h1>`,
    view.description !== undefined && html`<p class="lead">${view.description}</p>`,
    versionNotice(view),
    identifiersSection(view),
    pidStateSection(options.registration),
    citeSection(options.citation, base),
    factsSection(view),
    statusSection(view, base),
    chainSection(view, chainDiagram(view)),
    acquisitionSection(view),
    methodsLinkSection(view, base),
    componentsSection(view),
    compareLinkSection(view),
    listSection('datasets', view.kind === 'publication' ? 'Datasets cited' : 'Datasets', datasets),
    listSection('publications', 'Publications', publications),
    listSection('people', 'People', people),
    recordLinksSection(view),
    alternatesSection(view, base),
  ].filter((part) => part !== undefined && part !== false);

  const footer = html`<p>${kind} record, version ${view.version} · last updated ${timeElement(view.updatedAt)} · ${link(`${base}/sparql`, 'SPARQL endpoint')} · ${link(`${base}/`, 'imaging-phd')}</p>`;
  return layout({ title: `${view.title} · ${kind} · imaging-phd`, head: landingHead(view, kind, base), main: joinHtml(main, '\n'), footer });
}
