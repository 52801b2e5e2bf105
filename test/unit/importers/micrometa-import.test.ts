import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configurationVersions } from '../../../src/importers/configuration-versions.js';
import { MicrometaImporter } from '../../../src/importers/micrometa-import.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import { bulkLoad } from '../../../src/records/bulk-loader.js';
import { RecordService } from '../../../src/records/record-service.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import { FIXTURES } from '../../support/rdf-files.js';

const BASE = 'http://phd.test';
const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const mapping = loadNboqMapping();
let dir: string;
let store: SqliteRecordStore;
let importer: MicrometaImporter;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phd-micrometa-import-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  const service = new RecordService({ store, validator: new RecordValidator(), baseUrl: BASE });
  await bulkLoad([DATA_DIR], { service, store, rebaseTo: BASE });
  importer = new MicrometaImporter({ store, service, baseUrl: BASE, mapping });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MicrometaImporter', () => {
  it('writes one new version when the same change is imported twice at once: the other is refused, the history stays a line.', async () => {
    const file = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8')) as Record<string, unknown>;
    file.Description = 'changed';
    const principal = { id: 'test', admin: true as const, facility: undefined };
    const outcomes = await Promise.allSettled([
      importer.importFile(file, { instance: MACRED, validFrom: '2025-01-01', principal, source: 'a.json' }),
      importer.importFile(file, { instance: MACRED, validFrom: '2025-01-01', principal, source: 'b.json' }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(String(rejected?.reason)).toMatch(/already revised/);
    const versions = await configurationVersions(store, MACRED);
    expect(versions).toHaveLength(2);
  });
});
