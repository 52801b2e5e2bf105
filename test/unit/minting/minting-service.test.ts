import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MintingConfig } from '../../../src/config/load-config.js';
import { adminPrincipal, personPrincipal, tokenPrincipal } from '../../../src/domain/principal.js';
import { MintingService } from '../../../src/minting/minting-service.js';
import type { AdoptPid } from '../../../src/minting/minting-service.js';
import { PidRegistry } from '../../../src/minting/pid-registry.js';
import { newPidSuffix } from '../../../src/minting/pid-suffix.js';
import { RecordService } from '../../../src/records/record-service.js';
import { createRecord, doi, DOI_PREFIX, FACILITY, HANDLE_PREFIX, MINTING, OWN_FACILITY, tempStore } from './minting-doubles.js';
import type { TempStore } from './minting-doubles.js';

const BASE = 'http://phd.test';
const ADMIN = adminPrincipal('admin');
const FACILITY_TOKEN = tokenPrincipal('tok-a', FACILITY);
const OTHER_TOKEN = tokenPrincipal('tok-b', 'https://identifiers.org/RRID:SCR_000001');
const LOCAL = `${BASE}/id/instance/0b7e1c2a-1111-4222-8333-944445555666`;
const NAMED = doi('phd-name-0001');
const SUFFIX = /^phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/;

let temp: TempStore;
let registry: PidRegistry;
let adopt: ReturnType<typeof vi.fn<AdoptPid>>;
let nudge: ReturnType<typeof vi.fn<() => void>>;

function serviceWith(minting: MintingConfig = MINTING): MintingService {
  registry = new PidRegistry(temp.store.database, minting);
  const records = new RecordService({ store: temp.store, validator: { validate: () => Promise.reject(new Error('not used')) }, baseUrl: BASE });
  return new MintingService({
    minting, registry, store: temp.store, baseUrl: BASE, adopt, nudge,
    authorize: (principal, record) => {
      records.authorize(principal, record);
    },
  });
}

let service: MintingService;

beforeEach(async () => {
  temp = tempStore();
  adopt = vi.fn<AdoptPid>(() => Promise.resolve());
  nudge = vi.fn<() => void>();
  await createRecord(temp.store, { iri: LOCAL, kind: 'instance', facility: FACILITY });
  await createRecord(temp.store, { iri: NAMED, kind: 'configuration', facility: FACILITY });
  service = serviceWith();
});
afterEach(async () => {
  await temp.remove();
});

/** Expects a refusal that changed nothing. */
async function refused(attempt: Promise<unknown>, expected: Record<string, unknown>): Promise<void> {
  await expect(attempt).rejects.toMatchObject(expected);
  expect(adopt).not.toHaveBeenCalled();
  expect(await service.registrations()).toEqual([]);
}

describe('A MintingService minting', () => {
  it('registers a record already named by a DOI under a minted prefix, without renaming it.', async () => {
    const registration = await service.mint(NAMED, FACILITY_TOKEN);
    expect(registration).toMatchObject({ pid: NAMED, id: '10.5072/phd-name-0001', provider: 'datacite', target: 'draft', sync: 'pending' });
    expect(adopt).not.toHaveBeenCalled();
    expect(nudge).toHaveBeenCalled();
    expect((await service.mint(`doi:10.5072/PHD-NAME-0001`, ADMIN)).pid).toBe(NAMED);
    expect(await service.registrations()).toHaveLength(1);
  });

  it('follows a record\'s former name to the PID it adopted, adopting nothing more.', async () => {
    const adopted = doi('phd-adop-0001');
    await temp.store.rename(LOCAL, adopted, 'admin');
    expect(await service.mint(LOCAL, FACILITY_TOKEN)).toMatchObject({ pid: adopted, target: 'draft' });
    expect(adopt).not.toHaveBeenCalled();
    expect((await service.registration(LOCAL))?.pid).toBe(adopted);
    expect(await service.retry(LOCAL)).toBe(0);
  });

  it('publishes at once when asked to.', async () => {
    expect(await service.mint(NAMED, ADMIN, { publish: true })).toMatchObject({ target: 'findable', sync: 'pending' });
  });

  it('adopts a new DOI phd-xxxx-xxxx under the prefix for a record with a local IRI, and registers it under its new name.', async () => {
    const registration = await service.mint(LOCAL, FACILITY_TOKEN);
    expect(adopt).toHaveBeenCalledTimes(1);
    const [oldIri, newIri, principal] = adopt.mock.calls[0] ?? [];
    expect(oldIri).toBe(LOCAL);
    expect(principal).toBe(FACILITY_TOKEN);
    expect(newIri).toMatch(/^https:\/\/doi\.org\/10\.5072\/phd-/);
    expect(newIri?.slice('https://doi.org/10.5072/'.length)).toMatch(SUFFIX);
    expect(registration).toMatchObject({ pid: newIri, provider: 'datacite', target: 'draft', sync: 'pending' });
  });

  it('adopts a handle when the handle provider is asked for, and the PID given when there is one.', async () => {
    const handle = await service.mint(LOCAL, ADMIN, { provider: 'handle', pid: `${HANDLE_PREFIX}/phd-mine-0001` });
    expect(adopt).toHaveBeenCalledWith(LOCAL, `https://hdl.handle.net/${HANDLE_PREFIX}/phd-mine-0001`, ADMIN);
    expect(handle).toMatchObject({ pid: `https://hdl.handle.net/${HANDLE_PREFIX}/phd-mine-0001`, provider: 'handle' });
  });

  it('writes a handle\'s prefix as configured, and refuses a handle that differs from one in use only in case.', async () => {
    await createRecord(temp.store, { iri: `https://hdl.handle.net/${HANDLE_PREFIX}/axio-1`, kind: 'instance', facility: FACILITY });
    await refused(service.mint(LOCAL, ADMIN, { provider: 'handle', pid: `hdl:${HANDLE_PREFIX}/AXIO-1` }), { status: 409 });

    const handle = await service.mint(LOCAL, ADMIN, { provider: 'handle', pid: `hdl:${HANDLE_PREFIX.toLowerCase()}/AXIO-2` });
    expect(handle.pid).toBe(`https://hdl.handle.net/${HANDLE_PREFIX}/AXIO-2`);
    expect(adopt).toHaveBeenCalledWith(LOCAL, `https://hdl.handle.net/${HANDLE_PREFIX}/AXIO-2`, ADMIN);
    const other = `${BASE}/id/instance/other`;
    await createRecord(temp.store, { iri: other, kind: 'instance', facility: FACILITY });
    await expect(service.mint(other, ADMIN, { provider: 'handle', pid: `${HANDLE_PREFIX}/axio-2` })).rejects.toMatchObject({ status: 409 });
    expect((await service.registrations()).map((r) => r.pid)).toEqual([handle.pid]);
  });

  it('adopts a new handle under the handle prefix when the handle provider is asked for without a PID.', async () => {
    const handle = await service.mint(LOCAL, ADMIN, { provider: 'handle' });
    const newIri = adopt.mock.calls[0]?.[1];
    expect(newIri?.startsWith(`https://hdl.handle.net/${HANDLE_PREFIX}/phd-`)).toBe(true);
    expect(newIri?.slice(`https://hdl.handle.net/${HANDLE_PREFIX}/`.length)).toMatch(SUFFIX);
    expect(handle).toMatchObject({ pid: newIri, provider: 'handle', target: 'draft' });
  });

  it('adopts under the facility\'s own DataCite prefix when the facility has its own repository.', async () => {
    const local = `${BASE}/id/instance/own`;
    await createRecord(temp.store, { iri: local, kind: 'instance', facility: OWN_FACILITY });
    const registration = await service.mint(local, ADMIN);
    expect(registration.pid).toMatch(/^https:\/\/doi\.org\/10\.80001\/phd-/);
    expect(registration.facility).toBe(OWN_FACILITY);
  });

  it('refuses a PID outside the configured prefixes, and nothing changes.', async () => {
    await refused(service.mint(LOCAL, ADMIN, { pid: '10.1234/elsewhere' }), { status: 400, code: 'pid-outside-prefix' });
    await refused(service.mint(LOCAL, ADMIN, { pid: 'no pid at all' }), { status: 400, code: 'pid-outside-prefix' });
    await refused(service.mint(LOCAL, ADMIN, { provider: 'handle', pid: '10.5072/a-doi' }), { status: 400, code: 'pid-outside-prefix' });
  });

  it('refuses a PID under another facility\'s DataCite prefix, naming the prefixes this facility may use, and nothing changes.', async () => {
    const foreign = 'https://doi.org/10.80001/phd-0000-0001';
    await createRecord(temp.store, { iri: foreign, kind: 'instance', facility: FACILITY });
    await refused(service.mint(LOCAL, ADMIN, { pid: '10.80001/phd-0000-0002' }), { status: 400, code: 'pid-outside-prefix', details: { prefixes: [DOI_PREFIX] } });
    await refused(service.mint(foreign, ADMIN), { status: 400, code: 'pid-outside-prefix', details: { prefixes: [DOI_PREFIX] } });
    registry.consume();
    expect(registry.get(foreign)).toBeUndefined();
  });

  it('refuses an unknown provider and a provider that is not configured, and nothing changes.', async () => {
    await refused(service.mint(LOCAL, ADMIN, { provider: 'ark' as 'handle' }), { status: 400, code: 'provider-not-configured' });
    service = serviceWith({ ...MINTING, handle: undefined });
    await refused(service.mint(LOCAL, ADMIN, { provider: 'handle' }), { status: 400, code: 'provider-not-configured' });
  });

  it('refuses a provider other than the one of the record\'s PID, and another PID for a record named by one.', async () => {
    await refused(service.mint(NAMED, ADMIN, { provider: 'handle' }), { status: 400, code: 'provider-mismatch' });
    await refused(service.mint(NAMED, ADMIN, { pid: '10.5072/other' }), { status: 400, code: 'pid-mismatch' });
  });

  it('refuses a token that may not write the record, and nothing changes.', async () => {
    await refused(service.mint(LOCAL, OTHER_TOKEN), { status: 403 });
    await refused(service.mint(NAMED, OTHER_TOKEN, { publish: true }), { status: 403 });
  });

  it('refuses an editor of the record\'s own team (minting is a manager\'s), and nothing changes; a manager of the team mints.', async () => {
    const editor = personPrincipal('editor000001', FACILITY, 'editor');
    await refused(service.mint(LOCAL, editor), { status: 403, message: expect.stringMatching(/needs the manager role/) as unknown });
    await refused(service.mint(NAMED, editor, { publish: true }), { status: 403 });
    expect(await service.mint(NAMED, personPrincipal('manager00001', FACILITY, 'manager'))).toMatchObject({ pid: NAMED });
    await expect(service.publish(NAMED, editor)).rejects.toMatchObject({ status: 403 });
    expect((await service.registration(NAMED))?.target).toBe('draft');
  });

  it('refuses records that get no PID: another kind, one named by a PID minted elsewhere, a withdrawn one, an unknown one.', async () => {
    await createRecord(temp.store, { iri: doi('phd-model-0001'), kind: 'model' });
    await createRecord(temp.store, { iri: 'https://doi.org/10.1234/elsewhere', kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: doi('phd-gone-0001'), kind: 'instance', facility: FACILITY });
    await temp.store.delete(doi('phd-gone-0001'), 'test');
    await refused(service.mint(doi('phd-model-0001'), ADMIN), { status: 422, code: 'not-mintable' });
    await refused(service.mint('https://doi.org/10.1234/elsewhere', ADMIN), { status: 422, code: 'named-by-external-pid' });
    await refused(service.mint(doi('phd-gone-0001'), ADMIN), { status: 410 });
    await refused(service.mint(doi('phd-none-0001'), ADMIN), { status: 404 });
  });
});

describe('A MintingService\'s registrations', () => {
  it('publishes a registered PID, and refuses one that is not registered.', async () => {
    await expect(service.publish(NAMED, FACILITY_TOKEN)).rejects.toMatchObject({ status: 409 });
    await service.mint(NAMED, FACILITY_TOKEN);
    nudge.mockClear();
    expect(await service.publish(NAMED, FACILITY_TOKEN)).toMatchObject({ target: 'findable', sync: 'pending' });
    expect(nudge).toHaveBeenCalled();
    await expect(service.publish(NAMED, OTHER_TOKEN)).rejects.toMatchObject({ status: 403 });
  });

  it('reads a registration by any spelling of its PID, lists them by state, retries and counts them.', async () => {
    await service.mint(NAMED, ADMIN);
    expect((await service.registration('doi:10.5072/phd-name-0001'))?.pid).toBe(NAMED);
    expect(await service.registration(doi('phd-none-0001'))).toBeUndefined();
    expect((await service.registrations('pending')).map((r) => r.pid)).toEqual([NAMED]);
    expect(await service.registrations('synced')).toEqual([]);

    registry.recordFailure(NAMED, 1, { kind: 'dead' }, 'down', 503);
    expect(service.health()).toEqual({ providers: ['datacite', 'handle'], registrations: 1, pending: 0, failed: 0, dead: 1 });
    await expect(service.retry(doi('phd-none-0001'))).rejects.toMatchObject({ status: 404 });
    expect(await service.retry('10.5072/phd-name-0001')).toBe(1);
    expect(service.health()).toMatchObject({ pending: 1, dead: 0 });
  });

  it('names the providers configured in its health.', () => {
    expect(serviceWith({ ...MINTING, datacite: undefined, facilityDatacite: new Map() }).health().providers).toEqual(['handle']);
  });
});

describe('A new PID suffix', () => {
  it('is phd-xxxx-xxxx in lower-case Crockford base32, and new each time.', () => {
    const suffixes = Array.from({ length: 200 }, () => newPidSuffix());
    for (const suffix of suffixes) expect(suffix).toMatch(SUFFIX);
    expect(new Set(suffixes).size).toBe(200);
  });
});
