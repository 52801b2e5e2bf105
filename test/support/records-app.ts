import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportService } from '../../src/exporters/export-service.js';
import { createApp } from '../../src/http/create-app.js';
import { MicrometaImporter } from '../../src/importers/micrometa-import.js';
import { loadNboqMapping } from '../../src/importers/load-nbo-q-mapping.js';
import { OmeXmlImporter } from '../../src/importers/ome-xml-import.js';
import { getLogger } from '../../src/logging/logger.js';
import { PidService } from '../../src/pid/pid-service.js';
import { bulkLoad } from '../../src/records/bulk-loader.js';
import { RecordService } from '../../src/records/record-service.js';
import type { ExternalRecordStore } from '../../src/store/external-record-store.js';
import type { SqliteRecordStore } from '../../src/store/sqlite-record-store.js';
import { TokenRegistry } from '../../src/store/token-registry.js';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { RecordValidator } from '../../src/validation/record-validator.js';
import { openTestStore } from './test-store.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  url: string;
  baseUrl: string;
  store: SqliteRecordStore | ExternalRecordStore;
  tokens: TokenRegistry;
  close: () => Promise<void>;
}

/**
 * The records app in-process, on a fresh store seeded from data/ (the embedded store, or
 * Virtuoso under PHD_TEST_STORE=virtuoso), listening on a free port.
 * @param options - body limit.
 * @returns the running app.
 */
export async function startRecordsApp(options: { maxBodyBytes?: number } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'phd-records-'));
  const store = await openTestStore(dir, 'http://phd.test');
  const tokens = new TokenRegistry(store.database, ADMIN_TOKEN);
  const baseUrl = 'http://phd.test';
  const service = new RecordService({ store, validator: new RecordValidator(), baseUrl });
  await bulkLoad([DATA_DIR], { service, store, rebaseTo: baseUrl });
  const pids = new PidService(store, baseUrl);
  const mapping = loadNboqMapping();
  store.onChange(() => pids.invalidate());
  const app = createApp({
    store, service, tokens, logger: getLogger('test', 'silent'), baseUrl, maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    pids,
    imports: { micrometa: new MicrometaImporter({ store, service, baseUrl, mapping }), omeXml: new OmeXmlImporter({ store, service, baseUrl, mapping }) },
    exports: new ExportService({ store, baseUrl, mapping: () => mapping }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    baseUrl,
    store,
    tokens,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
