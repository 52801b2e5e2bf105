import express from 'express';
import type { Request, Response, Router } from 'express';
import { isPid, parsePid, TEAM_ROLES } from '../domain/index.js';
import type { TeamRole } from '../domain/index.js';
import { sendPage } from '../http/index.js';
import { actorName } from './actor-name.js';
import { dashboardPage } from './dashboard-page.js';
import { facilityName, facilityNames } from './facility-names.js';
import type { FacilityName } from './facility-names.js';
import { sendNotice } from './notice-page.js';
import { peoplePage } from './people-page.js';
import type { PeopleModel, ShownLink } from './people-page.js';
import { requireViewer } from './require-viewer.js';
import { teamPage } from './team-page.js';
import type { TeamModel, TeamShown } from './team-page.js';
import { ShownOnce } from './shown-once.js';
import { roleIn, viewerOf } from './viewer.js';
import type { Viewer } from './viewer.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** What a redirect after a form says was done (`?done=`): fixed sentences, never text from the request. */
const DONE: Readonly<Record<string, string>> = {
  added: 'The person was added.',
  disabled: 'The person was disabled, and every session of theirs ended.',
  role: 'The role was changed.',
  removed: 'The member was removed from the team.',
  revoked: 'The API token was revoked: it no longer works.',
};

/** Longest label or name a form takes. */
const MAX_TEXT = 200;

/** The team a request is about, and what the viewer may do there. */
interface TeamAccess {
  readonly viewer: Viewer;
  readonly facility: FacilityName;
  readonly manages: boolean;
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

function isRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}

/**
 * Who acts, as recorded (`createdBy` of a token, `addedBy` of a membership, a link's creator).
 * @param viewer - who is signed in.
 * @returns `person:{id}`, or `admin` for the admin-token session.
 */
function actorOf(viewer: Viewer): string {
  return viewer.person === undefined ? 'admin' : `person:${viewer.person.id}`;
}

function doneOf(req: Request): string | undefined {
  const key = req.query.done;
  return typeof key === 'string' ? DONE[key] : undefined;
}

/**
 * The secret a POST made, shown once by the page its redirect names (`?shown=`): the secret the
 * first time, else a sentence that it was shown already.
 */
function shownOf<T>(req: Request, viewer: Viewer, waiting: ShownOnce<T>): { value?: T; done?: string } {
  const id = req.query.shown;
  if (typeof id !== 'string' || id === '') return {};
  const taken = waiting.take(viewer.session.id, id);
  if (taken === undefined) return {};
  if ('value' in taken) return { value: taken.value };
  const what = taken.shownAlready ?? 'This secret';
  return { done: `${what} was shown already, once; it is not shown again. ${what.startsWith('This API token') ? 'Revoke it if you did not copy it, and create another.' : 'If you did not copy it, make another (an unused link expires by itself).'}` };
}

/**
 * The workspace's dashboard, people and team pages:
 *
 * - `GET /workspace`: who I am, my teams and roles, what to do next; for the administrator every
 *   facility and the people page.
 * - `/workspace/people` (administrator): list and add people, hand out a one-time sign-in link
 *   (`POST /workspace/people/link`, shown once), disable a person (`POST /workspace/people/disable`,
 *   which ends their sessions).
 * - `/workspace/team?facility=` (its members and the administrator): the members with their roles;
 *   for managers invitations (one-time links with a role), role changes, removals (never the last
 *   manager), and the facility's API tokens (create — shown once —, list, revoke).
 *
 * Every refusal is a page in words with 403 (or 404/422) and changes nothing. The session layer
 * before this router has checked the session and the CSRF token of every POST.
 * @param deps - the services.
 * @returns the router.
 */
export function teamRouter(deps: WorkspaceDeps): Router {
  const { config, people, sessions, tokens, store, logger } = deps;
  const router = express.Router();
  // Secrets a POST made, for the GET its redirect names (a reload makes no second one).
  const shownLinks = new ShownOnce<ShownLink>();
  const shownTeam = new ShownOnce<TeamShown & { readonly facility: string }>();
  const viewer = (res: Response): Viewer => {
    const found = viewerOf(res);
    if (found === undefined) throw new Error('requireViewer runs before the workspace pages');
    return found;
  };
  const refuse = (res: Response, status: number, title: string, message: string, back: string = WORKSPACE_PATHS.home): void => {
    sendNotice(res, status, { title, message, next: { href: back, label: back === WORKSPACE_PATHS.home ? 'Back to the workspace' : 'Back' } });
  };

  // ---- dashboard ----
  router.get(WORKSPACE_PATHS.home, requireViewer, async (_req, res) => {
    const who = viewer(res);
    const teams = await Promise.all(who.memberships.map(async (m) => ({ ...(await facilityName(store, m.facility)), role: m.role })));
    const facilities = who.admin ? await facilityNames(store) : [];
    sendPage(res, 200, dashboardPage({ viewer: who, teams, facilities, openRegistration: config.workspace.openRegistration }));
  });

  // ---- people (administrator) ----
  const adminOnly = (req: Request, res: Response, next: () => void): void => {
    if (viewer(res).admin) {
      next();
      return;
    }
    logger.warn({ path: req.path, actor: actorOf(viewer(res)) }, 'people page refused: not an administrator');
    refuse(res, 403, 'Only the administrator manages people', 'The people page is the administrator\'s. Nothing was changed. A manager of a team invites colleagues from the team page.');
  };

  async function sendPeople(res: Response, status: number, extra: Partial<PeopleModel> = {}): Promise<void> {
    const facilities = await facilityNames(store);
    const names = new Map(facilities.map((f) => [f.iri, f.name]));
    const rows = people.list().map((person) => ({
      person,
      teams: people.memberships(person.id).map((m) => ({ iri: m.facility, name: names.get(m.facility) ?? m.facility, role: m.role })),
    }));
    sendPage(res, status, peoplePage({ viewer: viewer(res), people: rows, facilities, ...extra }));
  }

  router.get(WORKSPACE_PATHS.people, requireViewer, adminOnly, async (req, res) => {
    const shown = shownOf(req, viewer(res), shownLinks);
    const done = shown.done ?? doneOf(req);
    await sendPeople(res, 200, { ...(done === undefined ? {} : { done }), ...(shown.value === undefined ? {} : { link: shown.value }) });
  });

  router.post(WORKSPACE_PATHS.people, requireViewer, adminOnly, async (req, res) => {
    const values = { name: field(req, 'name'), orcid: field(req, 'orcid'), facility: field(req, 'facility'), role: field(req, 'role') || 'editor' };
    const errors: Record<string, string> = {};
    if (values.name === '') errors.name = 'Enter the person\'s name.';
    else if (values.name.length > MAX_TEXT) errors.name = `A name has at most ${MAX_TEXT} characters.`;
    let orcid: string | undefined;
    if (values.orcid !== '') {
      if (!isPid(values.orcid, 'orcid')) {
        errors.orcid = `${values.orcid} is not an ORCID iD: write it as 0000-0002-1825-0097 (four groups of four digits, the last may be X) — its check digit must hold.`;
      } else {
        orcid = parsePid(values.orcid, 'orcid').iri;
        const known = people.byOrcid(orcid);
        if (known !== undefined) errors.orcid = `${orcid} is already known here, as ${known.name}.`;
      }
    }
    if (values.facility !== '' && !(await facilityName(store, values.facility)).registered) errors.facility = `${values.facility} is not a facility registered here — register it first.`;
    if (!isRole(values.role)) errors.role = 'Choose manager or editor.';
    if (Object.keys(errors).length > 0) {
      await sendPeople(res, 422, { values, errors });
      return;
    }
    const person = people.create({ name: values.name, ...(orcid === undefined ? {} : { orcid }) });
    if (values.facility !== '') people.setMembership(values.facility, person.id, values.role as TeamRole, actorOf(viewer(res)));
    logger.info({ person: person.id, facility: values.facility || undefined, actor: actorOf(viewer(res)) }, 'person added');
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.people, { done: 'added' }));
  });

  router.post(WORKSPACE_PATHS.personLink, requireViewer, adminOnly, (req, res) => {
    const person = people.get(field(req, 'person'));
    if (person === undefined) {
      refuse(res, 404, 'No such person', 'That person is not known here; no link was made.', WORKSPACE_PATHS.people);
      return;
    }
    if (person.disabledAt !== undefined) {
      refuse(res, 409, 'That person is disabled', `${person.name} is disabled and cannot sign in; no link was made.`, WORKSPACE_PATHS.people);
      return;
    }
    const link = sessions.createLink({ person: person.id, facility: undefined, role: undefined, createdBy: actorOf(viewer(res)) }, config.workspace.linkTtlMs);
    // The link is a secret: logged by whom it is for, never its token.
    logger.info({ person: person.id, actor: actorOf(viewer(res)) }, 'one-time sign-in link made');
    const shown = shownLinks.put(viewer(res).session.id, { name: person.name, url: `${config.baseUrl}${WORKSPACE_PATHS.signinLink}/${link.token}`, expiresAt: link.expiresAt }, 'This sign-in link');
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.people, { shown }));
  });

  router.post(WORKSPACE_PATHS.personDisable, requireViewer, adminOnly, (req, res) => {
    const person = people.get(field(req, 'person'));
    if (person === undefined) {
      refuse(res, 404, 'No such person', 'That person is not known here; nothing was changed.', WORKSPACE_PATHS.people);
      return;
    }
    people.disable(person.id);
    const ended = sessions.endAll({ kind: 'person', person: person.id });
    logger.info({ person: person.id, ended, actor: actorOf(viewer(res)) }, 'person disabled');
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.people, { done: 'disabled' }));
  });

  // ---- teams ----
  /**
   * The team a request names (`facility`, in the query or the form), once the viewer may see it: a
   * member of its team, or the administrator (for a registered facility). Otherwise answers with a
   * page in words and returns undefined.
   */
  async function teamAccess(req: Request, res: Response, manage: boolean): Promise<TeamAccess | undefined> {
    const who = viewer(res);
    const raw = req.method === 'GET' ? req.query.facility : (req.body as Record<string, unknown> | undefined)?.facility;
    const iri = typeof raw === 'string' ? raw.trim() : '';
    if (iri === '') {
      refuse(res, 400, 'Which team?', 'Open a team from the workspace: the address names its facility (?facility=…).');
      return undefined;
    }
    const role = roleIn(who, iri);
    const facility = await facilityName(store, iri);
    if (role === undefined || (who.admin && !facility.registered && people.members(iri).length === 0)) {
      logger.warn({ facility: iri, actor: actorOf(who), method: req.method }, 'team page refused: not a member');
      if (who.admin) refuse(res, 404, 'No such facility', `${iri} is not a facility registered here.`);
      else refuse(res, 403, 'Not your team', `You are not a member of the team of ${iri}, so you cannot see or change it. Nothing was changed.`);
      return undefined;
    }
    if (manage && role !== 'manager') {
      logger.warn({ facility: iri, actor: actorOf(who), method: req.method }, 'team change refused: not a manager');
      refuse(res, 403, 'Only a manager can do that', `You are an editor in the team of ${facility.name}: managing members and API tokens is for its managers. Nothing was changed.`, workspaceHref(WORKSPACE_PATHS.team, { facility: iri }));
      return undefined;
    }
    return { viewer: who, facility, manages: role === 'manager' };
  }

  function sendTeam(res: Response, status: number, access: TeamAccess, extra: Partial<TeamModel> = {}): void {
    const members = people.members(access.facility.iri).map((m) => {
      const person = people.get(m.person);
      return { person: m.person, name: person?.name ?? m.person, orcid: person?.orcid, role: m.role, since: m.since, disabled: person?.disabledAt !== undefined };
    });
    const allTokens = access.manages ? tokens.list() : [];
    const teamTokens = access.manages
      ? tokens.listFor(access.facility.iri).map((t) => ({ ...t, createdBy: t.createdBy === undefined ? 'not recorded' : actorName(t.createdBy, people, allTokens) }))
      : [];
    sendPage(res, status, teamPage({ viewer: access.viewer, facility: access.facility, manages: access.manages, members, tokens: teamTokens, now: new Date().toISOString(), ...extra }));
  }

  const teamHref = (facility: string, done?: string): string => workspaceHref(WORKSPACE_PATHS.team, { facility, done });

  router.get(WORKSPACE_PATHS.team, requireViewer, async (req, res) => {
    const access = await teamAccess(req, res, false);
    if (access === undefined) return;
    const shown = shownOf(req, access.viewer, shownTeam);
    const done = shown.done ?? doneOf(req);
    const value = shown.value?.facility === access.facility.iri ? shown.value : undefined;
    sendTeam(res, 200, access, { ...(done === undefined ? {} : { done }), ...(value === undefined ? {} : { shown: value }) });
  });

  router.post(WORKSPACE_PATHS.teamInvite, requireViewer, async (req, res) => {
    const access = await teamAccess(req, res, true);
    if (access === undefined) return;
    const role = field(req, 'role');
    if (!isRole(role)) {
      sendTeam(res, 422, access, { form: 'invite', values: { role }, errors: { role: 'Choose the role the invited person gets: manager or editor.' } });
      return;
    }
    const link = sessions.createLink({ person: undefined, facility: access.facility.iri, role, createdBy: actorOf(access.viewer) }, config.workspace.linkTtlMs);
    logger.info({ facility: access.facility.iri, role, actor: actorOf(access.viewer) }, 'invitation link made');
    const shown = shownTeam.put(access.viewer.session.id, { kind: 'invitation', role, url: `${config.baseUrl}${WORKSPACE_PATHS.signinLink}/${link.token}`, expiresAt: link.expiresAt, facility: access.facility.iri }, 'This invitation link');
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.team, { facility: access.facility.iri, shown }));
  });

  router.post(WORKSPACE_PATHS.teamMember, requireViewer, async (req, res) => {
    const access = await teamAccess(req, res, true);
    if (access === undefined) return;
    const facility = access.facility.iri;
    const members = people.members(facility);
    const target = members.find((m) => m.person === field(req, 'person'));
    const remove = field(req, 'remove') === '1';
    const role = field(req, 'role');
    const name = target === undefined ? '' : people.get(target.person)?.name ?? target.person;
    const problem = target === undefined
      ? 'That person is not a member of this team; nothing was changed.'
      : !remove && !isRole(role)
        ? 'Choose manager or editor.'
        : target.role === 'manager' && (remove || role !== 'manager') && members.filter((m) => m.role === 'manager').length === 1
          ? `${name} is the team's last manager: make another member a manager first, so that someone can still manage the team.`
          : undefined;
    if (problem !== undefined || target === undefined) {
      sendTeam(res, 422, access, { form: 'member', errors: { '': problem ?? '' } });
      return;
    }
    if (remove) people.removeMembership(facility, target.person);
    else people.setMembership(facility, target.person, role as TeamRole, actorOf(access.viewer));
    logger.info({ facility, person: target.person, change: remove ? 'removed' : role, actor: actorOf(access.viewer) }, 'team member changed');
    res.redirect(303, teamHref(facility, remove ? 'removed' : 'role'));
  });

  router.post(WORKSPACE_PATHS.teamTokens, requireViewer, async (req, res) => {
    const access = await teamAccess(req, res, true);
    if (access === undefined) return;
    const values = { label: field(req, 'label'), expires: field(req, 'expires') };
    const errors: Record<string, string> = {};
    if (values.label === '') errors.label = 'Give the token a label: what it is for, so that you know which one to revoke later.';
    else if (values.label.length > MAX_TEXT) errors.label = `A label has at most ${MAX_TEXT} characters.`;
    let expiresAt: string | undefined;
    if (values.expires !== '') {
      const date = /^\d{4}-\d{2}-\d{2}$/.test(values.expires) ? new Date(`${values.expires}T00:00:00.000Z`) : undefined;
      if (date === undefined || Number.isNaN(date.getTime())) errors.expires = `${values.expires} is not a date: write it as YYYY-MM-DD, or leave it empty.`;
      else if (date.getTime() <= Date.now()) errors.expires = `${values.expires} is not in the future: a token must work for at least a day.`;
      else expiresAt = date.toISOString();
    }
    if (Object.keys(errors).length > 0) {
      sendTeam(res, 422, access, { form: 'token', values, errors });
      return;
    }
    const created = tokens.create({ facility: access.facility.iri, label: values.label, createdBy: actorOf(access.viewer), ...(expiresAt === undefined ? {} : { expiresAt }) });
    logger.info({ token: created.id, facility: access.facility.iri, actor: actorOf(access.viewer) }, 'API token created');
    const shown = shownTeam.put(access.viewer.session.id, { kind: 'token', label: values.label, token: created.token, facility: access.facility.iri }, 'This API token');
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.team, { facility: access.facility.iri, shown }));
  });

  router.post(WORKSPACE_PATHS.teamTokenRevoke, requireViewer, async (req, res) => {
    const access = await teamAccess(req, res, true);
    if (access === undefined) return;
    const id = field(req, 'token');
    if (!tokens.revokeFor(access.facility.iri, id)) {
      refuse(res, 404, 'No such token', `The team of ${access.facility.name} has no live API token ${id}: nothing was revoked.`, teamHref(access.facility.iri));
      return;
    }
    logger.info({ token: id, facility: access.facility.iri, actor: actorOf(access.viewer) }, 'API token revoked');
    res.redirect(303, teamHref(access.facility.iri, 'revoked'));
  });

  return router;
}
