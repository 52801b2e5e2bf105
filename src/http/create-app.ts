import express from 'express';
import type { Express } from 'express';
import type { AppServices } from './app-services.js';
import { EXAMPLE_QUERIES, isVocabularyGraph } from '../query/index.js';
import { assetRouter } from '../pages/index.js';
import { compareRouter } from './compare-router.js';
import { exportRouter } from './export-router.js';
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

  app.get('/', (_req, res) => {
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

  const { store, tokens, pids } = services;
  app.use(assetRouter());
  if (services.workspace !== undefined) app.use(services.workspace);
  // Before /records: its catch-all would answer /records/{id}/mint with a 405.
  app.use(pidMintingRouter({ minting: services.minting, tokens, store, baseUrl, maxBodyBytes }));
  app.use(recordsRouter({ store, service: services.records, tokens, pids, baseUrl, maxBodyBytes }));
  app.use(importRouter({ ...services.imports, tokens, maxBodyBytes }));
  app.use(exportRouter({ exports: services.exports, baseUrl, canonicalOf: (iri) => store.canonicalOf(iri) }));
  app.use(voidRouter({ store, baseUrl, peers: config.peers }));
  app.use(ontologyRouter({ query: services.query, baseUrl }));
  app.use(searchRouter({ search: services.search, baseUrl, ...(services.peerSearch === undefined ? {} : { federate: services.peerSearch }) }));
  app.use(sparqlRouter({ pool: services.federated, baseUrl, examples: EXAMPLE_QUERIES, maxBodyBytes, path: '/federated/sparql', queryLimit: limits.queries }));
  app.use(pidRouter({ pids, baseUrl, minting: services.minting }));
  app.use(compareRouter({ pids, baseUrl, peers: config.peers, peerTimeoutMs: config.peerTimeoutMs, peerMaxBytes: config.peerMaxBytes, peerToken: config.peerToken, logger }));
  app.use(sparqlRouter({
    pool: services.query, baseUrl, examples: EXAMPLE_QUERIES, maxBodyBytes, queryLimit: limits.queries,
    graphExists: async (iri) => {
      if (isVocabularyGraph(iri)) return true;
      const record = await store.meta(iri);
      return record !== undefined && record.deletedAt === undefined;
    },
  }));
  app.use(notFoundHandler());
  app.use(problemDetailsHandler(logger));
  return app;
}
