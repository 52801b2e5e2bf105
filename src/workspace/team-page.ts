import { TEAM_ROLES } from '../domain/index.js';
import type { TeamRole } from '../domain/index.js';
import { html, timeElement } from '../pages/index.js';
import type { FacilityName } from './facility-names.js';
import { csrfField, errorSummary, inputField, selectField } from './form-controls.js';
import { shownLinkBox } from './people-page.js';
import type { Viewer } from './viewer.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** A member of the team as the page lists them. */
export interface TeamMemberRow {
  readonly person: string;
  readonly name: string;
  readonly orcid: string | undefined;
  readonly role: TeamRole;
  readonly since: string;
  readonly disabled: boolean;
}

/** An API token of the facility as the page lists it (never its secret). */
export interface TeamTokenRow {
  readonly id: string;
  readonly label: string | undefined;
  readonly createdAt: string;
  /** Who created it, in words (see actorName). */
  readonly createdBy: string;
  readonly expiresAt: string | undefined;
  readonly revokedAt: string | undefined;
}

/** Something made just now and shown once: an invitation link or an API token. */
export type TeamShown =
  | { readonly kind: 'invitation'; readonly role: TeamRole; readonly url: string; readonly expiresAt: string }
  | { readonly kind: 'token'; readonly label: string; readonly token: string };

/** What the team page shows. */
export interface TeamModel {
  readonly viewer: Viewer;
  readonly facility: FacilityName;
  /** Whether the viewer manages the team (a manager or the administrator): the forms are shown. */
  readonly manages: boolean;
  readonly members: readonly TeamMemberRow[];
  /** The facility's API tokens (shown to managers only). */
  readonly tokens: readonly TeamTokenRow[];
  readonly shown?: TeamShown;
  /** Which form the values and errors belong to. */
  readonly form?: 'token' | 'invite' | 'member';
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  /** What was just done (after a redirect), in words. */
  readonly done?: string;
  /** Now, to tell expired tokens (ISO date-time). */
  readonly now: string;
}

function tokenState(token: TeamTokenRow, now: string): string {
  if (token.revokedAt !== undefined) return 'revoked';
  if (token.expiresAt !== undefined && token.expiresAt <= now) return 'expired';
  return 'live';
}

/**
 * The team page of a facility: its members with their roles; for its managers (and the
 * administrator) forms to invite someone with a role (a one-time link, shown once), change a role,
 * remove a member, and the facility's API tokens — create one (shown once), list them (label, when,
 * by whom, expiry, state), revoke one.
 * @param model - the facility, members, tokens, what was just made, the forms' values and errors.
 * @returns the complete HTML document.
 */
export function teamPage(model: TeamModel): string {
  const { viewer, facility, manages } = model;
  const csrf = csrfField(viewer.session.csrf);
  const hidden = html`${csrf}<input type="hidden" name="facility" value="${facility.iri}">`;
  const errorsOf = (form: TeamModel['form']) => (model.form === form ? model.errors ?? {} : {});
  const valuesOf = (form: TeamModel['form']) => (model.form === form ? model.values ?? {} : {});
  const roleChoices = TEAM_ROLES.map((r) => ({ value: r, label: r }));

  const memberRows = model.members.map((m) => html`<tr>
<td>${m.name}${m.orcid !== undefined && html` <a href="${m.orcid}" aria-label="${`ORCID iD of ${m.name}`}">ORCID</a>`}${m.disabled && ' (disabled)'}</td>
<td>${m.role}</td><td>${timeElement(m.since)}</td>
${manages && html`<td><form method="post" action="${WORKSPACE_PATHS.teamMember}" class="inline">${hidden}<input type="hidden" name="person" value="${m.person}"><select name="role" aria-label="${`New role of ${m.name}`}">${roleChoices.map((c) => html`<option value="${c.value}"${c.value === m.role && html` selected`}>${c.label}</option>`)}</select> <button type="submit" class="secondary">Change role</button></form>
<form method="post" action="${WORKSPACE_PATHS.teamMember}" class="inline">${hidden}<input type="hidden" name="person" value="${m.person}"><input type="hidden" name="remove" value="1"><button type="submit" class="danger" aria-label="${`Remove ${m.name} from the team`}">Remove</button></form></td>`}
</tr>`);
  const memberErrors = errorsOf('member');
  const members = html`<section aria-labelledby="h-members"><h2 id="h-members">Members</h2>${errorSummary(memberErrors)}${model.members.length === 0
    ? html`<p>The team has no members yet${manages ? ': invite someone below.' : '.'}</p>`
    : html`<div class="scroll" role="region" aria-labelledby="members-caption" tabindex="0"><table><caption id="members-caption">Members of the team of ${facility.name}</caption><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Since</th>${manages && html`<th scope="col">Change</th>`}</tr></thead><tbody>${memberRows}</tbody></table></div>`}</section>`;

  const inviteErrors = errorsOf('invite');
  const invite = html`<section aria-labelledby="h-invite"><h2 id="h-invite">Invite someone</h2>
<p>An invitation is a one-time link: whoever opens it and signs in joins the team with the role you choose. Hand it over in person or by a channel you trust.</p>
<form method="post" action="${WORKSPACE_PATHS.teamInvite}" novalidate>${hidden}${errorSummary(inviteErrors)}
${selectField({ name: 'role', label: 'Role', value: valuesOf('invite').role ?? 'editor', choices: roleChoices, required: true, hint: 'A manager manages members and API tokens, mints PIDs and withdraws records; an editor writes records.', error: inviteErrors.role })}
<button type="submit">Create an invitation link</button></form></section>`;

  const now = model.now;
  const tokenRows = model.tokens.map((t) => {
    const state = tokenState(t, now);
    return html`<tr><td>${t.label ?? t.id}</td><td>${timeElement(t.createdAt)}</td><td>${t.createdBy}</td><td>${t.expiresAt === undefined ? 'never' : timeElement(t.expiresAt)}</td>
<td>${state === 'revoked' && t.revokedAt !== undefined ? html`revoked ${timeElement(t.revokedAt)}` : state}</td>
<td>${state === 'live' && html`<form method="post" action="${WORKSPACE_PATHS.teamTokenRevoke}">${hidden}<input type="hidden" name="token" value="${t.id}"><button type="submit" class="danger" aria-label="${`Revoke the token ${t.label ?? t.id}`}">Revoke</button></form>`}</td></tr>`;
  });
  const tokenErrors = errorsOf('token');
  const tokenValues = valuesOf('token');
  const tokens = html`<section aria-labelledby="h-tokens"><h2 id="h-tokens">API tokens</h2>
<p>A token lets a script write this facility's records through the JSON API (<code>Authorization: Bearer …</code>) with a manager's rights. Revoke a token you no longer need.</p>
${model.tokens.length === 0
    ? html`<p>The facility has no API tokens.</p>`
    : html`<div class="scroll" role="region" aria-labelledby="tokens-caption" tabindex="0"><table><caption id="tokens-caption">API tokens of ${facility.name}</caption><thead><tr><th scope="col">Label</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col">Revoke</th></tr></thead><tbody>${tokenRows}</tbody></table></div>`}
<h3>Create a token</h3>
<form method="post" action="${WORKSPACE_PATHS.teamTokens}" novalidate>${hidden}${errorSummary(tokenErrors)}
${inputField({ name: 'label', label: 'Label', value: tokenValues.label, required: true, hint: 'What it is for, e.g. "microscope PC upload script".', error: tokenErrors.label, autocomplete: 'off' })}
${inputField({ name: 'expires', label: 'Expires on', type: 'date', value: tokenValues.expires, hint: 'Leave empty for a token that does not expire.', error: tokenErrors.expires })}
<button type="submit">Create the token</button></form></section>`;

  const shown = model.shown;
  const shownBox = shown === undefined
    ? false
    : shown.kind === 'invitation'
      ? shownLinkBox(`Invitation link (${shown.role})`, shown.url, shown.expiresAt)
      : html`<section class="notice warn" aria-labelledby="h-new-token" tabindex="-1" id="shown-token"><h2 id="h-new-token">New API token: ${shown.label}</h2>
<p><strong>Copy it now: it is shown only this once</strong> and stored only as a hash. Whoever holds it writes this facility's records.</p>
<code class="secret">${shown.token}</code></section>`;

  const main = html`<p><a href="${WORKSPACE_PATHS.home}">Workspace</a> › Team</p>
<h1>Team of ${facility.name}</h1><p class="hint">${facility.iri}</p>
${model.done !== undefined && html`<p class="notice" role="status">${model.done}</p>`}
${shownBox}${members}${manages && html`${invite}${tokens}`}`;
  return workspacePage({ title: `Team of ${facility.name}`, viewer, main });
}
