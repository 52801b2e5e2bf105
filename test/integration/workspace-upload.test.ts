import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradedMacred } from '../support/micrometa-variants.js';
import { FIXTURES } from '../support/rdf-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin } from '../support/workspace-client.js';
import type { WorkspaceClient, WorkspaceResponse } from '../support/workspace-client.js';

const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';

/** The Macred upgrade as uploaded: its new objective "Plan 20x", without its magnification when `broken`. */
function upgraded(broken: boolean): string {
  return JSON.stringify(upgradedMacred({ name: 'Plan 20x', broken }));
}

/** Posts the upload form as a browser does (multipart), with the session's CSRF token unless given. */
function upload(client: WorkspaceClient, fields: Record<string, string>, file: { name: string; text: string; type: string } | undefined): Promise<WorkspaceResponse> {
  const form = new FormData();
  if (fields._csrf === undefined && client.csrf !== undefined) form.set('_csrf', client.csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file !== undefined) form.set('file', new Blob([file.text], { type: file.type }), file.name);
  return client.send('/workspace/upload', { method: 'POST', headers: { accept: 'text/html' }, body: form });
}

/** The preview's upload id, from its confirm form. */
function uploadId(page: string): string | undefined {
  return /name="upload" value="([^"]+)"/.exec(page)?.[1];
}

describe('The workspace upload with preview', () => {
  let app: TestApp;
  let client: WorkspaceClient;
  const stored = () => ({
    records: app.store.database.prepare('SELECT iri, etag, version FROM records ORDER BY iri').all(),
    revisions: app.store.database.prepare('SELECT count(*) AS n FROM revisions').get(),
  });

  beforeAll(async () => {
    app = await startTestApp();
    client = await signInAsAdmin(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows the upload form with the instrument preselected by ?instance=, the format, dates and file fields.', async () => {
    const page = await client.get(`/workspace/upload?instance=${encodeURIComponent(MACRED)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(new RegExp(`<option value="${MACRED.replace(/\./g, '\\.')}" selected>`));
    for (const name of ['instance', 'format', 'validFrom', 'acquiredOn', 'file']) expect(page.body).toContain(`name="${name}"`);
    expect(page.body).toContain('>Preview</button>');
  });

  it('previews a file with an error in words, offers no confirmation, and stores nothing; the fixed file is then confirmed, stored once.', async () => {
    const before = stored();
    const bad = await upload(client, { instance: MACRED, format: 'micrometa', validFrom: '2024-03-01' }, { name: 'macred.json', text: upgraded(true), type: 'application/json' });
    expect(bad.status).toBe(303);
    const badPreview = await client.get(bad.location ?? '');
    expect(badPreview.status).toBe(200);
    expect(badPreview.body).toContain('Objective “Plan 20x”: Magnification is missing — add it (tier 1).');
    expect(badPreview.body).not.toContain('Confirm and store');
    expect(badPreview.body).toContain('Upload a corrected file');
    expect(badPreview.body).not.toMatch(/ConstraintComponent|exactly one/);
    expect(stored()).toEqual(before);

    const good = await upload(client, { instance: MACRED, format: 'micrometa', validFrom: '2024-03-01' }, { name: 'macred-fixed.json', text: upgraded(false), type: 'application/json' });
    expect(good.status).toBe(303);
    const preview = await client.get(good.location ?? '');
    expect(preview.body).toContain('a new version of');
    expect(preview.body).toContain('Changes from the version in effect');
    expect(preview.body).toContain('Plan 20x');
    expect(preview.body).toContain('Confirm and store');
    expect(stored()).toEqual(before);

    const id = uploadId(preview.body) ?? '';
    const confirmed = await client.post('/workspace/upload/confirm', { upload: id });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toMatch(/^\/id\/configuration\//);
    const after = stored();
    expect((after.records).length).toBe((before.records).length + 1);
    const again = await client.post('/workspace/upload/confirm', { upload: id });
    expect(again.status).toBe(409);
    expect(stored()).toEqual(after);
    // The real import's history names the administrator's session.
    const revision = app.store.database.prepare('SELECT actor FROM revisions ORDER BY id DESC LIMIT 1').get() as { actor: string };
    expect(revision.actor).toBe('admin');
  });

  it('says "unchanged — nothing to store" for a file the version in effect describes.', async () => {
    const response = await upload(client, { instance: LIMELIGHT, format: 'micrometa' }, { name: 'limelight.json', text: readFileSync(join(FIXTURES, 'micrometa', 'IGC_Limelight.json'), 'utf8'), type: 'application/json' });
    const preview = await client.get(response.location ?? '');
    expect(preview.body).toContain('Unchanged — nothing to store.');
    expect(preview.body).not.toContain('Confirm and store');
  });

  it('previews an OME-XML header: the datasets it would create, and that no new hardware version would be.', async () => {
    const response = await upload(client, { instance: LIMELIGHT, format: 'ome-xml' }, { name: 'widefield.ome.xml', text: readFileSync(join(FIXTURES, 'ome-xml', 'widefield-limelight.ome.xml'), 'utf8'), type: 'application/xml' });
    expect(response.status).toBe(303);
    const preview = await client.get(response.location ?? '');
    expect(preview.body).toContain('DAPI nuclei 40x, field 3');
    expect(preview.body).toContain('no new hardware version');
    expect(preview.body).toContain('Confirm and store');
  });

  it('keeps a pending upload to its session: another session can neither see nor confirm it, and nothing is stored.', async () => {
    const response = await upload(client, { instance: MACRED, format: 'micrometa', validFrom: '2025-02-01' }, { name: 'macred.json', text: upgraded(false).replace('Plan 20x', 'Plan 20x b'), type: 'application/json' });
    const preview = await client.get(response.location ?? '');
    const id = uploadId(preview.body) ?? '';
    expect(id).not.toBe('');
    const other = await signInAsAdmin(app);
    const before = stored();
    expect((await other.get(response.location ?? '')).status).toBe(404);
    expect((await other.post('/workspace/upload/confirm', { upload: id })).status).toBe(409);
    expect(stored()).toEqual(before);
  });

  it('stores nothing at confirmation when the instrument changed since the preview, says why, and offers the new preview.', async () => {
    const response = await upload(client, { instance: MACRED, format: 'micrometa', validFrom: '2025-09-01' }, { name: 'macred-c.json', text: upgraded(false).replace('Plan 20x', 'Plan 20x c'), type: 'application/json' });
    const preview = await client.get(response.location ?? '');
    expect(preview.body).toContain('Confirm and store');
    const id = uploadId(preview.body) ?? '';
    // Meanwhile another version is stored through the API.
    const api = await fetch(`${app.url}/import/micrometa?instance=${encodeURIComponent(MACRED)}&validFrom=2025-08-01`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: upgraded(false).replace('Plan 20x', 'Plan 20x d'),
    });
    expect(api.status).toBe(201);
    const before = stored();
    const confirmed = await client.post('/workspace/upload/confirm', { upload: id });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body).toContain('The instrument changed since your preview of macred-c.json');
    expect(confirmed.body).toContain('Nothing was stored. Check the new preview again');
    expect(stored()).toEqual(before);
    const next = /href="(\/workspace\/upload\?upload=[^"]+)">Check the new preview</.exec(confirmed.body)?.[1] ?? '';
    expect(next).not.toBe('');
    const fresh = await client.get(next.replace(/&amp;/g, '&'));
    expect(fresh.status).toBe(200);
    expect(fresh.body).toContain('Plan 20x c');
    const confirmedAgain = await client.post('/workspace/upload/confirm', { upload: uploadId(fresh.body) ?? '' });
    expect(confirmedAgain.status).toBe(303);
  });

  it('refuses an upload without the CSRF token, and re-shows the form with errors in words (422) for missing fields.', async () => {
    const before = stored();
    const refused = await upload(client, { _csrf: 'forged', instance: MACRED, format: 'micrometa' }, { name: 'macred.json', text: upgraded(false), type: 'application/json' });
    expect(refused.status).toBe(403);
    const missing = await upload(client, { instance: '', format: 'micrometa', validFrom: 'March' }, undefined);
    expect(missing.status).toBe(422);
    expect(missing.body).toContain('Choose the instrument the file is for.');
    expect(missing.body).toContain('“March” is not a date — write it as YYYY-MM-DD.');
    expect(missing.body).toContain('Choose the file to upload');
    const notJson = await upload(client, { instance: MACRED, format: 'micrometa' }, { name: 'broken.json', text: '{"Schema_ID": ', type: 'application/json' });
    expect(notJson.status).toBe(422);
    expect(notJson.body).toContain('broken.json cannot be stored');
    expect(stored()).toEqual(before);
  });
});
