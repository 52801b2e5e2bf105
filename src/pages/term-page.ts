import { SITE_PATHS } from '../domain/index.js';
import type { ShapeConstraint, TermExample, TermRef, TermView, ValueView } from '../ontology-docs/index.js';
import { capitalize } from './capitalize.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { layout } from './layout.js';
import { link } from './link.js';

/** What the term page shows beside the term: examples from the store, or why there are none. */
export interface TermPageExamples {
  readonly examples: readonly TermExample[];
  /** Set when the store could not be asked (the page still shows the ontology's side). */
  readonly error?: string | undefined;
}

function ref(term: TermRef): Html {
  const text = term.label === undefined ? html`<code>${term.curie}</code>` : html`${term.label} <code>${term.curie}</code>`;
  return link(term.href ?? term.iri, text);
}

function refs(terms: readonly TermRef[]): Html {
  return terms.length === 0 ? html`<span class="muted">—</span>` : joinHtml(terms.map(ref), ', ');
}

function value(v: ValueView): Html {
  return v.term === undefined ? html`${v.text}` : ref(v.term);
}

function row(label: string, content: Html | string | undefined): Html {
  return content === undefined ? html`` : html`<tr><th scope="row">${label}</th><td>${content}</td></tr>`;
}

/** `phd:methodsItem true` reads as a sentence; any other value is shown as written. */
function methodsItem(values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  if (values.every((v) => v === 'true')) return 'Yes: its value belongs in the Materials and Methods section of a paper (NBO model "M&M" marking).';
  return values.join('; ');
}

function constraintText(c: ShapeConstraint): Html {
  const parts: Html[] = [];
  if (c.minCount !== undefined) parts.push(html`at least ${c.minCount}`);
  if (c.maxCount !== undefined) parts.push(html`at most ${c.maxCount}`);
  if (c.datatypes.length > 0) parts.push(html`datatype ${joinHtml(c.datatypes.map(ref), ' or ')}`);
  if (c.class !== undefined) parts.push(html`class ${ref(c.class)}`);
  if (c.in !== undefined) parts.push(html`one of ${joinHtml(c.in.map(value), ', ')}`);
  return parts.length === 0 ? html`<span class="muted">${c.message ?? '—'}</span>` : joinHtml(parts, '; ');
}

function shapesTable(view: TermView): Html {
  if (view.shapes.length === 0) return html`<p>No shape constrains it.</p>`;
  const byPath = view.kind !== 'property';
  const rows = view.shapes.map((c) => html`<tr><th scope="row">${ref(c.shape)}</th><td><code>${c.file}</code></td>${byPath ? html`<td>${c.path === undefined ? html`<span class="muted">the node</span>` : ref(c.path)}</td>` : html`<td>${refs(c.targetClasses)}</td>`}<td>${c.tier ?? ''}</td><td>${constraintText(c)}</td></tr>`);
  return html`<div class="scroll" role="region" aria-labelledby="shapes-caption" tabindex="0"><table>
<caption id="shapes-caption">SHACL constraints from shapes/: which shape, in which file, at which tier, and what it requires.</caption>
<thead><tr><th scope="col">Shape</th><th scope="col">File</th><th scope="col">${byPath ? 'Property' : 'Target class'}</th><th scope="col">Tier</th><th scope="col">Constraint</th></tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody></table></div>`;
}

function unitsRows(view: TermView): Html {
  const units = view.units;
  if (units === undefined) return html``;
  return html`${row('Unit given by', units.unitProperty === undefined ? undefined : ref(units.unitProperty))}
${row('Gives the unit of', units.unitOf === undefined ? undefined : ref(units.unitOf))}
${row('Allowed units', units.allowed.length === 0 ? undefined : refs(units.allowed))}
${row('Normalised as', units.canonical === undefined ? undefined : html`${ref(units.canonical.property)}${units.canonical.unit === undefined ? '' : html` in ${ref(units.canonical.unit)}`}`)}`;
}

function examplesSection(view: TermView, examples: TermPageExamples): Html {
  const what = view.kind === 'property' ? 'Values of this property' : view.kind === 'class' ? 'Instances of this class' : 'Things that name this term';
  if (examples.error !== undefined) return html`<p class="notice warn">The examples could not be read from the store: ${examples.error}</p>`;
  if (examples.examples.length === 0) return html`<p>No record of this store uses it yet.</p>`;
  const items = examples.examples.map((e) => html`<li>${value(e.value)} — in ${link(e.recordHref, e.record)}</li>`);
  return html`<p>${what} in this store's records (a few; ${link(SITE_PATHS.sparql, 'ask SPARQL')} for all):</p>
<ul class="examples">${joinHtml(items, '\n')}</ul>`;
}

/**
 * The page of one term of our vocabularies: label, comment, tier, units, domain and range, super-
 * and subterms, the SHACL shapes that constrain it, the methods item, every statement of the
 * files about it, and examples from this store's records.
 * @param view - the term's view.
 * @param examples - examples from the store (or why there are none).
 * @returns the page.
 */
export function renderTermPage(view: TermView, examples: TermPageExamples): string {
  const self = view.href ?? view.iri;
  const alternates = [['text/turtle', 'turtle'], ['application/ld+json', 'jsonld']]
    .map(([type, format]) => html`<link rel="alternate" type="${type}" href="${self}?format=${format}">`);
  const isClass = view.kind === 'class';
  const statements = view.statements.map((s) => html`<tr><th scope="row">${ref(s.predicate)}</th><td>${value(s.object)}</td></tr>`);
  return layout({
    title: `${view.label ?? view.curie} (${view.curie}) · imaging-phd`,
    head: html`${alternates}`,
    main: html`<p class="eyebrow">${link(SITE_PATHS.ontology, 'Ontology')} · ${link(view.documentHref, `namespace ${view.prefix}:`)} · ${view.kind}</p>
<h1>${capitalize(view.label ?? view.localName)} <code>${view.curie}</code></h1>
${view.comment === undefined ? '' : html`<p class="lead">${view.comment}</p>`}
<table class="kv"><caption>About the term</caption><tbody>
${row('IRI', html`<code>${view.iri}</code>`)}
${row('Kind', refs(view.types))}
${row('Definition', view.definition !== undefined && view.definition !== view.comment ? view.definition : undefined)}
${row('NBO-Q tier', view.tier === undefined ? undefined : String(view.tier))}
${row('Domain', view.domain.length === 0 ? undefined : refs(view.domain))}
${row('Range', view.range.length === 0 ? undefined : refs(view.range))}
${unitsRows(view)}
${row(isClass ? 'Superclasses' : 'Superproperties', view.kind === 'class' || view.kind === 'property' ? refs(view.superTerms) : undefined)}
${row(isClass ? 'Subclasses' : 'Subproperties', view.kind === 'class' || view.kind === 'property' ? refs(view.subTerms) : undefined)}
${row('Methods item', methodsItem(view.methodsItems))}
${row('Machine-readable', html`${link(`${self}?format=turtle`, 'Turtle')} · ${link(`${self}?format=jsonld`, 'JSON-LD')}`)}
</tbody></table>
<section aria-labelledby="section-shapes"><h2 id="section-shapes">Shapes that constrain it</h2>
${shapesTable(view)}</section>
<section aria-labelledby="section-examples"><h2 id="section-examples">Examples from this store</h2>
${examplesSection(view, examples)}</section>
<section aria-labelledby="section-statements"><h2 id="section-statements">Statements</h2>
<div class="scroll" role="region" aria-labelledby="statements-caption" tabindex="0"><table>
<caption id="statements-caption">Every statement about ${view.curie} in the ontology files, as written.</caption>
<thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>
${joinHtml(statements, '\n')}
</tbody></table></div></section>`,
  });
}
