import { NBOQ_NS, termHref } from '../domain/index.js';
import { componentAnchor } from '../pid/index.js';
import type { ComponentRow, LandingView } from '../pid/index.js';
import { capitalize } from './capitalize.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { plural } from './plural.js';
import { termLink } from './term-link.js';

/** One table of components of one NBO-Q class, its columns the union of the class's fields. */
function classTable(view: LandingView, rows: readonly ComponentRow[]): Html {
  const first = rows[0];
  const heading = capitalize(first?.classLabel ?? first?.classLocal ?? 'Component');
  // Column name → the property it was read from: a column heading leads to the property's page.
  const properties = new Map<string, string | undefined>();
  for (const row of rows) for (const f of row.fields) if (!properties.has(f.name)) properties.set(f.name, f.property);
  const fields = [...properties.keys()];
  const columnHeading = (name: string): Html => {
    const property = properties.get(name);
    return property === undefined || termHref(property) === undefined ? html`${name}` : termLink(property, name);
  };
  const head = [html`<th scope="col">Name</th>`, ...fields.map((f) => html`<th scope="col">${columnHeading(f)}</th>`)];
  const body = rows.map((row) => {
    const cells = fields.map((name) => {
      const values = row.fields.filter((f) => f.name === name).map((f) => f.value);
      return values.length === 0 ? html`<td class="muted">—</td>` : html`<td>${joinHtml(values, '<br>')}</td>`;
    });
    // The id lets a dataset's acquisition settings link to the very component they used.
    return html`<tr id="${componentAnchor(row.iri, view.iri)}"><th scope="row">${row.label}</th>${cells}</tr>`;
  });
  const id = `components-${(first?.classLocal ?? 'component').replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return html`<h3 id="${id}">${heading} <span class="muted">(${rows.length})</span></h3>
<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption>NBO-Q class ${termLink(`${NBOQ_NS}${first?.classLocal ?? ''}`, html`<code>nboq:${first?.classLocal ?? ''}</code>`)}; values as recorded, with their units.</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(body, '\n')}
</tbody></table></div>`;
}

/**
 * The "Components" section of a configuration page: one table per NBO-Q class, each row with the
 * id {@link componentAnchor} gives it, so links from datasets and diffs land on it.
 * @param view - the record's view model.
 * @returns the section, or undefined when the record has no components.
 */
export function componentsSection(view: LandingView): Html | undefined {
  if (view.components.length === 0) return undefined;
  const groups = new Map<string, ComponentRow[]>();
  for (const row of view.components) {
    const group = groups.get(row.classLocal);
    if (group === undefined) groups.set(row.classLocal, [row]);
    else group.push(row);
  }
  return html`<section aria-labelledby="components">
<h2 id="components">Components</h2>
<p>${plural(view.components.length, 'component')} in ${plural(groups.size, 'class', 'classes')}, described with the NBO-Q model (QUAREP-LiMi, Micro-Meta App).</p>
${joinHtml([...groups.values()].map((rows) => classTable(view, rows)), '\n')}
</section>`;
}
