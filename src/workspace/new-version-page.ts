import type { Quad } from 'n3';
import { NBOQ_NS, PHD, plainNumber, RDF, RDFS } from '../domain/index.js';
import { html, timeElement } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { componentFieldsets } from './component-form.js';
import { csrfField, errorSummary, inputField, textAreaField } from './form-controls.js';
import type { InstrumentLife, LifeVersion } from './instrument-life.js';
import type { Viewer } from './viewer.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** One component of the version in effect, as the form lists it. */
export interface ComponentSummaryRow {
  readonly iri: string;
  /** The NBO-Q class, in words (`Objective`, `Fluorescence light source laser`). */
  readonly kind: string;
  readonly label: string;
  /** Key values with their units (`561 nm`, `20 mW`, `63×`, `NA 1.4`, model). */
  readonly values: readonly string[];
}

/** Values shown for a component, in this order: the canonical doubles carry their unit in their name. */
const KEY_VALUES: readonly { readonly local: string; readonly show: (value: string) => string }[] = [
  { local: 'type', show: (v) => v },
  { local: 'peakWavelength_nm', show: (v) => `${plainNumber(v)} nm` },
  { local: 'wavelength_nm', show: (v) => `${plainNumber(v)} nm` },
  { local: 'illuminationPower_mW', show: (v) => `${plainNumber(v)} mW` },
  { local: 'magnification', show: (v) => `${plainNumber(v)}×` },
  { local: 'lensNA', show: (v) => `NA ${plainNumber(v)}` },
  { local: 'immersionType', show: (v) => `${v} immersion` },
  { local: 'coating', show: (v) => v },
  { local: 'manufacturer', show: (v) => v },
  { local: 'model', show: (v) => `model ${v}` },
];

/**
 * The components of a configuration version with their key values (nested nodes such as a laser's
 * wavelength range count as the component's).
 * @param version - the version with its graph.
 * @returns one row per component, by kind then label.
 */
export function componentSummaries(version: { readonly iri: string; readonly quads: readonly Quad[] }): ComponentSummaryRow[] {
  const { quads } = version;
  const components = quads.filter((q) => q.subject.value === version.iri && q.predicate.value === PHD.hasComponent).map((q) => q.object.value);
  return components.map((iri) => {
    const own = quads.filter((q) => q.subject.value === iri || q.subject.value.startsWith(`${iri}/`));
    const cls = own.find((q) => q.subject.value === iri && q.predicate.value === RDF.type && q.object.value.startsWith(NBOQ_NS))?.object.value ?? '';
    const values = KEY_VALUES.flatMap(({ local, show }) => own.filter((q) => q.predicate.value === `${NBOQ_NS}${local}`).map((q) => show(q.object.value)));
    return {
      iri,
      kind: cls.slice(NBOQ_NS.length).replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2') || 'component',
      label: own.find((q) => q.subject.value === iri && q.predicate.value === RDFS.label)?.object.value ?? iri.slice(iri.lastIndexOf('/') + 1),
      values,
    };
  }).sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
}

/** What the new-version form is drawn from. */
export interface NewVersionPageInput {
  readonly life: InstrumentLife;
  /** The version the new one starts from: the latest, which it revises (a planned one when it exists). */
  readonly base: LifeVersion;
  readonly viewer: Viewer;
  /** The submitted values (fields named as in the form), or empty for a first view. */
  readonly values: Readonly<Record<string, string>>;
  /** The component IRIs ticked "remove". */
  readonly removed: readonly string[];
  readonly errors: Readonly<Record<string, string>>;
}

/**
 * The form of a new configuration version: the components of the version in effect with "remove"
 * boxes, fieldsets to add a laser, an objective, a detector or a filter, the new version's name,
 * valid-from date and change note.
 * @param input - the instrument, the base version, the values and errors.
 * @returns the page's main content.
 */
export function newVersionPage(input: NewVersionPageInput): Html {
  const { life, base, viewer, values, errors } = input;
  const rows = componentSummaries(base);
  const latest = life.latest ?? base;
  const dated = base.validFrom === '' ? 'an unknown date' : base.validFrom;
  // The latest version is planned when it is not the one in effect today: say that the new one continues from it.
  const planned = life.inEffect?.iri !== base.iri;
  return html`<p class="eyebrow"><a href="${workspaceHref(WORKSPACE_PATHS.instrument, { iri: life.record.iri })}">${life.name}</a></p>
<h1>New configuration version</h1>
${planned
    ? html`<p class="notice">Version ${base.versionNumber}, valid from ${dated}, is planned; the new version continues from it.${life.inEffect !== undefined && html` Version ${life.inEffect.versionNumber} (${life.inEffect.label}) is the one in effect today.`}</p>
<p class="lead">The new version starts from version ${base.versionNumber} (${base.label}), with everything it adds or removes.`
    : html`<p class="lead">The new version starts from version ${base.versionNumber} (${base.label}), in effect since ${base.validFrom === '' ? 'an unknown date' : timeElement(base.validFrom)}.`} Version ${base.versionNumber} itself does not change: a published configuration is immutable, and the new one is stored beside it with its own PID and landing page.</p>
<form method="post" action="${workspaceHref(WORKSPACE_PATHS.newVersion, { iri: life.record.iri })}" novalidate>
${errorSummary(errors)}${csrfField(viewer.session.csrf)}
<fieldset><legend>Components of version ${base.versionNumber}</legend>
<p class="hint">Tick the parts that are no longer on the instrument.</p>
<ul class="plain">${rows.map((row, i) => html`<li><input type="checkbox" id="remove-${i}" name="remove" value="${row.iri}"${input.removed.includes(row.iri) && ' checked'}> <label for="remove-${i}">Remove <strong>${row.label}</strong> <span class="muted">(${row.kind}${row.values.length > 0 && html`: ${row.values.join(', ')}`})</span></label></li>`)}</ul>
</fieldset>
<h2>Add components</h2>
<p class="hint">Fill in a fieldset to add that part; leave it empty to add none. Every field but power and bandwidth is needed for a part you add.</p>
${componentFieldsets(values, errors)}
<h2>The new version</h2>
${inputField({ name: 'label', label: 'Name of the new version', value: values.label ?? base.label, required: true, error: errors.label, hint: 'How the set-up is called, e.g. "SP8 confocal, 2026 set-up (561 nm laser added)".' })}
${inputField({ name: 'validFrom', label: 'Valid from', type: 'date', value: values.validFrom ?? '', required: true, error: errors.validFrom, hint: `The day the hardware changed; after ${latest.validFrom === '' ? 'the latest version' : latest.validFrom}, the date of version ${latest.versionNumber}.` })}
${textAreaField({ name: 'changeNote', label: 'Change note', value: values.changeNote ?? '', required: true, error: errors.changeNote, hint: 'What changed and why, in a sentence: it is kept with the version.' })}
<button type="submit">Store the new version</button></form>`;
}
