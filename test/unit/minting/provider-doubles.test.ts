import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataciteDouble, startDataciteDouble } from '../../support/datacite-double.js';
import { type HandleDouble, startHandleDouble } from '../../support/handle-double.js';
import { FIXTURES } from '../../support/rdf-files.js';

const VALID_XML = readFileSync(join(FIXTURES, 'datacite-4.5', 'datacite-example-instrument-v4.xml'), 'utf8');

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('The DataCite double', () => {
  let datacite: DataciteDouble;
  const auth = basic('PHD.TEST', 'double-secret');
  const send = async (method: string, path: string, attributes?: object, headers: Record<string, string> = {}): Promise<{ status: number; body: { errors?: { title: string }[]; data?: { attributes: { state: string } } } }> => {
    const response = await fetch(`${datacite.url}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/vnd.api+json', ...headers },
      ...(attributes === undefined ? {} : { body: JSON.stringify({ data: { type: 'dois', attributes } }) }),
    });
    return { status: response.status, body: (await response.json()) as never };
  };
  const xml = Buffer.from(VALID_XML).toString('base64');

  beforeAll(async () => {
    datacite = await startDataciteDouble();
  });
  afterAll(async () => {
    await datacite.close();
  });

  it('refuses a POST of a DOI it holds with DataCite\'s 422 "This DOI has already been taken".', async () => {
    expect((await send('POST', '/dois', { doi: '10.5072/taken' })).status).toBe(201);
    const again = await send('POST', '/dois', { doi: '10.5072/TAKEN' });
    expect(again.status).toBe(422);
    expect(again.body.errors?.[0]?.title).toBe('This DOI has already been taken');
  });

  it('follows DataCite\'s events: register a draft, publish, hide only a findable DOI, never back to draft.', async () => {
    await send('POST', '/dois', { doi: '10.5072/events', url: 'https://example.org/a', xml });
    expect((await send('PUT', '/dois/10.5072/events', { event: 'hide' })).body.data?.attributes.state).toBe('draft');
    expect((await send('PUT', '/dois/10.5072/events', { event: 'register' })).body.data?.attributes.state).toBe('registered');
    expect((await send('PUT', '/dois/10.5072/events', { event: 'publish' })).body.data?.attributes.state).toBe('findable');
    expect((await send('PUT', '/dois/10.5072/events', { event: 'hide' })).body.data?.attributes.state).toBe('registered');
    expect((await send('PUT', '/dois/10.5072/events', { event: 'register' })).body.data?.attributes.state).toBe('registered');
    expect(datacite.dois.get('10.5072/events')?.writes).toBe(6);
  });

  it('needs a URL and schema-valid XML to leave draft, and validates drafts no more than DataCite does.', async () => {
    expect((await send('POST', '/dois', { doi: '10.5072/no-url', xml, event: 'publish' })).body.errors?.[0]?.title).toBe("Can't be blank");
    const draft = await send('POST', '/dois', { doi: '10.5072/bad-xml', url: 'https://example.org/b', xml: Buffer.from('<resource/>').toString('base64') });
    expect(draft.status).toBe(201);
    const published = await send('PUT', '/dois/10.5072/bad-xml', { event: 'publish' });
    expect(published.status).toBe(422);
    expect(published.body.errors?.[0]?.title).toMatch(/^Element 'resource': No matching global declaration available for the validation root\. at line 1, column 0$/);
  });

  it('shows a draft only to its repository, refuses wrong credentials and a foreign prefix, and wants JSON:API.', async () => {
    await send('POST', '/dois', { doi: '10.5072/private' });
    expect((await fetch(`${datacite.url}/dois/10.5072/private`)).status).toBe(404);
    expect((await send('GET', '/dois/10.5072/private')).status).toBe(200);
    const wrong = await send('GET', '/dois/10.5072/private', undefined, { authorization: basic('PHD.TEST', 'guess') });
    expect(wrong).toEqual({ status: 401, body: { errors: [{ status: '401', title: 'Bad credentials.' }] } });
    expect((await send('POST', '/dois', { doi: '10.9999/elsewhere' })).status).toBe(403);
    expect((await send('POST', '/dois', { doi: '10.5072/form' }, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('logs each request without its headers and obeys injected faults for the count given.', async () => {
    datacite.setFault('5xx', 2);
    expect((await send('GET', '/dois/10.5072/taken')).status).toBe(503);
    expect((await send('GET', '/dois/10.5072/taken')).status).toBe(503);
    expect((await send('GET', '/dois/10.5072/taken')).status).toBe(200);
    expect(datacite.requests.at(-1)).toEqual({ method: 'GET', path: '/dois/10.5072/taken', status: 200 });
    expect(JSON.stringify(datacite.requests)).not.toContain('double-secret');
  });
});

describe('The handle double', () => {
  let handles: HandleDouble;
  const auth = basic(encodeURIComponent('300:21.T11998/ADMIN'), 'double-secret');
  const url = { index: 1, type: 'URL', data: { format: 'string', value: 'https://example.org/landing' } };
  const put = async (path: string, values: unknown, authorization = auth): Promise<{ status: number; body: { responseCode: number; message?: string } }> => {
    const response = await fetch(`${handles.url}/api/handles/${path}`, { method: 'PUT', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ values }) });
    return { status: response.status, body: (await response.json()) as never };
  };

  beforeAll(async () => {
    handles = await startHandleDouble();
  });
  afterAll(async () => {
    await handles.close();
  });

  it('creates a handle (201, responseCode 1), adds a default HS_ADMIN, and refuses overwrite=false once it exists.', async () => {
    expect(await put('21.T11998/created', [url])).toEqual({ status: 201, body: { responseCode: 1, handle: '21.T11998/created' } });
    expect(handles.handles.get('21.t11998/created')?.values.map((v) => `${v.index} ${v.type}`)).toEqual(['1 URL', '100 HS_ADMIN']);
    expect((await put('21.T11998/created?overwrite=false', [url])).body.responseCode).toBe(101);
    const read = await fetch(`${handles.url}/api/handles/21.T11998/CREATED`);
    expect(((await read.json()) as { responseCode: number }).responseCode).toBe(1);
    expect((await fetch(`${handles.url}/api/handles/21.T11998/nothing`)).status).toBe(404);
  });

  it('refuses a malformed value list, a missing or wrong identity, and a prefix it does not serve.', async () => {
    expect((await put('21.T11998/bad', [])).body.message).toContain('non-empty array');
    expect((await put('21.T11998/bad', [url, { ...url, type: 'EMAIL' }])).body.message).toContain('duplicate index 1');
    expect((await put('21.T11998/bad', [{ index: 2, type: 'DESC', data: { format: 'string', value: 'x' } }])).body.message).toContain('exactly one URL value');
    expect((await put('21.T11998/bad', [{ ...url, data: 'https://example.org' }])).body.message).toContain('data must be {format, value}');
    expect(await put('21.T11998/bad', [url], basic('300:21.T11998/ADMIN', 'double-secret'))).toMatchObject({ status: 401, body: { responseCode: 402 } });
    const anonymous = await fetch(`${handles.url}/api/handles/21.T11998/bad`, { method: 'PUT', body: JSON.stringify({ values: [url] }) });
    expect(anonymous.status).toBe(401);
    expect(await put('21.T99999/bad', [url])).toMatchObject({ status: 400, body: { responseCode: 301 } });
    expect(handles.handles.has('21.t11998/bad')).toBe(false);
  });
});
