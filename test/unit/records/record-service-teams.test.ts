import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { personPrincipal, tokenPrincipal } from '../../../src/domain/principal.js';
import type { Principal } from '../../../src/domain/principal.js';
import { RecordService } from '../../../src/records/record-service.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import {
  acceptingValidator, ADMIN, BASE, createFromTurtle, FACILITY_A, FACILITY_B, INSTANCE_A, INSTANCE_B, mockRecordStore, PREFIXES, seedRecords, stored,
  TOKEN_A, TOKEN_B,
} from './record-service-doubles.js';

// Teams (issue 19): write rights on a shared record belong to the team of the facility its creator
// acted for, not to one token; withdrawing needs the manager role; a person in no team may register
// a facility when registration is open.

const MODEL_OF_A = 'https://doi.org/10.5072/phd.model.a';
const MODEL_OF_B = 'https://doi.org/10.5072/phd.model.b';
const modelBody = (iri: string, name: string) => `<${iri}> a phd:InstrumentModel ; schema:name "${name}" .`;

/** A second token of facility A: the colleague of the issue. */
const TOKEN_A2: Principal = tokenPrincipal('tok-a2', FACILITY_A);
const EDITOR_A: Principal = personPrincipal('editora00001', FACILITY_A, 'editor');
const MANAGER_A: Principal = personPrincipal('managera0001', FACILITY_A, 'manager');
const MEMBER_B: Principal = personPrincipal('memberb00001', FACILITY_B, 'manager');
const NO_TEAM: Principal = personPrincipal('noteam000001', undefined, 'editor');

let store: Mocked<RecordStore>;

function service(openRegistration = true): RecordService {
  return new RecordService({ store, validator: acceptingValidator(), baseUrl: BASE, openRegistration });
}

const update = (iri: string, principal: Principal, name = 'changed') =>
  service().update(iri, { body: PREFIXES + modelBody(iri, name), format: 'turtle', principal }, undefined);

beforeEach(() => {
  store = mockRecordStore([
    ...seedRecords(),
    stored(MODEL_OF_A, 'model', modelBody(MODEL_OF_A, 'A model'), { createdBy: TOKEN_A.id, team: FACILITY_A }),
    stored(MODEL_OF_B, 'model', modelBody(MODEL_OF_B, 'B model'), { createdBy: MEMBER_B.id, team: FACILITY_B }),
  ]);
});

describe('A RecordService creating a shared record', () => {
  it('stores the team of the facility the creator acts for, and none for the administrator.', async () => {
    const model = 'https://doi.org/10.5072/phd.model.new';
    await createFromTurtle(service(), modelBody(model, 'N'), EDITOR_A);
    expect(store.create).toHaveBeenLastCalledWith(expect.objectContaining({ iri: model, facility: undefined, team: FACILITY_A, actor: 'person:editora00001' }));
    const other = 'https://doi.org/10.5072/phd.model.admin';
    await createFromTurtle(service(), modelBody(other, 'M'), ADMIN);
    expect(store.create.mock.calls.at(-1)?.[0].team).toBeUndefined();
  });

  it('gives the record to the team the administrator names, refuses an unregistered one, and refuses a member naming another team.', async () => {
    const model = 'https://doi.org/10.5072/phd.model.forteam';
    const body = PREFIXES + modelBody(model, 'T');
    await service().create({ body, format: 'turtle', principal: ADMIN, team: FACILITY_B });
    expect(store.create).toHaveBeenLastCalledWith(expect.objectContaining({ iri: model, team: FACILITY_B, actor: ADMIN.id }));
    const calls = store.create.mock.calls.length;
    await expect(service().create({ body, format: 'turtle', principal: ADMIN, team: `${BASE}/id/facility/none` })).rejects.toMatchObject({ status: 422 });
    await expect(service().create({ body, format: 'turtle', principal: EDITOR_A, team: FACILITY_B })).rejects.toMatchObject({ status: 403 });
    await service().create({ body: PREFIXES + modelBody(`${model}.own`, 'O'), format: 'turtle', principal: EDITOR_A, team: FACILITY_A });
    expect(store.create.mock.calls.length).toBe(calls + 1);
    expect(store.create).toHaveBeenLastCalledWith(expect.objectContaining({ team: FACILITY_A }));
  });

  it('gives a facility\'s own records no team (their facility decides).', async () => {
    const instance = 'https://doi.org/10.5072/phd.new.a';
    await createFromTurtle(service(), `<${instance}> a phd:InstrumentInstance ; schema:name "n" .\n<${FACILITY_A}> phd:operates <${instance}> .`, EDITOR_A);
    expect(store.create.mock.calls.at(-1)?.[0]).toMatchObject({ facility: FACILITY_A });
    expect(store.create.mock.calls.at(-1)?.[0].team).toBeUndefined();
  });
});

describe('A RecordService authorizing a team\'s shared record', () => {
  it('lets a second token of the same facility change the model the first token created.', async () => {
    await update(MODEL_OF_A, TOKEN_A2);
    expect(store.update).toHaveBeenCalledTimes(1);
  });

  it('lets an editor and a manager of the team change it.', async () => {
    await update(MODEL_OF_A, EDITOR_A);
    await update(MODEL_OF_A, MANAGER_A);
    expect(store.update).toHaveBeenCalledTimes(2);
  });

  it('refuses a member of facility B the model of A\'s team (403), naming the team, storing nothing.', async () => {
    await expect(update(MODEL_OF_A, MEMBER_B)).rejects.toMatchObject({ status: 403 });
    await expect(update(MODEL_OF_A, TOKEN_B)).rejects.toThrow(/of the team of https:\/\/identifiers\.org\/RRID:SCR_999001/);
    expect(store.update).not.toHaveBeenCalled();
  });

  it('refuses a member of facility A the model of B\'s team, and a person in no team both.', async () => {
    await expect(update(MODEL_OF_B, EDITOR_A)).rejects.toMatchObject({ status: 403 });
    await expect(update(MODEL_OF_B, NO_TEAM)).rejects.toMatchObject({ status: 403 });
    await expect(update(MODEL_OF_A, NO_TEAM)).rejects.toMatchObject({ status: 403 });
    expect(store.update).not.toHaveBeenCalled();
  });

  it('lets the person who created a shared record outside any team change it, and nobody else of no team.', async () => {
    const own = 'https://doi.org/10.5072/phd.model.own';
    store = mockRecordStore([stored(own, 'model', modelBody(own, 'own'), { createdBy: NO_TEAM.id })]);
    await update(own, NO_TEAM);
    await expect(update(own, personPrincipal('someoneelse1', undefined, 'editor'))).rejects.toThrow(/in no team/);
    expect(store.update).toHaveBeenCalledTimes(1);
  });
});

describe('A RecordService authorizing a facility\'s records for people', () => {
  it('lets an editor of A write A\'s instance, and refuses them B\'s instance and B\'s facility record.', async () => {
    const body = (iri: string, facility: string) => PREFIXES + `<${iri}> a phd:InstrumentInstance ; schema:name "renamed" .\n<${facility}> phd:operates <${iri}> .`;
    await service().update(INSTANCE_A, { body: body(INSTANCE_A, FACILITY_A), format: 'turtle', principal: EDITOR_A }, undefined);
    expect(store.update).toHaveBeenCalledTimes(1);
    await expect(service().update(INSTANCE_B, { body: body(INSTANCE_B, FACILITY_B), format: 'turtle', principal: EDITOR_A }, undefined)).rejects.toMatchObject({ status: 403 });
    await expect(service().update(FACILITY_B, { body: PREFIXES + `<${FACILITY_B}> a phd:Facility ; schema:name "B!" .`, format: 'turtle', principal: EDITOR_A }, undefined))
      .rejects.toMatchObject({ status: 403 });
    expect(store.update).toHaveBeenCalledTimes(1);
  });
});

describe('A RecordService withdrawing records of a team', () => {
  it('refuses an editor (403, in words), withdrawing nothing, even the team\'s own records.', async () => {
    await expect(service().delete(INSTANCE_A, EDITOR_A, undefined)).rejects.toThrow(/needs the manager role/);
    await expect(service().delete(MODEL_OF_A, EDITOR_A, undefined)).rejects.toMatchObject({ status: 403 });
    expect(store.delete).not.toHaveBeenCalled();
  });

  it('lets a manager of the team withdraw its instance and its model, recorded as the person.', async () => {
    await service().delete(INSTANCE_A, MANAGER_A, undefined);
    await service().delete(MODEL_OF_A, MANAGER_A, undefined);
    expect(store.delete).toHaveBeenCalledWith(INSTANCE_A, 'person:managera0001', undefined);
    expect(store.delete).toHaveBeenCalledWith(MODEL_OF_A, 'person:managera0001', undefined);
  });

  it('refuses a manager of B A\'s records.', async () => {
    await expect(service().delete(INSTANCE_A, MEMBER_B, undefined)).rejects.toMatchObject({ status: 403 });
    await expect(service().delete(MODEL_OF_A, MEMBER_B, undefined)).rejects.toMatchObject({ status: 403 });
    expect(store.delete).not.toHaveBeenCalled();
  });
});

describe('A RecordService registering a facility', () => {
  const facilityC = 'https://identifiers.org/RRID:SCR_999009';
  const body = `<${facilityC}> a phd:Facility ; schema:name "C" .`;

  it('lets a signed-in person in no team register a facility when registration is open.', async () => {
    await createFromTurtle(service(true), body, NO_TEAM);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ iri: facilityC, facility: facilityC, actor: 'person:noteam000001' }));
  });

  it('refuses that person when registration is closed, a token of no facility always, and a member acting for another facility.', async () => {
    await expect(createFromTurtle(service(false), body, NO_TEAM)).rejects.toThrow(/Only the administrator/);
    await expect(createFromTurtle(service(true), body, tokenPrincipal('tok-shared', undefined))).rejects.toMatchObject({ status: 403 });
    await expect(createFromTurtle(service(true), body, EDITOR_A)).rejects.toMatchObject({ status: 403 });
    await expect(createFromTurtle(service(true), body, TOKEN_A)).rejects.toMatchObject({ status: 403 });
    expect(store.create).not.toHaveBeenCalled();
  });

  it('does not let a person in no team change an existing facility record, open registration or not.', async () => {
    await expect(service(true).update(FACILITY_A, { body: PREFIXES + `<${FACILITY_A}> a phd:Facility ; schema:name "mine" .`, format: 'turtle', principal: NO_TEAM }, undefined))
      .rejects.toMatchObject({ status: 403 });
    expect(store.update).not.toHaveBeenCalled();
  });
});
