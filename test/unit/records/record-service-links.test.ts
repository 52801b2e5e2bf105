import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import type { RecordService } from '../../../src/records/record-service.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import type { Principal } from '../../../src/domain/principal.js';
import {
  ADMIN, createFromTurtle, mockedService, CONFIG_A1, FACILITY_A, INSTANCE_A, sameGraphAs, stored, TOKEN_A, TOKEN_B,
} from './record-service-doubles.js';

// What a record may say about other records. A link that makes a child (`phd:operates`,
// `phd:hasConfiguration`) is written in the child's record and points at it; a record states
// triples only about its own nodes, never about a node of another record, stored or withdrawn.

const NEW_INSTANCE = 'https://doi.org/10.5072/phd.new.scope';
const DATASET = 'https://doi.org/10.5072/phd.data.1';
/** A shared record's IRI with a stored dataset under it: the nodes of that dataset are not the model's. */
const LAB = 'https://doi.org/10.5072/lab';
const LAB_DATASET = `${LAB}/old`;

let store: Mocked<RecordStore>;
let service: RecordService;

const create = (body: string, principal: Principal = ADMIN) => createFromTurtle(service, body, principal);

beforeEach(() => {
  ({ store, service } = mockedService([
    stored(LAB_DATASET, 'dataset', `<${LAB_DATASET}> a phd:Dataset ; dcterms:title "old" ; phd:acquiredWith <${CONFIG_A1}> .`, { facility: FACILITY_A }),
  ]));
});

describe('A RecordService placing the links that make a child record', () => {
  it('keeps phd:operates in the instance record it points at, though its subject is the facility.', async () => {
    const body = `<${NEW_INSTANCE}> a phd:InstrumentInstance ; schema:name "n" .\n<${FACILITY_A}> phd:operates <${NEW_INSTANCE}> .`;
    await create(body, TOKEN_A);
    const [write] = store.create.mock.calls[0] ?? [];
    expect(sameGraphAs(write, body)).toBe(true);
    expect(write?.links).toEqual([{ subject: FACILITY_A, predicate: 'https://w3id.org/imaging-phd/ns#operates', object: NEW_INSTANCE }]);
  });

  it('refuses phd:operates written in a record that is not an instance (422 foreign-link).', async () => {
    const body = `<${DATASET}> a phd:Dataset ; dcterms:title "d" ; phd:acquiredWith <${CONFIG_A1}> .\n<${FACILITY_A}> phd:operates <${DATASET}> .`;
    await expect(create(body, ADMIN)).rejects.toMatchObject({ status: 422, code: 'foreign-link' });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a phd:hasConfiguration link to a node under the configuration instead of the configuration (422 foreign-link).', async () => {
    const config = 'https://doi.org/10.5072/phd.new.config';
    const body = `<${config}> a phd:HardwareConfiguration ; phd:validFrom "2025-01-01"^^xsd:date .\n` +
      `<${INSTANCE_A}> phd:hasConfiguration <${config}>, <${config}/component/stand> .`;
    await expect(create(body, ADMIN)).rejects.toMatchObject({ status: 422, code: 'foreign-link' });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses an instance record claiming a configuration (422 foreign-triples): that link is written in the configuration\'s record.', async () => {
    const body = `<${NEW_INSTANCE}> a phd:InstrumentInstance ; schema:name "n" ; phd:hasConfiguration <${CONFIG_A1}> .\n<${FACILITY_A}> phd:operates <${NEW_INSTANCE}> .`;
    await expect(create(body, ADMIN)).rejects.toMatchObject({ status: 422, code: 'foreign-triples' });
    expect(store.create).not.toHaveBeenCalled();
  });
});

describe('A RecordService keeping each record to its own nodes', () => {
  const model = (extra: string) => `<${LAB}> a phd:InstrumentModel ; schema:name "lab model" .\n${extra}`;

  it('accepts nodes under the record\'s IRI that belong to no other record.', async () => {
    const body = model(`<${LAB}/part> schema:name "a part of the model" .`);
    await create(body, TOKEN_B);
    expect(sameGraphAs(store.create.mock.calls[0]?.[0], body)).toBe(true);
  });

  it('refuses triples about another record\'s node with 403 when the token may not write that record, naming node and record.', async () => {
    const writing = create(model(`<${LAB_DATASET}> dcterms:title "renamed" .`), TOKEN_B);
    await expect(writing).rejects.toMatchObject({ status: 403, details: { nodes: [LAB_DATASET], records: [LAB_DATASET] } });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses them with 422 foreign-record when the writer may write that record, pointing at it instead.', async () => {
    const writing = create(model(`<${LAB_DATASET}> dcterms:title "renamed" .`), ADMIN);
    await expect(writing).rejects.toMatchObject({ status: 422, code: 'foreign-record' });
    await expect(writing).rejects.toThrow(`Write them in ${LAB_DATASET} itself`);
    expect(store.create).not.toHaveBeenCalled();
  });

  it('keeps the nodes of a withdrawn record its own.', async () => {
    ({ store, service } = mockedService([
      stored(LAB_DATASET, 'dataset', `<${LAB_DATASET}> a phd:Dataset .`, { facility: FACILITY_A, deletedAt: '2024-06-01T00:00:00.000Z' }),
    ]));
    await expect(create(model(`<${LAB_DATASET}/x> schema:name "x" .`), ADMIN)).rejects.toThrow(/withdrawn: its nodes stay its own/);
    expect(store.create).not.toHaveBeenCalled();
  });
});
