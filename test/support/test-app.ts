import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../../src/app/create-services.js';
import { loadConfig } from '../../src/config/load-config.js';
import { getLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/main.js';
import type { OpenStore } from '../../src/app/open-services.js';
import type { TokenRegistry } from '../../src/store/token-registry.js';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { stopTestStoreFor, storeEnvFor } from './test-store.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** What a test may change in the app it starts. */
export interface TestAppOptions {
  /** PHD_BASE_URL (default `http://phd.test`). */
  readonly baseUrl?: string;
  /** The records an empty store is seeded with (default data/; `''`: none). */
  readonly seedDir?: string;
  /** A data directory to serve (default: a new temporary one, removed at close). */
  readonly dataDir?: string;
  /** More configuration, as the service reads it (PHD_PEERS, PHD_MAX_BODY_BYTES, limits…). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The app a test runs against, listening on a free loopback port. */
export interface TestApp {
  /** Where it listens (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** PHD_BASE_URL: the base of the IRIs it mints. */
  readonly baseUrl: string;
  readonly services: Services;
  readonly store: OpenStore;
  readonly tokens: TokenRegistry;
  readonly close: () => Promise<void>;
}

/**
 * The service's own app in-process — {@link startService}, which is `createApp(createServices(config))`
 * listening — on a temporary data directory seeded from data/ (or `options.seedDir`), configured by
 * `loadConfig` as the service is: silent logs, the per-client limits off, one query worker, the test
 * store (embedded, or Virtuoso under PHD_TEST_STORE=virtuoso, see {@link storeEnvFor}).
 * @param options - base URL, seed, data directory, more configuration.
 * @returns the running app.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'phd-app-'));
  const config = loadConfig({
    PHD_DATA_DIR: dataDir,
    PHD_BASE_URL: options.baseUrl ?? 'http://phd.test',
    PHD_ADMIN_TOKEN: ADMIN_TOKEN,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    PHD_RATE_LIMIT: '0',
    PHD_CLIENT_MAX_QUERIES: '0',
    PHD_PEER_RATE_LIMIT: '0',
    PHD_PEER_MAX_QUERIES: '0',
    PHD_SIGNIN_RATE: '1000',
    PHD_QUERY_WORKERS: '1',
    ...storeEnvFor(dataDir),
    ...options.env,
  }, {}, { seedDir: options.seedDir ?? DATA_DIR });
  const running = await startService(config, getLogger('test', 'silent'));
  const { services } = running;
  return {
    url: running.url,
    baseUrl: config.baseUrl,
    services,
    store: services.store,
    tokens: services.tokens,
    close: async () => {
      await running.close();
      if (options.dataDir === undefined) {
        // A directory of its own: its Virtuoso (on that store) goes with it, not at the end of the run.
        await stopTestStoreFor(dataDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
