import type { Person } from '../accounts/index.js';
import { TEAM_ROLES } from '../domain/index.js';
import { html, timeElement } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import type { FacilityName } from './facility-names.js';
import { csrfField, errorSummary, inputField, selectField } from './form-controls.js';
import type { Viewer } from './viewer.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** A person as the people page lists them. */
export interface PersonRow {
  readonly person: Person;
  /** Their teams: the facility's name and IRI, and their role. */
  readonly teams: readonly (FacilityName & { readonly role: string })[];
}

/** A one-time sign-in link just made, shown once. */
export interface ShownLink {
  /** Whom it signs in. */
  readonly name: string;
  /** The full URL (`{PHD_BASE_URL}/signin/link/{token}`). */
  readonly url: string;
  readonly expiresAt: string;
}

/** What the people page shows. */
export interface PeopleModel {
  readonly viewer: Viewer;
  readonly people: readonly PersonRow[];
  /** The facilities a new person may join. */
  readonly facilities: readonly FacilityName[];
  /** The add-person form's values and errors (re-shown with a 422). */
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  /** A sign-in link just made (shown once, never stored in clear). */
  readonly link?: ShownLink;
  /** What was just done (after a redirect), in words. */
  readonly done?: string;
}

/**
 * The one-time link's box: the URL to hand over, its expiry, that it works once.
 * @param title - what the link is.
 * @param url - the link.
 * @param expiresAt - when it stops working.
 * @returns the markup.
 */
export function shownLinkBox(title: string, url: string, expiresAt: string): Html {
  return html`<section class="notice" aria-labelledby="h-link" tabindex="-1" id="shown-link"><h2 id="h-link">${title}</h2>
<p>Hand it over; it works once, until ${timeElement(expiresAt)}. It is shown only now: it is stored only as a hash.</p>
<code class="secret">${url}</code></section>`;
}

/**
 * The administrator's page of people: who is known (name, ORCID iD, teams, disabled), a form to add
 * a person (optionally into a team with a role), and per person a button for a one-time sign-in
 * link (shown once on this page) and one to disable them.
 * @param model - people, facilities, the form's values and errors, a link just made.
 * @returns the complete HTML document.
 */
export function peoplePage(model: PeopleModel): string {
  const { viewer } = model;
  const values = model.values ?? {};
  const errors = model.errors ?? {};
  const csrf = csrfField(viewer.session.csrf);
  const rows = model.people.map(({ person, teams }) => html`<tr>
<td>${person.name}</td>
<td>${person.orcid === undefined ? '—' : html`<a href="${person.orcid}">${person.orcid.replace('https://orcid.org/', '')}</a>`}</td>
<td>${teams.length === 0 ? 'none' : teams.map((t, i) => html`${i > 0 && ', '}<a href="${workspaceHref(WORKSPACE_PATHS.team, { facility: t.iri })}">${t.name}</a> (${t.role})`)}</td>
<td>${person.disabledAt === undefined ? 'active' : html`disabled ${timeElement(person.disabledAt)}`}</td>
<td>${person.disabledAt === undefined && html`<form method="post" action="${WORKSPACE_PATHS.personLink}">${csrf}<input type="hidden" name="person" value="${person.id}"><button type="submit" class="secondary" aria-label="${`One-time sign-in link for ${person.name}`}">Sign-in link</button></form>
<form method="post" action="${WORKSPACE_PATHS.personDisable}">${csrf}<input type="hidden" name="person" value="${person.id}"><button type="submit" class="danger" aria-label="${`Disable ${person.name}`}">Disable</button></form>`}</td>
</tr>`);
  const table = model.people.length === 0
    ? html`<p>Nobody has been added yet.</p>`
    : html`<div class="scroll" role="region" aria-labelledby="people-caption" tabindex="0"><table><caption id="people-caption">People known to the workspace</caption><thead><tr><th scope="col">Name</th><th scope="col">ORCID iD</th><th scope="col">Teams</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const facilityChoices = [{ value: '', label: '— no team —' }, ...model.facilities.map((f) => ({ value: f.iri, label: f.name }))];
  const form = html`<section aria-labelledby="h-add"><h2 id="h-add">Add a person</h2>
<form method="post" action="${WORKSPACE_PATHS.people}" novalidate>${csrf}${errorSummary(errors)}
${inputField({ name: 'name', label: 'Name', value: values.name, required: true, error: errors.name, autocomplete: 'off' })}
${inputField({ name: 'orcid', label: 'ORCID iD', value: values.orcid, hint: 'e.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097', error: errors.orcid, autocomplete: 'off' })}
${selectField({ name: 'facility', label: 'Team', value: values.facility ?? '', choices: facilityChoices, hint: 'The facility whose team they join.', error: errors.facility })}
${selectField({ name: 'role', label: 'Role in that team', value: values.role ?? 'editor', choices: TEAM_ROLES.map((r) => ({ value: r, label: r })), hint: 'A manager manages members and API tokens, mints PIDs and withdraws records; an editor writes records.', error: errors.role })}
<button type="submit">Add the person</button></form></section>`;
  const main = html`<h1>People</h1>
${model.done !== undefined && html`<p class="notice" role="status">${model.done}</p>`}
${model.link !== undefined && shownLinkBox(`One-time sign-in link for ${model.link.name}`, model.link.url, model.link.expiresAt)}
<p>People sign in with their OpenID Connect provider (ORCID, your institution) where one is configured, or with a one-time link you hand over. Disabling a person ends all their sessions.</p>
${table}${form}`;
  return workspacePage({ title: 'People', viewer, main });
}
