import express from 'express';
import N3 from 'n3';
import type { Request, RequestHandler, Response, Router } from 'express';
import { NotFoundError, BadRequestError } from '../errors/index.js';
import { NAMESPACE_DOCUMENTS, PREFIXES, SITE_PATHS } from '../domain/index.js';
import type { Logger } from '../logging/index.js';
import { OntologyCatalog, termExamples } from '../ontology-docs/index.js';
import type { TermExample, TermView } from '../ontology-docs/index.js';
import { renderNamespacePage, renderOntologyIndexPage, renderTermPage } from '../pages/index.js';
import type { QueryEngine } from '../query/index.js';
import { runSelect } from '../query/index.js';
import { serializeQuads } from '../rdf/index.js';
import { chooseRepresentation, entityTag, lookupFormatName, MEDIA_TYPES, mediaTypeFor, notAcceptable } from '../representation/index.js';
import type { MediaTypeId, SparqlJson } from '../representation/index.js';
import { notModified } from './not-modified.js';
import { sendPage } from './send-page.js';

/** What the ontology router needs. */
export interface OntologyRouterDeps {
  /** The service's query engine: term pages show examples from the records through it. */
  readonly query: Pick<QueryEngine, 'query'>;
  /** PHD_BASE_URL, to link the records examples come from. */
  readonly baseUrl: string;
  /** The ontology (default: the package's files, {@link OntologyCatalog.shared}). */
  readonly catalog?: OntologyCatalog;
  /**
   * Registers a listener called after every committed write to the records: term pages (their
   * examples come from the records) are kept until then. Without it, a page is computed per request.
   */
  readonly onChange?: (listener: () => void) => void;
  /** The per-client limit of running queries (a term page queries the store). */
  readonly queryLimit?: RequestHandler | undefined;
  /** Where a failure to read the examples is logged. */
  readonly logger?: Logger | undefined;
}

/** Namespace documents: the Turtle as written first (what the w3id redirects serve to machines). */
const DOCUMENT_OFFERS = ['turtle', 'html', 'json-ld', 'n-triples'] as const satisfies readonly MediaTypeId[];
const TERM_OFFERS = ['html', 'turtle', 'json-ld', 'n-triples'] as const satisfies readonly MediaTypeId[];
const INDEX_OFFERS = ['html', 'json'] as const satisfies readonly MediaTypeId[];

/** `?format=` (a short name or media type) wins, then Accept; 400 for a format not offered, 406 when nothing fits. */
function formatOf<Id extends MediaTypeId>(req: Request, offers: readonly Id[], what: string): Id {
  const format = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (format !== undefined) {
    const named = lookupFormatName(format, offers);
    if (named === undefined) throw new BadRequestError(`format=${format} is not offered for ${what}: use one of ${offers.flatMap((id) => MEDIA_TYPES[id].names).join(', ')}.`, { code: 'bad-format' });
    return named;
  }
  const chosen = chooseRepresentation(req.get('accept'), offers);
  if (chosen === undefined) throw notAcceptable(`${what} is served as ${offers.map(mediaTypeFor).join(', ')}.`, offers);
  return chosen;
}

/** Answers 304 when the client holds this version; else sets the validators. */
function fresh(req: Request, res: Response, etag: string, cacheControl: string): boolean {
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', cacheControl);
  return notModified(req, res, etag);
}

/** What a term page shows when the store could not give its examples (the failure itself is logged, not shown). */
const EXAMPLES_FAILED = 'the store did not answer. Try again later.';

/**
 * The vocabulary documented where it lives:
 * - `GET /ontology`: the index (namespaces, every class and property), as HTML or JSON;
 * - `GET /ns`, `/nbo-q`, `/unit`, `/shapes`: the namespace documents — the Turtle as written
 *   (`text/turtle`: the file's bytes; shapes/ is several files, served one after the other), HTML
 *   listing every term with its local name as anchor, JSON-LD and N-Triples of the same quads;
 * - `GET /ontology/{prefix}/{localName}`: one term's page, or its own triples as Turtle, JSON-LD or
 *   N-Triples; 404 problem details for a term the files do not know.
 * Every answer carries `Vary: Accept` and an ETag (namespace documents: from the files' bytes).
 * @param deps - the query engine, the base URL and the catalog.
 * @returns the router, to mount at the application root.
 */
export function ontologyRouter(deps: OntologyRouterDeps): Router {
  const router = express.Router();
  const catalog = (): OntologyCatalog => deps.catalog ?? OntologyCatalog.shared();
  // Serializing a whole namespace (NBO-Q, the shapes) takes a while: once per format.
  const serialized = new Map<string, Promise<string>>();
  const run = (text: string): Promise<SparqlJson> => runSelect(deps.query, text);

  router.get(SITE_PATHS.ontology, (req, res) => {
    const format = formatOf(req, INDEX_OFFERS, 'The ontology index');
    const view = catalog().index();
    const etag = entityTag(`${catalog().documents.map((d) => d.etag).join('')}-${format}`);
    if (fresh(req, res, etag, 'public, max-age=300')) return;
    if (format === 'json') res.json(view);
    else sendPage(res, 200, renderOntologyIndexPage(view));
  });

  for (const { prefix, path } of NAMESPACE_DOCUMENTS) {
    router.get(path, async (req, res) => {
      const format = formatOf(req, DOCUMENT_OFFERS, `The namespace document ${path}`);
      const document = catalog().document(prefix);
      if (document === undefined) throw new NotFoundError(`No namespace document ${path}.`);
      if (fresh(req, res, `"${document.etag.slice(1, -1)}-${format}"`, 'public, max-age=300')) return;
      if (format === 'html') {
        const view = catalog().namespace(prefix);
        if (view === undefined) throw new NotFoundError(`No namespace document ${path}.`);
        sendPage(res, 200, renderNamespacePage(view));
        return;
      }
      res.setHeader('Content-Type', `${mediaTypeFor(format)}; charset=utf-8`);
      if (format === 'turtle') {
        res.send(document.turtle);
        return;
      }
      const key = `${prefix} ${format}`;
      let body = serialized.get(key);
      if (body === undefined) {
        // The quads are kept in graphs named by their files; the document is one graph.
        const quads = document.files.flatMap((f) => f.quads).map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object));
        body = serializeQuads(quads, format, { prefixes: PREFIXES });
        serialized.set(key, body);
        body.catch(() => serialized.delete(key));
      }
      res.send(await body);
    });
  }

  // Each term's page until the next write to the records (its examples come from them).
  const termPages = new Map<string, { readonly page: string; readonly etag: string }>();
  deps.onChange?.(() => termPages.clear());
  /** A term's page: cached, or rendered with its examples (read from the store only then). */
  const termPage = async (view: TermView): Promise<{ readonly page: string; readonly etag: string }> => {
    const cached = termPages.get(view.iri);
    if (cached !== undefined) return cached;
    let examples: TermExample[] = [];
    let error: string | undefined;
    try {
      examples = await termExamples(catalog(), view.iri, view.kind, run, deps.baseUrl);
    } catch (failure) {
      // The page documents the ontology even when the store cannot answer; the failure (which may
      // name the store) goes to the log, not to the visitor.
      deps.logger?.warn({ term: view.iri, error: failure instanceof Error ? failure.message : String(failure) }, 'the examples of a term page could not be read');
      error = EXAMPLES_FAILED;
    }
    const page = renderTermPage(view, { examples, error });
    const entry = { page, etag: entityTag(page) };
    // A failed read is tried again on the next request.
    if (error === undefined && deps.onChange !== undefined) termPages.set(view.iri, entry);
    return entry;
  };

  // A term page may query the store: under the same per-client limit as /sparql.
  if (deps.queryLimit !== undefined) router.get(`${SITE_PATHS.ontology}/:prefix/:localName`, deps.queryLimit);
  router.get(`${SITE_PATHS.ontology}/:prefix/:localName`, async (req, res) => {
    const { prefix, localName } = req.params;
    const view = catalog().term(prefix, localName);
    if (view === undefined) {
      throw new NotFoundError(`No term ${prefix}:${localName} in the ontology or the shapes. The index at ${SITE_PATHS.ontology} lists every class and property.`);
    }
    const format = formatOf(req, TERM_OFFERS, `The page of ${view.curie}`);
    if (format !== 'html') {
      const body = await serializeQuads(catalog().termQuads(view.iri), format, { prefixes: PREFIXES });
      if (fresh(req, res, entityTag(`${body}-${format}`), 'public, max-age=300')) return;
      res.setHeader('Content-Type', `${mediaTypeFor(format)}; charset=utf-8`);
      res.send(body);
      return;
    }
    const { page, etag } = await termPage(view);
    // The examples come from the records, which change: revalidate every time.
    if (fresh(req, res, etag, 'no-cache')) return;
    sendPage(res, 200, page);
  });
  return router;
}
