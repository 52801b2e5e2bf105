import express from 'express';
import type { ClientLimiter } from './rate-limit.js';
import type { Express, Router } from 'express';
import type { Logger } from '../logging/logger.js';
import type { RecordService } from '../records/record-service.js';
import type { RecordStore } from '../store/record-store.js';
import type { TokenRegistry } from '../store/token-registry.js';
import type { PidService } from '../pid/pid-service.js';
import type { ExportService } from '../exporters/export-service.js';
import { assetRouter } from '../pages/asset-router.js';
import { exportRouter } from './export-router.js';
import { importRouter } from './import-router.js';
import type { ImportRouterDeps } from './import-router.js';
import { pidRouter } from './pid-router.js';
import { notFoundHandler, problemDetailsHandler } from './problem-details.js';
import { recordsRouter } from './records-router.js';

/** Everything the HTTP app needs, wired by hand in main. */
export interface AppDeps {
  readonly store: RecordStore;
  readonly service: RecordService;
  readonly tokens: TokenRegistry;
  readonly logger: Logger;
  readonly baseUrl: string;
  readonly maxBodyBytes: number;
  /** Per-client limits (see rateLimit; its `queries` handler goes on the SPARQL routes); absent: none (in-process test apps). */
  readonly limits?: ClientLimiter;
  /** Express's `trust proxy` (PHD_TRUST_PROXY). */
  readonly trustProxy?: string | number | false;
  /** PID resolution (/pid, /id, /context.jsonld). */
  readonly pids: PidService;
  /** The /sparql router (needs the query pool). */
  readonly sparql?: Router;
  /** /import routes (Micro-Meta App, OME-XML). */
  readonly imports?: Omit<ImportRouterDeps, 'tokens' | 'maxBodyBytes'>;
  /** /export routes (Micro-Meta App, PIDINST, DataCite). */
  readonly exports?: ExportService;
  /** More routers (VoID, the federated endpoint, search), mounted before the PID routes. */
  readonly routers?: readonly Router[];
  /** Extra health facts (query workers, …). */
  readonly health?: () => Record<string, unknown>;
}

/**
 * Builds the Express app, apart from listening, so tests can run it in-process.
 * @param deps - the services.
 * @returns the app.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      deps.logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }, 'request');
    });
    next();
  });
  if (deps.trustProxy !== undefined && deps.trustProxy !== false) app.set('trust proxy', deps.trustProxy);
  if (deps.limits !== undefined) app.use(deps.limits.requests);

  app.get('/health', async (_req, res) => {
    const stats = await deps.store.stats();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', ...stats, ...(deps.health?.() ?? {}) });
  });

  app.get('/', (_req, res) => {
    res.json({
      service: 'imaging-phd',
      description: 'Persistent Hardware Descriptors for microscopy: facilities, instruments, hardware configurations, datasets, publications.',
      endpoints: {
        records: `${deps.baseUrl}/records`,
        pid: `${deps.baseUrl}/pid/{pid}`,
        context: `${deps.baseUrl}/context.jsonld`,
        sparql: `${deps.baseUrl}/sparql`,
        federatedSparql: `${deps.baseUrl}/federated/sparql`,
        void: `${deps.baseUrl}/.well-known/void`,
        search: `${deps.baseUrl}/search`,
        importMicrometa: `${deps.baseUrl}/import/micrometa`,
        importOmeXml: `${deps.baseUrl}/import/ome-xml`,
        export: `${deps.baseUrl}/export/{micrometa|pidinst|datacite}/{pid}`,
        health: `${deps.baseUrl}/health`,
      },
    });
  });

  app.use(assetRouter());
  app.use(recordsRouter(deps));
  if (deps.imports !== undefined) app.use(importRouter({ ...deps.imports, tokens: deps.tokens, maxBodyBytes: deps.maxBodyBytes }));
  if (deps.exports !== undefined) app.use(exportRouter({ exports: deps.exports, baseUrl: deps.baseUrl }));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(pidRouter({ pids: deps.pids, baseUrl: deps.baseUrl }));
  if (deps.sparql !== undefined) app.use(deps.sparql);
  app.use(notFoundHandler());
  app.use(problemDetailsHandler(deps.logger));
  return app;
}
