import { html } from '../pages/index.js';
import { csrfField, errorSummary, inputField, selectField } from './form-controls.js';
import type { Viewer } from './viewer.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** The values of the upload form, as sent (kept when the form is shown again with errors). */
export interface UploadFormValues {
  readonly instance?: string | undefined;
  readonly format?: string | undefined;
  readonly validFrom?: string | undefined;
  readonly acquiredOn?: string | undefined;
}

/** What the upload page shows. */
export interface UploadPageParts {
  readonly viewer: Viewer;
  /** The instruments the viewer's teams may upload for: IRI and name. */
  readonly instances: readonly { readonly iri: string; readonly label: string }[];
  readonly values: UploadFormValues;
  /** Field name → what is wrong, in words (`''`: about the whole upload). */
  readonly errors: Readonly<Record<string, string>>;
}

/** The formats, as the `format` field's values name them. */
export const UPLOAD_FORMATS = [
  { value: 'micrometa', label: 'Micro-Meta App microscope file (JSON)' },
  { value: 'ome-xml', label: 'OME-XML header (OME-TIFF header, .ome.xml)' },
] as const;

/**
 * The upload form (`multipart/form-data`): the instrument, the format, the dates, the file.
 * Fields: `instance`, `format` (`micrometa` | `ome-xml`), `validFrom`, `acquiredOn`, `file`; the
 * button "Preview". Nothing is stored by sending it: the preview comes first.
 * @param parts - viewer, instruments, values, errors.
 * @returns the page.
 */
export function uploadPage(parts: UploadPageParts): string {
  const { values, errors } = parts;
  const choices = [{ value: '', label: parts.instances.length === 0 ? 'No instrument registered for your teams yet' : 'Choose an instrument' }, ...parts.instances.map((i) => ({ value: i.iri, label: i.label }))];
  const main = html`<h1>Upload a file</h1>
<p>Upload a Micro-Meta App microscope file or the OME-XML header of an image. Nothing is stored yet: the next page shows what would be stored — the configuration and its components, what to fix, the changes from the version in effect — and you confirm it there.</p>
${errorSummary(errors)}
<form method="post" action="${WORKSPACE_PATHS.upload}" enctype="multipart/form-data">
${csrfField(parts.viewer.session.csrf)}
${selectField({ name: 'instance', label: 'Instrument', required: true, value: values.instance, choices, hint: 'The instrument instance the file describes, or whose images the header belongs to.', error: errors.instance })}
${selectField({ name: 'format', label: 'Format', required: true, value: values.format ?? 'micrometa', choices: UPLOAD_FORMATS, error: errors.format })}
${inputField({ name: 'validFrom', label: 'Valid from', type: 'date', value: values.validFrom, hint: 'Micro-Meta App files: the day this hardware came into use (default: today).', error: errors.validFrom })}
${inputField({ name: 'acquiredOn', label: 'Acquired on', type: 'date', value: values.acquiredOn, hint: 'OME-XML headers: the acquisition date of images that do not carry one.', error: errors.acquiredOn })}
${inputField({ name: 'file', label: 'File', type: 'file', required: true, accept: '.json,.xml,.ome,application/json,application/xml,text/xml', error: errors.file ?? errors[''] })}
<p><button type="submit">Preview</button></p>
</form>`;
  return workspacePage({ title: 'Upload a file', viewer: parts.viewer, main });
}
