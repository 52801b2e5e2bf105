import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it, vi, type Mocked } from 'vitest';
import { PREFIXES } from '../../../src/domain/namespaces.js';
import { PHD } from '../../../src/domain/vocabulary.js';
import { PhdError } from '../../../src/errors/phd-error.js';
import { exportGraph } from '../../../src/exporters/export-graph.js';
import { type PidinstRecord, pidinstOf } from '../../../src/exporters/pidinst-export.js';
import { bulkLoad } from '../../../src/records/bulk-loader.js';
import { RecordService } from '../../../src/records/record-service.js';
import type { RecordStore, StoredRecord } from '../../../src/store/record-store.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import { FIXTURES } from '../../support/rdf-files.js';
import { edited, thrown } from '../../support/export-graphs.js';

const BASE = 'http://localhost:3000';
const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const SP8_V1 = 'https://doi.org/10.5072/phd.ecc.sp8.v1';
const SP8_V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const ABIF = 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1';
const LEICA = `${BASE}/id/organization/leica-microsystems`;
const LEICA_MODEL = `${BASE}/id/model/leica-tcs-sp8`;
const MIT = 'https://ror.org/042nb2s44';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const PIDINST_DIR = join(FIXTURES, 'pidinst-1.0');

const { namedNode, literal, quad } = N3.DataFactory;

let dir: string;
let store: SqliteRecordStore;
let validate: ValidateFunction;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phd-pidinst-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  const service = new RecordService({ store, validator: new RecordValidator(), baseUrl: BASE });
  const summary = await bulkLoad([DATA_DIR], { service, store, rebaseTo: BASE });
  expect(summary.rejected).toEqual([]);

  const ajv = new Ajv({ allErrors: true, strict: true });
  // ajv-formats is CommonJS: its typed entry point is the `default` export.
  addFormats.default(ajv);
  // The schema's root carries an "@comment" (its contributor), a name ajv cannot register as a
  // keyword: it is dropped, so that strict mode still refuses any other unknown keyword.
  const schema = JSON.parse(readFileSync(join(PIDINST_DIR, 'pidinst-schema-1_0.schema.json'), 'utf8')) as Record<string, unknown>;
  validate = ajv.compile(Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '@comment')));
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The schema's errors for a record, as readable lines (empty when it validates). */
function schemaErrors(record: unknown): string[] {
  return validate(record) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Wrapper elements of the PIDINST XML form → the name of their items (JSON arrays). */
const LISTS: Readonly<Record<string, string>> = {
  owners: 'owner',
  manufacturers: 'manufacturer',
  instrumentTypes: 'instrumentType',
  measuredVariables: 'measuredVariable',
  dates: 'date',
  relatedIdentifiers: 'relatedIdentifier',
  alternateIdentifiers: 'alternateIdentifier',
};

/**
 * The JSON form of a PIDINST XML element, by the rules the two schemas share: a wrapper becomes an
 * array of its items, an element with attributes an object holding its text under its own name.
 */
function jsonOf(name: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const item = LISTS[name];
  if (item !== undefined) {
    const items = (value as Record<string, unknown>)[item];
    return (Array.isArray(items) ? items : [items]).map((v) => jsonOf(item, v));
  }
  return Object.fromEntries(Object.entries(value).map(([key, v]) => {
    const field = key === '#text' ? name : key;
    return [field, jsonOf(field, v)];
  }));
}

function pidinstExample(file: string): unknown {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: true });
  const parsed = parser.parse(readFileSync(join(PIDINST_DIR, 'examples', file), 'utf8')) as { instrument: unknown };
  return jsonOf('instrument', parsed.instrument);
}


describe('The PIDINST 1.0 JSON Schema validator', () => {
  it('accepts the three official PIDINST examples.', () => {
    const files = readdirSync(join(PIDINST_DIR, 'examples')).filter((f) => f.endsWith('.xml')).sort();
    expect(files).toHaveLength(3);
    for (const file of files) expect(schemaErrors(pidinstExample(file)), file).toEqual([]);
  });

  it('refuses a record without owners, with an unknown relation type or with a bad landing page.', async () => {
    const record = pidinstOf(await exportGraph(store, SP8), SP8, { baseUrl: BASE });
    const withoutOwners = Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'owners'));
    expect(schemaErrors(withoutOwners).join('\n')).toContain("must have required property 'owners'");
    const citedBy = { ...record, relatedIdentifiers: [{ relatedIdentifier: '10.5072/x', relatedIdentifierType: 'DOI', relationType: 'IsCitedBy' }] };
    expect(schemaErrors(citedBy).join('\n')).toContain('must be equal to one of the allowed values');
    expect(schemaErrors({ ...record, landingPage: 'not a url' }).join('\n')).toContain('must match format "uri"');
  });
});

describe('pidinstOf', () => {
  it('exports every sample instrument instance as a record that validates against the PIDINST 1.0 schema.', async () => {
    const instances = await store.list('instance');
    expect(instances.map((i) => i.iri).sort()).toEqual([
      SP8, 'https://doi.org/10.5072/phd.igc.limelight', 'https://doi.org/10.5072/phd.igc.macred', ABIF,
    ].sort());
    for (const { iri } of instances) {
      const record = pidinstOf(await exportGraph(store, iri), iri, { baseUrl: BASE });
      expect(schemaErrors(record), iri).toEqual([]);
    }
  });

  it('maps the SP8 confocal: DOI, landing page, owners with ROR and RRID, manufacturer, model and serial number.', async () => {
    const record = pidinstOf(await exportGraph(store, SP8), SP8, { baseUrl: BASE });
    expect(record.identifier).toEqual({ identifier: '10.5072/phd.ecc.sp8', identifierType: 'DOI' });
    expect(record.schemaVersion).toBe('1.0');
    expect(record.landingPage).toBe(`${BASE}/pid/doi:10.5072%2Fphd.ecc.sp8`);
    expect(record.name).toBe('SP8 confocal, room 4.12');
    expect(record.owners).toEqual([
      { ownerName: 'Massachusetts Institute of Technology', ownerIdentifier: { ownerIdentifier: '042nb2s44', ownerIdentifierType: 'ROR' } },
      { ownerName: 'Example Confocal Core (fictional facility)', ownerIdentifier: { ownerIdentifier: 'RRID:SCR_999003', ownerIdentifierType: 'RRID' } },
    ]);
    // The sample manufacturer has no ROR, so it is named without an identifier.
    expect(record.manufacturers).toEqual([{ manufacturerName: 'Leica Microsystems CMS GmbH' }]);
    expect(record.model).toEqual({ modelName: 'Leica TCS SP8' });
    expect(record.instrumentTypes).toEqual([{ instrumentTypeName: 'confocal laser scanning microscope' }, { instrumentTypeName: 'inverted microscope' }]);
    expect(record.dates).toEqual([{ date: '2019-03-01', dateType: 'Commissioned' }]);
    expect(record.alternateIdentifiers).toEqual([{ alternateIdentifier: '8100000451', alternateIdentifierType: 'SerialNumber' }]);
    expect(record.description).toContain('Leica TCS SP8');
  });

  it('links both SP8 configuration versions as metadata, and the citing publication and the datasets as uses.', async () => {
    const record = pidinstOf(await exportGraph(store, SP8), SP8, { baseUrl: BASE });
    const links = (record.relatedIdentifiers ?? []).map((r) => `${r.relationType} ${r.relatedIdentifierType} ${r.relatedIdentifier}`);
    expect(links).toEqual([
      'HasMetadata DOI 10.5072/phd.ecc.sp8.v1',
      'HasMetadata DOI 10.5072/phd.ecc.sp8.v2',
      'WasUsedIn DOI 10.5072/phd.pub.mito-2024',
      'WasUsedIn DOI 10.5072/phd.data.sp8-2020-mitochondria',
      'WasUsedIn DOI 10.5072/phd.data.sp8-2023-mitochondria',
    ]);
    expect(record.relatedIdentifiers?.[0]?.relatedIdentifierName).toBe(
      'Hardware configuration v1: SP8 confocal, 2019 set-up (2 PMTs), valid from 2019-03-01 until 2022-06-15',
    );
  });

  it('identifies an instance named by a handle with identifier type Handle, and links a local configuration as a URL.', async () => {
    const abif = pidinstOf(await exportGraph(store, ABIF), ABIF, { baseUrl: BASE });
    expect(abif.identifier).toEqual({ identifier: '21.t11998/phd-abif-axiovert1', identifierType: 'Handle' });
    expect(abif.landingPage).toBe(`${BASE}/pid/hdl:21.t11998%2Fphd-abif-axiovert1`);
    expect(abif.owners[0]?.ownerIdentifier).toEqual({ ownerIdentifier: '01pxwe438', ownerIdentifierType: 'ROR' });
    const limelight = 'https://doi.org/10.5072/phd.igc.limelight';
    const record = pidinstOf(await exportGraph(store, limelight), limelight, { baseUrl: BASE });
    expect(record.relatedIdentifiers).toContainEqual(expect.objectContaining({
      relatedIdentifier: `${BASE}/id/configuration/igc-limelight-v1`, relatedIdentifierType: 'URL', relationType: 'HasMetadata',
    }));
  });

  it('refuses a hardware configuration, pointing to the instance and to the DataCite export.', async () => {
    const error = await thrown(async () => pidinstOf(await exportGraph(store, SP8_V2), SP8_V2, { baseUrl: BASE }));
    expect(error.status).toBe(422);
    expect(error.code).toBe('not-exportable');
    expect(error.message).toContain('export its instrument instance as PIDINST');
  });

  it('refuses an instance named by a local IRI with 422 pid-required, since PIDINST needs a DOI or a handle.', () => {
    const local = `${BASE}/id/instance/bench-scope`;
    const graph = new N3.Store([
      quad(namedNode(local), namedNode(`${PREFIXES.rdf}type`), namedNode(PHD.InstrumentInstance)),
      quad(namedNode(local), namedNode(`${PREFIXES.schema}name`), literal('Bench scope')),
    ]);
    const error = (() => {
      try {
        pidinstOf({ graph, meta: new Map() }, local, { baseUrl: BASE });
      } catch (e) {
        return e as PhdError;
      }
      throw new Error('expected an error');
    })();
    expect(error.status).toBe(422);
    expect(error.code).toBe('pid-required');
    expect(error.message).toContain('a PIDINST record identifies the instrument by a DOI or a handle');
  });

  it('says which record and property to add when the model names no manufacturer.', async () => {
    const data = edited(await exportGraph(store, SP8), (q) => q.predicate.value === PHD.manufacturer);
    const error = await thrown(() => pidinstOf(data, SP8, { baseUrl: BASE }));
    expect(error.status).toBe(422);
    expect(error.code).toBe('incomplete-metadata');
    expect(error.message).toBe(
      `Cannot export ${SP8} as PIDINST 1.0: required metadata is missing. ` +
        `The instrument model ${LEICA_MODEL} names no manufacturer: add \`phd:manufacturer <organization>\` to the model's record.`,
    );
    expect(error.details.missing).toEqual([expect.objectContaining({ field: 'manufacturer', record: LEICA_MODEL, property: PHD.manufacturer })]);
  });

  it('lists every missing piece at once: a withdrawn manufacturer and a facility without a host.', async () => {
    const original = await exportGraph(store, SP8);
    const data = edited(
      original,
      (q) => q.subject.value === LEICA || (q.subject.value === ECC && q.predicate.value === PHD.hostedBy),
      { [LEICA]: { deletedAt: '2025-01-02T03:04:05.000Z' } },
    );
    const error = await thrown(() => pidinstOf(data, SP8, { baseUrl: BASE }));
    expect(error.code).toBe('incomplete-metadata');
    expect(error.message).toContain(`(1) The facility ${ECC} names no host institution, the instrument's owner: add \`phd:hostedBy <https://ror.org/…>\` to the facility's record.`);
    expect(error.message).toContain(`(2) The manufacturer ${LEICA} was withdrawn, so its metadata is unknown`);
    expect(error.details.missing).toHaveLength(2);
  });

  it('says how to state the operating facility when none operates the instance.', async () => {
    const data = edited(await exportGraph(store, SP8), (q) => q.predicate.value === PHD.operates);
    const error = await thrown(() => pidinstOf(data, SP8, { baseUrl: BASE }));
    expect(error.message).toContain(`No facility operates ${SP8}, so the instrument has no owner: add \`<facility RRID IRI> phd:operates <${SP8}>\` to the instance's record.`);
  });
});

describe('exportGraph', () => {
  /** A store whose get returns the given record; the other methods are not called. */
  function storeWith(record: StoredRecord | undefined): Mocked<RecordStore> {
    return {
      get: vi.fn().mockResolvedValue(record),
      links: vi.fn().mockResolvedValue([]),
    } as unknown as Mocked<RecordStore>;
  }

  const tombstone: StoredRecord = {
    iri: SP8, kind: 'instance', etag: '"x"', version: 2, facility: ECC, createdBy: 'seed', createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z', deletedAt: '2025-01-01T00:00:00.000Z', triples: 0, ntriples: '',
  };

  it('answers 404 for an unknown IRI.', async () => {
    const error = await thrown(() => exportGraph(storeWith(undefined), 'https://doi.org/10.5072/unknown'));
    expect(error.status).toBe(404);
  });

  it('answers 410 for a withdrawn record.', async () => {
    const error = await thrown(() => exportGraph(storeWith(tombstone), SP8));
    expect(error.status).toBe(410);
    expect(error.message).toContain('was withdrawn on 2025-01-01T00:00:00.000Z');
  });

  it('refuses a record of another kind with 422 not-exportable, naming the kinds that can be exported.', async () => {
    const error = await thrown(() => exportGraph(store, MIT));
    expect(error.status).toBe(422);
    expect(error.code).toBe('not-exportable');
    expect(error.message).toContain('only instrument instances and hardware configurations can be exported');
    expect(error.details.exportable).toEqual(['instance', 'configuration']);
  });

  it('collects the chain around an instance: facility, host, contact, model, manufacturer, versions, works.', async () => {
    const data = await exportGraph(store, SP8);
    expect([...data.meta.keys()].sort()).toEqual([
      ECC, MIT, 'https://orcid.org/0000-0002-1825-0097', LEICA_MODEL, LEICA, SP8, SP8_V1, SP8_V2,
      'https://doi.org/10.5072/phd.pub.mito-2024', 'https://doi.org/10.5072/phd.data.sp8-2020-mitochondria',
      'https://doi.org/10.5072/phd.data.sp8-2023-mitochondria',
    ].sort());
    // Other versions contribute their own node only, not their components.
    expect(data.graph.countQuads(null, namedNode(PHD.hasComponent), null, null)).toBe(0);
    expect(data.graph.countQuads(namedNode(SP8_V2), namedNode(`${PREFIXES.prov}wasRevisionOf`), namedNode(SP8_V1), null)).toBe(1);
  });

  it('keeps the components of the exported configuration.', async () => {
    const data = await exportGraph(store, SP8_V2);
    expect(data.graph.countQuads(namedNode(SP8_V2), namedNode(PHD.hasComponent), null, null)).toBe(7);
    expect(data.graph.countQuads(namedNode(SP8_V1), namedNode(PHD.hasComponent), null, null)).toBe(0);
    expect(data.meta.get(SP8)?.kind).toBe('instance');
  });

  it('registers the sample Macred\'s stated commissioning date and its status (the proposed InstrumentStatus), valid against the 1.0 schema.', async () => {
    const macred = 'https://doi.org/10.5072/phd.igc.macred';
    const record = pidinstOf(await exportGraph(store, macred), macred, { baseUrl: BASE });
    // Stated phd:commissioned wins over the first configuration's validFrom (2022-09-01).
    expect(record.dates).toEqual([{ date: '2022-08-15', dateType: 'Commissioned' }]);
    expect(record.instrumentStatus).toBe('Active');
    expect(schemaErrors(record)).toEqual([]);
  });

  it('registers a decommissioned instrument with both dates and the status Terminated.', async () => {
    const xsdDate = (value: string) => literal(value, namedNode(`${PREFIXES.xsd}date`));
    const data = edited(await exportGraph(store, SP8), () => false, {}, [
      quad(namedNode(SP8), namedNode(PHD.instrumentStatus), namedNode(PHD.DecommissionedStatus)),
      quad(namedNode(SP8), namedNode(PHD.statusSince), xsdDate('2025-03-31')),
      quad(namedNode(SP8), namedNode(PHD.decommissioned), xsdDate('2025-03-31')),
    ]);
    const record = pidinstOf(data, SP8, { baseUrl: BASE });
    expect(record.dates).toEqual([{ date: '2019-03-01', dateType: 'Commissioned' }, { date: '2025-03-31', dateType: 'DeCommissioned' }]);
    expect(record.instrumentStatus).toBe('Terminated');
    expect(schemaErrors(record)).toEqual([]);
    // The schema checks the date types: a misspelt one is refused.
    expect(schemaErrors({ ...record, dates: [{ date: '2025-03-31', dateType: 'Decommissioned' }] }).join('\n')).toContain('must be equal to one of the allowed values');
  });

  it('states no status for an instance whose record has none.', async () => {
    const record = pidinstOf(await exportGraph(store, SP8), SP8, { baseUrl: BASE });
    expect(record).not.toHaveProperty('instrumentStatus');
  });

  it('gives records typed as PidinstRecord.', async () => {
    const record: PidinstRecord = pidinstOf(await exportGraph(store, SP8), SP8, { baseUrl: BASE });
    expect(record.owners.length).toBeGreaterThan(0);
  });
});
