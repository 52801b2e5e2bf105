import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataciteOf } from '../../src/exporters/datacite-export.js';
import { dataciteXml } from '../../src/exporters/datacite-xml.js';
import { exportGraph } from '../../src/exporters/export-graph.js';
import { pidinstOf } from '../../src/exporters/pidinst-export.js';
import type { PidDocument } from '../../src/minting/index.js';
import { bulkLoad } from '../../src/records/bulk-loader.js';
import { RecordService } from '../../src/records/record-service.js';
import { SqliteRecordStore } from '../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { RecordValidator } from '../../src/validation/record-validator.js';

/** The PHD_BASE_URL of the sample documents. */
export const SAMPLE_BASE = 'http://localhost:3000';

/** The sample records of data/ in a scratch store, and the PID documents built from them. */
export interface SamplePidDocuments {
  /**
   * The document a push sends for a sample record, built by the real exporters: DataCite 4.5 XML
   * when `id` is a DOI (the record's own, or any DOI for a record not named by one), the PIDINST
   * record of an instance.
   * @param iri - the record's IRI.
   * @param id - the PID registered for it, without resolver.
   */
  readonly documentOf: (iri: string, id: string) => Promise<PidDocument>;
  readonly close: () => Promise<void>;
}

/**
 * Loads data/ into a scratch SQLite store.
 * @returns the documents' builder; `close()` it.
 */
export async function loadSamplePidDocuments(): Promise<SamplePidDocuments> {
  const dir = mkdtempSync(join(tmpdir(), 'phd-pid-documents-'));
  const store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  const service = new RecordService({ store, validator: new RecordValidator(), baseUrl: SAMPLE_BASE });
  const summary = await bulkLoad([DATA_DIR], { service, store, rebaseTo: SAMPLE_BASE });
  if (summary.rejected.length > 0) throw new Error(`data/ did not load: ${JSON.stringify(summary.rejected)}`);
  return {
    documentOf: async (iri, id) => {
      const record = await store.get(iri);
      if (record === undefined) throw new Error(`no sample record ${iri}`);
      const kind = record.kind === 'instance' ? 'instance' : 'configuration';
      const graph = await exportGraph(store, iri);
      return {
        id,
        url: `${SAMPLE_BASE}/pid/${id}`,
        kind,
        withdrawn: false,
        // A record named by its DOI is exported under it; any other under the DOI given.
        ...(id.startsWith('10.') ? { dataciteXml: dataciteXml(dataciteOf(graph, iri, { baseUrl: SAMPLE_BASE, ...(iri === `https://doi.org/${id}` ? {} : { doi: id }) })) } : {}),
        ...(kind === 'instance' ? { pidinst: pidinstOf(graph, iri, { baseUrl: SAMPLE_BASE }) } : {}),
      };
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
