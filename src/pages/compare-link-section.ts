import { compareHref, SITE_PATHS } from '../domain/index.js';
import type { LandingView } from '../pid/index.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/**
 * The "Compare" section of a configuration or instrument page: a link comparing this
 * configuration with its instrument's previous version (for an instrument, its two latest
 * versions), and a way to pick other instruments to compare with through search.
 * @param view - the record's view model.
 * @returns the section, or undefined for records that are no configuration or instance.
 */
export function compareLinkSection(view: LandingView): Html | undefined {
  if (view.kind !== 'configuration' && view.kind !== 'instance') return undefined;
  const versions = view.chain.configurations.filter((v) => !v.withdrawn);
  const at = view.kind === 'configuration' ? versions.findIndex((v) => v.iri === view.iri) : versions.length - 1;
  const current = versions[at];
  const previous = at > 0 ? versions[at - 1] : undefined;
  const withPrevious = current !== undefined && previous !== undefined
    && html`<li>${link(compareHref([previous.iri, current.iri]), `Compare ${view.kind === 'instance' ? 'the current configuration' : 'this configuration'} with the previous version`)}${previous.validFrom !== undefined && html` <span class="muted">(valid from ${previous.validFrom})</span>`}</li>`;
  const target = view.kind === 'instance' ? 'this instrument' : 'this configuration';
  return html`<section aria-labelledby="compare">
<h2 id="compare">Compare</h2>
<ul class="plain">
${withPrevious}<li>${link(`${SITE_PATHS.search}?type=instrument&type=configuration`, 'Pick instruments to compare with in search')} <span class="muted">(tick ${target} and others, then “Compare selected”)</span></li>
</ul>
</section>`;
}
