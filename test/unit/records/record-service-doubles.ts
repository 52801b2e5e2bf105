import N3 from 'n3';
import type { Quad } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { vi, type Mocked } from 'vitest';
import type { RecordKind } from '../../../src/domain/records.js';
import { RecordService } from '../../../src/records/record-service.js';
import type { RecordMeta, RecordStore, RecordWrite, StoredRecord } from '../../../src/store/record-store.js';
import type { Principal } from '../../../src/domain/principal.js';
import { tokenPrincipal } from '../../../src/domain/principal.js';
import type { RecordValidator } from '../../../src/validation/record-validator.js';

// Test doubles for the record service's unit tests: a mocked RecordStore answering from a fixed set
// of stored records, a validator that accepts everything (the rules under test are the service's,
// not the shapes'), principals, and the prefixes the Turtle bodies use.

export const BASE = 'http://phd.test';
export const PHD = 'https://w3id.org/imaging-phd/ns#';
export const PROV_REVISION = 'http://www.w3.org/ns/prov#wasRevisionOf';

/** Prefixes every Turtle body and stored record of these tests starts with. */
export const PREFIXES = [
  '@prefix phd: <https://w3id.org/imaging-phd/ns#> .',
  '@prefix schema: <https://schema.org/> .',
  '@prefix prov: <http://www.w3.org/ns/prov#> .',
  '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
  '@prefix dcterms: <http://purl.org/dc/terms/> .',
  '',
].join('\n');

export const FACILITY_A = 'https://identifiers.org/RRID:SCR_999001';
export const FACILITY_B = 'https://identifiers.org/RRID:SCR_999002';
/** An instance operated by facility A. */
export const INSTANCE_A = 'https://doi.org/10.5072/phd.a.scope';
/** An instance operated by facility B. */
export const INSTANCE_B = 'https://doi.org/10.5072/phd.b.scope';
/** The first configuration of {@link INSTANCE_A}, valid from 2024-01-01. */
export const CONFIG_A1 = 'https://doi.org/10.5072/phd.a.scope.v1';

export const ADMIN: Principal = { id: 'admin', admin: true, facility: undefined };
export const TOKEN_A: Principal = tokenPrincipal('tok-a', FACILITY_A);
export const TOKEN_B: Principal = tokenPrincipal('tok-b', FACILITY_B);

/**
 * Parses Turtle written with {@link PREFIXES}.
 * @param turtle - the triples, without prefixes.
 * @returns the quads.
 */
export function turtle(turtle: string): Quad[] {
  return new N3.Parser({ format: 'text/turtle' }).parse(PREFIXES + turtle);
}

/**
 * A record as the store would hold it.
 * @param iri - the record.
 * @param kind - its kind.
 * @param body - its triples in Turtle, without prefixes.
 * @param meta - what else differs from a live record created by the administrator.
 * @returns the stored record.
 */
export function stored(iri: string, kind: RecordKind, body: string, meta: Partial<RecordMeta> = {}): StoredRecord {
  const quads = turtle(body);
  return {
    iri, kind, etag: `"${iri}-1"`, version: 1, facility: undefined, createdBy: 'admin',
    createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', deletedAt: undefined,
    triples: quads.length, ntriples: new N3.Writer({ format: 'N-Triples' }).quadsToString(quads), ...meta,
  };
}

/** The records most tests start from: two facilities, an instance each, a configuration of A's instance. */
export function seedRecords(): StoredRecord[] {
  return [
    stored(FACILITY_A, 'facility', `<${FACILITY_A}> a phd:Facility ; schema:name "A" .`, { facility: FACILITY_A }),
    stored(FACILITY_B, 'facility', `<${FACILITY_B}> a phd:Facility ; schema:name "B" .`, { facility: FACILITY_B }),
    stored(INSTANCE_A, 'instance', `<${INSTANCE_A}> a phd:InstrumentInstance ; schema:name "A scope" .\n<${FACILITY_A}> phd:operates <${INSTANCE_A}> .`, { facility: FACILITY_A }),
    stored(INSTANCE_B, 'instance', `<${INSTANCE_B}> a phd:InstrumentInstance ; schema:name "B scope" .\n<${FACILITY_B}> phd:operates <${INSTANCE_B}> .`, { facility: FACILITY_B }),
    stored(CONFIG_A1, 'configuration', `<${CONFIG_A1}> a phd:HardwareConfiguration ; phd:validFrom "2024-01-01"^^xsd:date .\n<${INSTANCE_A}> phd:hasConfiguration <${CONFIG_A1}> .`, { facility: FACILITY_A }),
  ];
}

/**
 * What a store returns for a write it accepted.
 * @param write - the write.
 * @param version - the record's new version.
 * @returns the stored record.
 */
function storedOf(write: RecordWrite, version = 1): StoredRecord {
  return {
    iri: write.iri, kind: write.kind, etag: `"${write.iri}-${String(version)}"`, version, facility: write.facility, createdBy: write.actor,
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', deletedAt: undefined, triples: write.triples, ntriples: write.ntriples,
  };
}

/**
 * A RecordStore mock answering reads from the given records (tombstones included) and echoing writes.
 * @param records - what the store holds.
 * @returns the mock; each method is a spy.
 */
export function mockRecordStore(records: readonly StoredRecord[] = seedRecords()): Mocked<RecordStore> {
  const byIri = new Map(records.map((r) => [r.iri, r]));
  const metaOf = (record: StoredRecord | undefined): RecordMeta | undefined => {
    if (record === undefined) return undefined;
    const { iri, kind, etag, version, facility, team, createdBy, createdAt, updatedAt, deletedAt, triples } = record;
    return { iri, kind, etag, version, facility, team, createdBy, createdAt, updatedAt, deletedAt, triples };
  };
  const rdfType = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
  return {
    get: vi.fn((iri: string) => Promise.resolve(byIri.get(iri))),
    meta: vi.fn((iri: string) => Promise.resolve(metaOf(byIri.get(iri)))),
    create: vi.fn((write: RecordWrite) => Promise.resolve(storedOf(write))),
    createAll: vi.fn((writes: readonly RecordWrite[]) => Promise.resolve(writes.map((w) => storedOf(w)))),
    createMany: vi.fn((writes: readonly RecordWrite[]) => Promise.resolve(writes.length)),
    revive: vi.fn((write: RecordWrite) => Promise.resolve(storedOf(write, (byIri.get(write.iri)?.version ?? 0) + 1))),
    update: vi.fn((write: RecordWrite) => Promise.resolve(storedOf(write, (byIri.get(write.iri)?.version ?? 0) + 1))),
    delete: vi.fn((iri: string) => {
      const meta = metaOf(byIri.get(iri));
      return meta === undefined ? Promise.reject(new Error(`mock store: no ${iri}`)) : Promise.resolve({ ...meta, deletedAt: '2025-01-01T00:00:00.000Z' });
    }),
    history: vi.fn(() => Promise.resolve([])),
    revisionGraph: vi.fn(() => Promise.resolve(undefined)),
    rename: vi.fn(() => Promise.reject(new Error('mock store: rename is not mocked'))),
    canonicalOf: vi.fn(() => Promise.resolve(undefined)),
    aliases: vi.fn(() => Promise.resolve(new Map<string, string>())),
    // The types of subjects across live records, as the real stores answer it.
    typesOf: vi.fn((subjects: readonly string[]) => {
      const types = new Map<string, string[]>();
      for (const record of byIri.values()) {
        if (record.deletedAt !== undefined) continue;
        for (const q of new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples)) {
          if (q.predicate.value === rdfType && subjects.includes(q.subject.value)) types.set(q.subject.value, [...(types.get(q.subject.value) ?? []), q.object.value]);
        }
      }
      return Promise.resolve(types);
    }),
    links: vi.fn(() => Promise.resolve([])),
    countByKind: vi.fn(() => {
      const counts = new Map<RecordKind, number>();
      for (const record of byIri.values()) if (record.deletedAt === undefined) counts.set(record.kind, (counts.get(record.kind) ?? 0) + 1);
      return Promise.resolve(counts);
    }),
    list: vi.fn(() => Promise.resolve([])),
    stats: vi.fn(() => Promise.resolve({ records: byIri.size, tombstones: 0, triples: 0 })),
    onChange: vi.fn(),
    health: vi.fn(() => 'embedded' as const),
    close: vi.fn(() => Promise.resolve()),
  };
}

/**
 * A validator that finds every graph conforming, so a test sees the service's own rules alone.
 * @returns the mock.
 */
export function acceptingValidator(): Mocked<Pick<RecordValidator, 'validate'>> {
  return { validate: vi.fn(() => Promise.resolve({ conforms: true, issues: [] })) };
}

/**
 * A record service over a mocked store and an accepting validator.
 * @param store - the store mock.
 * @returns the service.
 */
export function serviceOver(store: Mocked<RecordStore>): RecordService {
  return new RecordService({ store, validator: acceptingValidator(), baseUrl: BASE });
}

/**
 * A record service over a mocked store holding {@link seedRecords} and the given records.
 * @param extra - records beside the seed.
 * @returns the store mock and the service.
 */
export function mockedService(extra: readonly StoredRecord[] = []): { store: Mocked<RecordStore>; service: RecordService } {
  const store = mockRecordStore([...seedRecords(), ...extra]);
  return { store, service: serviceOver(store) };
}

/**
 * Creates a record from Turtle, as POST /records does.
 * @param service - the service.
 * @param body - the triples, without prefixes.
 * @param principal - who writes.
 * @returns the stored record.
 */
export function createFromTurtle(service: RecordService, body: string, principal: Principal = ADMIN): Promise<StoredRecord> {
  return service.create({ body: PREFIXES + body, format: 'turtle', principal });
}

/**
 * The graph of a write, as quads.
 * @param write - what the service handed the store.
 * @returns its triples.
 */
export function graphOf(write: { ntriples: string } | undefined): Quad[] {
  return new N3.Parser({ format: 'N-Triples' }).parse(write?.ntriples ?? '');
}

/**
 * Whether a write's graph is, up to blank-node labels, the given Turtle.
 * @param write - what the service handed the store.
 * @param expected - Turtle without prefixes.
 * @returns true when isomorphic.
 */
export function sameGraphAs(write: { ntriples: string } | undefined, expected: string): boolean {
  return isomorphic(graphOf(write), turtle(expected));
}
