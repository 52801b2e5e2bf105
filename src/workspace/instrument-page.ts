import { INSTRUMENT_STATUSES } from '../domain/index.js';
import type { PidRegistration } from '../minting/index.js';
import { html, timeElement } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { csrfField, errorSummary, inputField, selectField } from './form-controls.js';
import type { InstrumentLife, LifeVersion } from './instrument-life.js';
import type { Viewer } from './viewer.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** What the viewer may do with the instrument (see the router). */
export interface InstrumentActions {
  /** A member of the instance's facility (or the administrator): new version, status, restore. */
  readonly write: boolean;
  /** A manager of the facility (or the administrator): withdraw, mint, publish. */
  readonly manage: boolean;
  /** Minting is configured: the mint and publish buttons show. */
  readonly minting: boolean;
}

/** What the instrument page is drawn from. */
export interface InstrumentPageInput {
  readonly life: InstrumentLife;
  readonly viewer: Viewer;
  readonly actions: InstrumentActions;
  /** Local URL of a record's landing page (PidService.hrefOf). */
  readonly hrefOf: (iri: string) => string;
  /** What the last action did, in words (after POST-redirect-GET). */
  readonly done?: string | undefined;
  /** The status form's values and errors, when it is shown again (422). */
  readonly statusForm?: { readonly values: Readonly<Record<string, string>>; readonly errors: Readonly<Record<string, string>> } | undefined;
}

/** The words a done=… parameter stands for. */
export const DONE_MESSAGES: Readonly<Record<string, string>> = {
  version: 'The new configuration version is stored. The earlier versions are unchanged.',
  status: 'The status is saved.',
  minted: 'The PID is minted as a draft; publish it to make it findable.',
  published: 'The PID is published: it is findable at the registration agency.',
  restored: 'The earlier revision is restored as a new revision.',
};

/**
 * A PID's registration state in words: where it stands with the provider, when it last synced, and
 * what went wrong, if anything.
 * @param registration - the registration, or undefined when the PID is not registered here.
 * @returns the sentence.
 */
export function registrationText(registration: PidRegistration | undefined): Html {
  if (registration === undefined) return html`<span class="muted">not minted here</span>`;
  const state = registration.target === 'findable' ? 'findable' : registration.target === 'hidden' ? 'hidden (withdrawn)' : 'draft (not yet findable)';
  const provider = registration.provider === 'datacite' ? 'DataCite' : 'the Handle service';
  const sync = registration.sync === 'synced'
    ? html`registered with ${provider}, last synced ${timeElement(registration.updatedAt)}`
    : registration.sync === 'pending'
      ? html`waiting to be sent to ${provider}${registration.nextAttemptAt !== undefined && html` (next try ${timeElement(registration.nextAttemptAt)})`}`
      : html`${provider} refused the last update${registration.lastError !== undefined && html`: ${registration.lastError}`}${registration.sync === 'dead' && ' — an administrator must retry it (imaging-phd pid retry)'}`;
  return html`<strong>${registration.id}</strong> — ${state}; ${sync}`;
}

/**
 * The mint or publish button of a record, as the viewer may use it.
 * @param iri - the record.
 * @param registration - its registration, if any.
 * @param csrf - the session's CSRF token.
 * @returns the form, or nothing when there is nothing to do.
 */
function pidButtons(iri: string, registration: PidRegistration | undefined, csrf: string): Html | false {
  if (registration === undefined) {
    return html`<form method="post" action="${WORKSPACE_PATHS.mint}" class="inline">${csrfField(csrf)}<input type="hidden" name="iri" value="${iri}"><button type="submit" class="secondary">Mint a PID</button></form>`;
  }
  if (registration.target === 'draft') {
    return html`<form method="post" action="${WORKSPACE_PATHS.publish}" class="inline">${csrfField(csrf)}<input type="hidden" name="iri" value="${iri}"><button type="submit" class="secondary">Publish the PID</button></form>`;
  }
  return false;
}

function versionItem(version: LifeVersion, before: LifeVersion | undefined, input: InstrumentPageInput, inEffect: boolean): Html {
  const { actions, hrefOf, viewer } = input;
  const diff = before === undefined ? undefined : `/pid/${encodeURIComponent(before.iri)}/diff/${encodeURIComponent(version.iri)}`;
  return html`<li><h3>Version ${version.versionNumber}: ${version.label}${inEffect && html` <span class="tag">in effect today</span>`}</h3>
<p>Valid from ${version.validFrom === '' ? 'an unknown date' : timeElement(version.validFrom)}${version.validUntil === undefined ? ' on' : html` until ${timeElement(version.validUntil)}`}.</p>
${version.changeNote !== undefined && html`<p>Change note: ${version.changeNote}</p>`}
<p><a href="${hrefOf(version.iri)}">Landing page of version ${version.versionNumber}</a>${diff !== undefined && html` · <a href="${diff}">What changed since version ${before?.versionNumber ?? ''}</a>`}</p>
<p>PID: ${registrationText(version.registration)}</p>
${actions.manage && actions.minting && pidButtons(version.iri, version.registration, viewer.session.csrf)}</li>`;
}

/**
 * The status form: one of the five statuses of phd:instrumentStatus with the date it took effect,
 * and the commissioning and decommissioning dates.
 * @param input - the page input.
 * @returns the form.
 */
function statusForm(input: InstrumentPageInput): Html {
  const { life, viewer } = input;
  const values = input.statusForm?.values ?? {
    status: life.status?.label ?? '', since: life.statusSince ?? '', commissioned: life.commissioned ?? '', decommissioned: life.decommissioned ?? '',
  };
  const errors = input.statusForm?.errors ?? {};
  return html`<form method="post" action="${WORKSPACE_PATHS.status}" novalidate>
${errorSummary(errors)}${csrfField(viewer.session.csrf)}<input type="hidden" name="iri" value="${life.record.iri}"><input type="hidden" name="etag" value="${life.record.etag}">
${selectField({ name: 'status', label: 'Status', value: values.status, required: true, error: errors.status, choices: [{ value: '', label: '— choose —' }, ...INSTRUMENT_STATUSES.map((s) => ({ value: s.label, label: s.label }))] })}
${inputField({ name: 'since', label: 'Since', type: 'date', value: values.since, required: true, error: errors.since, hint: 'The date this status took effect.' })}
${inputField({ name: 'commissioned', label: 'Commissioned on', type: 'date', value: values.commissioned, error: errors.commissioned })}
${inputField({ name: 'decommissioned', label: 'Decommissioned on', type: 'date', value: values.decommissioned, error: errors.decommissioned, hint: 'Required with the status decommissioned.' })}
<button type="submit">Save status</button></form>`;
}

/**
 * The life of an instrument: its facts, status, PIDs, configuration versions as a timeline, and the
 * actions the viewer's role allows.
 * @param input - the instrument, the viewer and what they may do.
 * @returns the page's main content.
 */
export function instrumentPage(input: InstrumentPageInput): Html {
  const { life, actions, viewer } = input;
  const iri = life.record.iri;
  const facts: [string, Html | string][] = [
    ['Identifier', html`<a href="${input.hrefOf(iri)}">${iri}</a>`],
    ['Model', life.model === undefined ? 'not stated' : html`<a href="${input.hrefOf(life.model.iri)}">${life.model.name}</a>`],
    ['Facility', life.facility === undefined ? 'not stated' : html`<a href="${input.hrefOf(life.facility.iri)}">${life.facility.name}</a>`],
    ['Serial number', life.serial ?? 'not stated'],
    ['Status', life.status === undefined ? 'not stated' : html`${life.status.label}${life.statusSince !== undefined && html` since ${timeElement(life.statusSince)}`}`],
    ...(life.commissioned === undefined ? [] : [['Commissioned', timeElement(life.commissioned)] as [string, Html]]),
    ...(life.decommissioned === undefined ? [] : [['Decommissioned', timeElement(life.decommissioned)] as [string, Html]]),
    ['PID', registrationText(life.registration)],
  ];
  const versions = life.versions.map((v, i) => versionItem(v, life.versions[i - 1], input, v === life.inEffect));
  return html`<p class="eyebrow">Instrument</p><h1>${life.name}</h1>
${input.done !== undefined && html`<p class="notice" role="status">${input.done}</p>`}
<table class="kv"><tbody>${facts.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}</tbody></table>
${actions.manage && actions.minting && pidButtons(iri, life.registration, viewer.session.csrf)}
<h2>Configuration versions</h2>
${versions.length === 0 ? html`<p>No hardware configuration is registered yet. Upload a Micro-Meta App file to describe it.</p>` : html`<ol class="plain timeline">${versions}</ol>`}
${actions.write && life.latest !== undefined && html`<p><a class="button" href="${workspaceHref(WORKSPACE_PATHS.newVersion, { iri })}">Make a new configuration version</a></p>`}
${actions.write && html`<h2>Change the status</h2>${statusForm(input)}`}
<h2>History</h2>
<p><a href="${workspaceHref(WORKSPACE_PATHS.history, { iri })}">History of this instrument record</a>: who changed what, and when.</p>
${actions.manage && html`<h2>Withdraw</h2><p><a class="button secondary" href="${workspaceHref(WORKSPACE_PATHS.withdraw, { iri })}">Withdraw this instrument…</a></p>`}`;
}
