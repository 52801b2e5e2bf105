import express from 'express';
import type { Router } from 'express';
import { SITE_PATHS } from '../domain/index.js';
import type { HomeView } from '../search/index.js';
import { renderHomePage } from '../pages/index.js';
import { chooseRepresentation, lookupFormatName, notAcceptable } from '../representation/index.js';
import { sendPage } from './send-page.js';

/** What the home router needs. */
export interface HomeRouterDeps {
  /** PHD_BASE_URL: the endpoints of the JSON description are absolute. */
  readonly baseUrl: string;
  /** Builds the home page's data (search/buildHomeView over the store). */
  readonly view: () => Promise<HomeView>;
}

// JSON first: API clients that send `Accept: */*`, `application/json` or nothing keep the description.
const OFFERS = ['json', 'html'] as const;

/**
 * `GET /`: the JSON description of the API for programs, the home page for browsers (who prefer
 * `text/html`), chosen by `?format=json|html` or else by Accept; `Vary: Accept`.
 * @param deps - base URL and the home view.
 * @returns the router, to mount at the application root.
 * @example
 * app.use(homeRouter({ baseUrl, view: () => buildHomeView({ run, records: () => store.list(), baseUrl }) }));
 */
export function homeRouter(deps: HomeRouterDeps): Router {
  const { baseUrl } = deps;
  const router = express.Router();
  router.get(SITE_PATHS.home, async (req, res) => {
    const name = typeof req.query.format === 'string' ? req.query.format : undefined;
    const chosen = name === undefined ? chooseRepresentation(req.get('accept'), OFFERS) : lookupFormatName(name, OFFERS);
    res.setHeader('Vary', 'Accept');
    if (chosen === undefined) throw notAcceptable('The home page is served as JSON (the API description) or HTML.', OFFERS);
    if (chosen === 'html') {
      sendPage(res, 200, renderHomePage(await deps.view()));
      return;
    }
    res.json({
      service: 'imaging-phd',
      description: 'Persistent Hardware Descriptors for microscopy: facilities, instruments, hardware configurations, datasets, publications.',
      endpoints: {
        records: `${baseUrl}/records`,
        pid: `${baseUrl}/pid/{pid}`,
        context: `${baseUrl}/context.jsonld`,
        sparql: `${baseUrl}/sparql`,
        federatedSparql: `${baseUrl}/federated/sparql`,
        void: `${baseUrl}/.well-known/void`,
        search: `${baseUrl}/search`,
        importMicrometa: `${baseUrl}/import/micrometa`,
        importOmeXml: `${baseUrl}/import/ome-xml`,
        export: `${baseUrl}/export/{micrometa|pidinst|datacite}/{pid}`,
        health: `${baseUrl}/health`,
        mint: `${baseUrl}/records/{id}/mint`,
        pids: `${baseUrl}/pids`,
      },
    });
  });
  return router;
}
