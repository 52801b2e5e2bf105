import type { PidRegistration, ProviderName } from '../minting/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { timeElement } from './time-element.js';

/** The providers' names in a sentence. */
const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = { datacite: 'DataCite', handle: 'the handle server' };

/** The one-word state a page shows and the sentence that explains it. */
interface StateText {
  readonly label: string;
  readonly warn: boolean;
  readonly explanation: Html;
}

/** What a registration's state means to a reader: a failure first, then a pending push, then the target reached. */
function stateText(registration: PidRegistration): StateText {
  const provider = PROVIDER_LABELS[registration.provider];
  const error = registration.lastError ?? 'no message';
  // The CLI reads a bare DOI as a DOI but wants a handle written with its scheme.
  const retry = html`<code>imaging-phd pid retry ${registration.provider === 'handle' ? `hdl:${registration.id}` : registration.id}</code>`;
  switch (registration.sync) {
    case 'failed':
      return { label: 'Sync failed', warn: true, explanation: html`${provider} refused the last update: “${error}”. It is sent again after the next change to this record, or with ${retry}.` };
    case 'dead':
      return { label: 'Sync stopped', warn: true, explanation: html`${registration.attempts} tries to reach ${provider} failed; the last with “${error}”. It is not tried again until an operator runs ${retry}.` };
    case 'pending': {
      const tries = registration.attempts === 0 ? '' : html` ${registration.attempts} tries failed so far${registration.nextAttemptAt === undefined ? '' : html`; the next is due ${timeElement(registration.nextAttemptAt)}`}.`;
      return { label: 'Sync pending', warn: false, explanation: html`The latest state of this record has not reached ${provider} yet.${tries}` };
    }
    case 'synced':
      break;
  }
  switch (registration.target) {
    case 'draft':
      return registration.provider === 'handle'
        ? { label: 'Registered', warn: false, explanation: html`The handle is registered and resolves to this page; the record is not published yet.` }
        : { label: 'Draft', warn: false, explanation: html`The DOI is reserved at DataCite; it resolves and is findable once the record is published.` };
    case 'findable':
      return { label: 'Findable', warn: false, explanation: html`Registered with ${provider} and findable; it resolves to this page.` };
    case 'hidden':
      return { label: 'Hidden', warn: false, explanation: html`The record was withdrawn: the PID stays registered with ${provider} and resolves to this page, but is no longer findable.` };
  }
}

/**
 * The registration state of the record's PID: draft, findable or hidden, or sync pending, failed
 * (with the provider's message) or stopped after too many tries. Shown to every reader: it holds
 * nothing secret (the record is public, the provider's message is about its metadata, and no
 * credential ever reaches a registration), and a curator opens the page in a browser, which sends
 * no token.
 * @param registration - the PID's registration, when the service registers one for this record.
 * @returns the section, or undefined without a registration.
 */
export function pidStateSection(registration: PidRegistration | undefined): Html | undefined {
  if (registration === undefined) return undefined;
  const state = stateText(registration);
  const confirmed = registration.providerState ?? 'not confirmed yet';
  const rows = [
    html`<tr><th scope="row">PID</th><td><code>${registration.id}</code></td></tr>`,
    html`<tr><th scope="row">Registered with</th><td>${registration.provider === 'datacite' ? 'DataCite' : 'Handle server'}</td></tr>`,
    html`<tr><th scope="row">State at the provider</th><td>${confirmed}</td></tr>`,
    html`<tr><th scope="row">Last change</th><td>${timeElement(registration.updatedAt)}</td></tr>`,
  ];
  return html`<section aria-labelledby="registration">
<h2 id="registration">Registration</h2>
<p class="${state.warn ? 'notice warn' : 'notice'}"><strong>${state.label}.</strong> ${state.explanation}</p>
<table class="kv"><tbody>
${joinHtml(rows, '\n')}
</tbody></table>
</section>`;
}
