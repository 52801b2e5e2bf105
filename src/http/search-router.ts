import express from 'express';
import type { Request, Router } from 'express';
import { MethodNotAllowedError, PhdError, ServiceUnavailableError } from '../errors/index.js';
import { isEmptySearch, parseSearchParams } from '../search/index.js';
import type { SearchParams } from '../search/index.js';
import { mergeFederatedResults } from '../search/index.js';
import type { PeerSearchAnswer } from '../search/index.js';
import type { SearchResults } from '../search/index.js';
import type { SearchService } from '../search/index.js';
import { chooseRepresentation, notAcceptable } from '../representation/index.js';
import { problemOf } from './problem-details.js';
import { renderSearchPage } from '../pages/index.js';
import { sendPage } from './send-page.js';

/** What the search router needs. */
export interface SearchRouterDeps {
  /** Searches this instance. */
  readonly search: Pick<SearchService, 'search'>;
  /** PHD_BASE_URL: names this instance on the page (its results' `source`). */
  readonly baseUrl: string;
  /**
   * Asks the peers (scope=federated). It gets the search as each peer must be asked — `scope`
   * local, `offset` 0, `limit` = offset + limit, so the merged list can be cut — and must settle
   * with one answer per peer (a failed peer is an answer with its status, not a rejection), within
   * its own time limit per peer. Aborting the signal means the client went away.
   */
  readonly federate?: (params: SearchParams, signal: AbortSignal) => Promise<PeerSearchAnswer[]>;
}

const OFFERS = ['json', 'html'] as const;
const ALLOW = ['GET', 'HEAD'] as const;

/**
 * `GET /search`: keyword and facet search, as JSON (`application/json`) or as an HTML page with a
 * search form (`text/html`), chosen by `Accept` or `?format=json|html`; answers carry
 * `Vary: Accept` and `Cache-Control: no-store`.
 *
 * - `scope=local` (the default, and what peers are asked): this instance's results.
 * - `scope=federated`: this instance's results and every peer's (through `deps.federate`), merged —
 *   one result per IRI (best score, every source listed), ranked — with a `peers` member giving
 *   each peer's status and result count. Without `federate`, the local results and `peers: []`.
 *
 * Invalid parameters give 400 problem details naming the field (`details.field`); a browser gets
 * the search page with the message instead, its form filled with what was sent.
 *
 * @param deps - the search service, the base URL and, optionally, the federation.
 * @returns the router, to mount at the application root.
 * @example
 * app.use(searchRouter({ search: new SearchService({ run, baseUrl }), baseUrl, federate }));
 */
export function searchRouter(deps: SearchRouterDeps): Router {
  const router = express.Router();

  const federated = async (params: SearchParams, signal: AbortSignal): Promise<SearchResults> => {
    // Each source is asked for everything up to the end of the page; the merge cuts the page.
    const window: SearchParams = { ...params, scope: 'local', offset: 0, limit: params.offset + params.limit };
    const peers = deps.federate === undefined ? Promise.resolve([])
      : deps.federate(window, signal).catch((error: unknown): PeerSearchAnswer[] => [
        { peer: '*', status: 'error', results: [], detail: `The peers could not be asked: ${error instanceof Error ? error.message : String(error)}` },
      ]);
    const [local, answers] = await Promise.all([deps.search.search(window), peers]);
    return mergeFederatedResults(params, local, answers);
  };

  router.route('/search')
    .get(async (req, res) => {
      const input = new URL(req.originalUrl, 'http://localhost').searchParams;
      res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'no-store');
      const format = formatOf(req, input.get('format'));
      const values = formValues(input);
      const federation = deps.federate !== undefined;
      const page = (status: number, body: string): void => {
        sendPage(res, status, body);
      };

      let params: SearchParams;
      try {
        params = parseSearchParams(input);
      } catch (error) {
        if (format !== 'html' || !PhdError.isInstance(error)) throw error;
        page(error.status, renderSearchPage({ values, federation, baseUrl: deps.baseUrl, error: pageError(error, req) }));
        return;
      }
      if (format === 'html' && isEmptySearch(params) && params.offset === 0) {
        // A bare visit shows the form; listing every record is one click away (type boxes).
        page(200, renderSearchPage({ values, federation, baseUrl: deps.baseUrl }));
        return;
      }

      const gone = new AbortController();
      const onClose = (): void => {
        if (!res.writableFinished) gone.abort(new ServiceUnavailableError('The client closed the connection.', { code: 'client-closed' }));
      };
      res.on('close', onClose);
      try {
        const results = params.scope === 'federated' ? await federated(params, gone.signal) : await deps.search.search(params);
        if (format === 'html') page(200, renderSearchPage({ values, federation, baseUrl: deps.baseUrl, results }));
        else res.status(200).json(results);
      } catch (error) {
        if (format !== 'html' || !PhdError.isInstance(error)) throw error;
        page(error.status, renderSearchPage({ values, federation, baseUrl: deps.baseUrl, error: pageError(error, req) }));
      } finally {
        res.off('close', onClose);
      }
    })
    .all((req, res, next) => {
      res.setHeader('Allow', ALLOW.join(', '));
      next(new MethodNotAllowedError(`${req.method} is not supported on /search: search with GET (parameters in the URL).`, ALLOW));
    });
  return router;
}

/** JSON or HTML: `?format=` wins, then Accept (JSON first, for clients that accept anything). */
function formatOf(req: Request, format: string | null): 'json' | 'html' {
  if (format === 'json' || format === 'html') return format;
  const chosen = chooseRepresentation(req.get('accept'), OFFERS);
  if (chosen === undefined) throw notAcceptable('/search answers application/json or text/html; none is acceptable under this Accept header.', OFFERS);
  return chosen;
}

/** What was sent, per parameter, to fill the form again. */
function formValues(input: URLSearchParams): Record<string, string[]> {
  // No prototype: a parameter named `constructor` or `__proto__` is a parameter like any other.
  const values = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of input) (values[name] ??= []).push(value);
  return values;
}

function pageError(error: PhdError, req: Request): { status: number; title: string; detail: string; field?: string } {
  const problem = problemOf(error, req.originalUrl);
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  return { status: problem.status, title: problem.title, detail: problem.detail, ...(field === undefined ? {} : { field }) };
}
