import express from 'express';
import type { Express } from 'express';
import type { AppServices } from './app-services.js';
import { SITE_PATHS } from '../domain/index.js';
import { EXAMPLE_QUERIES, isVocabularyGraph, runSelect } from '../query/index.js';
import { buildHomeView } from '../search/index.js';
import { assetRouter } from '../pages/index.js';
import { cachedUntilChange } from './cached-until-change.js';
import { compareRouter } from './compare-router.js';
import { PUBLIC_READ_PATHS, corsPolicy } from './cors-policy.js';
import { exportRouter } from './export-router.js';
import { homeRouter } from './home-router.js';
import { importRouter } from './import-router.js';
import { pidMintingRouter } from './pid-minting-router.js';
import { pidRouter } from './pid-router.js';
import { notFoundHandler, problemDetailsHandler } from './problem-details.js';
import { ontologyRouter } from './ontology-router.js';
import { recordsRouter } from './records-router.js';
import { searchRouter } from './search-router.js';
import { sparqlRouter } from './sparql-router.js';
import { voidRouter } from './void-router.js';

/**
 * Builds the Express app over the services, apart from listening, so that tests run the app the
 * service runs, in-process: every route, the per-client limits, the not-found and problem handlers.
 * @param services - what the composition root (app/create-services) built.
 * @returns the app.
 */
export function createApp(services: AppServices): Express {
  const { config, limits, logger: root } = services;
  const { baseUrl, maxBodyBytes } = config;
  const logger = root.child('http');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      // A one-time sign-in link's path holds its secret: it is never logged.
      logger.info({ method: req.method, path: req.path.replace(/^(\/signin\/link\/).+/i, '$1…'), status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }, 'request');
    });
    next();
  });
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.use(limits.requests);

  app.get('/health', async (_req, res) => {
    const stats = await services.store.stats();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', ...stats, ...services.health() });
  });

  const { store, tokens, pids } = services;
  app.use([...PUBLIC_READ_PATHS], corsPolicy());
  // The home page is read far more often than records are written: built once per write, not per visit.
  const home = cachedUntilChange((listener) => store.onChange(listener), () => buildHomeView({ run: (query) => runSelect(services.query, query), counts: () => store.countByKind(), baseUrl }));
  app.use(homeRouter({ baseUrl, view: home }));
  app.use(assetRouter());
  if (services.workspace !== undefined) app.use(services.workspace);
  // Before /records: its catch-all would answer /records/{id}/mint with a 405.
  app.use(pidMintingRouter({ minting: services.minting, tokens, store, baseUrl, maxBodyBytes }));
  app.use(recordsRouter({ store, service: services.records, tokens, pids, baseUrl, maxBodyBytes }));
  app.use(importRouter({ ...services.imports, tokens, maxBodyBytes }));
  app.use(exportRouter({ exports: services.exports, baseUrl, canonicalOf: (iri) => store.canonicalOf(iri) }));
  app.use(voidRouter({ store, baseUrl, peers: config.peers }));
  app.use(ontologyRouter({ query: services.query, baseUrl, onChange: (listener) => store.onChange(listener), queryLimit: limits.queries, logger }));
  app.use(searchRouter({ search: services.search, baseUrl, ...(services.peerSearch === undefined ? {} : { federate: services.peerSearch }) }));
  // Which IRIs name live records: the SPARQL pages link those to their landing pages.
  const records = async (iris: readonly string[]): Promise<ReadonlySet<string>> => {
    const metas = await Promise.all(iris.map((iri) => store.meta(iri)));
    return new Set(iris.filter((_iri, i) => metas[i] !== undefined && metas[i]?.deletedAt === undefined));
  };
  const recordsEndpoint = SITE_PATHS.sparql;
  app.use(sparqlRouter({ pool: services.federated, baseUrl, examples: EXAMPLE_QUERIES, maxBodyBytes, path: SITE_PATHS.federatedSparql, queryLimit: limits.queries, records, recordsEndpoint }));
  app.use(pidRouter({ pids, baseUrl, minting: services.minting }));
  app.use(compareRouter({ pids, baseUrl, peers: config.peers, peerTimeoutMs: config.peerTimeoutMs, peerMaxBytes: config.peerMaxBytes, peerToken: config.peerToken, logger, queryLimit: limits.queries }));
  app.use(sparqlRouter({
    pool: services.query, baseUrl, examples: EXAMPLE_QUERIES, maxBodyBytes, queryLimit: limits.queries, records, recordsEndpoint,
    // The ontology's graphs are named too (FROM <…/nbo-q>), beside the records'.
    graphExists: async (iri) => isVocabularyGraph(iri) || (await records([iri])).has(iri),
  }));
  app.use(notFoundHandler());
  app.use(problemDetailsHandler(logger));
  return app;
}
