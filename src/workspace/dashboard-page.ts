import { html } from '../pages/index.js';
import type { FacilityName } from './facility-names.js';
import { csrfField } from './form-controls.js';
import type { Viewer } from './viewer.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** What the dashboard shows. */
export interface DashboardModel {
  readonly viewer: Viewer;
  /** The viewer's teams, each with the facility's name and the viewer's role. */
  readonly teams: readonly (FacilityName & { readonly role: string })[];
  /** Every facility registered here (shown to the administrator only). */
  readonly facilities: readonly FacilityName[];
  /** PHD_OPEN_REGISTRATION: a person in no team may register their facility. */
  readonly openRegistration: boolean;
}

/**
 * The workspace's start page: who I am, my teams with my role (each linking to its team page), what
 * to do next (the guided registration, upload), and for the administrator every facility and the
 * people page.
 * @param model - viewer, teams, facilities.
 * @returns the complete HTML document.
 */
export function dashboardPage(model: DashboardModel): string {
  const { viewer } = model;
  const who = viewer.person === undefined
    ? html`<p>You are signed in as the <strong>administrator</strong>: you may write every record and manage every team.</p>`
    : html`<p>You are signed in as <strong>${viewer.person.name}</strong>${viewer.person.orcid !== undefined && html` (ORCID iD <a href="${viewer.person.orcid}">${viewer.person.orcid}</a>)`}${viewer.admin && ', an administrator of this service'}.</p>`;
  const teamLink = (t: FacilityName) => html`<a href="${workspaceHref(WORKSPACE_PATHS.team, { facility: t.iri })}">${t.name}</a>`;
  const teams = model.teams.length === 0
    ? html`<p>You belong to no team yet. A manager of your facility can invite you with a one-time link${model.openRegistration ? html`, or you can <a href="${WORKSPACE_PATHS.register}/organization">register your facility</a> and become its manager` : ''}.</p>`
    : html`<ul>${model.teams.map((t) => html`<li>${teamLink(t)} — ${t.role}</li>`)}</ul>`;
  const adminPart = viewer.admin && html`<section aria-labelledby="h-admin"><h2 id="h-admin">Administration</h2>
<p><a href="${WORKSPACE_PATHS.people}">People</a>: add people, hand them a one-time sign-in link, disable them.</p>
<h3>All facilities</h3>${model.facilities.length === 0
    ? html`<p>No facility is registered yet.</p>`
    : html`<ul>${model.facilities.map((f) => html`<li>${teamLink(f)}</li>`)}</ul>`}</section>`;
  const main = html`<h1>Workspace</h1>${who}
<section aria-labelledby="h-teams"><h2 id="h-teams">Your teams</h2>${teams}</section>
<section aria-labelledby="h-next"><h2 id="h-next">Register and upload</h2><ul>
<li><a href="${WORKSPACE_PATHS.register}/organization">Register hardware step by step</a>: organization, facility, instrument model, instance, hardware configuration.</li>
<li><a href="${WORKSPACE_PATHS.upload}">Upload a Micro-Meta App file or an OME-XML header</a>, with a preview before anything is stored.</li>
</ul></section>${adminPart}
<section aria-labelledby="h-sessions"><h2 id="h-sessions">Your sessions</h2>
<p>Signed in on another computer you no longer use, or lost one? End every session of yours, here and elsewhere.</p>
<form method="post" action="${WORKSPACE_PATHS.signoutEverywhere}">${csrfField(viewer.session.csrf)}<button type="submit" class="secondary">Sign out everywhere</button></form></section>`;
  return workspacePage({ title: 'Workspace', viewer, main });
}
