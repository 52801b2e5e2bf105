import type { LandingView } from '../pid/index.js';
import type { LinkedResource } from '../pid/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';
import { plural } from './plural.js';
import { timeElement } from './time-element.js';
import { versionChanges, versionTimeline } from './version-timeline.js';

/**
 * The "Place in the chain" section: the diagram, and the chain as an ordered list of links
 * (readable without the SVG, and by screen readers) — organization, facility, model, instance,
 * the configuration versions in time order, and counts of datasets and publications.
 * @param view - the record's view model.
 * @param diagram - the chain diagram, when there is one.
 * @returns the section, or undefined when there is nothing to show.
 */
export function chainSection(view: LandingView, diagram: Html | undefined): Html | undefined {
  const { chain } = view;
  const item = (step: string, body: Html): Html => html`<li><span class="step">${step}</span><div>${body}</div></li>`;
  const resource = (r: LinkedResource): Html => {
    const self = r.iri === view.iri;
    return html`${link(r.href, r.label, self ? html` aria-current="page"` : undefined)}${self && html` <span class="tag accent">this record</span>`}`;
  };
  const items: Html[] = [];
  if (chain.organization !== undefined) items.push(item('Organization', resource(chain.organization)));
  if (chain.facility !== undefined) items.push(item('Facility', resource(chain.facility)));
  if (chain.model !== undefined) items.push(item('Instrument model', resource(chain.model)));
  if (chain.instance !== undefined) items.push(item('Instrument instance', resource(chain.instance)));
  const timeline = versionTimeline(chain.configurations);
  if (timeline.versions.length > 0) {
    const currentIri = chain.current?.iri ?? view.iri;
    const rows = timeline.versions.map((v) => {
      const isCurrent = v.iri === currentIri;
      const period = html`${v.validFrom === undefined ? 'undated' : html`from ${timeElement(v.validFrom)}`}${v.validUntil === undefined ? '' : html` until ${timeElement(v.validUntil)}`}`;
      const tags = [
        isCurrent ? html`<span class="tag accent">${view.iri === v.iri ? 'this page' : 'used here'}</span>` : undefined,
        v === timeline.latest ? html`<span class="tag">latest</span>` : undefined,
        v.withdrawn ? html`<span class="tag">withdrawn</span>` : undefined,
      ].filter((t) => t !== undefined);
      return html`<li${isCurrent && html` class="current"`}>${link(v.href, `${timeline.nameOf(v)} — ${v.label}`, isCurrent ? html` aria-current="page"` : undefined)} <span class="muted">${period}</span>${tags.length > 0 && html` ${joinHtml(tags, ' ')}`}${versionChanges(v, timeline)}</li>`;
    });
    items.push(item('Configuration versions', html`<ol class="versions">\n${joinHtml(rows, '\n')}\n</ol>`));
  } else if (chain.current !== undefined) {
    items.push(item('Configuration', resource(chain.current)));
  }
  if (view.datasets.length > 0) {
    items.push(item('Datasets', html`<a href="#datasets">${plural(view.datasets.length, 'dataset')}</a> acquired with it`));
  }
  if (view.publications.length > 0) {
    items.push(item('Publications', html`<a href="#publications">${plural(view.publications.length, 'publication')}</a> citing it`));
  }
  if (items.length === 0 && diagram === undefined) return undefined;
  return html`<section aria-labelledby="chain">
<h2 id="chain">Place in the chain</h2>
${diagram !== undefined && html`<figure class="diagram">${diagram}<figcaption>Facility, model and instance, and the instance’s hardware configurations by the date each took effect. The highlighted box is the configuration this page is about; every box is a link.</figcaption></figure>`}
<nav aria-label="Chain of records"><ol class="chain">
${joinHtml(items, '\n')}
</ol></nav>
</section>`;
}
