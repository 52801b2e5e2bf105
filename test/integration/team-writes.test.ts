import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

// Issue 19's defect: a colleague given a second token of the same facility got 403 on the model the
// first token created. Write rights on a shared record belong to the team that created it.

const FACILITY_A = 'https://identifiers.org/RRID:SCR_999001';
const FACILITY_B = 'https://identifiers.org/RRID:SCR_999002';
const turtle = { 'content-type': 'text/turtle' };
let app: TestApp;
/** The model the first token creates (its IRI is minted by the service). */
let MODEL = '';
let manufacturer = '';
const modelBody = (name: string, iri = MODEL) => `${TURTLE_PREFIXES}
<${iri}> a phd:InstrumentModel ; schema:name "${name}" ; phd:manufacturer <${manufacturer}> ; phd:standType "inverted" .`;

beforeAll(async () => {
  app = await startTestApp();
  manufacturer = (await app.store.list('organization'))[0]?.iri ?? '';
});
afterAll(async () => {
  await app.close();
});

async function etagOf(): Promise<string> {
  return (await fetch(`${app.url}/records/${encodeURIComponent(MODEL)}`, { method: 'HEAD' })).headers.get('etag') ?? '';
}

describe('Two API tokens of the same facility', () => {
  it('let the second token change the model the first created, while a token of another facility gets 403 and changes nothing.', async () => {
    const first = app.tokens.create({ facility: FACILITY_A, label: 'first', createdBy: 'admin' });
    const second = app.tokens.create({ facility: FACILITY_A, label: 'second', createdBy: 'admin' });
    const other = app.tokens.create({ facility: FACILITY_B, label: 'other', createdBy: 'admin' });
    const created = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: `Bearer ${first.token}` }, body: modelBody('Team scope', '') });
    expect(created.status, await created.clone().text()).toBe(201);
    MODEL = decodeURIComponent((created.headers.get('location') ?? '').slice('/records/'.length));
    expect((await app.store.meta(MODEL))?.team).toBe(FACILITY_A);

    const before = await etagOf();
    const refused = await fetch(`${app.url}/records/${encodeURIComponent(MODEL)}`, {
      method: 'PUT', headers: { ...turtle, authorization: `Bearer ${other.token}`, 'if-match': before }, body: modelBody('Hijacked'),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/team of https:\/\/identifiers\.org\/RRID:SCR_999001/);
    expect(await etagOf()).toBe(before);
    expect((await app.store.history(MODEL)).map((h) => h.actor)).toEqual([first.id]);

    const changed = await fetch(`${app.url}/records/${encodeURIComponent(MODEL)}`, {
      method: 'PUT', headers: { ...turtle, authorization: `Bearer ${second.token}`, 'if-match': before }, body: modelBody('Team scope, renamed'),
    });
    expect(changed.status).toBe(200);
    expect((await app.store.get(MODEL))?.ntriples).toContain('"Team scope, renamed"');
    expect((await app.store.history(MODEL)).map((h) => h.actor)).toEqual([first.id, second.id]);
    expect((await app.store.meta(MODEL))?.team).toBe(FACILITY_A);
  });
});
