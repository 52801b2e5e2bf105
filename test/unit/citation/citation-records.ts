import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PHD_NS } from '../../../src/domain/namespaces.js';
import type { RecordKind } from '../../../src/domain/records.js';
import { KIND_OF_CLASS } from '../../../src/domain/records.js';
import { parseRdf } from '../../../src/rdf/parse-rdf.js';
import type { StoredRecord } from '../../../src/store/record-store.js';
import { FIXTURES, sampleData } from '../../support/rdf-files.js';
import { splitIntoRecords } from '../../support/sample-record-db.js';

/** The placeholder base of the sample data, which the records keep here (nothing rebases them). */
export const SAMPLE_BASE = 'https://imaging-phd.example';

/** The sample records (data/) and those of test/fixtures/citation/, as the store would hold them, by IRI. */
export async function citationRecords(): Promise<Map<string, StoredRecord>> {
  const fixture = await parseRdf(await readFile(join(FIXTURES, 'citation/model-with-rrid.ttl'), 'utf8'), 'turtle');
  const records = new Map<string, StoredRecord>();
  for (const record of splitIntoRecords([...await sampleData(), ...fixture])) {
    const kind: RecordKind | undefined = KIND_OF_CLASS.get(`${PHD_NS}${record.kind}`);
    if (kind === undefined) continue;
    records.set(record.iri, {
      iri: record.iri, kind, ntriples: record.ntriples, etag: '"1"', version: 1, facility: undefined, createdBy: 'seed',
      createdAt: '2025-07-01T09:00:00Z', updatedAt: '2025-07-01T09:00:00Z', deletedAt: undefined, triples: record.ntriples.split('\n').length - 1,
    });
  }
  return records;
}
