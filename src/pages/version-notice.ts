import type { LandingView } from '../pid/index.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';
import { timeElement } from './time-element.js';
import { versionTimeline } from './version-timeline.js';

/**
 * For a configuration page: which version this is and how long it was valid, with a warning when
 * it was withdrawn or superseded (and a link to the version that followed it).
 * @param view - the record's view model.
 * @returns the notice, or undefined for other records.
 */
export function versionNotice(view: LandingView): Html | undefined {
  if (view.kind !== 'configuration') return undefined;
  const timeline = versionTimeline(view.chain.configurations);
  const { versions, latest } = timeline;
  const self = versions.find((v) => v.iri === view.iri);
  if (self === undefined) return undefined;
  const name = timeline.nameOf(self);
  const period = html`${self.validFrom === undefined ? 'from an unknown date' : html`from ${timeElement(self.validFrom)}`}${self.validUntil === undefined ? '' : html` until ${timeElement(self.validUntil)}`}`;
  if (self.withdrawn) {
    return html`<p class="notice warn"><strong>Configuration ${name} was withdrawn.</strong> It stays resolvable so existing citations keep working; do not cite it for new data.</p>`;
  }
  if (latest !== undefined && latest !== self) {
    const next = versions[versions.indexOf(self) + 1] ?? latest;
    return html`<p class="notice warn"><strong>Configuration ${name}</strong>, valid ${period}. It was superseded by ${link(next.href, `configuration ${timeline.nameOf(next)}`)}; this version stays resolvable and unchanged, for the data acquired while it was in effect.</p>`;
  }
  return html`<p class="notice"><strong>Configuration ${name}</strong>, valid ${period}. This is the instrument's current hardware configuration.</p>`;
}
