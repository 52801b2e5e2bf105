import express from 'express';
import type { Request, Response, Router } from 'express';
import multer from 'multer';
import N3 from 'n3';
import { isCalendarDate, SCHEMA } from '../domain/index.js';
import type { Principal } from '../domain/index.js';
import { PhdError } from '../errors/index.js';
import { recordHref } from '../pid/index.js';
import { parseJson } from '../rdf/index.js';
import { checkCsrf } from './csrf.js';
import { sendNotice } from './notice-page.js';
import { PendingUploads } from './pending-uploads.js';
import { planEssentials } from './plan-essentials.js';
import type { PendingUpload, UploadFormat } from './pending-uploads.js';
import { requireViewer } from './require-viewer.js';
import { uploadPage } from './upload-page.js';
import type { UploadFormValues } from './upload-page.js';
import { confirmable, uploadPreviewPage } from './upload-preview-page.js';
import type { UploadPlan } from './upload-preview-page.js';
import { principalFor, viewerOf } from './viewer.js';
import type { Viewer } from './viewer.js';
import type { WorkspaceDeps } from './workspace-deps.js';
import { WORKSPACE_PATHS, workspaceHref } from './workspace-paths.js';
import { sendPage } from '../http/index.js';

/** A form field's single text value, or undefined when absent or blank. */
function field(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A query parameter's single text value. */
function query(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The workspace's upload with preview (issue 19, item 4): `GET /workspace/upload` the form
 * (`?instance=` preselects the instrument, `?format=` the format; `?upload={id}` shows a pending
 * upload's preview), `POST /workspace/upload` a file (`multipart/form-data`, read into memory up
 * to PHD_MAX_BODY_BYTES) → the dry run of the import (nothing stored) → 303 to its preview;
 * `POST /workspace/upload/confirm` with `upload` = the preview's id → the real import, acting as
 * the person in the instrument's team (the same importer, validation and authorization as
 * POST /import/…) → 303 to the new record's page. A pending upload belongs to the session that
 * uploaded it, expires after an hour and is taken by its first confirmation (see {@link PendingUploads}).
 * @param deps - the services.
 * @returns the router.
 */
export function uploadRouter(deps: WorkspaceDeps): Router {
  const router = express.Router();
  const pending = new PendingUploads<UploadPlan>();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: deps.config.maxBodyBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } }).single('file');
  /** Multer's parse of the multipart body; resolves with its error, if any. */
  const parseMultipart = (req: Request, res: Response) => new Promise<unknown>((resolve) => {
    upload(req, res, (error: unknown) => resolve(error));
  });

  /** The instrument instances the viewer may upload for: every one for an administrator, else those of the viewer's teams. */
  const instancesOf = async (viewer: Viewer): Promise<{ iri: string; label: string; facility: string | undefined }[]> => {
    const teams = new Set(viewer.memberships.map((m) => m.facility));
    const found: { iri: string; label: string; facility: string | undefined }[] = [];
    for (const meta of await deps.store.list('instance')) {
      if (meta.deletedAt !== undefined || (!viewer.admin && (meta.facility === undefined || !teams.has(meta.facility)))) continue;
      const record = await deps.store.get(meta.iri);
      const name = record === undefined ? undefined : new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples)
        .find((q) => q.subject.value === meta.iri && q.predicate.value === SCHEMA.name)?.object.value;
      found.push({ iri: meta.iri, label: name === undefined ? meta.iri : `${name} (${meta.iri})`, facility: meta.facility });
    }
    return found.sort((a, b) => a.label.localeCompare(b.label));
  };

  const showForm = async (res: Response, viewer: Viewer, status: number, values: UploadFormValues, errors: Readonly<Record<string, string>>) => {
    sendPage(res, status, uploadPage({ viewer, instances: await instancesOf(viewer), values, errors }));
  };

  const showPreview = async (res: Response, viewer: Viewer, entry: PendingUpload<UploadPlan>) => {
    const instance = (await instancesOf(viewer)).find((i) => i.iri === entry.instance) ?? { iri: entry.instance, label: entry.instance };
    sendPage(res, 200, uploadPreviewPage({ viewer, id: entry.id, fileName: entry.fileName, instance, upload: entry.plan }));
  };

  router.get(WORKSPACE_PATHS.upload, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerOf(res) as Viewer;
    const id = query(req, 'upload');
    if (id !== undefined) {
      const entry = pending.find(id, viewer.session.id);
      if (entry === undefined) {
        sendNotice(res, 404, { title: 'No such upload', message: 'This preview was confirmed already, or it expired (a preview waits an hour), or it belongs to another session. Nothing was stored from it. Upload the file again.', next: { href: WORKSPACE_PATHS.upload, label: 'Upload a file' } });
        return;
      }
      await showPreview(res, viewer, entry);
      return;
    }
    await showForm(res, viewer, 200, { instance: query(req, 'instance'), format: query(req, 'format') }, {});
  });

  router.post(WORKSPACE_PATHS.upload, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerOf(res) as Viewer;
    const failure = await parseMultipart(req, res);
    // The token is checked once the body is parsed, before anything else is done with it.
    if (failure === undefined && !checkCsrf(req, res)) return;
    const values: UploadFormValues = { instance: field(req.body, 'instance'), format: field(req.body, 'format'), validFrom: field(req.body, 'validFrom'), acquiredOn: field(req.body, 'acquiredOn') };
    if (failure !== undefined) {
      const tooLarge = failure instanceof multer.MulterError && failure.code === 'LIMIT_FILE_SIZE';
      await showForm(res, viewer, tooLarge ? 413 : 400, values, { file: tooLarge ? `The file is larger than ${deps.config.maxBodyBytes} bytes, the most this service takes — upload a smaller file (an OME-XML header rather than the whole image).` : 'The form could not be read — choose the file and send the form again.' });
      return;
    }
    const errors: Record<string, string> = {};
    const instances = await instancesOf(viewer);
    const instance = instances.find((i) => i.iri === values.instance);
    if (instance === undefined) errors.instance = values.instance === undefined ? 'Choose the instrument the file is for.' : 'That instrument is not one your teams may upload for — choose one of the list.';
    const format = values.format === 'micrometa' || values.format === 'ome-xml' ? values.format : undefined;
    if (format === undefined) errors.format = 'Choose the file\'s format: Micro-Meta App or OME-XML.';
    if (values.validFrom !== undefined && !isCalendarDate(values.validFrom)) errors.validFrom = `“${values.validFrom}” is not a date — write it as YYYY-MM-DD.`;
    if (values.acquiredOn !== undefined && !isCalendarDate(values.acquiredOn)) errors.acquiredOn = `“${values.acquiredOn}” is not a date — write it as YYYY-MM-DD.`;
    const file = req.file;
    if (file === undefined || file.size === 0) errors.file = 'Choose the file to upload (it was missing or empty).';
    const principal = instance === undefined ? undefined : principalFor(viewer, instance.facility);
    if (instance !== undefined && principal === undefined) errors.instance = 'You are not in the team of the facility that operates this instrument — ask its manager to add you.';
    if (Object.keys(errors).length > 0 || instance === undefined || format === undefined || file === undefined || principal === undefined) {
      await showForm(res, viewer, 422, values, errors);
      return;
    }
    const text = file.buffer.toString('utf8');
    const fileName = file.originalname === '' ? 'the uploaded file' : file.originalname;
    const date = format === 'micrometa' ? values.validFrom : values.acquiredOn;
    let plan: UploadPlan;
    try {
      plan = await planOf(deps, { format, text, fileName, instance: instance.iri, date, principal });
    } catch (error) {
      if (!(error instanceof PhdError) || error.status >= 500) throw error;
      await showForm(res, viewer, 422, values, { file: `${fileName} cannot be stored: ${error.message}` });
      return;
    }
    const entry = pending.add({ session: viewer.session.id, format, fileName, text, instance: instance.iri, facility: instance.facility, date, plan });
    if (entry === undefined) {
      // Full: refuse this preview rather than drop other people's.
      res.setHeader('Retry-After', '300');
      await showForm(res, viewer, 503, values, { file: `Too many uploads are waiting for their confirmation on this service just now, so ${fileName} was not kept for a preview and nothing was stored. Try again in a few minutes.` });
      return;
    }
    res.redirect(303, workspaceHref(WORKSPACE_PATHS.upload, { upload: entry.id }));
  });

  router.post(WORKSPACE_PATHS.uploadConfirm, requireViewer, async (req: Request, res: Response) => {
    const viewer = viewerOf(res) as Viewer;
    const id = field(req.body, 'upload');
    // Taken before the import runs: a second confirmation (a double click, a resent form) finds nothing.
    const entry = id === undefined ? undefined : pending.take(id, viewer.session.id);
    if (entry === undefined) {
      sendNotice(res, 409, { title: 'Nothing to confirm', message: 'This upload was stored already, or it expired (a preview waits an hour), or it was made in another session. Nothing more was stored. Upload the file again if it is still to be stored.', next: { href: WORKSPACE_PATHS.upload, label: 'Upload a file' } });
      return;
    }
    const principal = principalFor(viewer, entry.facility);
    if (principal === undefined || !confirmable(entry.plan)) {
      sendNotice(res, principal === undefined ? 403 : 422, { title: 'Not stored', message: principal === undefined ? 'You are no longer in the team of the facility that operates this instrument, so nothing was stored.' : 'The preview showed problems to fix or nothing to store, so nothing was stored. Upload a corrected file.', next: { href: workspaceHref(WORKSPACE_PATHS.upload, { instance: entry.instance, format: entry.format }), label: 'Upload a file' } });
      return;
    }
    let target: string;
    try {
      // The store may have changed since the preview (another version stored): store only what was shown.
      const plan = await planOf(deps, { ...entry, principal });
      if (planEssentials(plan) !== planEssentials(entry.plan)) {
        const again = pending.add({ ...entry, plan });
        sendNotice(res, 409, {
          title: 'Not stored: the instrument changed',
          message: `The instrument changed since your preview of ${entry.fileName} (another version or record was stored meanwhile), so storing it now would not do what the preview showed. Nothing was stored. Check the new preview again, then confirm it if it is still right.`,
          next: again === undefined
            ? { href: workspaceHref(WORKSPACE_PATHS.upload, { instance: entry.instance, format: entry.format }), label: 'Upload the file again' }
            : { href: workspaceHref(WORKSPACE_PATHS.upload, { upload: again.id }), label: 'Check the new preview' },
        });
        return;
      }
      target = await importOf(deps, entry, principal);
    } catch (error) {
      if (!(error instanceof PhdError) || error.status >= 500) throw error;
      sendNotice(res, error.status, { title: 'Not stored', message: `${entry.fileName} was not stored: ${error.message}`, next: { href: workspaceHref(WORKSPACE_PATHS.upload, { instance: entry.instance, format: entry.format }), label: 'Upload a file' } });
      return;
    }
    deps.logger.info({ actor: principal.id, instance: entry.instance, format: entry.format, record: target }, 'upload stored');
    res.redirect(303, recordHref(target, deps.config.baseUrl));
  });
  return router;
}

/** What an upload is imported with. */
interface UploadRequest {
  readonly format: UploadFormat;
  readonly text: string;
  readonly fileName: string;
  readonly instance: string;
  readonly date: string | undefined;
  readonly principal: Principal;
}

/** The dry run of an upload's import. */
async function planOf(deps: WorkspaceDeps, request: UploadRequest): Promise<UploadPlan> {
  const { format, text, fileName, instance, date, principal } = request;
  if (format === 'micrometa') {
    const plan = await deps.imports.micrometa.planFile(parseJson(text, fileName), { source: fileName, instance, principal, ...(date === undefined ? {} : { validFrom: date }) });
    return { format, plan };
  }
  const plan = await deps.imports.omeXml.planDocument(text, { source: fileName, instance, principal, ...(date === undefined ? {} : { acquiredOn: date }) });
  return { format, plan };
}

/**
 * The real import of a confirmed upload.
 * @returns the record to show: the new configuration, else the first new dataset.
 */
async function importOf(deps: WorkspaceDeps, entry: PendingUpload<UploadPlan>, principal: Principal): Promise<string> {
  const { format, text, fileName, instance, date } = entry;
  if (format === 'micrometa') {
    const outcome = await deps.imports.micrometa.importFile(parseJson(text, fileName), { source: fileName, instance, principal, ...(date === undefined ? {} : { validFrom: date }) });
    return outcome.iri;
  }
  const outcome = await deps.imports.omeXml.importDocument(text, { source: fileName, instance, principal, ...(date === undefined ? {} : { acquiredOn: date }) });
  return outcome.configurations.find((c) => c.status === 'created')?.iri ?? outcome.datasets.find((d) => d.status === 'created')?.iri ?? instance;
}
