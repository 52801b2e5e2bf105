import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { RecordService } from '../../../src/records/record-service.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import type { Principal } from '../../../src/domain/principal.js';
import {
  acceptingValidator, ADMIN, BASE, CONFIG_A1, createFromTurtle, mockedService, FACILITY_A, FACILITY_B, INSTANCE_A, INSTANCE_B, PREFIXES, sameGraphAs,
  stored, TOKEN_A, TOKEN_B,
} from './record-service-doubles.js';

// Who may write what (DESIGN §2): the administrator anything; a facility token the records of its
// facility, which a record gets from the instance that facility operates; shared records their
// creator. Each rule is tested from both sides through create, update and delete.

const NEW_INSTANCE = 'https://doi.org/10.5072/phd.new.scope';
const NEW_CONFIG = 'https://doi.org/10.5072/phd.new.config';
const MODEL = 'https://doi.org/10.5072/phd.model.x';

const instanceBody = (operator: string) => `<${NEW_INSTANCE}> a phd:InstrumentInstance ; schema:name "new" .\n<${operator}> phd:operates <${NEW_INSTANCE}> .`;
const configBody = (instance: string) => `<${NEW_CONFIG}> a phd:HardwareConfiguration ; phd:validFrom "2025-01-01"^^xsd:date .\n<${instance}> phd:hasConfiguration <${NEW_CONFIG}> .`;

let store: Mocked<RecordStore>;
let service: RecordService;

const create = (body: string, principal: Principal = ADMIN) => createFromTurtle(service, body, principal);

beforeEach(() => {
  ({ store, service } = mockedService([
    stored(MODEL, 'model', `<${MODEL}> a phd:InstrumentModel ; schema:name "X" .`, { createdBy: TOKEN_A.id }),
  ]));
});

describe('A RecordService authorizing an instance', () => {
  it('lets a facility token register an instance its facility operates, stored as that facility\'s with the token as actor.', async () => {
    await create(instanceBody(FACILITY_A), TOKEN_A);
    expect(store.create).toHaveBeenCalledTimes(1);
    const [write] = store.create.mock.calls[0] ?? [];
    expect(write).toMatchObject({ iri: NEW_INSTANCE, kind: 'instance', facility: FACILITY_A, actor: TOKEN_A.id });
    expect(sameGraphAs(write, instanceBody(FACILITY_A))).toBe(true);
  });

  it('refuses a facility token an instance another facility operates (403), before validating and storing anything.', async () => {
    const validator = acceptingValidator();
    service = new RecordService({ store, validator, baseUrl: BASE });
    await expect(create(instanceBody(FACILITY_A), TOKEN_B)).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(validator.validate).not.toHaveBeenCalled();
    expect(store.create).not.toHaveBeenCalled();
  });

  it('lets the administrator register an instance for any facility.', async () => {
    await create(instanceBody(FACILITY_B), ADMIN);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: NEW_INSTANCE, facility: FACILITY_B, actor: 'admin' }));
  });
});

describe('A RecordService authorizing records that inherit their facility', () => {
  it('gives a configuration the facility of its instance, so that facility\'s token may add it.', async () => {
    await create(configBody(INSTANCE_A), TOKEN_A);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: NEW_CONFIG, kind: 'configuration', facility: FACILITY_A }));
  });

  it('refuses another facility\'s token a configuration of that instance (403).', async () => {
    await expect(create(configBody(INSTANCE_A), TOKEN_B)).rejects.toMatchObject({ status: 403 });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('refuses a facility token a configuration of an instance not registered here (403), which the administrator may add without a facility.', async () => {
    const unknown = 'https://doi.org/10.5072/phd.unregistered';
    await expect(create(configBody(unknown), TOKEN_A)).rejects.toThrow(/belongs to no facility known here/);
    expect(store.create).not.toHaveBeenCalled();
    await create(configBody(unknown), ADMIN);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: NEW_CONFIG, facility: undefined }));
  });

  it('gives a dataset the facility of the configuration it was acquired with: its token may add it, another may not.', async () => {
    const dataset = 'https://doi.org/10.5072/phd.data.1';
    const body = `<${dataset}> a phd:Dataset ; dcterms:title "d" ; phd:acquiredWith <${CONFIG_A1}> .`;
    await expect(create(body, TOKEN_B)).rejects.toMatchObject({ status: 403 });
    await create(body, TOKEN_A);
    expect(store.create).toHaveBeenCalledTimes(1);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: dataset, kind: 'dataset', facility: FACILITY_A }));
  });
});

describe('A RecordService authorizing facility records', () => {
  const facilityC = 'https://identifiers.org/RRID:SCR_999009';
  const facilityBody = (iri: string, name: string) => `<${iri}> a phd:Facility ; schema:name "${name}" .`;

  it('lets only the administrator create a facility record, which owns itself.', async () => {
    await expect(create(facilityBody(facilityC, 'C'), TOKEN_A)).rejects.toThrow(/Only the administrator/);
    expect(store.create).not.toHaveBeenCalled();
    await create(facilityBody(facilityC, 'C'), ADMIN);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: facilityC, kind: 'facility', facility: facilityC }));
  });

  it('lets a facility token change its own facility record, passing If-Match on to the store.', async () => {
    await service.update(FACILITY_A, { body: PREFIXES + facilityBody(FACILITY_A, 'A renamed'), format: 'turtle', principal: TOKEN_A }, '"e"');
    expect(store.update).toHaveBeenCalledTimes(1);
    const [write, ifMatch] = store.update.mock.calls[0] ?? [];
    expect(ifMatch).toBe('"e"');
    expect(sameGraphAs(write, facilityBody(FACILITY_A, 'A renamed'))).toBe(true);
  });

  it('refuses a facility token another facility\'s record (403).', async () => {
    await expect(service.update(FACILITY_B, { body: PREFIXES + facilityBody(FACILITY_B, 'B renamed'), format: 'turtle', principal: TOKEN_A }, undefined))
      .rejects.toMatchObject({ status: 403 });
    expect(store.update).not.toHaveBeenCalled();
  });
});

describe('A RecordService authorizing shared records', () => {
  const modelBody = (name: string) => `<${MODEL}> a phd:InstrumentModel ; schema:name "${name}" .`;
  const update = (principal: Principal) => service.update(MODEL, { body: PREFIXES + modelBody('Y'), format: 'turtle', principal }, undefined);

  it('lets any facility token create a shared record, which belongs to no facility.', async () => {
    const model = 'https://doi.org/10.5072/phd.model.new';
    await create(`<${model}> a phd:InstrumentModel ; schema:name "N" .`, TOKEN_B);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: model, kind: 'model', facility: undefined, actor: TOKEN_B.id }));
  });

  it('lets the token that created a shared record change it, and the administrator too.', async () => {
    await update(TOKEN_A);
    await update(ADMIN);
    expect(store.update).toHaveBeenCalledTimes(2);
  });

  it('refuses another token a shared record it did not create (403).', async () => {
    await expect(update(TOKEN_B)).rejects.toThrow(/shared record created by another token/);
    expect(store.update).not.toHaveBeenCalled();
  });
});

describe('A RecordService withdrawing records', () => {
  it('withdraws a record for its facility\'s token, telling the store who did and the If-Match.', async () => {
    await service.delete(INSTANCE_A, TOKEN_A, '"e"');
    expect(store.delete).toHaveBeenCalledWith(INSTANCE_A, TOKEN_A.id, '"e"');
  });

  it('lets the administrator withdraw any facility\'s record.', async () => {
    await service.delete(INSTANCE_B, ADMIN, undefined);
    expect(store.delete).toHaveBeenCalledWith(INSTANCE_B, 'admin', undefined);
  });

  it('refuses another facility\'s token (403), withdrawing nothing.', async () => {
    await expect(service.delete(INSTANCE_A, TOKEN_B, undefined)).rejects.toMatchObject({ status: 403 });
    expect(store.delete).not.toHaveBeenCalled();
  });

  it('answers 404 for a record never written, on delete and on update.', async () => {
    const unknown = 'https://doi.org/10.5072/phd.never';
    await expect(service.delete(unknown, ADMIN, undefined)).rejects.toMatchObject({ status: 404 });
    await expect(service.update(unknown, { body: PREFIXES + `<${unknown}> a phd:InstrumentModel ; schema:name "n" .`, format: 'turtle', principal: ADMIN }, undefined))
      .rejects.toMatchObject({ status: 404 });
    expect(store.delete).not.toHaveBeenCalled();
    expect(store.update).not.toHaveBeenCalled();
  });
});
