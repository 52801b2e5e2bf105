import N3 from 'n3';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { GoneError } from '../../../src/errors/phd-error.js';
import type { RecordService } from '../../../src/records/record-service.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import type { Principal } from '../../../src/domain/principal.js';
import {
  ADMIN, createFromTurtle, mockedService, CONFIG_A1, FACILITY_A, INSTANCE_A, INSTANCE_B, mockRecordStore, PREFIXES, PROV_REVISION, sameGraphAs, seedRecords, serviceOver,
  stored, TOKEN_A, turtle,
} from './record-service-doubles.js';

// How records change. A published hardware configuration never changes: new hardware is a new
// version that revises the latest one of the same instance (prov:wasRevisionOf) from a later
// phd:validFrom, so the history stays a line. Other records are replaced in place, guarded by
// If-Match; a write-back of the stored graph writes nothing. Deletes leave tombstones (the store's).

const V2 = 'https://doi.org/10.5072/phd.a.scope.v2';
const CONFIG_A1_BODY = `<${CONFIG_A1}> a phd:HardwareConfiguration ; phd:validFrom "2024-01-01"^^xsd:date .\n<${INSTANCE_A}> phd:hasConfiguration <${CONFIG_A1}> .`;

/**
 * A new configuration version's Turtle.
 * @param options - what it revises, its instance and its start.
 * @param options.revises - the configuration it revises.
 * @param options.instance - its instance.
 * @param options.validFrom - its start (xsd:date).
 * @returns the triples, without prefixes.
 */
function version({ revises = CONFIG_A1, instance = INSTANCE_A, validFrom = '2025-01-01' }: { revises?: string; instance?: string; validFrom?: string } = {}): string {
  return `<${V2}> a phd:HardwareConfiguration ; phd:validFrom "${validFrom}"^^xsd:date ; prov:wasRevisionOf <${revises}> .\n<${instance}> phd:hasConfiguration <${V2}> .`;
}

let store: Mocked<RecordStore>;
let service: RecordService;

const create = (body: string, principal: Principal = ADMIN) => createFromTurtle(service, body, principal);

/**
 * Replaces a record with Turtle.
 * @param iri - the record.
 * @param body - the triples, without prefixes.
 * @param ifMatch - the If-Match header.
 * @param principal - who writes.
 * @returns the stored record.
 */
function update(iri: string, body: string, ifMatch?: string, principal: Principal = ADMIN): ReturnType<RecordService['update']> {
  return service.update(iri, { body: PREFIXES + body, format: 'turtle', principal }, ifMatch);
}

beforeEach(() => {
  ({ store, service } = mockedService());
});

describe('A RecordService changing a published configuration', () => {
  it('refuses a changed graph (409), pointing at a new version with prov:wasRevisionOf.', async () => {
    const changed = `${CONFIG_A1_BODY}\n<${CONFIG_A1}> schema:name "renamed" .`;
    await expect(update(CONFIG_A1, changed)).rejects.toMatchObject({ status: 409 });
    await expect(update(CONFIG_A1, changed)).rejects.toThrow(/prov:wasRevisionOf/);
    expect(store.update).not.toHaveBeenCalled();
  });

  it('answers a write-back of the stored graph, in any serialization, with the stored record and writes nothing.', async () => {
    const ntriples = new N3.Writer({ format: 'N-Triples' }).quadsToString(turtle(CONFIG_A1_BODY).reverse());
    const current = await store.get(CONFIG_A1);
    const answer = await service.update(CONFIG_A1, { body: ntriples, format: 'n-triples', principal: TOKEN_A }, current?.etag);
    expect(answer).toBe(current);
    expect(store.update).not.toHaveBeenCalled();
  });

  it('refuses that write-back with 412 and the current ETag when If-Match names another.', async () => {
    const current = await store.get(CONFIG_A1);
    await expect(update(CONFIG_A1, CONFIG_A1_BODY, '"stale"')).rejects.toMatchObject({ status: 412, details: { etag: current?.etag } });
    expect(store.update).not.toHaveBeenCalled();
  });
});

describe('A RecordService replacing other records in place', () => {
  const renamed = `<${INSTANCE_A}> a phd:InstrumentInstance ; schema:name "renamed" .\n<${FACILITY_A}> phd:operates <${INSTANCE_A}> .`;

  it('hands the new graph and If-Match to the store, which checks the ETag.', async () => {
    await update(INSTANCE_A, renamed, '"e"', TOKEN_A);
    expect(store.update).toHaveBeenCalledTimes(1);
    const [write, ifMatch] = store.update.mock.calls[0] ?? [];
    expect(write).toMatchObject({ iri: INSTANCE_A, kind: 'instance', facility: FACILITY_A, actor: TOKEN_A.id });
    expect(sameGraphAs(write, renamed)).toBe(true);
    expect(ifMatch).toBe('"e"');
  });

  it('refuses a body that changes the record\'s kind (422 kind-changed).', async () => {
    await expect(update(INSTANCE_A, `<${INSTANCE_A}> a phd:InstrumentModel ; schema:name "now a model" .`)).rejects.toMatchObject({ status: 422, code: 'kind-changed' });
    expect(store.update).not.toHaveBeenCalled();
  });

  it('refuses a body about another record than the URL names (422 iri-mismatch).', async () => {
    await expect(update(INSTANCE_A, renamed.replaceAll(INSTANCE_A, INSTANCE_B))).rejects.toMatchObject({ status: 422, code: 'iri-mismatch' });
    expect(store.update).not.toHaveBeenCalled();
  });

  it('leaves a write to a withdrawn configuration to the store, which answers 410: the published-version rule is for live ones.', async () => {
    store = mockRecordStore([...seedRecords().filter((r) => r.iri !== CONFIG_A1), stored(CONFIG_A1, 'configuration', CONFIG_A1_BODY, { facility: FACILITY_A, deletedAt: '2024-06-01T00:00:00.000Z' })]);
    store.update.mockRejectedValue(new GoneError(`${CONFIG_A1} was withdrawn.`));
    service = serviceOver(store);
    await expect(update(CONFIG_A1, CONFIG_A1_BODY)).rejects.toMatchObject({ status: 410 });
    expect(store.update).toHaveBeenCalledTimes(1);
  });
});

describe('A RecordService adding a configuration version', () => {
  it('stores a version that revises the latest configuration of the same instance from a later date.', async () => {
    await create(version(), TOKEN_A);
    const [write] = store.create.mock.calls[0] ?? [];
    expect(write).toMatchObject({ iri: V2, kind: 'configuration', facility: FACILITY_A });
    expect(sameGraphAs(write, version())).toBe(true);
    expect(write?.links).toContainEqual({ subject: V2, predicate: PROV_REVISION, object: CONFIG_A1 });
    expect(store.links).toHaveBeenCalledWith({ predicate: PROV_REVISION, object: CONFIG_A1 });
  });

  it('refuses a version revising a configuration already revised (409), naming the version that did.', async () => {
    const other = 'https://doi.org/10.5072/phd.a.scope.v2-other';
    store.links.mockResolvedValue([{ subject: other, predicate: PROV_REVISION, object: CONFIG_A1, record: other }]);
    await expect(create(version())).rejects.toMatchObject({ status: 409, details: { revisedBy: other } });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a version revising a configuration of another instance (422 bad-revision).', async () => {
    const writing = create(version({ instance: INSTANCE_B }));
    await expect(writing).rejects.toMatchObject({ status: 422, code: 'bad-revision' });
    await expect(writing).rejects.toThrow(/revises a configuration of the same instance/);
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a version that starts on or before the one it revises (422 bad-revision).', async () => {
    for (const validFrom of ['2024-01-01', '2023-12-31']) {
      const writing = create(version({ validFrom }));
      await expect(writing).rejects.toMatchObject({ status: 422, code: 'bad-revision' });
      await expect(writing).rejects.toThrow(`phd:validFrom ${validFrom} must be later than 2024-01-01`);
    }
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a revision of what is not a stored, live configuration (422 bad-revision).', async () => {
    const withdrawn = 'https://doi.org/10.5072/phd.a.scope.v0';
    ({ store, service } = mockedService([stored(withdrawn, 'configuration', CONFIG_A1_BODY.replaceAll(CONFIG_A1, withdrawn), { deletedAt: '2024-06-01T00:00:00.000Z' })]));
    for (const revises of [INSTANCE_A, 'https://doi.org/10.5072/phd.never', withdrawn]) {
      await expect(create(version({ revises }))).rejects.toThrow(`prov:wasRevisionOf <${revises}> is not a stored hardware configuration`);
    }
    expect(store.create).not.toHaveBeenCalled();
  });
});

describe('A RecordService importing records together', () => {
  const instance = 'https://doi.org/10.5072/phd.imported';
  const config = 'https://doi.org/10.5072/phd.imported.v1';
  const instanceQuads = () => turtle(`<${instance}> a phd:InstrumentInstance ; schema:name "i" .\n<${FACILITY_A}> phd:operates <${instance}> .`);
  const configQuads = () => turtle(`<${config}> a phd:HardwareConfiguration ; phd:validFrom "2025-01-01"^^xsd:date .\n<${instance}> phd:hasConfiguration <${config}> .`);

  it('stores the batch in one call, a configuration taking its facility from an instance of the same batch.', async () => {
    await service.createAll([instanceQuads(), configQuads()], TOKEN_A);
    expect(store.createAll).toHaveBeenCalledTimes(1);
    const [writes] = store.createAll.mock.calls[0] ?? [];
    expect(writes?.map((w) => [w.iri, w.facility])).toEqual([[instance, FACILITY_A], [config, FACILITY_A]]);
  });

  it('refuses a batch describing one record twice (409), storing nothing.', async () => {
    await expect(service.createAll([instanceQuads(), instanceQuads()], TOKEN_A)).rejects.toMatchObject({ status: 409 });
    expect(store.createAll).not.toHaveBeenCalled();
  });
});
