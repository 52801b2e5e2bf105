import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin } from '../support/workspace-client.js';
import type { WorkspaceClient } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';

// The life of an instrument in the workspace, on the sample data: the IGC (SCR_999001) operates
// Macred (one configuration version, tier 1) and Limelight; the ECC (SCR_999003) operates the SP8.

const IGC = 'https://identifiers.org/RRID:SCR_999001';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
/** The seed's `https://imaging-phd.example/` IRIs are served under the test app's base URL. */
const BASE = 'http://phd.test';
const MACRED_V1 = `${BASE}/id/configuration/igc-macred-v1`;
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';
const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const PHD = 'https://w3id.org/imaging-phd/ns#';

const q = (iri: string) => `?iri=${encodeURIComponent(iri)}`;
const today = () => new Date().toISOString().slice(0, 10);

let app: TestApp;
let admin: WorkspaceClient;
let manager: WorkspaceClient;
let editor: WorkspaceClient;
let outsider: WorkspaceClient;

/** The stored state of records: their versions and ETags (a refused action leaves it as it was). */
async function stateOf(...iris: string[]): Promise<string[]> {
  return Promise.all(iris.map(async (iri) => {
    const meta = await app.store.meta(iri);
    return `${iri} ${meta?.version ?? '-'} ${meta?.etag ?? '-'} ${meta?.deletedAt ?? 'live'}`;
  }));
}

/** The configuration records of an instance, live ones. */
async function configurationsOf(instance: string): Promise<string[]> {
  return (await app.store.links({ subject: instance, predicate: `${PHD}hasConfiguration` })).map((l) => l.object).sort();
}

/** A laser as the new-version form takes it (Macred's configuration is tier 1: every tier-1 field). */
const LASER = {
  'laser-label': '561 nm DPSS laser', 'laser-type': 'DiodePumpedSolidState (DPSS)', 'laser-wavelength': '561', 'laser-power': '20',
  'laser-modulationMechanism': 'None', 'laser-tuneable': 'false', 'laser-pulse': 'false',
  'laser-manufacturer': 'Cobolt', 'laser-model': 'Jive 561', 'laser-catalogNumber': 'J-561-20',
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await signInAsAdmin(app);
  manager = signInAsMember(app, 'Mara Manager', { facility: IGC, role: 'manager' }).client;
  editor = signInAsMember(app, 'Eddie Editor', { facility: IGC, role: 'editor' }).client;
  outsider = signInAsMember(app, 'Olga Other', { facility: ECC, role: 'manager' }).client;
});

afterAll(async () => {
  await app.close();
});

describe('The instrument page of the workspace', () => {
  it('shows the instrument\'s facts, status and configuration timeline, with every action to the administrator.', async () => {
    const page = await admin.get(`/workspace/instrument${q(MACRED)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Macred (Axio Imager M2)');
    expect(page.body).toContain('ZEISS Axio Imager');
    expect(page.body).toContain('3524005678');
    expect(page.body).toMatch(/active since <time/);
    expect(page.body).toContain('Version 1:');
    expect(page.body).toContain('in effect today');
    expect(page.body).toContain('Make a new configuration version');
    expect(page.body).toContain('Save status');
    expect(page.body).toContain('Withdraw this instrument');
    // Minting is not configured: no mint button.
    expect(page.body).not.toContain('Mint a PID');
  });

  it('links each version to its landing page and to the diff with its predecessor.', async () => {
    const page = await admin.get(`/workspace/instrument${q(SP8)}`);
    expect(page.body).toContain('Landing page of version 2');
    const diff = /href="(\/pid\/[^"]+\/diff\/[^"]+)"/.exec(page.body)?.[1];
    expect(diff).toBeDefined();
    const res = await fetch(`${app.url}${(diff ?? '').replace(/&amp;/g, '&')}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
  });

  it('shows an editor of the team no withdraw action, and a member of another facility none at all.', async () => {
    const asEditor = await editor.get(`/workspace/instrument${q(MACRED)}`);
    expect(asEditor.body).toContain('Make a new configuration version');
    expect(asEditor.body).not.toContain('Withdraw this instrument');
    const asOutsider = await outsider.get(`/workspace/instrument${q(MACRED)}`);
    expect(asOutsider.status).toBe(200);
    expect(asOutsider.body).not.toContain('Make a new configuration version');
    expect(asOutsider.body).not.toContain('Save status');
  });

  it('answers 404 for an unknown instrument and 422 for a record that is not an instrument instance, in words.', async () => {
    const unknown = await admin.get(`/workspace/instrument${q('https://doi.org/10.5072/no-such-instrument')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No instrument https://doi.org/10.5072/no-such-instrument is registered here');
    const model = await admin.get(`/workspace/instrument${q(`${BASE}/id/model/leica-tcs-sp8`)}`);
    expect(model.status).toBe(422);
    expect(model.body).toContain('is a model record, not an instrument instance');
  });

  it('sends a visitor who is not signed in to the sign-in page.', async () => {
    const res = await fetch(`${app.url}/workspace/instrument${q(MACRED)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/signin\?next=/);
  });
});

describe('A new configuration version made in the workspace', () => {
  it('adds a laser as version 2: the instance resolves to it today, and version 1 is unchanged.', async () => {
    const before = await stateOf(MACRED_V1);
    const form = await editor.get(`/workspace/instrument/version${q(MACRED)}`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('name="remove"');
    const done = await editor.post(`/workspace/instrument/version${q(MACRED)}`, { ...LASER, label: 'Macred with a 561 nm laser', validFrom: today(), changeNote: 'Added a 561 nm laser for mCherry.' });
    expect(done.status).toBe(303);
    expect(done.location).toContain('done=version');
    const configurations = await configurationsOf(MACRED);
    expect(configurations).toHaveLength(2);
    const v2 = configurations.find((iri) => iri !== MACRED_V1) ?? '';
    const resolved = await fetch(`${app.url}/pid/${encodeURIComponent(MACRED)}?at=${today()}`, { redirect: 'manual' });
    expect(resolved.status).toBe(303);
    expect(resolved.headers.get('location')).toContain(new URL(v2).pathname);
    expect(await stateOf(MACRED_V1)).toEqual(before);
    const stored = (await app.store.get(v2))?.ntriples ?? '';
    expect(stored).toContain(`<${v2}> <http://www.w3.org/ns/prov#wasRevisionOf> <${MACRED_V1}>`);
    expect(stored).toContain('"Added a 561 nm laser for mCherry."');
    expect(stored).toContain('"5.61E2"^^<http://www.w3.org/2001/XMLSchema#double>');
    const page = await editor.get(`/workspace/instrument${q(MACRED)}`);
    expect(page.body).toContain('Change note: Added a 561 nm laser for mCherry.');
    expect(page.body).toContain('Version 2: Macred with a 561 nm laser');
  });

  it('shows the form again with each problem in words, and stores nothing, when the date and the note are missing.', async () => {
    const before = await configurationsOf(LIMELIGHT);
    const res = await editor.post(`/workspace/instrument/version${q(LIMELIGHT)}`, { ...LASER, label: 'Limelight', validFrom: '', changeNote: '' });
    expect(res.status).toBe(422);
    expect(res.body).toContain('There are 2 problems');
    expect(res.body).toContain('Give the day the new version takes effect.');
    expect(res.body).toContain('Say what changed, in a sentence.');
    expect(res.body).toContain('value="Jive 561"');
    expect(await configurationsOf(LIMELIGHT)).toEqual(before);
  });

  it('refuses a date before the latest version and a version that changes nothing.', async () => {
    const early = await editor.post(`/workspace/instrument/version${q(LIMELIGHT)}`, { ...LASER, label: 'L', validFrom: '2001-01-01', changeNote: 'x' });
    expect(early.status).toBe(422);
    expect(early.body).toMatch(/must take effect after \d{4}-\d{2}-\d{2}, the date of version 1/);
    const nothing = await editor.post(`/workspace/instrument/version${q(LIMELIGHT)}`, { label: 'L', validFrom: today(), changeNote: 'nothing' });
    expect(nothing.status).toBe(422);
    expect(nothing.body).toContain('Add or remove at least one component');
  });

  it('refuses a member of another facility with 403 and stores nothing.', async () => {
    const before = await configurationsOf(LIMELIGHT);
    const res = await outsider.post(`/workspace/instrument/version${q(LIMELIGHT)}`, { ...LASER, label: 'L', validFrom: today(), changeNote: 'x' });
    expect(res.status).toBe(403);
    expect(await configurationsOf(LIMELIGHT)).toEqual(before);
  });
});

describe('The instrument status form', () => {
  it('saves one of the five statuses with its date as a new revision of the instance.', async () => {
    const etag = (await app.store.meta(LIMELIGHT))?.etag ?? '';
    const res = await editor.post('/workspace/instrument/status', { iri: LIMELIGHT, etag, status: 'inactive', since: '2026-11-01', commissioned: '2019-05-01', decommissioned: '' });
    expect(res.status).toBe(303);
    const stored = (await app.store.get(LIMELIGHT))?.ntriples ?? '';
    expect(stored).toContain(`<${LIMELIGHT}> <${PHD}instrumentStatus> <${PHD}InactiveStatus>`);
    expect(stored).toContain('"2026-11-01"^^<http://www.w3.org/2001/XMLSchema#date>');
    expect(stored).toContain(`<${PHD}commissioned> "2019-05-01"`);
    const page = await editor.get(res.location ?? '');
    expect(page.body).toContain('The status is saved.');
  });

  it('asks for the decommissioning date of a decommissioned instrument, and changes nothing without it.', async () => {
    const before = await stateOf(LIMELIGHT);
    const res = await editor.post('/workspace/instrument/status', { iri: LIMELIGHT, status: 'decommissioned', since: '2026-12-01' });
    expect(res.status).toBe(422);
    expect(res.body).toContain('A decommissioned instrument needs its decommissioning date.');
    expect(await stateOf(LIMELIGHT)).toEqual(before);
  });

  it('refuses a member of another facility with 403, and a form sent with an old ETag in words.', async () => {
    const before = await stateOf(LIMELIGHT);
    const refused = await outsider.post('/workspace/instrument/status', { iri: LIMELIGHT, status: 'active', since: '2026-12-01' });
    expect(refused.status).toBe(403);
    const stale = await editor.post('/workspace/instrument/status', { iri: LIMELIGHT, etag: '"stale"', status: 'active', since: '2026-12-01' });
    expect(stale.status).toBe(422);
    expect(stale.body).toContain('changed by someone else meanwhile');
    expect(await stateOf(LIMELIGHT)).toEqual(before);
  });
});

describe('Withdrawing a record in the workspace', () => {
  it('refuses an editor with 403 and a manager of another facility too, changing nothing.', async () => {
    const before = await stateOf(LIMELIGHT);
    expect((await editor.get(`/workspace/withdraw${q(LIMELIGHT)}`)).status).toBe(403);
    expect((await editor.post('/workspace/withdraw', { iri: LIMELIGHT, reason: 'mine now' })).status).toBe(403);
    expect((await outsider.post('/workspace/withdraw', { iri: LIMELIGHT, reason: 'mine now' })).status).toBe(403);
    expect(await stateOf(LIMELIGHT)).toEqual(before);
  });

  it('names what withdrawing means, requires a reason, and shows the reason on the tombstone page and in the history.', async () => {
    const confirm = await manager.get(`/workspace/withdraw${q(LIMELIGHT)}`);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('tombstone');
    const before = await stateOf(LIMELIGHT);
    const empty = await manager.post('/workspace/withdraw', { iri: LIMELIGHT, reason: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain('Give the reason');
    expect(await stateOf(LIMELIGHT)).toEqual(before);
    const done = await manager.post('/workspace/withdraw', { iri: LIMELIGHT, reason: 'Sold to <the> physics department.' });
    expect(done.status).toBe(303);
    const tombstone = await fetch(`${app.url}/pid/${encodeURIComponent(LIMELIGHT)}`, { headers: { accept: 'text/html' } });
    expect(tombstone.status).toBe(410);
    expect(await tombstone.text()).toContain('Reason: Sold to &lt;the&gt; physics department.');
    const history = await manager.get(done.location ?? '');
    expect(history.body).toContain('Note: Sold to &lt;the&gt; physics department.');
    expect(history.body).toContain('Mara Manager');
  });

  it('takes the reason of a DELETE through the API as ?reason=.', async () => {
    const iri = `${BASE}/id/organization/leica-microsystems`;
    const res = await fetch(`${app.url}/records/${encodeURIComponent(iri)}?reason=${encodeURIComponent('Registered twice')}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const history = await (await fetch(`${app.url}/records/${encodeURIComponent(iri)}/history`)).json() as { history: { note?: string }[] };
    expect(history.history.at(-1)?.note).toBe('Registered twice');
  });
});

describe('Restoring an earlier revision in the workspace', () => {
  const ORGANIZATION = `${BASE}/id/organization/carl-zeiss-microscopy`;

  it('writes the earlier graph as a new revision whose history says which version it restored.', async () => {
    const original = (await app.store.get(ORGANIZATION))?.ntriples ?? '';
    const renamed = original.replace(/"Carl Zeiss Microscopy[^"]*"/, '"Renamed by mistake"');
    expect(renamed).not.toBe(original);
    const put = await fetch(`${app.url}/records/${encodeURIComponent(ORGANIZATION)}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/n-triples' }, body: renamed });
    expect(put.status).toBe(200);
    const history = await admin.get(`/workspace/history${q(ORGANIZATION)}`);
    expect(history.body).toContain('Restore version 1');
    expect(history.body).toContain('by Administrator');
    const done = await admin.post('/workspace/restore', { iri: ORGANIZATION, version: '1' });
    expect(done.status).toBe(303);
    const restored = await app.store.get(ORGANIZATION);
    expect(restored?.ntriples).toBe(original);
    expect(restored?.version).toBe(3);
    expect((await app.store.history(ORGANIZATION)).at(-1)?.note).toBe('restored version 1');
  });

  it('refuses to restore a configuration in words, and changes nothing.', async () => {
    const before = await stateOf(MACRED_V1);
    const res = await admin.post('/workspace/restore', { iri: MACRED_V1, version: '1' });
    expect(res.status).toBe(409);
    expect(res.body).toContain('configurations are immutable');
    expect(res.body).toContain('Make a new configuration version instead');
    expect(await stateOf(MACRED_V1)).toEqual(before);
  });

  it('refuses a member of another facility with 403, and changes nothing.', async () => {
    const before = await stateOf(SP8);
    const res = await editor.post('/workspace/restore', { iri: SP8, version: '1' });
    expect(res.status).toBe(403);
    expect(await stateOf(SP8)).toEqual(before);
  });
});
