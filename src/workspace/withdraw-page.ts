import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import type { RecordMeta } from '../store/index.js';
import { csrfField, errorSummary, textAreaField } from './form-controls.js';
import type { Viewer } from './viewer.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** What the withdraw page is drawn from. */
export interface WithdrawPageInput {
  readonly record: RecordMeta;
  readonly name: string;
  readonly viewer: Viewer;
  /** Whether the record's PID is registered with a provider (then it is hidden there). */
  readonly minted: boolean;
  readonly reason: string;
  readonly errors: Readonly<Record<string, string>>;
}

/**
 * The confirmation page of a withdrawal: what withdrawing means (a tombstone; the PID keeps
 * resolving, to a page saying it was withdrawn and why; hidden at DataCite when minted), and the
 * reason, which is required and kept.
 * @param input - the record, the viewer, the reason and errors.
 * @returns the page's main content.
 */
export function withdrawPage(input: WithdrawPageInput): Html {
  const { record, viewer, errors } = input;
  const back = record.kind === 'instance' ? workspaceHref(WORKSPACE_PATHS.instrument, { iri: record.iri }) : workspaceHref(WORKSPACE_PATHS.history, { iri: record.iri });
  return html`<p class="eyebrow">Withdraw</p><h1>Withdraw ${input.name}?</h1>
<div class="notice warn"><p>Withdrawing leaves a <strong>tombstone</strong>:</p><ul>
<li>the record's data is no longer served or searchable, and it cannot be written again;</li>
<li>its identifier keeps resolving, to a page that says it was withdrawn, when, and the reason you give here;</li>
${input.minted && html`<li>its PID stays registered but is <strong>hidden</strong> at the registration agency (no longer findable);</li>`}
<li>its history stays available. Only the administrator can restore a withdrawn record.</li></ul></div>
<form method="post" action="${WORKSPACE_PATHS.withdraw}" novalidate>
${errorSummary(errors)}${csrfField(viewer.session.csrf)}<input type="hidden" name="iri" value="${record.iri}"><input type="hidden" name="etag" value="${record.etag}">
${textAreaField({ name: 'reason', label: 'Reason', value: input.reason, required: true, error: errors.reason, hint: 'Shown on the tombstone page, e.g. "Registered twice; see the other record".' })}
<button type="submit" class="danger">Withdraw</button> <a href="${back}">Cancel</a></form>`;
}
