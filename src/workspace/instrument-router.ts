import express from 'express';
import type { Request, Response, Router } from 'express';
import N3 from 'n3';
import { canonicalNTriples, INSTRUMENT_STATUSES, isCalendarDate, PHD, RDFS, SCHEMA, XSD } from '../domain/index.js';
import type { Principal } from '../domain/index.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, UnprocessableError } from '../errors/index.js';
import { sendPage } from '../http/index.js';
import { MintingOffError } from '../minting/index.js';
import type { RecordMeta, StoredRecord } from '../store/index.js';
import { actorName } from './actor-name.js';
import { componentQuads, readComponents } from './component-form.js';
import { historyPage } from './history-page.js';
import { instrumentLife, valueOf } from './instrument-life.js';
import type { InstrumentLife } from './instrument-life.js';
import { DONE_MESSAGES, instrumentPage } from './instrument-page.js';
import { newConfigurationVersion } from './new-version.js';
import { newVersionPage } from './new-version-page.js';
import { requireViewer } from './require-viewer.js';
import { principalFor, roleIn, viewerOf } from './viewer.js';
import type { Viewer } from './viewer.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { workspacePage } from './workspace-page.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';
import { withdrawPage } from './withdraw-page.js';

const { literal, namedNode, quad } = N3.DataFactory;

/** The form body as text fields (a repeated field keeps its last value; `remove` is read apart). */
function fieldsOf(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value) && typeof value.at(-1) === 'string') fields[name] = value.at(-1) as string;
  }
  return fields;
}

/** The record a request names (`iri` in the query or the form). */
function iriOf(req: Request): string {
  const fromQuery = req.query.iri;
  const fromBody = ((req.body ?? {}) as Record<string, unknown>).iri;
  const iri = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : undefined;
  if (iri === undefined || iri.trim() === '') throw new BadRequestError('Name the record: ?iri=… (its IRI or PID).', { details: { field: 'iri' } });
  return iri.trim();
}

/** The signed-in viewer of a route behind {@link requireViewer}. */
function viewerIn(res: Response): Viewer {
  const viewer = viewerOf(res);
  if (viewer === undefined) throw new Error('requireViewer runs before every route of the instrument router');
  return viewer;
}

/** The team whose members write a record: its facility, or for a shared record the team that created it. */
function teamOf(record: RecordMeta): string | undefined {
  return record.facility ?? record.team;
}

/** The messages of a refused write, in words, for a form's error summary. */
function refusalMessages(error: unknown): string[] | undefined {
  if (!(error instanceof UnprocessableError || error instanceof ConflictError || error instanceof PreconditionFailedError)) return undefined;
  if (error instanceof PreconditionFailedError) return ['The record was changed by someone else meanwhile. Reload the page and try again.'];
  const violations = error.details.violations;
  if (Array.isArray(violations) && violations.length > 0) {
    return [...new Set(violations.map((v) => {
      const { message } = (v ?? {}) as { message?: unknown };
      return typeof message === 'string' ? message : 'A value does not fit the model.';
    }))];
  }
  return [error.message];
}

/** Form-level errors from messages (key `''` is the whole form; more get their own keys). */
function formErrors(messages: readonly string[]): Record<string, string> {
  return Object.fromEntries(messages.map((message, i) => [i === 0 ? '' : `_${i}`, message]));
}

/**
 * The workspace's routes for the life of an instrument: its page, a new configuration version,
 * its status, withdrawal with a reason, restoring an earlier revision, minting and publishing its
 * PIDs, and the history of any record. Every write goes through the services the API uses
 * ({@link WorkspaceDeps.records}, {@link WorkspaceDeps.minting}) as `principalFor(viewer, facility)`.
 * @param deps - the services.
 * @returns the router.
 */
export function instrumentRouter(deps: WorkspaceDeps): Router {
  const router = express.Router();

  const liveRecord = async (iri: string): Promise<StoredRecord> => {
    const record = await deps.store.get(iri);
    if (record === undefined) throw new NotFoundError(`No record ${iri} is registered here.`);
    if (record.deletedAt !== undefined) throw new ConflictError(`${iri} was withdrawn on ${record.deletedAt}; it cannot change any more.`);
    return record;
  };
  /** The principal a member of the record's team writes as; 403 for anyone else (the record service checks again). */
  const writer = (viewer: Viewer, record: RecordMeta): Principal => {
    const principal = principalFor(viewer, teamOf(record));
    if (principal === undefined) throw new ForbiddenError(`Only members of the team of ${teamOf(record) ?? 'the record'} may change ${record.iri}.`);
    return principal;
  };
  /** The principal of a manager of the record's team; 403 for anyone else. */
  const manager = (viewer: Viewer, record: RecordMeta, what: string): Principal => {
    const principal = writer(viewer, record);
    if (roleIn(viewer, teamOf(record)) !== 'manager') throw new ForbiddenError(`Only a manager of the team of ${teamOf(record) ?? 'the record'} may ${what}.`);
    return principal;
  };
  const actionsOf = (viewer: Viewer, facility: string | undefined) => ({
    write: principalFor(viewer, facility) !== undefined,
    manage: principalFor(viewer, facility) !== undefined && roleIn(viewer, facility) === 'manager',
    minting: deps.minting !== undefined,
  });
  const instrumentHref = (iri: string, done?: string) => workspaceHref(WORKSPACE_PATHS.instrument, { iri, done });
  const showInstrument = (res: Response, status: number, viewer: Viewer, life: InstrumentLife, extra: { done?: string; statusForm?: { values: Record<string, string>; errors: Record<string, string> } } = {}) => {
    sendPage(res, status, workspacePage({
      title: life.name,
      viewer,
      main: instrumentPage({ life, viewer, actions: actionsOf(viewer, life.record.facility), hrefOf: (iri) => deps.pids.hrefOf(iri), ...extra }),
    }));
  };

  router.get(WORKSPACE_PATHS.instrument, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const life = await instrumentLife(deps, iriOf(req));
    const done = typeof req.query.done === 'string' ? DONE_MESSAGES[req.query.done] : undefined;
    showInstrument(res, 200, viewer, life, done === undefined ? {} : { done });
  });

  router.post(WORKSPACE_PATHS.status, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const iri = iriOf(req);
    const life = await instrumentLife(deps, iri);
    const principal = writer(viewer, life.record);
    const values = fieldsOf(req);
    const pick = (name: string) => (values[name] ?? '').trim();
    const status = INSTRUMENT_STATUSES.find((s) => s.label === pick('status'));
    const errors: Record<string, string> = {};
    if (status === undefined) errors.status = 'Choose one of the five statuses.';
    if (pick('since') === '') errors.since = 'Give the date the status took effect.';
    for (const name of ['since', 'commissioned', 'decommissioned']) {
      if (pick(name) !== '' && !isCalendarDate(pick(name))) errors[name] = `${pick(name)} is not a date: write it as YYYY-MM-DD.`;
    }
    if (status?.label === 'decommissioned' && pick('decommissioned') === '') errors.decommissioned = 'A decommissioned instrument needs its decommissioning date.';
    if (Object.keys(errors).length === 0 && status !== undefined) {
      const node = namedNode(iri);
      const date = (name: string) => literal(pick(name), namedNode(XSD.date));
      const replaced = new Set([PHD.instrumentStatus, PHD.statusSince, PHD.commissioned, PHD.decommissioned]);
      const quads = [
        ...life.quads.filter((q) => !(q.subject.value === iri && replaced.has(q.predicate.value))),
        quad(node, namedNode(PHD.instrumentStatus), namedNode(status.iri)),
        quad(node, namedNode(PHD.statusSince), date('since')),
        ...(pick('commissioned') === '' ? [] : [quad(node, namedNode(PHD.commissioned), date('commissioned'))]),
        ...(pick('decommissioned') === '' ? [] : [quad(node, namedNode(PHD.decommissioned), date('decommissioned'))]),
      ];
      try {
        await deps.records.update(iri, { body: canonicalNTriples(quads), format: 'n-triples', principal }, pick('etag') || undefined);
        res.redirect(303, instrumentHref(iri, 'status'));
        return;
      } catch (error) {
        const messages = refusalMessages(error);
        if (messages === undefined) throw error;
        Object.assign(errors, formErrors(messages));
      }
    }
    showInstrument(res, 422, viewer, life, { statusForm: { values, errors } });
  });

  const newVersionForm = async (req: Request, viewer: Viewer): Promise<{ life: InstrumentLife; principal: Principal } | undefined> => {
    const life = await instrumentLife(deps, iriOf(req));
    const principal = writer(viewer, life.record);
    if (life.inEffect === undefined && life.latest === undefined) {
      throw new ConflictError(`${life.name} has no configuration yet: upload a Micro-Meta App file to describe its first one.`);
    }
    return { life, principal };
  };

  router.get(WORKSPACE_PATHS.newVersion, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const found = await newVersionForm(req, viewer);
    if (found === undefined) return;
    // A new version is dated after the latest and revises it, so it continues from the latest
    // (a planned one included), never from the one in effect today: that would undo the plan.
    const base = found.life.latest;
    if (base === undefined) return;
    sendPage(res, 200, workspacePage({ title: `New version · ${found.life.name}`, viewer, main: newVersionPage({ life: found.life, base, viewer, values: {}, removed: [], errors: {} }) }));
  });

  router.post(WORKSPACE_PATHS.newVersion, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const found = await newVersionForm(req, viewer);
    if (found === undefined) return;
    const { life, principal } = found;
    const latest = life.latest;
    if (latest === undefined) return;
    const base = latest;
    const values = fieldsOf(req);
    const pick = (name: string) => (values[name] ?? '').trim();
    const rawRemove = ((req.body ?? {}) as Record<string, unknown>).remove;
    const removed = (Array.isArray(rawRemove) ? rawRemove : [rawRemove]).filter((r): r is string => typeof r === 'string');
    const { components, errors } = readComponents(values);
    const baseComponents = new Set(base.quads.filter((q) => q.subject.value === base.iri && q.predicate.value === PHD.hasComponent).map((q) => q.object.value));
    if (removed.some((r) => !baseComponents.has(r))) errors[''] = `Only components of version ${base.versionNumber} can be removed; reload the page.`;
    if (pick('label') === '') errors.label = 'Name the new version.';
    if (pick('validFrom') === '') errors.validFrom = 'Give the day the new version takes effect.';
    else if (!isCalendarDate(pick('validFrom'))) errors.validFrom = `${pick('validFrom')} is not a date: write it as YYYY-MM-DD.`;
    else if (latest.validFrom !== '' && pick('validFrom') <= latest.validFrom) errors.validFrom = `The new version must take effect after ${latest.validFrom}, the date of version ${latest.versionNumber}.`;
    if (pick('changeNote') === '') errors.changeNote = 'Say what changed, in a sentence.';
    if (components.length === 0 && removed.length === 0 && errors[''] === undefined) errors[''] = 'Add or remove at least one component: otherwise the hardware did not change and no new version is needed.';
    if (Object.keys(errors).length === 0) {
      try {
        const iri = await deps.records.newIri('configuration', life.record.facility);
        const quads = newConfigurationVersion({
          base, revises: latest.iri, iri, versionNumber: Math.max(...life.versions.map((v) => v.versionNumber)) + 1,
          validFrom: pick('validFrom'), label: pick('label'), changeNote: pick('changeNote'), remove: removed,
          add: components.map((component) => componentQuads(component, iri)),
        });
        await deps.records.createAll([quads], principal);
        res.redirect(303, instrumentHref(life.record.iri, 'version'));
        return;
      } catch (error) {
        const messages = refusalMessages(error);
        if (messages === undefined) throw error;
        Object.assign(errors, formErrors(messages));
      }
    }
    sendPage(res, 422, workspacePage({ title: `New version · ${life.name}`, viewer, main: newVersionPage({ life, base, viewer, values, removed, errors }) }));
  });

  /** A record's name for headings: schema:name, rdfs:label, or its IRI. */
  const nameOf = (record: StoredRecord): string => {
    const quads = record.ntriples === '' ? [] : new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
    return valueOf(quads, record.iri, SCHEMA.name) ?? valueOf(quads, record.iri, RDFS.label) ?? record.iri;
  };

  router.get(WORKSPACE_PATHS.withdraw, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const record = await liveRecord(iriOf(req));
    manager(viewer, record, `withdraw ${record.iri}`);
    const minted = (await deps.minting?.registration(record.iri)) !== undefined;
    sendPage(res, 200, workspacePage({ title: `Withdraw ${nameOf(record)}`, viewer, main: withdrawPage({ record, name: nameOf(record), viewer, minted, reason: '', errors: {} }) }));
  });

  router.post(WORKSPACE_PATHS.withdraw, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const record = await liveRecord(iriOf(req));
    const principal = manager(viewer, record, `withdraw ${record.iri}`);
    const values = fieldsOf(req);
    const reason = (values.reason ?? '').trim();
    const errors: Record<string, string> = {};
    if (reason === '') errors.reason = 'Give the reason: it is shown on the tombstone page.';
    else if (reason.length > 2000) errors.reason = `The reason is ${reason.length} characters long; keep it under 2000.`;
    if (Object.keys(errors).length === 0) {
      try {
        await deps.records.delete(record.iri, principal, (values.etag ?? '').trim() || undefined, reason);
        res.redirect(303, workspaceHref(WORKSPACE_PATHS.history, { iri: record.iri, done: 'withdrawn' }));
        return;
      } catch (error) {
        const messages = refusalMessages(error);
        if (messages === undefined) throw error;
        Object.assign(errors, formErrors(messages));
      }
    }
    const minted = (await deps.minting?.registration(record.iri)) !== undefined;
    sendPage(res, 422, workspacePage({ title: `Withdraw ${nameOf(record)}`, viewer, main: withdrawPage({ record, name: nameOf(record), viewer, minted, reason, errors }) }));
  });

  router.post(WORKSPACE_PATHS.restore, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const record = await liveRecord(iriOf(req));
    const principal = writer(viewer, record);
    if (record.kind === 'configuration') {
      throw new ConflictError(`${record.iri} is a hardware configuration, and configurations are immutable: an earlier revision cannot be restored. Make a new configuration version instead.`);
    }
    const fields = fieldsOf(req);
    const version = Number(fields.version);
    if (!Number.isInteger(version) || version < 1) throw new BadRequestError('Name the revision to restore: version=1, 2…', { details: { field: 'version' } });
    const graph = await deps.store.revisionGraph(record.iri, version);
    if (graph === undefined) throw new NotFoundError(`${record.iri} has no version ${version}.`);
    if (graph === '') throw new UnprocessableError(`Version ${version} of ${record.iri} is a withdrawal; there is no graph to restore.`);
    try {
      // The form carries the ETag the history was read at: a change since then must not be overwritten unseen.
      await deps.records.update(record.iri, { body: graph, format: 'n-triples', principal, note: `restored version ${version}` }, (fields.etag ?? '').trim() || undefined);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      throw new PreconditionFailedError(`Someone changed this record after you opened its history; look again at its history (${workspaceHref(WORKSPACE_PATHS.history, { iri: record.iri })}) before you restore a version. Nothing was changed.`);
    }
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.history, { iri: record.iri, done: 'restored' }));
  });

  /** Where to go after minting or publishing a record's PID: its instrument's page. */
  const afterPid = async (record: RecordMeta, pid: string, done: string): Promise<string> => {
    if (record.kind === 'instance') return instrumentHref(pid, done);
    const instance = (await deps.store.links({ predicate: PHD.hasConfiguration, object: pid }))[0]?.subject;
    return instance === undefined ? workspaceHref(WORKSPACE_PATHS.history, { iri: pid }) : instrumentHref(instance, done);
  };

  /** The mint and publish buttons: a manager of the record's facility, minting configured, as POST /records/{id}/mint and /publish. */
  const pidAction = (path: string, what: string, done: string, act: (iri: string, principal: Principal) => Promise<{ pid: string }>) => {
    router.post(path, requireViewer, async (req: Request, res: Response) => {
      const viewer = viewerIn(res);
      const record = await liveRecord(iriOf(req));
      const principal = manager(viewer, record, `${what} ${record.iri}`);
      const registration = await act(record.iri, principal);
      res.redirect(303, await afterPid(record, registration.pid, done));
    });
  };
  const minting = (): NonNullable<WorkspaceDeps['minting']> => {
    if (deps.minting === undefined) throw new MintingOffError();
    return deps.minting;
  };
  pidAction(WORKSPACE_PATHS.mint, 'mint a PID for', 'minted', (iri, principal) => minting().mint(iri, principal));
  pidAction(WORKSPACE_PATHS.publish, 'publish the PID of', 'published', (iri, principal) => minting().publish(iri, principal));

  router.get(WORKSPACE_PATHS.history, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerIn(res);
    const iri = iriOf(req);
    const record = await deps.store.get(iri);
    if (record === undefined) throw new NotFoundError(`No record ${iri} is registered here.`);
    const entries = await deps.store.history(iri);
    const tokens = deps.tokens.list();
    const doneKey = typeof req.query.done === 'string' ? req.query.done : undefined;
    const done = doneKey === 'withdrawn' ? 'The record is withdrawn. Its identifier now resolves to a tombstone page with your reason.' : doneKey === undefined ? undefined : DONE_MESSAGES[doneKey];
    const name = record.deletedAt === undefined ? nameOf(record) : iri;
    sendPage(res, 200, workspacePage({
      title: `History · ${name}`,
      viewer,
      main: historyPage({ record, name, entries, viewer, write: principalFor(viewer, teamOf(record)) !== undefined, actorName: (actor) => actorName(actor, deps.people, tokens), done }),
    }));
  });

  return router;
}
