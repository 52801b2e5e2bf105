import type { RecordKind } from '../domain/index.js';
import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { csrfField, errorSummary, inputField, MAX_LINE, MAX_TEXT, selectField, textAreaField } from './form-controls.js';
import type { FormErrors, FormField, RecordForm } from './form-graph.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** A registered record offered in a list or a select. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** The steps of the guided flow, in the order things depend on each other. */
export const FLOW_STEPS = ['organization', 'facility', 'model', 'instance', 'configuration'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];

/** Each step's title in the step list. */
const STEP_TITLES: Readonly<Record<FlowStep, string>> = {
  organization: '1. Organization',
  facility: '2. Facility',
  model: '3. Instrument model',
  instance: '4. Instrument',
  configuration: '5. Hardware configuration',
};

/** Each kind with its article, for "Register … first". */
const WITH_ARTICLE: Readonly<Record<RecordKind, string>> = {
  organization: 'an organization', facility: 'a facility', model: 'an instrument model', instance: 'an instrument',
  configuration: 'a hardware configuration', dataset: 'a dataset', publication: 'a publication', person: 'a person',
};

/** What a record form shows. */
export interface RecordFormView {
  readonly form: RecordForm;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: FormErrors;
  readonly action: string;
  readonly csrf: string;
  /** The registered records of each kind a field chooses among. */
  readonly choices: Partial<Record<RecordKind, readonly Choice[]>>;
  /** The record's IRI when editing it (its identity fields are then shown, not edited). */
  readonly editing?: string | undefined;
  /** The button's words. */
  readonly submit: string;
  /** Values carried along (the flow's preselections, the record's ETag). */
  readonly hidden?: Readonly<Record<string, string | undefined>>;
  /** The teams the person may act for, when more than one (shared records belong to one). */
  readonly teams?: readonly Choice[];
  readonly team?: string | undefined;
}

/** Where a kind is registered, for "register it first" hints. */
function registerHrefOf(kind: RecordKind): string | undefined {
  if ((FLOW_STEPS as readonly string[]).includes(kind)) return `${WORKSPACE_PATHS.register}/${kind}`;
  if (kind === 'person' || kind === 'dataset') return workspaceHref(WORKSPACE_PATHS.create, { kind });
  return undefined;
}

function fieldMarkup(field: FormField, view: RecordFormView): Html {
  const value = view.values[field.name] ?? '';
  const error = view.errors[field.name];
  const common = { name: field.name, label: field.label, value, required: field.required === true, hint: field.hint, error };
  // A record's name cannot change through its form — except the RRID a facility named here gets later.
  if (view.editing !== undefined && field.identity === true && !(field.name === 'rrid' && view.form.kind === 'facility' && value === '')) {
    return html`<div class="field"><span class="label">${field.label}</span> <span id="f-${field.name}">${value === '' ? 'named by this service' : value}</span><input type="hidden" name="${field.name}" value="${value}"></div>`;
  }
  switch (field.type) {
    case 'textarea':
    case 'records':
      return textAreaField({ ...common, maxlength: MAX_TEXT });
    case 'select':
      return selectField({ ...common, choices: field.choices ?? [] });
    case 'record': {
      const kind = field.kind ?? 'organization';
      const registered = view.choices[kind] ?? [];
      const choices = [{ value: '', label: registered.length === 0 ? `none registered yet` : `choose…` }, ...registered];
      if (value !== '' && !registered.some((c) => c.value === value)) choices.push({ value, label: value });
      const href = registerHrefOf(kind);
      const hint = registered.length === 0 && href !== undefined ? `${field.hint ?? ''} Nothing is registered yet: register it first.`.trim() : field.hint;
      return html`${selectField({ ...common, hint, choices })}${registered.length === 0 && href !== undefined && html`<p class="hint"><a href="${href}">Register ${WITH_ARTICLE[kind]} first</a></p>`}`;
    }
    default:
      return inputField({ ...common, type: field.type, maxlength: MAX_LINE });
  }
}

/**
 * A record kind's form: the error summary first, each field with its label, hint and error.
 * @param view - the form, its values and errors, where it posts.
 * @returns the form's markup.
 */
export function recordFormMarkup(view: RecordFormView): Html {
  const hidden = Object.entries(view.hidden ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  const teams = view.teams !== undefined && view.teams.length > 1
    ? selectField({ name: 'team', label: 'Acting for the team of', value: view.team, required: view.teams[0]?.value !== '', choices: view.teams, hint: 'The team that may change this shared record later.', error: view.errors.team })
    : false;
  // Offered once a record of the same name exists: a second one is registered only on purpose.
  const duplicate = view.errors.allowDuplicateName !== undefined
    ? html`<div class="field invalid"><span class="field-error" id="f-allowDuplicateName-error">${view.errors.allowDuplicateName}</span><label><input type="checkbox" id="f-allowDuplicateName" name="allowDuplicateName" value="on" aria-describedby="f-allowDuplicateName-error"> Register another with the same name</label></div>`
    : false;
  return html`<form method="post" action="${view.action}" class="record-form" novalidate>${csrfField(view.csrf)}${hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}${errorSummary(view.errors)}${view.form.fields.map((f) => fieldMarkup(f, view))}${duplicate}${teams}<button type="submit">${view.submit}</button></form>`;
}

/**
 * The step list on top of the flow.
 * @param current - the step shown.
 * @param carry - the preselections carried from step to step.
 * @returns the list.
 */
export function stepList(current: FlowStep, carry: Readonly<Record<string, string | undefined>>): Html {
  return html`<nav aria-label="Registration steps"><ol class="steps">${FLOW_STEPS.map((step) => html`<li${step === current && html` aria-current="step"`}><a href="${workspaceHref(`${WORKSPACE_PATHS.register}/${step}`, carry)}">${STEP_TITLES[step]}</a></li>`)}</ol></nav>`;
}

/**
 * The records already registered at a step, each with a "Use this" link to the next step.
 * @param noun - the kind in words.
 * @param records - the records.
 * @param use - the next step's address with a record preselected.
 * @returns the section.
 */
export function registeredList(noun: string, records: readonly Choice[], use: ((iri: string) => string) | undefined): Html {
  const items = records.map((r) => html`<li><strong>${r.label}</strong> <code>${r.value}</code> <a href="${workspaceHref(WORKSPACE_PATHS.edit, { iri: r.value })}">Edit<span class="visually-hidden"> ${r.label}</span></a>${use !== undefined && html` <a class="button secondary" href="${use(r.value)}">Use this<span class="visually-hidden"> ${noun}: ${r.label}</span></a>`}</li>`);
  return html`<section aria-labelledby="registered-h"><h2 id="registered-h">Registered ${noun === 'facility' ? 'facilities' : `${noun}s`}</h2>${records.length === 0 ? html`<p>No ${noun} is registered here yet.</p>` : html`<ul class="registered">${items}</ul>`}</section>`;
}

/**
 * The title of a step.
 * @param step - the step.
 * @returns its title.
 */
export function stepTitle(step: FlowStep): string {
  return STEP_TITLES[step];
}
