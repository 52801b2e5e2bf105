import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDataciteDouble } from '../support/datacite-double.js';
import type { DataciteDouble } from '../support/datacite-double.js';
import { startHandleDouble } from '../support/handle-double.js';
import type { HandleDouble, HandleDoubleRecord } from '../support/handle-double.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

// The handle provider end to end through the service: records born with a handle, a local record
// adopting one, an edit and a withdrawal pushed, and a server refusing the credentials.

const PREFIX = '21.T11998';
const USER = `300:${PREFIX}/ADMIN`;
const PASSWORD = 'double-secret';
const IGC = 'https://identifiers.org/RRID:SCR_999001';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const enc = encodeURIComponent;
const HANDLE_IRI = new RegExp(`^https://hdl\\.handle\\.net/${PREFIX.replace('.', '\\.')}/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`);
/** The PIDINST kernel types of the values asserted (PIDINST_HANDLE_TYPES). */
const NAME = '21.T11148/ab8d232261b9b60ba559';
const MANUFACTURER = '21.T11148/1f3e82ddf0697a497432';
const MODEL = '21.T11148/c1a0ec5ad347427f25d6';
const STATUS = 'InstrumentStatus';
const RELATED = '21.T11148/178fb558abc755ca7046';

interface Registration {
  pid: string;
  id: string;
  provider: string;
  target: string;
  sync: string;
  lastError?: string;
  landingPage: string;
  createdAt: string;
}

let handles: HandleDouble;
let app: TestApp;

const instanceBody = (serial: string, status: string, since: string) => `${TURTLE_PREFIXES}
<> a phd:InstrumentInstance ; schema:name "Scope ${serial}" ; phd:serialNumber "${serial}" ;
  phd:instanceOf <http://phd.test/id/model/zeiss-axio-imager> ;
  phd:instrumentStatus ${status} ; phd:statusSince "${since}"^^xsd:date .
<${IGC}> phd:operates <> .`;

const configurationBody = (instance: string) => `${TURTLE_PREFIXES}
<> a phd:HardwareConfiguration ; rdfs:label "Handle scope v1" ; phd:tier 0 ; phd:versionNumber 1 ; phd:validFrom "2025-01-01"^^xsd:date ;
  phd:hasComponent <#objective> .
<#objective> a nboq:Objective ; dcterms:identifier "objective" ; nboq:magnification 63 ; nboq:lensNA 1.40 .
<${instance}> phd:hasConfiguration <> .`;

async function create(target: TestApp, body: string): Promise<string> {
  const res = await fetch(`${target.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', ...admin }, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { iri: string }).iri;
}

async function registrationOf(target: TestApp, iri: string): Promise<Registration> {
  const res = await fetch(`${target.url}/records/${enc(iri)}/pid`);
  expect(res.status, await res.clone().text()).toBe(200);
  return await res.json() as Registration;
}

/** Waits until the registration of `iri` is in sync state `sync`. */
async function settled(target: TestApp, iri: string, sync: 'synced' | 'failed'): Promise<Registration> {
  let registration: Registration | undefined;
  await vi.waitFor(async () => {
    registration = await registrationOf(target, iri);
    expect(registration.sync, registration.lastError).toBe(sync);
  }, { timeout: 20_000, interval: 50 });
  return registration as Registration;
}

/** The handle `prefix/suffix` of a handle IRI, as the double keys it. */
function held(iri: string): HandleDoubleRecord | undefined {
  return handles.handles.get(iri.slice('https://hdl.handle.net/'.length).toLowerCase());
}

/** The string value of the given type at the double. */
function valueOf(record: HandleDoubleRecord | undefined, type: string): string | undefined {
  const value = record?.values.find((v) => v.type === type)?.data.value;
  return typeof value === 'string' ? value : undefined;
}

/** The text of a page, without markup. */
async function pageText(target: TestApp, url: string, status: number): Promise<string> {
  const res = await fetch(`${target.url}${new URL(url).pathname}`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(status);
  return (await res.text()).replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  handles = await startHandleDouble({ prefix: PREFIX, user: USER, password: PASSWORD });
  app = await startTestApp({
    env: {
      PHD_HANDLE_API: handles.url, PHD_HANDLE_PREFIX: PREFIX, PHD_HANDLE_USER: USER, PHD_HANDLE_PASSWORD: PASSWORD,
      PHD_PID_RETRY_BASE_MS: '50',
    },
  });
}, 120_000);

afterAll(async () => {
  await app.close();
  await handles.close();
});

describe('The handle provider of a running service', () => {
  let instance = '';
  let configuration = '';

  it('names an instance and its configuration written with <> by handles, and registers the landing page and the PIDINST kernel values.', async () => {
    instance = await create(app, instanceBody('HDL-1', 'phd:CommissionedStatus', '2025-01-10'));
    expect(instance).toMatch(HANDLE_IRI);
    configuration = await create(app, configurationBody(instance));
    expect(configuration).toMatch(HANDLE_IRI);

    const registration = await settled(app, instance, 'synced');
    expect(registration.provider).toBe('handle');
    expect(registration.landingPage).toBe(`http://phd.test/pid/hdl:${enc(instance.slice('https://hdl.handle.net/'.length))}`);
    const record = held(instance);
    expect(valueOf(record, 'URL')).toBe(registration.landingPage);
    expect(valueOf(record, NAME)).toBe('Scope HDL-1');
    expect(JSON.parse(valueOf(record, MANUFACTURER) ?? '[]')).toEqual([{ Manufacturer: expect.objectContaining({ manufacturerName: 'Carl Zeiss Microscopy GmbH' }) as unknown }]);
    expect(JSON.parse(valueOf(record, MODEL) ?? '[]')).toEqual([expect.objectContaining({ modelName: 'ZEISS Axio Imager' })]);
    expect(valueOf(record, STATUS)).toBe('Commissioning');

    const version = await settled(app, configuration, 'synced');
    const versionRecord = held(configuration);
    expect(valueOf(versionRecord, 'URL')).toBe(version.landingPage);
    expect(valueOf(versionRecord, NAME)).toBe('Handle scope v1');
    expect(valueOf(versionRecord, RELATED)).toContain(instance.slice('https://hdl.handle.net/'.length));
  });

  it('pushes an edit of the instance\'s status again: the values change at the handle server.', async () => {
    const writes = held(instance)?.writes ?? 0;
    const res = await fetch(`${app.url}/records/${enc(instance)}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', ...admin }, body: instanceBody('HDL-1', 'phd:ActiveStatus', '2025-03-01').replaceAll('<>', `<${instance}>`) });
    expect(res.status, await res.clone().text()).toBe(200);
    await vi.waitFor(() => {
      expect(held(instance)?.writes).toBeGreaterThan(writes);
    }, { timeout: 20_000, interval: 50 });
    await settled(app, instance, 'synced');
    expect(valueOf(held(instance), STATUS)).toBe('Active');
  });

  it('gives a local record a handle with {"provider":"handle"}: the handle becomes its name and the old IRI answers 301.', async () => {
    const res = await fetch(`${app.url}/records/configuration/igc-limelight-v1/mint`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: '{"provider":"handle"}' });
    expect(res.status, await res.clone().text()).toBe(201);
    const minted = await res.json() as Registration;
    expect(minted.pid).toMatch(HANDLE_IRI);
    expect(minted.provider).toBe('handle');
    const old = await fetch(`${app.url}/records/configuration/igc-limelight-v1`, { redirect: 'manual', headers: { accept: 'text/turtle' } });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toContain(enc(minted.pid));
    await settled(app, minted.pid, 'synced');
    expect(valueOf(held(minted.pid), 'URL')).toBe(minted.landingPage);
  });

  it('answers 200 with the registration, creating nothing, when a record registered already is minted again.', async () => {
    const before = await registrationOf(app, instance);
    const res = await fetch(`${app.url}/records/${enc(instance)}/mint`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: '{"provider":"handle"}' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ pid: instance, provider: 'handle', target: before.target });
    expect(await registrationOf(app, instance)).toMatchObject({ pid: before.pid, createdAt: before.createdAt });
  });

  it('keeps a withdrawn instance\'s handle at its URL, the tombstone page answering 410, and adds the withdrawn notice.', async () => {
    const writes = held(instance)?.writes ?? 0;
    const res = await fetch(`${app.url}/records/${enc(instance)}`, { method: 'DELETE', headers: admin });
    expect(res.status, await res.clone().text()).toBe(200);
    await vi.waitFor(() => {
      expect(held(instance)?.writes).toBeGreaterThan(writes);
    }, { timeout: 20_000, interval: 50 });
    const registration = await settled(app, instance, 'synced');
    expect(registration.target).toBe('hidden');
    const record = held(instance);
    expect(valueOf(record, 'URL')).toBe(registration.landingPage);
    expect(valueOf(record, 'DESC')).toMatch(/^Withdrawn: this instrument record was withdrawn/);
    // The kernel values last registered stay: a withdrawal adds the notice, it does not erase the description.
    expect(valueOf(record, NAME)).toBe('Scope HDL-1');
    expect(valueOf(record, STATUS)).toBe('Active');
    await pageText(app, registration.landingPage, 410);
  });
});

describe('A handle server refusing the credentials', () => {
  let datacite: DataciteDouble;
  let wrong: TestApp;

  beforeAll(async () => {
    datacite = await startDataciteDouble({ prefixes: ['10.5555'] });
    wrong = await startTestApp({
      env: {
        PHD_HANDLE_API: handles.url, PHD_HANDLE_PREFIX: PREFIX, PHD_HANDLE_USER: USER, PHD_HANDLE_PASSWORD: 'not-the-password',
        PHD_DATACITE_API: datacite.url, PHD_DATACITE_REPOSITORY: 'PHD.TEST', PHD_DATACITE_PASSWORD: 'double-secret', PHD_DATACITE_PREFIX: '10.5555',
        PHD_MINT_PROVIDER: 'handle', PHD_PID_RETRY_BASE_MS: '50',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await wrong.close();
    await datacite.close();
  });

  it('marks the sync failed with the server\'s message in the registration and on the landing page, and blocks no other registration.', async () => {
    const refused = await create(wrong, instanceBody('HDL-BAD', 'phd:ActiveStatus', '2025-02-01'));
    expect(refused).toMatch(HANDLE_IRI);
    const minted = await fetch(`${wrong.url}/records/configuration/igc-macred-v1/mint`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: '{"provider":"datacite"}' });
    expect(minted.status, await minted.clone().text()).toBe(201);
    const doi = await minted.json() as Registration;

    const failed = await settled(wrong, refused, 'failed');
    expect(failed.lastError).toContain('Authentication failed: unknown identity or wrong password');
    expect(held(refused)).toBeUndefined();
    const page = await pageText(wrong, failed.landingPage, 200);
    expect(page).toContain('Sync failed');
    expect(page).toContain('Authentication failed: unknown identity or wrong password');

    await settled(wrong, doi.pid, 'synced');
    expect(datacite.dois.get(doi.id)?.state).toBe('draft');
  });
});
