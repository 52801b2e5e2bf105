import { termHref } from '../domain/index.js';
import type { LandingView } from '../pid/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/**
 * The "Linked from other records" section: the records that point at this one through statements
 * kept in their own graphs — a facility's instruments, a model's instances and an organization's
 * models, an instance's configuration versions, the datasets acquired with a configuration, the
 * publications citing a dataset, the records naming a person — one list per relation, headed in
 * words, with the relation's term (linked to its documentation when it is one of ours).
 * @param view - the record's view model.
 * @returns the section, or undefined when nothing links here.
 */
export function inboundLinksSection(view: LandingView): Html | undefined {
  const groups = view.linkedFrom ?? [];
  if (groups.length === 0) return undefined;
  const parts = groups.map((group, index) => {
    const id = `linked-from-${index + 1}`;
    const doc = termHref(group.predicate);
    const term = html`<code>${group.curie}</code>`;
    const statement = group.role === 'subject' ? html`this record ${doc === undefined ? term : link(doc, term)} …` : html`… ${doc === undefined ? term : link(doc, term)} this record`;
    const items = group.records.map((r) => html`<li>${link(r.href, r.label)}</li>`);
    return html`<h3 id="${id}">${group.heading} <span class="muted">(${String(group.records.length)})</span></h3>
<p class="muted">${statement}</p>
<ul class="plain" aria-labelledby="${id}">
${joinHtml(items, '\n')}
</ul>`;
  });
  return html`<section aria-labelledby="linked-from">
<h2 id="linked-from">Linked from other records</h2>
<p>These statements are kept in the records they come from; this record’s machine-readable formats include them, each source named with <code>rdfs:seeAlso</code>.</p>
${joinHtml(parts, '\n')}
</section>`;
}
