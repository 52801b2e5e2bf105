import { describe, expect, it, vi } from 'vitest';
import { RecordService } from '../../../src/records/record-service.js';
import {
  acceptingValidator, ADMIN, BASE, CONFIG_A1, createFromTurtle, FACILITY_A, INSTANCE_A, mockRecordStore, seedRecords, stored, TOKEN_A, TOKEN_B,
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
