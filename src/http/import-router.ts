import express from 'express';
import type { Request, Response, Router } from 'express';
import { BadRequestError, MethodNotAllowedError, UnsupportedMediaTypeError } from '../errors/index.js';
import type { MicrometaImporter } from '../importers/index.js';
import type { OmeXmlImporter } from '../importers/index.js';
import { parseJson } from '../rdf/index.js';
import { MEDIA_TYPES, mediaTypeFor } from '../representation/index.js';
import type { TokenRegistry } from '../store/index.js';
import { authenticate, authenticated } from './authenticate.js';
import { mediaTypeOf } from './media-type-of.js';

/** Dependencies of {@link importRouter}. */
export interface ImportRouterDeps {
  readonly micrometa: MicrometaImporter;
  readonly omeXml: OmeXmlImporter;
  readonly tokens: TokenRegistry;
  readonly maxBodyBytes: number;
}

/** A single-valued query parameter, or undefined; repeated parameters are refused. */
function parameter(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new BadRequestError(`The query parameter ${name} takes one non-empty value.`, { details: { field: name } });
  return value.trim();
}

/** Whether the request asks for a dry run (`dry-run=true`; `false` or absent: a real import). */
function dryRun(req: Request): boolean {
  const value = parameter(req, 'dry-run');
  if (value !== undefined && value !== 'true' && value !== 'false') {
    throw new BadRequestError(`The query parameter dry-run is true or false (was "${value}").`, { details: { field: 'dry-run' } });
  }
  return value === 'true';
}

const XML_TYPES = [mediaTypeFor('ome-xml'), ...MEDIA_TYPES['ome-xml'].aliases];
const JSON_TYPE = mediaTypeFor('micrometa+json');

/**
 * `/import/…`: community files become records, with the same validation, authorization and
 * atomicity as POST /records.
 *
 * `POST /import/micrometa?instance={pid}[&validFrom=YYYY-MM-DD][&pid={doi}]`, body a Micro-Meta
 * App microscope file (application/json): 201 with the new configuration version, or 200 when the
 * latest version already describes this hardware; the answer lists what the file holds that no
 * term states as `notMapped`, `[{path, reason}]`, and other `warnings`.
 *
 * `POST /import/ome-xml[?instance={pid}][&acquiredOn=YYYY-MM-DD][&new-version=false]`, body OME-XML
 * (application/xml): 201 with the datasets created (and the configuration version, when the
 * Instrument matched none), or 200 when every image was imported before. A new configuration version
 * is announced first, in `notice`, with field-level `changes`; `new-version=false` refuses it instead
 * (409, nothing stored). `notMapped` lists every element and attribute of the document's
 * Instruments and Images that no record holds, in the same form, `[{path, reason, count?}]`
 * (`count` when a path occurs more than once).
 *
 * `&dry-run=true` on either endpoint runs the same import — parse, map, match the instance, compare
 * with the version in effect, build the records, authorize (same token rules: 401/403 as a real
 * import) and validate them — and stores nothing: 200 with the plan, validation issues included
 * (never a 422 for them; other refusals keep their status). Shape, Micro-Meta App:
 * `{dryRun: true, source, status: 'create'|'unchanged', instance, iri? (the configuration that
 * already describes the hardware, or the PID given; absent for a new one, which is named when
 * stored), version, revises?, validFrom, tier, components: [{iri, kind, label, fields: [{name,
 * value}]}], changes: [line…] (field-level differences from the version in effect; empty for a
 * first version or unchanged), issues: [{focusNode, path?, message, severity, value?,
 * sourceConstraint?}], conforms, warnings, notMapped, records: [{iri, kind}]}`. OME-XML: the real
 * answer's `{notice?, source, configurations: [{instrument, instance, status: 'matched'|'created',
 * iri (provisional when created), validFrom, differences, revises?, changes, components}],
 * datasets: [{image, status: 'created'|'existing', iri, title, acquired, configuration}],
 * warnings, notMapped}` plus `dryRun: true, issues, conforms, records`.
 * @param deps - importers, tokens, body limit.
 * @returns the router.
 */
export function importRouter(deps: ImportRouterDeps): Router {
  const router = express.Router();
  const text = express.text({ type: () => true, limit: deps.maxBodyBytes });
  // The token is checked before the body is read: an anonymous client cannot make the service
  // buffer megabytes.
  const checked = authenticate(deps.tokens);

  router.post('/import/micrometa', checked, text, async (req: Request, res: Response) => {
    if (mediaTypeOf(req) !== JSON_TYPE) {
      throw new UnsupportedMediaTypeError(`Send the Micro-Meta App file as ${JSON_TYPE} (Content-Type was ${req.get('content-type') ?? 'missing'}).`, [JSON_TYPE]);
    }
    if (typeof req.body !== 'string' || req.body === '') throw new BadRequestError('The request has no body: send the Micro-Meta App microscope file.');
    const json = parseJson(req.body, 'request body');
    const instance = parameter(req, 'instance');
    const validFrom = parameter(req, 'validFrom');
    const pid = parameter(req, 'pid');
    const options = {
      source: 'request body', principal: authenticated(res),
      ...(instance === undefined ? {} : { instance }),
      ...(validFrom === undefined ? {} : { validFrom }),
      ...(pid === undefined ? {} : { pid }),
    };
    if (dryRun(req)) {
      const { records, ...plan } = await deps.micrometa.planFile(json, options);
      res.json({ dryRun: true, ...plan, records: records.map(({ iri, kind }) => ({ iri, kind })) });
      return;
    }
    const outcome = await deps.micrometa.importFile(json, options);
    const href = `/records/${encodeURIComponent(outcome.iri)}`;
    if (outcome.status === 'created') res.status(201).location(href);
    res.json({ ...outcome, href, pid: `/pid/${encodeURIComponent(outcome.iri)}` });
  });

  router.post('/import/ome-xml', checked, text, async (req: Request, res: Response) => {
    if (!XML_TYPES.includes(mediaTypeOf(req))) {
      throw new UnsupportedMediaTypeError(`Send the OME-XML document as ${XML_TYPES.join(' or ')} (Content-Type was ${req.get('content-type') ?? 'missing'}).`, XML_TYPES);
    }
    if (typeof req.body !== 'string' || req.body === '') throw new BadRequestError('The request has no body: send the OME-XML document.');
    const instance = parameter(req, 'instance');
    const acquiredOn = parameter(req, 'acquiredOn');
    const newVersion = parameter(req, 'new-version');
    if (newVersion !== undefined && newVersion !== 'true' && newVersion !== 'false') {
      throw new BadRequestError(`The query parameter new-version is true or false (was "${newVersion}").`, { details: { field: 'new-version' } });
    }
    const options = {
      source: 'request body', principal: authenticated(res), allowNewVersion: newVersion !== 'false',
      ...(instance === undefined ? {} : { instance }),
      ...(acquiredOn === undefined ? {} : { acquiredOn }),
    };
    if (dryRun(req)) {
      const { records, ...plan } = await deps.omeXml.planDocument(req.body, options);
      res.json({ dryRun: true, ...plan, records: records.map(({ iri, kind }) => ({ iri, kind })) });
      return;
    }
    const outcome = await deps.omeXml.importDocument(req.body, options);
    const created = [...outcome.configurations.filter((c) => c.status === 'created'), ...outcome.datasets.filter((d) => d.status === 'created')];
    const href = (iri: string) => `/records/${encodeURIComponent(iri)}`;
    const first = outcome.datasets.find((d) => d.status === 'created') ?? created[0];
    if (first !== undefined) res.status(201).location(href(first.iri));
    res.json({
      ...outcome,
      configurations: outcome.configurations.map((c) => ({ ...c, href: href(c.iri) })),
      datasets: outcome.datasets.map((d) => ({ ...d, href: href(d.iri) })),
    });
  });

  router.all(['/import/micrometa', '/import/ome-xml'], (req: Request) => {
    throw new MethodNotAllowedError(`${req.method} is not supported here: POST the file to ${req.path}.`, ['POST']);
  });
  return router;
}
