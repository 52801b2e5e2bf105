import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataciteAccount } from '../../../src/config/index.js';
import { DataciteProvider, type PidDocument } from '../../../src/minting/index.js';
import { type DataciteDouble, startDataciteDouble } from '../../support/datacite-double.js';
import { xsdErrors } from '../../support/datacite-xsd.js';
import { spyOnFetch } from '../../support/fetch-spy.js';
import { providerRejection } from '../../support/provider-rejection.js';
import { freePort } from '../../support/free-port.js';
import { type SamplePidDocuments, loadSamplePidDocuments } from '../../support/sample-pid-documents.js';

const REPOSITORY = 'PHD.TEST';
const PASSWORD = 'correct-horse-battery-staple';
/** A sample instance named by a handle: the exporter writes its DataCite XML under any DOI given. */
const ABIF = 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1';

let samples: SamplePidDocuments;
let double: DataciteDouble;

beforeAll(async () => {
  samples = await loadSamplePidDocuments();
});
afterAll(async () => {
  await samples.close();
});
beforeEach(async () => {
  double = await startDataciteDouble({ repository: REPOSITORY, password: PASSWORD, prefixes: ['10.5072'] });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await double.close();
});

function provider(change: Partial<DataciteAccount> = {}, timeoutMs = 5000): DataciteProvider {
  return new DataciteProvider({ api: double.url, repository: REPOSITORY, password: PASSWORD, prefix: '10.5072', ...change }, { timeoutMs });
}

/** The sample instance ABIF under a fresh DOI (each test has its own). */
async function abif(suffix: string): Promise<PidDocument> {
  return samples.documentOf(ABIF, `10.5072/${suffix}`);
}

describe('A DataciteProvider', () => {
  it('creates an unknown DOI as a draft with the landing page and the exporter\'s DataCite XML.', async () => {
    const document = await abif('phd-draft-0001');
    expect(xsdErrors(document.dataciteXml ?? '')).toEqual([]);
    expect(await provider().push(document, 'draft')).toEqual({ state: 'draft' });
    const held = double.dois.get('10.5072/phd-draft-0001');
    expect(held).toMatchObject({ state: 'draft', url: 'http://localhost:3000/pid/10.5072/phd-draft-0001', xml: document.dataciteXml });
    expect(double.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /dois/10.5072/phd-draft-0001 404',
      'POST /dois 201',
    ]);
    expect(await provider().lookup('10.5072/phd-draft-0001')).toEqual({ state: 'draft', url: 'http://localhost:3000/pid/10.5072/phd-draft-0001' });
  });

  it('updates a DOI it knows with PUT, and a second identical push leaves it as one push would.', async () => {
    const document = await abif('phd-update-0001');
    await provider().push(document, 'draft');
    const newer = { ...document, dataciteXml: (document.dataciteXml ?? '').replace(/(<title[^>]*>)/, '$1Renamed: ') };
    expect(newer.dataciteXml).toContain('Renamed: ');
    expect(await provider().push({ ...newer, url: 'http://localhost:3000/pid/10.5072/phd-update-0001?v=2' }, 'draft')).toEqual({ state: 'draft' });
    expect(double.dois.get('10.5072/phd-update-0001')).toMatchObject({ state: 'draft', url: 'http://localhost:3000/pid/10.5072/phd-update-0001?v=2', xml: newer.dataciteXml, writes: 2 });
    expect(double.requests.at(-1)).toMatchObject({ method: 'PUT', path: '/dois/10.5072/phd-update-0001', status: 200 });
    await provider().push({ ...newer, url: 'http://localhost:3000/pid/10.5072/phd-update-0001?v=2' }, 'draft');
    expect(double.dois.get('10.5072/phd-update-0001')).toMatchObject({ state: 'draft', xml: newer.dataciteXml });
  });

  it('publishes a draft (findable), and pushing findable again sends no event and stays findable.', async () => {
    const document = await abif('phd-publish-0001');
    await provider().push(document, 'draft');
    expect(await provider().push(document, 'findable')).toEqual({ state: 'findable' });
    expect(double.dois.get('10.5072/phd-publish-0001')?.state).toBe('findable');
    expect(await provider().push(document, 'findable')).toEqual({ state: 'findable' });
    expect(await provider().lookup('10.5072/PHD-PUBLISH-0001')).toMatchObject({ state: 'findable' });
  });

  it('creates a DOI findable at once when the first push already targets findable.', async () => {
    expect(await provider().push(await abif('phd-born-findable'), 'findable')).toEqual({ state: 'findable' });
    expect(double.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'POST 201']);
  });

  it('hides a findable DOI of a withdrawn record (registered), keeping the metadata DataCite holds when none is sent.', async () => {
    const document = await abif('phd-hide-0001');
    await provider().push(document, 'findable');
    const tombstone: PidDocument = { id: document.id, url: document.url, kind: 'instance', withdrawn: true };
    expect(await provider().push(tombstone, 'hidden')).toEqual({ state: 'registered' });
    expect(double.dois.get('10.5072/phd-hide-0001')).toMatchObject({ state: 'registered', url: document.url, xml: document.dataciteXml });
    // Hidden is where it stays: the same push again changes nothing.
    expect(await provider().push(tombstone, 'hidden')).toEqual({ state: 'registered' });
  });

  it('leaves a withdrawn draft a draft: DataCite cannot hide a DOI that never was findable.', async () => {
    const document = await abif('phd-hide-draft');
    await provider().push(document, 'draft');
    expect(await provider().push({ id: document.id, url: document.url, kind: 'instance', withdrawn: true }, 'hidden')).toEqual({ state: 'draft' });
    expect(double.dois.get('10.5072/phd-hide-draft')?.state).toBe('draft');
  });

  it('answers undefined for a DOI DataCite does not know.', async () => {
    expect(await provider().lookup('10.5072/phd-nobody-home')).toBeUndefined();
  });

  it('percent-encodes each segment of the DOI in the request path.', async () => {
    const document = await abif('phd-odd#1?x');
    await provider().push(document, 'draft');
    await provider().push(document, 'draft');
    expect(double.requests.map((r) => r.path)).toContain('/dois/10.5072/phd-odd%231%3Fx');
    expect(double.dois.get('10.5072/phd-odd#1?x')?.writes).toBe(2);
  });

  it('reports wrong credentials as a non-retryable error quoting DataCite, without the password.', async () => {
    const wrong = provider({ password: 'not-the-password' });
    const pushed = await providerRejection(wrong.push(await abif('phd-wrong-pass'), 'draft'));
    expect(pushed).toMatchObject({ retryable: false, providerStatus: 401, provider: 'datacite' });
    expect(pushed.message).toContain('Bad credentials.');
    expect(pushed.message).not.toContain('not-the-password');
    const looked = await providerRejection(wrong.lookup('10.5072/phd-wrong-pass'));
    expect(looked).toMatchObject({ retryable: false, providerStatus: 401 });
    expect(double.dois.size).toBe(0);
  });

  it('reports metadata invalid against the DataCite 4.5 schema as a non-retryable 422 with the schema\'s message.', async () => {
    const document = await abif('phd-invalid-0001');
    const withoutPublisher = (document.dataciteXml ?? '').replace(/\n\s*<publisher[^>]*>[^<]*<\/publisher>/, '');
    expect(withoutPublisher).not.toContain('<publisher');
    await provider().push({ ...document, dataciteXml: withoutPublisher }, 'draft');
    const error = await providerRejection(provider().push({ ...document, dataciteXml: withoutPublisher }, 'findable'));
    expect(error).toMatchObject({ retryable: false, providerStatus: 422 });
    expect(error.message).toMatch(/xml: Element '\{http:\/\/datacite\.org\/schema\/kernel-4\}resource': Missing child element\(s\)\. Expected is one of \( \{http:\/\/datacite\.org\/schema\/kernel-4\}publisher, .* at line \d+, column 0/);
    expect(double.dois.get('10.5072/phd-invalid-0001')?.state).toBe('draft');
    // The valid document publishes.
    expect(await provider().push(document, 'findable')).toEqual({ state: 'findable' });
  });

  it('refuses a DOI outside its prefix locally, and reports DataCite\'s 403 for a prefix the repository does not own.', async () => {
    const outside = await providerRejection(provider().push({ ...(await abif('phd-x')), id: '10.9999/phd-x' }, 'draft'));
    expect(outside).toMatchObject({ retryable: false, providerStatus: undefined });
    expect(outside.message).toContain('10.9999/phd-x is not a DOI under the prefix 10.5072');
    expect(double.requests).toEqual([]);
    const foreign = await providerRejection(provider({ prefix: '10.9999' }).push({ ...(await abif('phd-x')), id: '10.9999/phd-x' }, 'draft'));
    expect(foreign).toMatchObject({ retryable: false, providerStatus: 403 });
    expect(foreign.message).toContain('You are not authorized to access this resource.');
  });

  it('reports a 5xx as retryable, and the push succeeds once DataCite answers again.', async () => {
    const document = await abif('phd-5xx-0001');
    double.setFault('5xx', 1);
    const error = await providerRejection(provider().push(document, 'draft'));
    expect(error).toMatchObject({ retryable: true, providerStatus: 503 });
    expect(error.message).toContain('The service is temporarily unavailable.');
    expect(await provider().push(document, 'draft')).toEqual({ state: 'draft' });
  });

  it('reports an injected 4xx as non-retryable.', async () => {
    double.setFault('4xx');
    expect(await providerRejection(provider().push(await abif('phd-4xx-0001'), 'draft'))).toMatchObject({ retryable: false, providerStatus: 422 });
  });

  it('reports a time-out, a caller\'s abort and a refused connection as retryable.', async () => {
    const document = await abif('phd-timeout-0001');
    double.setFault('timeout');
    const started = Date.now();
    const timedOut = await providerRejection(provider({}, 300).push(document, 'draft'));
    expect(timedOut).toMatchObject({ retryable: true, providerStatus: undefined });
    expect(timedOut.message).toContain('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
    const aborted = await providerRejection(provider().lookup(document.id, AbortSignal.timeout(100)));
    expect(aborted).toMatchObject({ retryable: true });
    expect(aborted.message).toContain('was aborted');
    const refused = await providerRejection(provider({ api: `http://127.0.0.1:${await freePort()}` }).push(document, 'draft'));
    expect(refused).toMatchObject({ retryable: true });
    expect(refused.message).toContain('ECONNREFUSED');
  });

  it('sends the credentials only in the Authorization header: never in a URL, a log line or an error.', async () => {
    const { urls, authorizations: headers } = spyOnFetch();
    const document = await abif('phd-secret-0001');
    await provider().push(document, 'findable');
    await provider().lookup(document.id);
    const error = await providerRejection(provider({ password: 'wrong-secret' }).push(document, 'hidden'));
    const basic = `Basic ${Buffer.from(`${REPOSITORY}:${PASSWORD}`).toString('base64')}`;
    expect(headers.slice(0, 3)).toEqual([basic, basic, basic]);
    for (const url of urls) {
      expect(new URL(url).username + new URL(url).password).toBe('');
      expect(url).not.toContain(PASSWORD);
    }
    const logged = JSON.stringify(double.requests);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(Buffer.from(`${REPOSITORY}:${PASSWORD}`).toString('base64'));
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('wrong-secret');
  });
});
