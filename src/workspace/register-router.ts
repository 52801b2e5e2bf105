import express from 'express';
import type { Request, Response, Router } from 'express';
import N3 from 'n3';
import { DCTERMS, pidFromIri, RDF, RDFS, SCHEMA, SHARED_KINDS } from '../domain/index.js';
import type { RecordKind } from '../domain/index.js';
import { PhdError, PreconditionFailedError } from '../errors/index.js';
import { sendPage } from '../http/index.js';
import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import type { Principal } from '../domain/index.js';
import type { ValidationIssue } from '../validation/index.js';
import { turtleOf, valueOf } from './form-graph.js';
import type { BuiltRecord, FormErrors, FormValues, RecordForm } from './form-graph.js';
import { facilityClaimRefusal } from './facility-claim.js';
import { MAX_LINE, MAX_TEXT } from './form-controls.js';
import { RECORD_FORMS } from './record-forms.js';
import { FLOW_STEPS, recordFormMarkup, registeredList, stepList, stepTitle } from './register-page.js';
import type { Choice, FlowStep } from './register-page.js';
import { requireViewer } from './require-viewer.js';
import { principalFor } from './viewer.js';
import { viewerOf } from './viewer.js';
import type { Viewer } from './viewer.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';

/** Each kind in words, as errors name it. */
const NOUNS: Readonly<Record<RecordKind, string>> = {
  organization: 'organization', facility: 'facility', model: 'instrument model', instance: 'instrument',
  configuration: 'hardware configuration', dataset: 'dataset', publication: 'publication', person: 'person',
};

/** Kinds whose new records, named by the service, are checked against live records of the same name. */
const NAMED_ONCE: ReadonlySet<RecordKind> = new Set(['organization', 'facility', 'model']);

/** Kinds a person creates outside the flow (`/workspace/new?kind=`). */
const OTHER_KINDS: ReadonlySet<string> = new Set(['person', 'publication', 'dataset']);

/** How many registered records of a kind a page offers (the list is for choosing, not browsing). */
const OFFERED = 500;

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** A form's body as text values (a repeated field's values joined by newlines). */
function valuesOf(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v) => typeof v === 'string').join('\n');
  }
  return values;
}

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The outcome of saving a form: the record's IRI (and its former name when the save renamed it), or
 * what to show beside the fields.
 */
type Saved = { readonly iri: string; readonly renamed?: string } | Refused;

/** A form refused: what to show beside the fields (`renamedTo`: the record's new name, when it was renamed but its other fields were refused). */
interface Refused { readonly errors: FormErrors; readonly status: number; readonly renamedTo?: string }

/**
 * The workspace's guided registration flow (`/workspace/register/{step}`) and the forms that create
 * and edit each record kind (`/workspace/new`, `/workspace/edit`). Every write goes through
 * `deps.records` as the signed-in person acting for a team (`principalFor`), as Turtle built with
 * n3 — what the API would accept, under the same authorization.
 * @param deps - the services.
 * @returns the router.
 */
export function registerRouter(deps: WorkspaceDeps): Router {
  const router = express.Router();
  const parser = () => new N3.Parser({ format: 'N-Triples' });

  /** The signed-in viewer ({@link requireViewer} runs first on every route here). */
  const signedIn = (res: Response): Viewer => {
    const viewer = viewerOf(res);
    if (viewer === undefined) throw new Error('requireViewer did not run');
    return viewer;
  };

  /** The live records of a kind, named in words. */
  const registered = async (kind: RecordKind): Promise<(Choice & { facility: string | undefined })[]> => {
    const metas = (await deps.store.list(kind)).filter((m) => m.deletedAt === undefined).slice(0, OFFERED);
    const choices = await Promise.all(metas.map(async (m) => {
      const record = await deps.store.get(m.iri);
      const quads = record === undefined ? [] : parser().parse(record.ntriples);
      const label = valueOf(quads, m.iri, SCHEMA.name) || valueOf(quads, m.iri, DCTERMS.title) || valueOf(quads, m.iri, RDFS.label) || m.iri;
      return { value: m.iri, label, facility: m.facility };
    }));
    return choices.sort((a, b) => a.label.localeCompare(b.label));
  };

  /** The records each of a form's fields chooses among; a person's own facilities only, for an instance. */
  const choicesFor = async (recordForm: RecordForm, viewer: Viewer): Promise<Partial<Record<RecordKind, Choice[]>>> => {
    const choices: Partial<Record<RecordKind, Choice[]>> = {};
    for (const field of recordForm.fields) {
      if (field.type !== 'record' || field.kind === undefined || choices[field.kind] !== undefined) continue;
      const all = await registered(field.kind);
      choices[field.kind] = field.kind === 'facility' && !viewer.admin ? all.filter((c) => viewer.memberships.some((m) => m.facility === c.value)) : all;
    }
    return choices;
  };

  /** The teams a person may act for, named. */
  const teamsOf = async (viewer: Viewer): Promise<Choice[]> => {
    // The administrator is in no team: they give a shared record to any registered facility's team.
    if (viewer.admin) return [{ value: '', label: 'no team (only the administrator may change it)' }, ...(await registered('facility'))];
    if (viewer.memberships.length === 0) return [];
    const facilities = await registered('facility');
    return viewer.memberships.map((m) => ({ value: m.facility, label: facilities.find((f) => f.value === m.facility)?.label ?? m.facility }));
  };

  /** The facility a write acts for: the record's own, its instance's, or the team chosen for a shared record. */
  const actingFacility = async (recordForm: RecordForm, values: FormValues, iri: string | undefined, viewer: Viewer, references: readonly { field: string; iri: string }[]): Promise<string | undefined> => {
    const referenced = (field: string) => references.find((r) => r.field === field)?.iri;
    switch (recordForm.kind) {
      case 'facility':
        return iri;
      case 'instance':
        return referenced('facility');
      case 'dataset': {
        const configuration = referenced('configuration');
        return configuration === undefined ? undefined : (await deps.store.meta(configuration))?.facility;
      }
      default: {
        const team = values.team;
        if (team !== undefined && viewer.memberships.some((m) => m.facility === team)) return team;
        return viewer.admin ? undefined : viewer.memberships[0]?.facility;
      }
    }
  };

  /** Places the service's refusal beside the fields, in words. */
  const refusal = (error: PhdError, paths: ReadonlyMap<string, string>, recordForm: RecordForm): Refused => {
    if (error.status === 412) {
      return { status: 409, errors: { '': 'Someone else changed this record after you opened this form, so your changes were not saved. Open the form again to see their version, then make your change there.' } };
    }
    const errors: FormErrors = {};
    const violations = error.details.violations;
    if (Array.isArray(violations) && violations.length > 0) {
      for (const issue of violations as ValidationIssue[]) {
        const field = issue.path === undefined ? undefined : paths.get(issue.path);
        const label = recordForm.fields.find((f) => f.name === field)?.label;
        const key = field ?? '';
        errors[key] ??= label === undefined ? issue.message : `${label}: ${issue.message}`;
      }
    } else {
      errors[''] = error.message;
    }
    return { status: error.status === 409 ? 409 : error.status === 403 ? 403 : 422, errors };
  };

  /**
   * What a stored record says beyond its form's fields (another tool's triples, a former name's
   * `owl:sameAs`, nodes under the record): an edit keeps them, so saving a form loses nothing.
   */
  const unmanaged = async (iri: string, paths: ReadonlyMap<string, string>) => {
    const stored = await deps.store.get(iri);
    if (stored === undefined) return [];
    return parser().parse(stored.ntriples).filter((q) => !(
      (q.subject.value === iri && (q.predicate.value === RDF.type || paths.has(q.predicate.value))) ||
      (q.object.value === iri && paths.has(`^${q.predicate.value}`))
    ));
  };

  /** The create of each kind in progress: a duplicate-name check and its create run one at a time. */
  const creating = new Map<RecordKind, Promise<unknown>>();

  /** Builds, checks and writes a record from a form; creates named by the service are checked against same-named records, one at a time. */
  const save = (recordForm: RecordForm, values: FormValues, viewer: Viewer, existing?: { iri: string; etag: string | undefined }): Promise<Saved> => {
    if (existing !== undefined || !NAMED_ONCE.has(recordForm.kind)) return saveNow(recordForm, values, viewer, existing);
    const write = () => saveNow(recordForm, values, viewer, existing);
    const result = (creating.get(recordForm.kind) ?? Promise.resolve()).then(write, write);
    creating.set(recordForm.kind, result.catch(() => undefined));
    return result;
  };

  /** A live record of the kind with this name (trimmed, any case), if one is registered. */
  const sameNamed = async (kind: RecordKind, name: string): Promise<Choice | undefined> => {
    const wanted = name.trim().toLowerCase();
    return wanted === '' ? undefined : (await registered(kind)).find((c) => c.label.trim().toLowerCase() === wanted);
  };

  const saveNow = async (recordForm: RecordForm, values: FormValues, viewer: Viewer, existing?: { iri: string; etag: string | undefined }): Promise<Saved> => {
    const errors: FormErrors = tooLong(recordForm, values);
    if (Object.keys(errors).length > 0) return { errors, status: 422 };
    const built = recordForm.build(values, existing?.iri);
    Object.assign(errors, built.errors);
    // What the form names must be registered here: said in words before SHACL would say "exactly one".
    for (const reference of built.references) {
      if (errors[reference.field] !== undefined) continue;
      const meta = await deps.store.meta(reference.iri);
      if (meta === undefined || meta.deletedAt !== undefined) {
        errors[reference.field] = `${NOUNS[reference.kind]} ${reference.iri} is not registered here — register it first.`;
      } else if (meta.kind !== reference.kind) {
        errors[reference.field] = `${reference.iri} is ${article(NOUNS[meta.kind])}, not ${article(NOUNS[reference.kind])}.`;
      }
    }
    if (existing === undefined && built.subject !== '' && errors[identityField(recordForm)] === undefined) {
      const meta = await deps.store.meta(built.subject);
      if (meta !== undefined) errors[identityField(recordForm)] = `${NOUNS[recordForm.kind]} ${built.subject} is registered here already — use it, or edit it.`;
    }
    // An RRID given later to a facility named here must not be another record's name (nor a former one).
    const adopts = built.adopts;
    if (adopts !== undefined && ((await deps.store.meta(adopts)) !== undefined || (await deps.store.canonicalOf(adopts)) !== undefined)) {
      errors[identityField(recordForm)] ??= `${adopts} names another record registered here; check the ${recordForm.noun}'s identifier.`;
    }
    // Registering a facility (or renaming one to its RRID) makes its manager that name's manager: never
    // over tokens, a team or records already here.
    const claims = recordForm.kind !== 'facility' || viewer.admin ? undefined : existing === undefined ? (built.subject === '' ? undefined : built.subject) : adopts;
    if (claims !== undefined) {
      const claimed = await facilityClaimRefusal(deps, claims);
      if (claimed !== undefined) errors[identityField(recordForm)] = claimed;
    }
    // Two submits of one form (a double click, back and submit again) must not register the same thing twice.
    if (existing === undefined && built.subject === '' && NAMED_ONCE.has(recordForm.kind) && values.allowDuplicateName !== 'on' && Object.keys(errors).length === 0) {
      const name = values.name ?? '';
      if ((await sameNamed(recordForm.kind, name)) !== undefined) {
        const noun = article(NOUNS[recordForm.kind]);
        errors.allowDuplicateName = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} named “${name.trim()}” is registered already — use it, or tick “Register another with the same name”.`;
      }
    }
    if (Object.keys(errors).length > 0) return { errors, status: 422 };
    const facility = await actingFacility(recordForm, values, existing?.iri, viewer, built.references);
    const principal = recordForm.kind === 'facility' && existing === undefined ? principalFor(viewer, undefined) : principalFor(viewer, facility);
    if (principal === undefined) {
      return { status: 403, errors: { '': `You are not in the team of ${facility ?? 'this facility'}, so you cannot write this ${NOUNS[recordForm.kind]}: ask one of its managers to invite you.` } };
    }
    if (existing !== undefined && adopts !== undefined) return adoptAndSave(recordForm, values, built, principal, { ...existing, adopts });
    const body = turtleOf(existing === undefined ? built.quads : [...built.quads, ...(await unmanaged(existing.iri, built.paths))]);
    try {
      const stored = existing === undefined
        ? await deps.records.create({ body, format: 'turtle', principal, team: viewer.admin && SHARED_KINDS.has(recordForm.kind) && values.team !== '' ? values.team : undefined })
        : await deps.records.update(existing.iri, { body, format: 'turtle', principal }, existing.etag);
      // A person who registers a facility becomes its manager (open registration).
      if (existing === undefined && recordForm.kind === 'facility' && viewer.person !== undefined) {
        deps.people.setMembership(stored.iri, viewer.person.id, 'manager', `person:${viewer.person.id}`);
      }
      deps.logger.info({ iri: stored.iri, kind: recordForm.kind, actor: principal.id }, existing === undefined ? 'record registered in the workspace' : 'record edited in the workspace');
      return { iri: stored.iri };
    } catch (error) {
      if (error instanceof PhdError && error.status < 500) return refusal(error, built.paths, recordForm);
      throw error;
    }
  };

  /**
   * A record named here given its PID in an edit (a facility its RRID): renamed first, as
   * `RecordService.adopt` renames it (its team, tokens and records move with it; the old name
   * redirects), then the other fields saved on the new name. A refused rename changes nothing.
   */
  const adoptAndSave = async (recordForm: RecordForm, values: FormValues, built: BuiltRecord, principal: Principal, record: { iri: string; etag: string | undefined; adopts: string }): Promise<Saved> => {
    try {
      // The rename takes no If-Match: a form opened before someone else's change is refused here, as an update would be.
      if (record.etag !== undefined && (await deps.store.meta(record.iri))?.etag !== record.etag) throw new PreconditionFailedError('stale form');
      await deps.records.adopt(record.iri, record.adopts, principal);
    } catch (error) {
      if (!(error instanceof PhdError) || error.status >= 500) throw error;
      const refused = refusal(error, built.paths, recordForm);
      return error.status === 412 ? refused : { status: refused.status, errors: { [identityField(recordForm)]: error.message } };
    }
    deps.logger.info({ from: record.iri, iri: record.adopts, kind: recordForm.kind, actor: principal.id }, 'record renamed to its PID in the workspace');
    // Its registrations moved with it; the configuration names facilities by IRI and is read at start.
    if (deps.config.minting?.facilityDatacite.has(record.iri) === true) {
      deps.logger.warn({ from: record.iri, iri: record.adopts }, 'PHD_DATACITE_FACILITIES names this facility by its former IRI: name it by its RRID and restart, or it mints with the service\'s account');
    }
    const renamed = recordForm.build(values, record.adopts);
    const body = turtleOf([...renamed.quads, ...(await unmanaged(record.adopts, renamed.paths))]);
    // The viewer's memberships were read before the rename: the team they act for is now named by the PID.
    const acting: Principal = !principal.admin && principal.facility === record.iri ? { ...principal, facility: record.adopts } : principal;
    try {
      await deps.records.update(record.adopts, { body, format: 'turtle', principal: acting }, (await deps.store.meta(record.adopts))?.etag);
    } catch (error) {
      if (!(error instanceof PhdError) || error.status >= 500) throw error;
      return { ...refusal(error, renamed.paths, recordForm), renamedTo: record.adopts };
    }
    return { iri: record.adopts, renamed: record.iri };
  };

  const formView = async (recordForm: RecordForm, viewer: Viewer, parts: { values: Record<string, string>; errors: FormErrors; action: string; submit: string; editing?: string; hidden?: Record<string, string | undefined> }): Promise<Html> => {
    const teams = SHARED_KINDS.has(recordForm.kind) && !(viewer.admin && parts.editing !== undefined) ? await teamsOf(viewer) : [];
    return recordFormMarkup({
      form: recordForm, values: parts.values, errors: parts.errors, action: parts.action, csrf: viewer.session.csrf,
      choices: await choicesFor(recordForm, viewer), editing: parts.editing, submit: parts.submit, hidden: parts.hidden,
      teams, team: parts.values.team,
    });
  };

  // ---- The guided flow -------------------------------------------------------------------------

  router.get(WORKSPACE_PATHS.register, (_req, res) => res.redirect(303, `${WORKSPACE_PATHS.register}/organization`));

  /** Where each step goes next, with the record just registered or chosen. */
  const nextHref = (step: FlowStep, iri: string, carry: Readonly<Record<string, string | undefined>>): string => {
    switch (step) {
      case 'organization':
        return workspaceHref(`${WORKSPACE_PATHS.register}/facility`, { organization: iri });
      case 'facility':
        return workspaceHref(`${WORKSPACE_PATHS.register}/model`, { facility: iri });
      case 'model':
        return workspaceHref(`${WORKSPACE_PATHS.register}/instance`, { facility: carry.facility, model: iri });
      default:
        return workspaceHref(`${WORKSPACE_PATHS.register}/configuration`, { instance: iri });
    }
  };

  const stepPage = async (step: FlowStep, viewer: Viewer, carry: Readonly<Record<string, string | undefined>>, values: Record<string, string>, errors: FormErrors): Promise<string> => {
    const steps = stepList(step, carry);
    if (step === 'configuration') {
      const instances = await registered('instance');
      const mine = viewer.admin ? instances : instances.filter((i) => viewer.memberships.some((m) => m.facility === i.facility));
      const instance = carry.instance === undefined ? undefined : instances.find((i) => i.value === carry.instance);
      const chosen = instance === undefined
        ? html`<p>Choose the instrument whose hardware configuration you describe.</p>`
        : html`<p>Instrument: <strong>${instance.label}</strong> <code>${instance.value}</code></p><p class="actions"><a class="button" href="${workspaceHref(WORKSPACE_PATHS.upload, { instance: instance.value })}">Upload its configuration (Micro-Meta App file or OME-XML header)</a> <a class="button secondary" href="${workspaceHref(WORKSPACE_PATHS.instrument, { iri: instance.value })}">Open the instrument's page</a></p>`;
      const main = html`${steps}<h1>${stepTitle(step)}</h1><p>A hardware configuration is described by a file: upload the instrument's Micro-Meta App file or an OME-XML header, check the preview, then confirm.</p>${chosen}${registeredList('instrument', mine, (iri) => nextHref('instance', iri, carry))}`;
      return workspacePage({ title: stepTitle(step), viewer, main });
    }
    const recordForm = RECORD_FORMS[step] as RecordForm;
    const all = await registered(step);
    const offered = step === 'facility' && !viewer.admin ? all.filter((f) => viewer.memberships.some((m) => m.facility === f.value)) : all;
    const action = `${WORKSPACE_PATHS.register}/${step}`;
    const hidden = step === 'model' ? { carry_facility: carry.facility } : {};
    const formMarkup = await formView(recordForm, viewer, { values, errors, action, submit: `Register the ${recordForm.noun}`, hidden });
    const others = step === 'facility' && !viewer.admin && all.length > offered.length
      ? html`<p class="hint">${all.length - offered.length} other facilities are registered here; you can use those whose team you are in.</p>`
      : false;
    const main = html`${steps}<h1>${stepTitle(step)}</h1>${registeredList(recordForm.noun, offered, (iri) => nextHref(step, iri, carry))}${others}<section aria-labelledby="new-h"><h2 id="new-h">Register a new ${recordForm.noun}</h2>${formMarkup}</section>`;
    return workspacePage({ title: stepTitle(step), viewer, main });
  };

  /** The values a new record's form starts with: what earlier steps chose. */
  const preselected = (step: FlowStep, carry: Readonly<Record<string, string | undefined>>): Record<string, string> => {
    if (step === 'facility') return { host: carry.organization ?? '' };
    if (step === 'instance') return { facility: carry.facility ?? '', model: carry.model ?? '' };
    if (step === 'model' && carry.facility !== undefined) return { team: carry.facility };
    return {};
  };

  router.get(`${WORKSPACE_PATHS.register}/:step`, requireViewer, async (req, res, next) => {
    const step = req.params.step as FlowStep;
    if (!FLOW_STEPS.includes(step)) {
      next();
      return;
    }
    const viewer = signedIn(res);
    const carry = { organization: queryText(req, 'organization'), facility: queryText(req, 'facility'), model: queryText(req, 'model'), instance: queryText(req, 'instance') };
    sendPage(res, 200, await stepPage(step, viewer, carry, preselected(step, carry), {}));
  });

  router.post(`${WORKSPACE_PATHS.register}/:step`, requireViewer, async (req, res, next) => {
    const step = req.params.step as FlowStep;
    const recordForm = RECORD_FORMS[step as RecordKind];
    if (!FLOW_STEPS.includes(step) || recordForm === undefined) {
      next();
      return;
    }
    const viewer = signedIn(res);
    const values = valuesOf(req.body);
    const carry = { facility: values.carry_facility === '' ? undefined : values.carry_facility };
    const saved = await save(recordForm, values, viewer);
    if ('iri' in saved) {
      res.redirect(303, nextHref(step, saved.iri, carry));
      return;
    }
    sendPage(res, saved.status, await stepPage(step, viewer, carry, values, saved.errors));
  });

  // ---- Forms outside the flow, and editing ------------------------------------------------------

  const createPage = async (recordForm: RecordForm, viewer: Viewer, values: Record<string, string>, errors: FormErrors): Promise<string> => {
    const title = `New ${recordForm.noun}`;
    const markup = await formView(recordForm, viewer, { values, errors, action: workspaceHref(WORKSPACE_PATHS.create, { kind: recordForm.kind }), submit: `Register the ${recordForm.noun}` });
    return workspacePage({ title, viewer, main: html`<h1>${title}</h1>${markup}` });
  };

  const otherForm = (req: Request): RecordForm | undefined => {
    const kind = queryText(req, 'kind');
    return kind !== undefined && OTHER_KINDS.has(kind) ? RECORD_FORMS[kind as RecordKind] : undefined;
  };

  const unknownKind = (res: Response, viewer: Viewer): void => {
    const links = [...OTHER_KINDS].map((kind) => html`<li><a href="${workspaceHref(WORKSPACE_PATHS.create, { kind })}">New ${kind}</a></li>`);
    sendPage(res, 404, workspacePage({ title: 'New record', viewer, main: html`<h1>New record</h1><p>Choose what to register. Organizations, facilities, instrument models and instruments are registered in <a href="${WORKSPACE_PATHS.register}">the guided flow</a>.</p><ul>${links}</ul>` }));
  };

  router.get(WORKSPACE_PATHS.create, requireViewer, async (req, res) => {
    const viewer = signedIn(res);
    const recordForm = otherForm(req);
    if (recordForm === undefined) {
      unknownKind(res, viewer);
      return;
    }
    sendPage(res, 200, await createPage(recordForm, viewer, {}, {}));
  });

  router.post(WORKSPACE_PATHS.create, requireViewer, async (req, res) => {
    const viewer = signedIn(res);
    const recordForm = otherForm(req);
    if (recordForm === undefined) {
      unknownKind(res, viewer);
      return;
    }
    const values = valuesOf(req.body);
    const saved = await save(recordForm, values, viewer);
    if ('iri' in saved) {
      res.redirect(303, workspaceHref(WORKSPACE_PATHS.edit, { iri: saved.iri, saved: '1' }));
      return;
    }
    sendPage(res, saved.status, await createPage(recordForm, viewer, values, saved.errors));
  });

  const editPage = async (iri: string, recordForm: RecordForm, viewer: Viewer, values: Record<string, string>, errors: FormErrors, etag: string, saved: boolean, renamed = false): Promise<string> => {
    const title = `Edit ${recordForm.noun}`;
    const markup = await formView(recordForm, viewer, { values, errors, action: workspaceHref(WORKSPACE_PATHS.edit, { iri }), submit: 'Save changes', editing: iri, hidden: { _etag: etag } });
    const notice = renamed
      ? html`<p class="notice" role="status">The ${recordForm.noun} is now named ${pidFromIri(iri)?.curie ?? iri}; its former address redirects.${saved ? '' : ' Its other changes were not saved: see below.'}</p>`
      : saved ? html`<p class="notice" role="status">Saved.</p>` : false;
    const main = html`<h1>${title}</h1>${notice}<p><code>${iri}</code> · <a href="${deps.pids.hrefOf(iri)}">View the record</a> · <a href="${workspaceHref(WORKSPACE_PATHS.history, { iri })}">History</a></p>${markup}`;
    return workspacePage({ title, viewer, main });
  };

  /** The live record to edit and its form, or the page that says why there is none. */
  const editable = async (req: Request, res: Response, viewer: Viewer) => {
    const iri = queryText(req, 'iri');
    const record = iri === undefined ? undefined : await deps.store.get(iri);
    if (iri === undefined || record === undefined) {
      sendPage(res, 404, workspacePage({ title: 'No such record', viewer, main: html`<h1>No such record</h1><p>${iri === undefined ? 'Say which record to edit.' : `${iri} is not registered here.`}</p>` }));
      return undefined;
    }
    if (record.deletedAt !== undefined) {
      const canonical = await deps.store.canonicalOf(iri);
      if (canonical !== undefined) {
        res.redirect(303, workspaceHref(WORKSPACE_PATHS.edit, { iri: canonical }));
        return undefined;
      }
      sendPage(res, 410, workspacePage({ title: 'Withdrawn record', viewer, main: html`<h1>Withdrawn record</h1><p>${iri} was withdrawn on ${record.deletedAt}; a withdrawn record is not edited.</p>` }));
      return undefined;
    }
    const recordForm = RECORD_FORMS[record.kind];
    if (recordForm === undefined) {
      const instance = parser().parse(record.ntriples).find((q) => q.object.value === iri && q.predicate.value.endsWith('#hasConfiguration'))?.subject.value;
      sendPage(res, 200, workspacePage({ title: 'Hardware configuration', viewer, main: html`<h1>Hardware configuration</h1><p>A hardware configuration is changed by a new version, from a file or from the version in effect.</p>${instance !== undefined && html`<p><a href="${workspaceHref(WORKSPACE_PATHS.newVersion, { iri: instance })}">New version</a> · <a href="${workspaceHref(WORKSPACE_PATHS.upload, { instance })}">Upload a file</a> · <a href="${workspaceHref(WORKSPACE_PATHS.instrument, { iri: instance })}">The instrument's page</a></p>`}` }));
      return undefined;
    }
    return { iri, record, recordForm };
  };

  router.get(WORKSPACE_PATHS.edit, requireViewer, async (req, res) => {
    const viewer = signedIn(res);
    const found = await editable(req, res, viewer);
    if (found === undefined) return;
    const values = found.recordForm.read(parser().parse(found.record.ntriples), found.iri);
    sendPage(res, 200, await editPage(found.iri, found.recordForm, viewer, values, {}, found.record.etag, queryText(req, 'saved') === '1', queryText(req, 'renamed') === '1'));
  });

  router.post(WORKSPACE_PATHS.edit, requireViewer, async (req, res) => {
    const viewer = signedIn(res);
    const found = await editable(req, res, viewer);
    if (found === undefined) return;
    const values = valuesOf(req.body);
    const etag = values._etag === undefined || values._etag === '' ? found.record.etag : values._etag;
    const saved = await save(found.recordForm, values, viewer, { iri: found.iri, etag });
    if ('iri' in saved) {
      res.redirect(303, workspaceHref(WORKSPACE_PATHS.edit, { iri: saved.iri, saved: '1', renamed: saved.renamed === undefined ? undefined : '1' }));
      return;
    }
    if (saved.renamedTo !== undefined) {
      // Renamed, but the other fields were refused: the form goes on under the new name.
      const current = await deps.store.meta(saved.renamedTo);
      sendPage(res, saved.status, await editPage(saved.renamedTo, found.recordForm, viewer, values, saved.errors, current?.etag ?? etag, false, true));
      return;
    }
    sendPage(res, saved.status, await editPage(found.iri, found.recordForm, viewer, values, saved.errors, etag, false));
  });

  return router;
}

/**
 * What is too long in a form, in words: one-line values (names, labels) take {@link MAX_LINE}
 * characters, free text {@link MAX_TEXT}.
 * @param recordForm - the form.
 * @param values - what it sent.
 * @returns the errors by field.
 */
function tooLong(recordForm: RecordForm, values: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const field of recordForm.fields) {
    const most = field.type === 'textarea' || field.type === 'records' ? MAX_TEXT : MAX_LINE;
    const length = (values[field.name] ?? '').length;
    if (length > most) errors[field.name] = `${field.label}: at most ${most} characters, please (this is ${length}).`;
  }
  return errors;
}

/** The field that names a form's record (its PID). */
function identityField(recordForm: RecordForm): string {
  return recordForm.fields.find((f) => f.identity === true)?.name ?? '';
}
