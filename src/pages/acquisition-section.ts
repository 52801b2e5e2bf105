import type { AppliedSettings, LandingView, UsedComponent } from '../pid/index.js';
import { capitalize } from './capitalize.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { link } from './link.js';

/** A used component: a link to its row on its configuration's page, with its class; plain text when it has no page. */
function usedComponent(component: UsedComponent): Html {
  const name = component.href === undefined ? html`${component.label}` : link(component.href, component.label);
  return component.classLabel === undefined ? name : html`${name} <span class="muted">(${component.classLabel})</span>`;
}

/** `name: value` lines of settings values. */
function settingValues(values: AppliedSettings['values']): Html[] {
  return values.map((v) => html`<span class="muted">${v.name}:</span> ${v.value}`);
}

/** A table cell of lines, a dash when there are none. */
function linesCell(lines: readonly Html[]): Html {
  return lines.length === 0 ? html`<td class="muted">—</td>` : html`<td>${joinHtml(lines, '<br>')}</td>`;
}

/** A table cell listing settings nodes: each one's components, then its values, one per line. */
function settingsCell(settings: readonly AppliedSettings[]): Html {
  return linesCell(settings.flatMap((s) => [...s.components.map(usedComponent), ...settingValues(s.values)]));
}

/** An optional text as a table cell, a dash when absent. */
function textCell(text: string | undefined): Html {
  return text === undefined ? html`<td class="muted">—</td>` : html`<td>${text}</td>`;
}

/**
 * NBO-Q illumination types use `_` between the levels of their hierarchy
 * (`Confocal_Fluorescence_spinning disk`); spaces read better and the value stays recognisable.
 */
function enumerationText(value: string): string {
  return value.replace(/_/g, ' ').trim();
}

/**
 * A dataset's "Acquisition settings" section: the objective settings as a key–value table, and
 * one row per channel with its fluorophore, wavelengths, light source, detector, light path and
 * illumination. Hardware links lead to the component's row on its configuration's page.
 * @param view - the record's view model.
 * @returns the section, or undefined when the record has no acquisition settings.
 */
export function acquisitionSection(view: LandingView): Html | undefined {
  const acquisition = view.acquisition;
  if (acquisition === undefined || (acquisition.objective === undefined && acquisition.channels.length === 0)) return undefined;
  const parts: Html[] = [];
  const objective = acquisition.objective;
  if (objective !== undefined) {
    const rows = [
      html`<tr><th scope="row">Objective</th>${linesCell(objective.components.map(usedComponent))}</tr>`,
      ...objective.values.map((v) => html`<tr><th scope="row">${capitalize(v.name)}</th><td>${v.value}</td></tr>`),
    ];
    parts.push(html`<h3 id="acquisition-objective">Objective settings</h3>
<table class="kv"><tbody>
${joinHtml(rows, '\n')}
</tbody></table>`);
  }
  if (acquisition.channels.length > 0) {
    const head = ['Channel', 'Fluorophore', 'Excitation', 'Emission', 'Light source', 'Detector', 'Filter set and light path', 'Illumination / contrast']
      .map((h) => html`<th scope="col">${h}</th>`);
    const body = acquisition.channels.map((channel) => {
      const illumination = [
        ...(channel.illuminationType === undefined ? [] : [html`${enumerationText(channel.illuminationType)}`]),
        ...(channel.contrastMethod === undefined ? [] : [html`<span class="muted">contrast:</span> ${enumerationText(channel.contrastMethod)}`]),
      ];
      const name = channel.number === undefined ? html`${channel.name}` : html`${channel.name} <span class="muted">(${channel.number})</span>`;
      const cells = [
        textCell(channel.fluorophore), textCell(channel.excitation), textCell(channel.emission), settingsCell(channel.lightSources),
        settingsCell(channel.detectors), linesCell(channel.lightPath.map(usedComponent)), linesCell(illumination),
      ];
      return html`<tr><th scope="row">${name}</th>${cells}</tr>`;
    });
    parts.push(html`<h3 id="acquisition-channels">Channels <span class="muted">(${acquisition.channels.length})</span></h3>
<div class="scroll" role="region" aria-labelledby="acquisition-channels" tabindex="0"><table>
<caption>One row per channel, in channel order. Wavelengths in nanometres; hardware links lead to the component on its configuration’s page.</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(body, '\n')}
</tbody></table></div>`);
  }
  const configuration = view.chain.current;
  const on = configuration !== undefined && html`, on the hardware of configuration ${link(configuration.href, configuration.label)}`;
  return html`<section aria-labelledby="acquisition">
<h2 id="acquisition">Acquisition settings</h2>
<p>How this dataset was acquired, as recorded with it${on}.</p>
${joinHtml(parts, '\n')}
</section>`;
}
