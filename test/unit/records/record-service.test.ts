import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import N3 from 'n3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhdError } from '../../../src/errors/phd-error.js';
import { MicrometaImporter } from '../../../src/importers/micrometa-import.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import { PidService } from '../../../src/pid/pid-service.js';
import { unservableTerm } from '../../../src/rdf/servable-terms.js';
import { bulkLoad } from '../../../src/records/bulk-loader.js';
import { RecordService } from '../../../src/records/record-service.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import { FIXTURES } from '../../support/rdf-files.js';

const BASE = 'http://phd.test';
const { literal, namedNode, quad } = N3.DataFactory;
const PHD = 'https://w3id.org/imaging-phd/ns#';
const DCTERMS = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const admin = { id: 'admin', admin: true as const, facility: undefined };
const mapping = loadNboqMapping();
let dir: string;
let store: SqliteRecordStore;
let service: RecordService;

/** A dataset record's triples, with extra ones. */
function dataset(iri: string, extra: N3.Quad[] = []): N3.Quad[] {
  return [
    quad(namedNode(iri), namedNode(RDF_TYPE), namedNode(`${PHD}Dataset`)),
    quad(namedNode(iri), namedNode(`${DCTERMS}title`), literal('t')),
    quad(namedNode(iri), namedNode(`${DCTERMS}created`), literal('2024-01-01', namedNode('http://www.w3.org/2001/XMLSchema#date'))),
    quad(namedNode(iri), namedNode(`${PHD}acquiredWith`), namedNode('https://doi.org/10.5072/phd.ecc.sp8.v2')),
    ...extra,
  ];
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phd-record-service-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  service = new RecordService({ store, validator: new RecordValidator(), baseUrl: BASE });
  await bulkLoad([DATA_DIR], { service, store, rebaseTo: BASE });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RecordService.createAll (the importers\' write path)', () => {
  it('refuses the whole batch with 422 invalid-term when one record holds an IRI it could not serve.', async () => {
    const before = await store.stats();
    const bad = dataset('https://doi.org/10.5072/guard.bad', [quad(namedNode('https://doi.org/10.5072/guard.bad/component/a b>c'), namedNode(`${DCTERMS}title`), literal('x'))]);
    const writing = service.createAll([dataset('https://doi.org/10.5072/guard.good'), bad], admin);
    await expect(writing).rejects.toMatchObject({ status: 422, code: 'invalid-term' });
    await expect(writing).rejects.toThrow(/a b>c/);
    expect(await store.stats()).toEqual(before);
  });

  it('refuses a batch whose record states triples about another record of the same batch (422 foreign-record), storing nothing.', async () => {
    const before = await store.stats();
    const reach = dataset('https://doi.org/10.5072/phd', [quad(namedNode('https://doi.org/10.5072/phd/x'), namedNode(`${DCTERMS}title`), literal('x'))]);
    await expect(service.createAll([dataset('https://doi.org/10.5072/phd/x'), reach], admin)).rejects.toMatchObject({ status: 422, code: 'foreign-record' });
    expect(await store.stats()).toEqual(before);
  });
});

describe('A Micro-Meta App import with hostile component IDs', () => {
  it('either stores a configuration every serializer can write, or is refused with a 4xx and stores nothing (property).', async () => {
    const file = readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8');
    const importer = new MicrometaImporter({ store, service, baseUrl: BASE, mapping });
    const pids = new PidService(store, BASE);
    const id = fc.oneof(
      fc.constantFrom('a b>c', 'evil"><script>alert(1)</script>', '{x}', 'line\nbreak', 'no\u00a0break', 'x#y', '%zz', '\u0000', 'ok-id'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    let day = 1;
    await fc.assert(fc.asyncProperty(id, async (hostile) => {
      const json = JSON.parse(file) as { Description?: string; components: { ID: string }[] };
      const [first] = json.components;
      if (first !== undefined) first.ID = hostile;
      json.Description = `changed ${String(day)}`;
      const before = await store.stats();
      try {
        const outcome = await importer.importFile(json, { source: 'hostile.json', principal: admin, instance: 'doi:10.5072/phd.igc.limelight', validFrom: `2030-01-${String(day++).padStart(2, '0')}` });
        const record = await store.get(outcome.iri);
        expect(record, JSON.stringify(hostile)).toBeDefined();
        if (record === undefined) return;
        expect(unservableTerm(new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples))).toBeUndefined();
        for (const format of ['json-ld', 'turtle', 'n-triples', 'rdf-xml'] as const) await pids.serialize(record, format);
      } catch (error) {
        expect(error, JSON.stringify(hostile)).toBeInstanceOf(PhdError);
        expect((error as PhdError).status, JSON.stringify(hostile)).toBeGreaterThanOrEqual(400);
        expect((error as PhdError).status, JSON.stringify(hostile)).toBeLessThan(500);
        expect(await store.stats()).toEqual(before);
      }
    }), { numRuns: 12, endOnFailure: true });
  }, 120_000);
});

describe('bulkLoad', () => {
  it('rejects a record holding an IRI it could not serve, naming the term, and loads the others.', async () => {
    const file = join(dir, 'bad.nt');
    writeFileSync(file, [
      '<https://doi.org/10.5072/guard.bulk> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/imaging-phd/ns#Dataset> .',
      '<https://doi.org/10.5072/guard.bulk> <http://purl.org/dc/terms/title> "t" .',
      '<https://doi.org/10.5072/guard.bulk> <http://purl.org/dc/terms/created> "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .',
      '<https://doi.org/10.5072/guard.bulk> <https://w3id.org/imaging-phd/ns#acquiredWith> <https://doi.org/10.5072/phd.ecc.sp8.v2> .',
      '<https://doi.org/10.5072/guard.bulk> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://doi.org/10.5072/guard.bulk/a#b#c> .',
      '',
    ].join('\n'));
    const summary = await bulkLoad([file], { service, store });
    expect(summary.records).toBe(0);
    expect(summary.rejected).toEqual([expect.objectContaining({ iri: 'https://doi.org/10.5072/guard.bulk' })]);
    expect(summary.rejected[0]?.issues[0]?.message).toContain('a#b#c');
    expect(await store.get('https://doi.org/10.5072/guard.bulk')).toBeUndefined();
  });
});
