import express from 'express';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { STATUS_CODES } from 'node:http';
import {
  BadRequestError, MethodNotAllowedError, PhdError, PayloadTooLargeError, ServiceUnavailableError, UnsupportedMediaTypeError,
} from '../errors/index.js';
import { rebaseExampleQueries } from '../query/index.js';
import type { ExampleQuery } from '../query/index.js';
import type { QueryEngine } from '../query/index.js';
import { queryFormOf } from '../query/index.js';
import { acceptForFormatParameters, formatsFor, GRAPH_FORMATS, negotiateResultFormat, SOLUTION_FORMATS } from '../query/index.js';
import { analyzeQuery } from '../query/index.js';
import { SERVICE_DESCRIPTION_FORMATS, serializeServiceDescription } from '../query/index.js';
import type { ServiceDescriptionFormat } from '../query/index.js';
import { chooseRepresentation, notAcceptable } from '../representation/index.js';
import { mediaTypeFor } from '../representation/index.js';
import { mediaTypeOf } from './media-type-of.js';
import { renderSparqlPage } from '../pages/index.js';
import type { SparqlResultsRegion } from '../pages/index.js';
import { buildSparqlResultsView } from '../search/index.js';
import type { QueryResultBody } from '../search/index.js';
import type { SparqlResults } from '../representation/index.js';
import { sendPage } from './send-page.js';

/** What the SPARQL router needs. */
export interface SparqlRouterDeps {
  /** Runs the queries; `limits` (when present) is shown on the page and in the service description. */
  readonly pool: Pick<QueryEngine, 'query'> & Partial<Pick<QueryEngine, 'limits'>>;
  /** PHD_BASE_URL; the endpoint is `{baseUrl}/sparql`. */
  readonly baseUrl: string;
  /** The example catalogue (written against the sample base; rebased to `baseUrl` here). */
  readonly examples: readonly ExampleQuery[];
  /** Largest accepted request body, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Where the endpoint is mounted (default `/sparql`; the federated endpoint is `/federated/sparql`). */
  readonly path?: string;
  /**
   * Whether a graph IRI names a record of this store. When given, a dataset (FROM, FROM NAMED,
   * default-graph-uri, named-graph-uri) naming any other graph is refused with 400 `unknown-graph`:
   * this endpoint never fetches remote data, and says so rather than answering from nothing.
   */
  readonly graphExists?: (iri: string) => Promise<boolean>;
  /**
   * The per-client query limit (see rateLimit), run first on this route: whatever spelling the
   * router sends here (`/SPARQL`, `/sparql/`) is counted.
   */
  readonly queryLimit?: RequestHandler;
  /**
   * Which of some IRIs are live records of this store: in the results table on the page they link
   * to their landing pages (other IRIs link to themselves). Without it no IRI is taken for a record.
   */
  readonly records?: (iris: readonly string[]) => Promise<ReadonlySet<string>>;
  /** The endpoint the page's script asks which IRIs are records (this instance's `/sparql`). */
  readonly recordsEndpoint?: string;
}

/** Rows a page of results on the SPARQL page. */
const PAGE_SIZE = 50;

const FORM = mediaTypeFor('form');

/** Refuses a dataset naming a graph the store does not hold (see {@link SparqlRouterDeps.graphExists}). */
async function checkDataset(query: string, graphs: { defaultGraph: string[]; namedGraphs: string[] }, graphExists: (iri: string) => Promise<boolean>): Promise<void> {
  const named = [...graphs.defaultGraph, ...graphs.namedGraphs];
  if (/\bFROM\b/i.test(query)) {
    try {
      const analyzed = analyzeQuery(query);
      named.push(...analyzed.defaultGraphs, ...analyzed.namedGraphs);
    } catch {
      // A query that does not parse is answered by the engine, with its position.
    }
  }
  for (const iri of new Set(named)) {
    if (!(await graphExists(iri))) {
      throw new BadRequestError(`The dataset names <${iri}>, which is not a record of this store. FROM, FROM NAMED and the graph parameters select record graphs; this endpoint never fetches remote data.`, { code: 'unknown-graph', details: { graph: iri } });
    }
  }
}
const SPARQL_QUERY = mediaTypeFor('sparql-query');
const SPARQL_UPDATE = mediaTypeFor('sparql-update');
const ALLOW = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The SPARQL 1.1 Protocol on `/sparql` (read-only):
 *
 * - `GET /sparql?query=…` (plus repeated `default-graph-uri` / `named-graph-uri`);
 *   `POST` with `application/x-www-form-urlencoded` (`query=…`, graph URIs in the body) or
 *   `application/sparql-query` (the query as the body, graph URIs in the URL).
 * - The result format follows `Accept` (or the `format` parameter, which may repeat: `json`, `xml`,
 *   `csv`, `tsv`, `turtle` (or `n3`), `ntriples`, `nquads`, `jsonld`, `rdfxml` or a media type); results carry
 *   `Vary: Accept` and `Cache-Control: no-store`.
 * - `update=…` or `application/sparql-update` → 400 `update-refused`; other POST bodies → 415;
 *   other methods → 405 with `Allow`.
 * - `GET /sparql` without a query: an HTML page with a query form and the example catalogue
 *   when the client prefers `text/html`, else the SPARQL Service Description (Turtle, JSON-LD or
 *   N-Triples).
 *
 * Errors are passed to `next` as PhdErrors; the app's problem-details middleware answers them.
 *
 * @param deps - query pool, base URL, examples, body limit.
 * @returns the router, to mount at the application root.
 * @example
 * app.use(sparqlRouter({ pool, baseUrl: config.baseUrl, examples: EXAMPLE_QUERIES }));
 */
export function sparqlRouter(deps: SparqlRouterDeps): Router {
  const router = express.Router();
  const path = deps.path ?? '/sparql';
  const endpoint = `${deps.baseUrl.replace(/\/+$/, '')}${path}`;
  const examples = rebaseExampleQueries(deps.examples, deps.baseUrl);
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const descriptions = new Map<ServiceDescriptionFormat, Promise<string>>();
  const describe = (format: ServiceDescriptionFormat): Promise<string> => {
    let document = descriptions.get(format);
    if (document === undefined) {
      document = serializeServiceDescription({ endpoint, limits: deps.pool.limits }, format);
      descriptions.set(format, document);
    }
    return document;
  };
  /**
   * The form decides which formats can answer: read from the query's first keyword, or, for a query
   * that does not start as the scan expects, by parsing it. A query this cannot read goes to the
   * engine without a format: the engine's parser says what is wrong with it (SERVICE, for one, only
   * the federated engine reads).
   */
  const formOf = (query: string) => {
    try {
      return queryFormOf(query) ?? analyzeQuery(query, { baseIri: endpoint }).type;
    } catch {
      return undefined;
    }
  };

  const answer = async (req: Request, res: Response, query: string, graphs: { defaultGraph: string[]; namedGraphs: string[] }, formats: readonly string[]): Promise<void> => {
    const accept = acceptForFormatParameters(formats) ?? req.get('accept');
    const { gone, onClose } = abortOnClose(res);
    try {
      if (deps.graphExists !== undefined) await checkDataset(query, graphs, deps.graphExists);
      const form = formOf(query);
      const format = form === undefined ? undefined : negotiateResultFormat(form, accept).id;
      const result = await deps.pool.query(query, { format, ...graphs, signal: gone.signal });
      res.status(200);
      res.setHeader('Content-Type', `${result.mediaType}; charset=utf-8`);
      res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'no-store');
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      res.send(result.body);
    } finally {
      res.off('close', onClose);
    }
  };

  const pageOptions = {
    endpoint, examples, limits: deps.pool.limits, baseUrl: deps.baseUrl, pageSize: PAGE_SIZE,
    recordsEndpoint: deps.recordsEndpoint, federated: path !== '/sparql',
  };

  /**
   * The page with the query's results as a table, rendered here (the no-JavaScript form, the
   * "Run it" links): the query runs once, in SPARQL JSON or N-Triples, and the page shows one slice
   * of 50 rows. An error the service names (syntax, limits, time-out) is shown on the page with the
   * query, in words and with its line; it keeps its status.
   */
  const answerPage = async (req: Request, res: Response, query: string, graphs: { defaultGraph: string[]; namedGraphs: string[] }): Promise<void> => {
    const params = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
    const withParams = (changes: Record<string, string>, drop: readonly string[] = []): string => {
      const next = new URLSearchParams(params);
      for (const name of ['format', 'page', ...drop]) next.delete(name);
      for (const [name, value] of Object.entries(changes)) next.set(name, value);
      return `${path}?${next.toString()}`;
    };
    const requested = Number(params.get('page') ?? '1');
    let region: SparqlResultsRegion;
    let status = 200;
    const { gone, onClose } = abortOnClose(res);
    try {
      if (deps.graphExists !== undefined) await checkDataset(query, graphs, deps.graphExists);
      const form = formOf(query);
      const format = form === undefined ? undefined : form === 'SELECT' || form === 'ASK' ? 'sparql-results+json' : 'n-triples';
      const result = await deps.pool.query(query, { format, ...graphs, signal: gone.signal });
      const body: QueryResultBody = result.mediaType.includes('json')
        ? { form: form === 'ASK' ? 'ASK' : 'SELECT', json: JSON.parse(result.body) as SparqlResults }
        : { form: form === 'DESCRIBE' ? 'DESCRIBE' : 'CONSTRUCT', ntriples: result.body };
      const results = await buildSparqlResultsView(body, {
        page: Number.isFinite(requested) ? requested : 1, pageSize: PAGE_SIZE, baseUrl: deps.baseUrl,
        records: deps.records ?? (() => Promise.resolve(new Set<string>())),
      });
      region = {
        results,
        pageHref: (page) => withParams({ format: 'html', page: String(page) }),
        downloads: formatsFor(body.form).map((f) => ({ label: f.label, mediaType: f.mediaType, name: f.name, href: withParams({ format: f.name }) })),
      };
    } catch (error) {
      if (!PhdError.isInstance(error)) throw error;
      status = error.status;
      const { line, column } = error.details as { line?: unknown; column?: unknown };
      region = {
        error: {
          title: STATUS_CODES[error.status] ?? 'Error', detail: error.message, source: query,
          line: typeof line === 'number' ? line : undefined, column: typeof column === 'number' ? column : undefined,
        },
      };
    } finally {
      res.off('close', onClose);
    }
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', 'no-store');
    sendPage(res, status, renderSparqlPage({ ...pageOptions, query, region }));
  };

  const withoutQuery = async (req: Request, res: Response): Promise<void> => {
    // Turtle first: SPARQL clients asking for */* get the service description, as the spec wants.
    const offers: readonly (ServiceDescriptionFormat | 'html')[] = [SERVICE_DESCRIPTION_FORMATS[0], 'html', ...SERVICE_DESCRIPTION_FORMATS.slice(1)];
    const chosen = chooseRepresentation(req.get('accept'), offers);
    res.setHeader('Vary', 'Accept');
    if (chosen === undefined) {
      throw notAcceptable('Without a query, /sparql serves its service description (Turtle, JSON-LD, N-Triples) or an HTML query form; none is acceptable under this Accept header.', offers);
    }
    if (chosen === 'html') {
      const id = firstValue(req.query.example);
      const example = examples.find((e) => e.id === id);
      sendPage(res, 200, renderSparqlPage({ ...pageOptions, query: example?.query }));
      return;
    }
    const body = await describe(chosen);
    res.status(200).setHeader('Content-Type', `${mediaTypeFor(chosen)}; charset=utf-8`);
    res.send(body);
  };

  const route = router.route(path);
  if (deps.queryLimit !== undefined) route.all(deps.queryLimit);
  route
    .get(async (req, res) => {
      const params = req.query as Record<string, unknown>;
      if (params.update !== undefined) throw updateRefused();
      const query = single(params.query, 'query');
      if (query === undefined) {
        await withoutQuery(req, res);
        return;
      }
      if (query.trim() === '') throw missingQuery();
      const formats = values(params.format);
      if (wantsPage(req.get('accept'), formats)) {
        await answerPage(req, res, query, graphsOf(params));
        return;
      }
      await answer(req, res, query, graphsOf(params), formats);
    })
    .post(
      checkContentType,
      guardBody(express.urlencoded({ extended: false, limit, type: FORM }), limit),
      guardBody(express.text({ limit, type: SPARQL_QUERY }), limit),
      async (req, res) => {
        if (mediaTypeOf(req) === FORM) {
          const body = (req.body ?? {}) as Record<string, unknown>;
          if (body.update !== undefined) throw updateRefused();
          const query = single(body.query, 'query');
          if (query === undefined || query.trim() === '') throw missingQuery();
          await answer(req, res, query, graphsOf(body), values(body.format).length > 0 ? values(body.format) : values((req.query as Record<string, unknown>).format));
          return;
        }
        const query = typeof req.body === 'string' ? req.body : '';
        if (query.trim() === '') throw missingQuery();
        const params = req.query as Record<string, unknown>;
        await answer(req, res, query, graphsOf(params), values(params.format));
      },
    )
    .options((_req, res) => {
      res.setHeader('Allow', ALLOW.join(', '));
      res.status(204).end();
    })
    .all((req, res, next) => {
      res.setHeader('Allow', ALLOW.join(', '));
      next(new MethodNotAllowedError(`${req.method} is not supported on ${path}: send queries with GET or POST (SPARQL 1.1 Protocol).`, ALLOW));
    });
  return router;
}

/**
 * A signal that aborts when the client goes away before its answer is sent: a query waiting for a
 * worker (or running) for nobody should not keep its place. Remove `onClose` from `res` when done.
 * @param res - the response being answered.
 * @returns the controller and the close listener it registered.
 */
function abortOnClose(res: Response): { gone: AbortController; onClose: () => void } {
  const gone = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) gone.abort(new ServiceUnavailableError('The client closed the connection.', { code: 'client-closed' }));
  };
  res.on('close', onClose);
  return { gone, onClose };
}

const RESULT_IDS = [...SOLUTION_FORMATS, ...GRAPH_FORMATS].map((f) => f.id);

/**
 * Whether a GET with a query asks for the page (results as a table) rather than the results:
 * `format=html` (the page's form), or no format and an Accept header that prefers HTML to every
 * result format (a browser following a "Run it" link). `*\/*` and no Accept get the results.
 */
function wantsPage(accept: string | undefined, formats: readonly string[]): boolean {
  if (formats.length > 0) return formats.some((f) => f.toLowerCase() === 'html');
  return chooseRepresentation(accept, [...RESULT_IDS, 'html']) === 'html';
}

/** Refuses POST bodies that are not a SPARQL query, before reading them. */
function checkContentType(req: Request, _res: Response, next: NextFunction): void {
  const type = mediaTypeOf(req);
  if (type === SPARQL_UPDATE) {
    next(updateRefused());
    return;
  }
  if (type !== FORM && type !== SPARQL_QUERY) {
    next(new UnsupportedMediaTypeError(
      `POST /sparql takes a query as ${SPARQL_QUERY} or as a ${FORM} form with a "query" field${type === '' ? ' (no Content-Type was sent)' : `, not ${type}`}.`,
      [SPARQL_QUERY, FORM],
    ));
    return;
  }
  next();
}

/** Runs a body parser and turns its errors into PhdErrors. */
function guardBody(parser: RequestHandler, limit: number): RequestHandler {
  return (req, res, next) => {
    void parser(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        next();
        return;
      }
      const type = (error as { type?: unknown }).type;
      if (type === 'entity.too.large') {
        next(new PayloadTooLargeError(`The query is larger than ${limit} bytes, the limit of this endpoint.`, { cause: error, details: { limit } }));
      } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        next(new UnsupportedMediaTypeError('The request body must be UTF-8 text (no other charset or content encoding).', [SPARQL_QUERY, FORM], { cause: error }));
      } else {
        next(new BadRequestError('The request body could not be read. Send the query again.', { code: 'unreadable-body', cause: error }));
      }
    });
  };
}

function updateRefused(): BadRequestError {
  return new BadRequestError(
    'This SPARQL endpoint is read-only: SPARQL Update is refused. Write records through /records (POST, PUT, DELETE) with a bearer token.',
    { code: 'update-refused' },
  );
}

function missingQuery(): BadRequestError {
  return new BadRequestError('No query: send it as the "query" parameter (GET or form POST) or as an application/sparql-query body.', { code: 'missing-query' });
}

/** Values of a parameter that may repeat (strings only). */
function values(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function firstValue(value: unknown): string | undefined {
  return values(value)[0];
}

/** A parameter that may appear at most once. */
function single(value: unknown, name: string): string | undefined {
  const all = values(value);
  if (all.length > 1) throw new BadRequestError(`The "${name}" parameter must be given once, not ${all.length} times.`, { code: 'repeated-parameter' });
  return all[0];
}

function graphsOf(params: Record<string, unknown>): { defaultGraph: string[]; namedGraphs: string[] } {
  const graphs = { defaultGraph: values(params['default-graph-uri']), namedGraphs: values(params['named-graph-uri']) };
  for (const graph of [...graphs.defaultGraph, ...graphs.namedGraphs]) {
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(graph)) {
      throw new BadRequestError(`default-graph-uri / named-graph-uri must be absolute IRIs; "${graph.slice(0, 200)}" is not.`, { code: 'bad-graph-uri' });
    }
  }
  return graphs;
}
