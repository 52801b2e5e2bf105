import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import type { WorkspaceClient } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';

// The history page of the workspace: who changed what, the notes, and the restore buttons.

const IGC = 'https://identifiers.org/RRID:SCR_999001';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const MACRED_V1 = 'http://phd.test/id/configuration/igc-macred-v1';
const history = (iri: string) => `/workspace/history?iri=${encodeURIComponent(iri)}`;

let app: TestApp;
let editor: WorkspaceClient;
let outsider: WorkspaceClient;

beforeAll(async () => {
  app = await startTestApp();
  editor = signInAsMember(app, 'Eddie <b>Editor</b>', { facility: IGC, role: 'editor' }).client;
  outsider = signInAsMember(app, 'Olga Other', { facility: ECC, role: 'editor' }).client;
  const etag = (await app.store.meta(MACRED))?.etag ?? '';
  const saved = await editor.post('/workspace/instrument/status', { iri: MACRED, etag, status: 'inactive', since: '2026-10-01', commissioned: '2022-08-15' });
  expect(saved.status).toBe(303);
});

afterAll(async () => {
  await app.close();
});

describe('The history page of the workspace', () => {
  it('names who changed the record, escaped, and what changed, readably.', async () => {
    const page = await editor.get(history(MACRED));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Version 2: Changed');
    expect(page.body).toContain('by Eddie &lt;b&gt;Editor&lt;/b&gt;');
    expect(page.body).toContain('Version 1: Created');
    expect(page.body).toContain('by a bulk load (imaging-phd load)');
    expect(page.body).toContain('+ the record · instrumentStatus · https://w3id.org/imaging-phd/ns#InactiveStatus');
    expect(page.body).toContain('− the record · instrumentStatus · https://w3id.org/imaging-phd/ns#ActiveStatus');
    expect(page.body).toContain('Restore version 1');
  });

  it('offers no restore button to a member of another facility, nor on a configuration.', async () => {
    const asOutsider = await outsider.get(history(MACRED));
    expect(asOutsider.status).toBe(200);
    expect(asOutsider.body).not.toContain('Restore version');
    const configuration = await editor.get(history(MACRED_V1));
    expect(configuration.body).toContain('A hardware configuration is immutable');
    expect(configuration.body).not.toContain('Restore version');
  });

  it('restores version 1 for a member of the team, and answers in words for a version that never was.', async () => {
    const missing = await editor.post('/workspace/restore', { iri: MACRED, version: '9' });
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('has no version 9');
    const bad = await editor.post('/workspace/restore', { iri: MACRED, version: 'first' });
    expect(bad.status).toBe(400);
    const done = await editor.post('/workspace/restore', { iri: MACRED, version: '1' });
    expect(done.status).toBe(303);
    const page = await editor.get(done.location ?? '');
    expect(page.body).toContain('The earlier revision is restored as a new revision.');
    expect(page.body).toContain('Note: restored version 1');
    expect((await app.store.get(MACRED))?.ntriples).toBe(await app.store.revisionGraph(MACRED, 1));
  });
  it('restores with the ETag the history was read at, and refuses in words, changing nothing, when the record changed since.', async () => {
    const etagOn = (body: string) => /name="etag" value="([^"]*)"/.exec(body)?.[1]?.replace(/&quot;/g, '"') ?? '';
    const opened = await editor.get(history(MACRED));
    const seen = etagOn(opened.body);
    expect(seen).toBe((await app.store.meta(MACRED))?.etag);
    // Meanwhile a colleague saves another status.
    const saved = await editor.post('/workspace/instrument/status', { iri: MACRED, etag: seen, status: 'active', since: '2026-11-15' });
    expect(saved.status).toBe(303);
    const before = await app.store.meta(MACRED);
    const stale = await editor.post('/workspace/restore', { iri: MACRED, version: '1', etag: seen });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatch(/someone changed this record after you opened its history; look again/i);
    expect(await app.store.meta(MACRED)).toEqual(before);
    const fresh = etagOn((await editor.get(history(MACRED))).body);
    const done = await editor.post('/workspace/restore', { iri: MACRED, version: '2', etag: fresh });
    expect(done.status).toBe(303);
    expect((await app.store.get(MACRED))?.ntriples).toBe(await app.store.revisionGraph(MACRED, 2));
  });
});
