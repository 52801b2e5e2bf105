import { describe, expect, it, vi } from 'vitest';
import { personPrincipal, tokenPrincipal } from '../../../src/domain/principal.js';
import { RecordService } from '../../../src/records/record-service.js';
import {
  acceptingValidator, ADMIN, BASE, CONFIG_A1, createFromTurtle, FACILITY_A, FACILITY_B, INSTANCE_A, mockRecordStore, seedRecords, stored, TOKEN_A, TOKEN_B,
} from './record-service-doubles.js';

// Records born with their PID (an injected namer), and a PID adopted later (RecordService.adopt).

const LOCAL_CONFIG = `${BASE}/id/configuration/c-local`;
const LOCAL_MODEL = `${BASE}/id/model/m-local`;
const DOI = 'https://doi.org/10.5072/phd-abcd-efgh';

function serviceWith(namePid?: (kind: string, facility: string | undefined) => string | undefined) {
  const store = mockRecordStore([
    ...seedRecords(),
    stored(LOCAL_CONFIG, 'configuration', `<${LOCAL_CONFIG}> a phd:HardwareConfiguration .\n<${INSTANCE_A}> phd:hasConfiguration <${LOCAL_CONFIG}> .`, { facility: FACILITY_A }),
    stored(LOCAL_MODEL, 'model', `<${LOCAL_MODEL}> a phd:InstrumentModel ; schema:name "M" .`),
  ]);
  store.rename.mockResolvedValue({ record: stored(DOI, 'configuration', `<${DOI}> a phd:HardwareConfiguration .`), relinked: [] });
  return { store, service: new RecordService({ store, validator: acceptingValidator(), baseUrl: BASE, namePid }) };
}

describe('A RecordService with a PID namer', () => {
  it('names a new instance by the PID the namer gives for its facility.', async () => {
    const namer = vi.fn(() => DOI);
    const { store, service } = serviceWith(namer);
    await createFromTurtle(service, `<> a phd:InstrumentInstance ; schema:name "New" .\n<${FACILITY_A}> phd:operates <> .`, TOKEN_A);
    expect(namer).toHaveBeenCalledWith('instance', FACILITY_A);
    expect(store.create.mock.calls[0]?.[0].iri).toBe(DOI);
  });

  it('draws another PID when the first one is used already.', async () => {
    const namer = vi.fn().mockReturnValueOnce(CONFIG_A1).mockReturnValueOnce(DOI);
    const { service } = serviceWith(namer);
    expect(await service.newIri('configuration', FACILITY_A)).toBe(DOI);
    expect(namer).toHaveBeenCalledTimes(2);
  });

  it('gives up with 409 when every PID drawn is used.', async () => {
    const { service } = serviceWith(() => CONFIG_A1);
    await expect(service.newIri('configuration', FACILITY_A)).rejects.toMatchObject({ status: 409 });
  });

  it('mints a local IRI when the namer has no PID for the kind or facility.', async () => {
    const { service } = serviceWith(() => undefined);
    expect(await service.newIri('instance', undefined)).toMatch(new RegExp(`^${BASE}/id/instance/[0-9a-f-]{36}$`));
  });
});

describe('RecordService.adopt', () => {
  it('renames a local configuration in the store, as the principal.', async () => {
    const { store, service } = serviceWith();
    await service.adopt(LOCAL_CONFIG, DOI, TOKEN_A);
    expect(store.rename).toHaveBeenCalledWith(LOCAL_CONFIG, DOI, TOKEN_A.id);
  });

  it('refuses a writer of another facility (403), a record named by a PID, another kind and a used name (409/422), renaming nothing.', async () => {
    const { store, service } = serviceWith();
    await expect(service.adopt(LOCAL_CONFIG, DOI, TOKEN_B)).rejects.toMatchObject({ status: 403 });
    await expect(service.adopt(CONFIG_A1, DOI, ADMIN)).rejects.toMatchObject({ status: 409 });
    await expect(service.adopt(LOCAL_MODEL, DOI, ADMIN)).rejects.toMatchObject({ status: 422 });
    await expect(service.adopt(LOCAL_CONFIG, INSTANCE_A, ADMIN)).rejects.toMatchObject({ status: 409 });
    await expect(service.adopt(`${BASE}/id/configuration/none`, DOI, ADMIN)).rejects.toMatchObject({ status: 404 });
    expect(store.rename).not.toHaveBeenCalled();
  });
});

describe('RecordService.adopt of a facility named here', () => {
  const LOCAL_FACILITY = `${BASE}/id/facility/f-local`;
  const RRID = 'https://identifiers.org/RRID:SCR_990077';

  function facilityService() {
    const store = mockRecordStore([...seedRecords(), stored(LOCAL_FACILITY, 'facility', `<${LOCAL_FACILITY}> a phd:Facility ; schema:name "Core" .`, { facility: LOCAL_FACILITY })]);
    store.rename.mockResolvedValue({ record: stored(RRID, 'facility', `<${RRID}> a phd:Facility .`, { facility: RRID }), relinked: [] });
    return { store, service: new RecordService({ store, validator: acceptingValidator(), baseUrl: BASE }) };
  }

  it('renames it to its RRID for the administrator, a manager of its team and its token.', async () => {
    const { store, service } = facilityService();
    for (const principal of [ADMIN, personPrincipal('p1', LOCAL_FACILITY, 'manager'), tokenPrincipal('tok-f', LOCAL_FACILITY)]) {
      await service.adopt(LOCAL_FACILITY, RRID, principal);
      expect(store.rename).toHaveBeenLastCalledWith(LOCAL_FACILITY, RRID, principal.id);
    }
  });

  it('refuses an editor of its team (403), another team\'s manager (403) and a PID that is not a facility\'s RRID (422), in words, renaming nothing.', async () => {
    const { store, service } = facilityService();
    await expect(service.adopt(LOCAL_FACILITY, RRID, personPrincipal('p2', LOCAL_FACILITY, 'editor'))).rejects.toThrow(/needs the manager role/);
    await expect(service.adopt(LOCAL_FACILITY, RRID, personPrincipal('p3', FACILITY_B, 'manager'))).rejects.toMatchObject({ status: 403 });
    for (const other of [DOI, 'https://identifiers.org/RRID:AB_2298772', 'https://identifiers.org/RRID:scr_990077', 'RRID:SCR_990077']) {
      await expect(service.adopt(LOCAL_FACILITY, other, ADMIN)).rejects.toThrow(/is not the RRID of a facility/);
    }
    expect(store.rename).not.toHaveBeenCalled();
  });
});
