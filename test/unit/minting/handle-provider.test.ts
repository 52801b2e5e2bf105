import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandleAccount } from '../../../src/config/index.js';
import { HandleProvider, PIDINST_HANDLE_TYPES, type PidDocument } from '../../../src/minting/index.js';
import { spyOnFetch } from '../../support/fetch-spy.js';
import { providerRejection } from '../../support/provider-rejection.js';
import { freePort } from '../../support/free-port.js';
import { type HandleDouble, type HandleDoubleValue, startHandleDouble } from '../../support/handle-double.js';
import { type SamplePidDocuments, loadSamplePidDocuments } from '../../support/sample-pid-documents.js';

const PREFIX = '21.T11998';
/** A Handle.Net identity: its ':' and '/' must reach the server percent-encoded in the Basic user. */
const USER = '300:21.T11998/ADMIN';
const PASSWORD = 'correct-horse-battery-staple';
const ABIF = 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1';
const SP8_V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';

let samples: SamplePidDocuments;
let double: HandleDouble;

beforeAll(async () => {
  samples = await loadSamplePidDocuments();
});
afterAll(async () => {
  await samples.close();
});
beforeEach(async () => {
  double = await startHandleDouble({ prefix: PREFIX, user: USER, password: PASSWORD });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await double.close();
});

function provider(change: Partial<HandleAccount> = {}, timeoutMs = 5000): HandleProvider {
  return new HandleProvider({ api: double.url, prefix: PREFIX, user: USER, password: PASSWORD, ...change }, { timeoutMs });
}

/** The sample instance ABIF (a PIDINST record) under a fresh handle. */
async function abif(suffix: string): Promise<PidDocument> {
  return samples.documentOf(ABIF, `${PREFIX}/${suffix}`);
}

function valueOf(values: readonly HandleDoubleValue[] | undefined, type: string): unknown {
  return values?.find((v) => v.type === type)?.data.value;
}

describe('A HandleProvider', () => {
  it('creates a handle for an instance with its landing page and the PIDINST kernel values (findable at once).', async () => {
    const document = await abif('phd-abif-0001');
    const pidinst = document.pidinst;
    if (pidinst === undefined) throw new Error('the sample instance has a PIDINST record');
    expect(await provider().push(document, 'draft')).toEqual({ state: 'findable' });
    expect(double.requests).toEqual([{ method: 'PUT', path: '/api/handles/21.T11998/phd-abif-0001?overwrite=true', status: 201 }]);
    const values = double.handles.get('21.t11998/phd-abif-0001')?.values;
    expect(values?.find((v) => v.index === 1)).toEqual({ index: 1, type: 'URL', data: { format: 'string', value: 'http://localhost:3000/pid/21.T11998/phd-abif-0001' } });
    const { Name, Owner, Manufacturer, Identifier, AlternateIdentifier, LandingPage } = PIDINST_HANDLE_TYPES;
    expect(valueOf(values, Name.type)).toBe(pidinst.name);
    expect(valueOf(values, LandingPage.type)).toBe(document.url);
    expect(JSON.parse(String(valueOf(values, Identifier.type)))).toEqual({ identifierValue: pidinst.identifier.identifier, identifierType: 'Handle' });
    const owners = JSON.parse(String(valueOf(values, Owner.type))) as { Owner: { ownerName: string } }[];
    expect(owners.map((o) => o.Owner.ownerName)).toEqual(pidinst.owners.map((o) => o.ownerName));
    expect(owners.length).toBeGreaterThan(0);
    const makers = JSON.parse(String(valueOf(values, Manufacturer.type))) as { Manufacturer: { manufacturerName: string } }[];
    expect(makers.map((m) => m.Manufacturer.manufacturerName)).toEqual(pidinst.manufacturers.map((m) => m.manufacturerName));
    const serials = (pidinst.alternateIdentifiers ?? []).map((a) => a.alternateIdentifier);
    expect(serials).not.toEqual([]);
    const alternates = JSON.parse(String(valueOf(values, AlternateIdentifier.type))) as { AlternateIdentifier: { alternateIdentifierValue: string } }[];
    expect(alternates.map((a) => a.AlternateIdentifier.alternateIdentifierValue)).toEqual(serials);
    expect(valueOf(values, 'HS_ADMIN')).toEqual({ handle: '21.T11998/ADMIN', index: 300, permissions: '011111110011' });
    expect(await provider().lookup('21.T11998/phd-abif-0001')).toEqual({ state: 'findable', url: document.url });
  });

  it('replaces the values on an update (same indexes, one URL), and the same push twice leaves one record.', async () => {
    const document = await abif('phd-update-0001');
    await provider().push(document, 'draft');
    const moved = { ...document, url: 'http://localhost:3000/pid/21.T11998/phd-update-0001?v=2' };
    expect(await provider().push(moved, 'findable')).toEqual({ state: 'findable' });
    expect(await provider().push(moved, 'findable')).toEqual({ state: 'findable' });
    const record = double.handles.get('21.t11998/phd-update-0001');
    expect(record?.writes).toBe(3);
    expect(record?.values.filter((v) => v.type === 'URL')).toEqual([{ index: 1, type: 'URL', data: { format: 'string', value: moved.url } }]);
    expect(new Set(record?.values.map((v) => v.index)).size).toBe(record?.values.length);
    expect(double.requests.map((r) => r.status)).toEqual([201, 200, 200]);
  });

  it('keeps the URL of a withdrawn record (its tombstone page) and adds a value saying it was withdrawn.', async () => {
    const document = await abif('phd-withdrawn-0001');
    await provider().push(document, 'findable');
    expect(await provider().push({ id: document.id, url: document.url, kind: 'instance', withdrawn: true }, 'hidden')).toEqual({ state: 'findable' });
    const values = double.handles.get('21.t11998/phd-withdrawn-0001')?.values;
    expect(valueOf(values, 'URL')).toBe(document.url);
    expect(String(valueOf(values, 'DESC'))).toMatch(/^Withdrawn: this instrument record was withdrawn/);
    expect(await provider().lookup(document.id)).toEqual({ state: 'findable', url: document.url });
  });

  it('registers a configuration with its URL, its title as Name and its related identifiers from the DataCite XML.', async () => {
    const exported = await samples.documentOf(SP8_V2, '10.5072/phd.ecc.sp8.v2');
    const document: PidDocument = { ...exported, id: `${PREFIX}/phd-config-0001`, url: 'http://localhost:3000/pid/21.T11998/phd-config-0001' };
    await provider().push(document, 'findable');
    const values = double.handles.get('21.t11998/phd-config-0001')?.values;
    const title = /<title[^>]*>([^<]+)<\/title>/.exec(exported.dataciteXml ?? '')?.[1];
    expect(title).toBeDefined();
    expect(valueOf(values, PIDINST_HANDLE_TYPES.Name.type)).toBe(title);
    const related = JSON.parse(String(valueOf(values, PIDINST_HANDLE_TYPES.RelatedIdentifier.type))) as { RelatedIdentifier: Record<string, string> }[];
    expect(related.map((r) => `${r.RelatedIdentifier.relationType} ${r.RelatedIdentifier.relatedIdentifierValue}`)).toContain('IsNewVersionOf 10.5072/phd.ecc.sp8.v1');
    expect(valueOf(values, PIDINST_HANDLE_TYPES.Owner.type)).toBeUndefined();
  });

  it('answers undefined for a handle the server does not know.', async () => {
    expect(await provider().lookup(`${PREFIX}/phd-nobody-home`)).toBeUndefined();
  });

  it('reports wrong credentials as non-retryable with the server\'s message, without the password.', async () => {
    const wrong = provider({ password: 'not-the-password' });
    const error = await providerRejection(wrong.push(await abif('phd-wrong-0001'), 'draft'));
    expect(error).toMatchObject({ retryable: false, providerStatus: 401, provider: 'handle' });
    expect(error.message).toContain('Authentication failed');
    expect(error.message).toContain('responseCode 402');
    expect(error.message).not.toContain('not-the-password');
    expect(await providerRejection(wrong.lookup(`${PREFIX}/phd-wrong-0001`))).toMatchObject({ retryable: false, providerStatus: 401 });
    expect(double.handles.size).toBe(0);
  });

  it('reports a value list the server refuses (a landing page that is not http) as non-retryable, quoting it.', async () => {
    const document = await abif('phd-ftp-0001');
    const error = await providerRejection(provider().push({ ...document, url: 'ftp://example.org/x' }, 'draft'));
    expect(error).toMatchObject({ retryable: false, providerStatus: 400 });
    expect(error.message).toContain('the URL value must be an http(s) URL');
  });

  it('refuses a handle outside its prefix locally, and reports the server\'s refusal of a prefix it does not serve.', async () => {
    const local = await providerRejection(provider().push({ ...(await abif('x')), id: '21.T99999/phd-x' }, 'draft'));
    expect(local).toMatchObject({ retryable: false, providerStatus: undefined });
    expect(double.requests).toEqual([]);
    const remote = await providerRejection(provider({ prefix: '21.T99999' }).push({ ...(await abif('x')), id: '21.T99999/phd-x' }, 'draft'));
    expect(remote).toMatchObject({ retryable: false, providerStatus: 400 });
    expect(remote.message).toContain('Server not responsible for handle');
  });

  it('reports a 5xx, a time-out and a refused connection as retryable.', async () => {
    const document = await abif('phd-faults-0001');
    double.setFault('5xx', 1);
    expect(await providerRejection(provider().push(document, 'draft'))).toMatchObject({ retryable: true, providerStatus: 500 });
    double.setFault('timeout', 1);
    const timedOut = await providerRejection(provider({}, 300).push(document, 'draft'));
    expect(timedOut).toMatchObject({ retryable: true });
    expect(timedOut.message).toContain('timed out after 300 ms');
    expect(await provider().push(document, 'draft')).toEqual({ state: 'findable' });
    const refused = await providerRejection(provider({ api: `http://127.0.0.1:${await freePort()}` }).lookup(document.id));
    expect(refused).toMatchObject({ retryable: true });
  });

  it('sends the identity percent-encoded in the Basic user and the credentials only in that header.', async () => {
    const { urls, authorizations: headers } = spyOnFetch();
    const document = await abif('phd-secret-0001');
    await provider().push(document, 'draft');
    await provider().lookup(document.id);
    expect(headers).toEqual(Array(2).fill(`Basic ${Buffer.from(`300%3A21.T11998%2FADMIN:${PASSWORD}`).toString('base64')}`));
    for (const url of urls) {
      expect(new URL(url).username + new URL(url).password).toBe('');
      expect(url).not.toContain(PASSWORD);
    }
    expect(JSON.stringify(double.requests)).not.toContain(PASSWORD);
  });
});
