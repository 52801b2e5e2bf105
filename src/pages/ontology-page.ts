import { SITE_PATHS } from '../domain/index.js';
import type { NamespaceSummary, NamespaceView, OntologyIndexView, TermSummary } from '../ontology-docs/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { layout } from './layout.js';
import { link } from './link.js';

/** The formats of a namespace document, for its links. */
const DOCUMENT_FORMATS: readonly (readonly [string, string])[] = [['turtle', 'Turtle (as written)'], ['jsonld', 'JSON-LD'], ['ntriples', 'N-Triples']];

function documentLinks(path: string): Html {
  return joinHtml(DOCUMENT_FORMATS.map(([format, label]) => link(`${path}?format=${format}`, label)), ' · ');
}

function namespaceRow(namespace: NamespaceSummary): Html {
  return html`<tr><th scope="row">${link(namespace.path, namespace.prefix)}</th><td><code>${namespace.namespace}</code></td><td>${namespace.title ?? ''}</td><td>${namespace.terms}</td><td>${documentLinks(namespace.path)}</td></tr>`;
}

function termTable(id: string, caption: string, terms: readonly TermSummary[], anchors: boolean): Html {
  const rows = terms.map((term) => html`<tr${anchors ? html` id="${term.localName}"` : ''}><th scope="row">${link(term.href ?? term.iri, term.curie)}</th><td>${term.label ?? ''}</td><td>${term.kind}</td><td>${term.tier ?? ''}</td></tr>`);
  return html`<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption id="${id}">${caption}</caption>
<thead><tr><th scope="col">Term</th><th scope="col">Label</th><th scope="col">Kind</th><th scope="col">NBO-Q tier</th></tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody></table></div>`;
}

/**
 * The index of the ontology's documentation (`/ontology`): the namespaces with their documents,
 * then every class and property of our namespaces with its label, each linking to its page.
 * @param view - the index view.
 * @returns the page.
 */
export function renderOntologyIndexPage(view: OntologyIndexView): string {
  return layout({
    title: 'Ontology · imaging-phd',
    head: html`<link rel="alternate" type="application/json" href="${SITE_PATHS.ontology}?format=json">`,
    main: html`<h1>Ontology</h1>
<p class="lead">The vocabulary the records are written in: the PHD layer (record kinds and their links), the NBO-Q hardware model, the units, and the SHACL shapes that check the records. Each term has a page; each namespace document is served here as HTML and as the Turtle it is written in.</p>
<section aria-labelledby="section-namespaces"><h2 id="section-namespaces">Namespaces</h2>
<div class="scroll" role="region" aria-labelledby="namespaces-caption" tabindex="0"><table>
<caption id="namespaces-caption">The namespace documents; each IRI of a namespace leads to its document.</caption>
<thead><tr><th scope="col">Prefix</th><th scope="col">Namespace</th><th scope="col">Title</th><th scope="col">Terms</th><th scope="col">Machine-readable</th></tr></thead>
<tbody>
${joinHtml(view.namespaces.map(namespaceRow), '\n')}
</tbody></table></div></section>
<section aria-labelledby="section-classes"><h2 id="section-classes">Classes <span class="muted">(${view.classes.length})</span></h2>
${termTable('classes-caption', 'Every class of our namespaces.', view.classes, false)}</section>
<section aria-labelledby="section-properties"><h2 id="section-properties">Properties <span class="muted">(${view.properties.length})</span></h2>
${termTable('properties-caption', 'Every property of our namespaces.', view.properties, false)}</section>`,
  });
}

/**
 * A namespace document for people (`/ns`, `/nbo-q`, `/unit`, `/shapes`): every term declared in
 * the namespace, each row with the term's local name as its id, so `/ns#Facility` lands on it.
 * @param view - the namespace view.
 * @returns the page.
 */
export function renderNamespacePage(view: NamespaceView): string {
  const alternates = [['text/turtle', 'turtle'], ['application/ld+json', 'jsonld'], ['application/n-triples', 'ntriples']]
    .map(([type, format]) => html`<link rel="alternate" type="${type}" href="${view.path}?format=${format}">`);
  return layout({
    title: `${view.title ?? view.prefix} · imaging-phd`,
    head: html`${alternates}`,
    main: html`<p class="eyebrow">${link(SITE_PATHS.ontology, 'Ontology')} · namespace <code>${view.prefix}:</code></p>
<h1>${view.title ?? view.namespace}</h1>
${view.comment === undefined ? '' : html`<p class="lead">${view.comment}</p>`}
<table class="kv"><tbody>
<tr><th scope="row">Namespace</th><td><code>${view.namespace}</code></td></tr>
<tr><th scope="row">Written in</th><td>${joinHtml(view.files.map((f) => html`<code>${f}</code>`), ', ')}${view.files.length > 1 ? ' (served as one Turtle document: the files one after the other, each after a comment naming it)' : ''}</td></tr>
<tr><th scope="row">Machine-readable</th><td>${documentLinks(view.path)}</td></tr>
</tbody></table>
<section aria-labelledby="section-terms"><h2 id="section-terms">Terms <span class="muted">(${view.termList.length})</span></h2>
${termTable('terms-caption', `Every term declared in ${view.namespace}.`, view.termList, true)}</section>`,
  });
}
