import { termHref } from '../domain/index.js';
import type { LandingView, LinkGroup } from '../pid/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/** One section of link groups: a headed list per relation, saying which way its statements go. */
function groupsSection(id: string, heading: string, intro: Html, groups: readonly LinkGroup[]): Html | undefined {
  if (groups.length === 0) return undefined;
  const parts = groups.map((group, index) => {
    const listId = `${id}-${index + 1}`;
    const doc = termHref(group.predicate);
    const term = html`<code>${group.curie}</code>`;
    const named = doc === undefined ? term : link(doc, term);
    const statement = group.role === 'subject' ? html`this record ${named} …` : html`… ${named} this record`;
    const items = group.records.map((r) => html`<li>${link(r.href, r.label)}</li>`);
    return html`<h3 id="${listId}">${group.heading} <span class="muted">(${String(group.records.length)})</span></h3>
<p class="muted">${statement}</p>
<ul class="plain" aria-labelledby="${listId}">
${joinHtml(items, '\n')}
</ul>`;
  });
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
${intro}
${joinHtml(parts, '\n')}
</section>`;
}

/**
 * The record's links to and from other records, one list per relation, headed in words, with the
 * relation's term (linked to its documentation when it is one of ours): "Links to other records"
 * (what its own graph names: a model's manufacturer, the datasets a publication cites) and "Linked
 * from other records" (statements kept in their own graphs: a facility's instruments, a model's
 * instances, an instance's configuration versions, the datasets acquired with a configuration, the
 * publications citing a dataset, the records naming a person).
 * @param view - the record's view model.
 * @returns the sections, or undefined when the record has no such links.
 */
export function recordLinksSection(view: LandingView): Html | undefined {
  const sections = [
    groupsSection('links-to', 'Links to other records', html`<p>What this record states about other records.</p>`, view.linksTo ?? []),
    groupsSection('linked-from', 'Linked from other records',
      html`<p>These statements are kept in the records they come from; this record’s machine-readable formats include them, each source named with <code>rdfs:seeAlso</code>.</p>`,
      view.linkedFrom ?? []),
  ].filter((s) => s !== undefined);
  return sections.length === 0 ? undefined : joinHtml(sections, '\n');
}
