import express from 'express';
import type { Router } from 'express';
import { methodsHref, NAMESPACE_DOCUMENTS, SITE_PATHS } from '../domain/index.js';
import { BadRequestError } from '../errors/index.js';
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
 * `GET /`: the JSON description of the API for programs (its endpoints, the readers' pages too), the home page for browsers (who prefer
 * `text/html`), chosen by `?format=json|html` or else by Accept; `Vary: Accept`.
 * @param deps - base URL and the home view.
 * @returns the router, to mount at the application root.
 * @example
 * app.use(homeRouter({ baseUrl, view: () => buildHomeView({ run, counts: () => store.countByKind(), baseUrl }) }));
 */
export function homeRouter(deps: HomeRouterDeps): Router {
  const { baseUrl } = deps;
  const router = express.Router();
  router.get(SITE_PATHS.home, async (req, res) => {
    const name = typeof req.query.format === 'string' ? req.query.format : undefined;
    const chosen = name === undefined ? chooseRepresentation(req.get('accept'), OFFERS) : lookupFormatName(name, OFFERS);
    res.setHeader('Vary', 'Accept');
    // A format asked for by name that is not offered is the client's mistake (400), as on every page; Accept that fits nothing is 406.
    if (chosen === undefined && name !== undefined) {
      throw new BadRequestError(`Parameter format: ${name} is not offered for the home page; use json or html.`, { code: 'bad-format', details: { parameter: 'format' } });
    }
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
        ontology: `${baseUrl}${SITE_PATHS.ontology}`,
        ontologyTerm: `${baseUrl}${SITE_PATHS.ontology}/{prefix}/{localName}`,
        namespaces: Object.fromEntries(NAMESPACE_DOCUMENTS.map((d) => [d.prefix, `${baseUrl}${d.path}`])),
        compare: `${baseUrl}${SITE_PATHS.compare}?c={iri}&c={iri}`,
        methods: `${baseUrl}${methodsHref('/pid/{pid}')}`,
        sparqlPage: `${baseUrl}${SITE_PATHS.sparql}?query={query}&format=html`,
        federatedSparqlPage: `${baseUrl}${SITE_PATHS.federatedSparql}?query={query}&format=html`,
      },
    });
  });
  return router;
}
