import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';

/** The longest name, label or one-line value a form takes (characters). */
export const MAX_LINE = 300;

/** The longest free text a form takes (characters). */
export const MAX_TEXT = 5000;

/** One text-like input with its label, hint and error, as every workspace form draws it. */
export interface FieldOptions {
  /** The form field's name (also the element id, prefixed `f-`). */
  readonly name: string;
  readonly label: string;
  readonly value?: string | undefined;
  readonly type?: 'text' | 'url' | 'date' | 'number' | 'password' | 'file';
  readonly required?: boolean;
  /** A line under the label: what to write, an example. */
  readonly hint?: string | undefined;
  /** What is wrong with the value, in words; marks the field invalid. */
  readonly error?: string | undefined;
  /** For number fields: the step (default `any`). */
  readonly step?: string;
  readonly autocomplete?: string;
  /** For file fields: the accepted types. */
  readonly accept?: string;
  /** The most characters the field takes (the server checks it too). */
  readonly maxlength?: number | undefined;
}

function describedBy(options: { name: string; hint?: string | undefined; error?: string | undefined }): string | undefined {
  const ids = [options.hint === undefined ? undefined : `f-${options.name}-hint`, options.error === undefined ? undefined : `f-${options.name}-error`].filter((id) => id !== undefined);
  return ids.length === 0 ? undefined : ids.join(' ');
}

function fieldNotes(options: { name: string; hint?: string | undefined; error?: string | undefined }): Html {
  return html`${options.hint !== undefined && html`<span class="hint" id="f-${options.name}-hint">${options.hint}</span>`}${options.error !== undefined && html`<span class="field-error" id="f-${options.name}-error">${options.error}</span>`}`;
}

/**
 * A labelled input. The label is tied to the input (`for`/`id`), the hint and the error are read
 * with it (`aria-describedby`), an error sets `aria-invalid`.
 * @param options - name, label, value, type, hint, error.
 * @returns the field's markup.
 */
export function inputField(options: FieldOptions): Html {
  const type = options.type ?? 'text';
  const described = describedBy(options);
  return html`<div class="field${options.error === undefined ? '' : ' invalid'}"><label for="f-${options.name}">${options.label}${options.required === true ? '' : html` <span class="hint-inline">(optional)</span>`}</label>${fieldNotes(options)}<input type="${type}" id="f-${options.name}" name="${options.name}"${type === 'file' ? '' : html` value="${options.value ?? ''}"`}${options.required === true && html` required`}${type === 'number' && html` step="${options.step ?? 'any'}"`}${options.accept !== undefined && html` accept="${options.accept}"`}${options.autocomplete !== undefined && html` autocomplete="${options.autocomplete}"`}${options.maxlength !== undefined && html` maxlength="${String(options.maxlength)}"`}${described !== undefined && html` aria-describedby="${described}"`}${options.error !== undefined && html` aria-invalid="true"`}></div>`;
}

/** A labelled multi-line text field. */
export function textAreaField(options: Omit<FieldOptions, 'type' | 'step' | 'accept'>): Html {
  const described = describedBy(options);
  return html`<div class="field${options.error === undefined ? '' : ' invalid'}"><label for="f-${options.name}">${options.label}${options.required === true ? '' : html` <span class="hint-inline">(optional)</span>`}</label>${fieldNotes(options)}<textarea id="f-${options.name}" name="${options.name}"${options.required === true && html` required`}${options.maxlength !== undefined && html` maxlength="${String(options.maxlength)}"`}${described !== undefined && html` aria-describedby="${described}"`}${options.error !== undefined && html` aria-invalid="true"`}>${options.value ?? ''}</textarea></div>`;
}

/** A labelled choice among fixed options. */
export function selectField(options: Omit<FieldOptions, 'type' | 'step' | 'accept'> & { readonly choices: readonly { readonly value: string; readonly label: string }[] }): Html {
  const described = describedBy(options);
  const choices = options.choices.map((c) => html`<option value="${c.value}"${c.value === options.value && html` selected`}>${c.label}</option>`);
  return html`<div class="field${options.error === undefined ? '' : ' invalid'}"><label for="f-${options.name}">${options.label}${options.required === true ? '' : html` <span class="hint-inline">(optional)</span>`}</label>${fieldNotes(options)}<select id="f-${options.name}" name="${options.name}"${options.required === true && html` required`}${described !== undefined && html` aria-describedby="${described}"`}${options.error !== undefined && html` aria-invalid="true"`}>${choices}</select></div>`;
}

/**
 * The CSRF field every workspace form carries (checked by the session layer on every POST).
 * @param csrf - the session's CSRF token (`viewer.session.csrf`).
 * @returns the hidden input.
 */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/**
 * The summary of a form's errors, first in the form, focusable and announced (`role=alert`), each
 * linking to its field.
 * @param errors - field name → what is wrong; a key `''` is an error of the whole form.
 * @returns the summary, or nothing without errors.
 */
export function errorSummary(errors: Readonly<Record<string, string>>): Html | false {
  const entries = Object.entries(errors);
  if (entries.length === 0) return false;
  const items = entries.map(([field, message]) => html`<li>${field === '' ? message : html`<a href="#f-${field}">${message}</a>`}</li>`);
  return html`<div class="error" role="alert" tabindex="-1" id="form-errors"><h2>${entries.length === 1 ? 'There is a problem' : `There are ${entries.length} problems`}</h2><ul>${items}</ul></div>`;
}
