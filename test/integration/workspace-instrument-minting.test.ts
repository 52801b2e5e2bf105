import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataciteDouble } from '../support/datacite-double.js';
import type { DataciteDouble } from '../support/datacite-double.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import type { WorkspaceClient } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';

// The mint and publish buttons of the instrument page, against the DataCite double.

const PREFIX = '10.5555';
const IGC = 'https://identifiers.org/RRID:SCR_999001';
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';
const LIMELIGHT_V1 = 'http://phd.test/id/configuration/igc-limelight-v1';
const page = `/workspace/instrument?iri=${encodeURIComponent(LIMELIGHT)}`;

let datacite: DataciteDouble;
let app: TestApp;
let manager: WorkspaceClient;
let editor: WorkspaceClient;

/** Waits until `check` holds (polling every 50 ms), or fails after 15 s. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  datacite = await startDataciteDouble({ prefixes: [PREFIX] });
  app = await startTestApp({
    env: { PHD_DATACITE_API: datacite.url, PHD_DATACITE_REPOSITORY: 'PHD.TEST', PHD_DATACITE_PASSWORD: 'double-secret', PHD_DATACITE_PREFIX: PREFIX, PHD_PID_RETRY_BASE_MS: '50' },
  });
  manager = signInAsMember(app, 'Mara Manager', { facility: IGC, role: 'manager' }).client;
  editor = signInAsMember(app, 'Eddie Editor', { facility: IGC, role: 'editor' }).client;
});

afterAll(async () => {
  await Promise.all([app.close(), datacite.close()]);
});

describe('The mint and publish buttons of the workspace', () => {
  it('are not offered to an editor, and refuse an editor\'s post with 403, minting nothing.', async () => {
    const asEditor = await editor.get(page);
    expect(asEditor.body).not.toContain('Mint a PID');
    const res = await editor.post('/workspace/mint', { iri: LIMELIGHT_V1 });
    expect(res.status).toBe(403);
    expect(await app.services.minting?.registration(LIMELIGHT_V1)).toBeUndefined();
    expect(datacite.dois.size).toBe(0);
  });

  it('mint a draft DOI for a configuration version, then publish it, showing the state after each.', async () => {
    const before = await manager.get(page);
    expect(before.body).toContain('Mint a PID');
    const minted = await manager.post('/workspace/mint', { iri: LIMELIGHT_V1 });
    expect(minted.status).toBe(303);
    expect(minted.location).toContain('done=minted');
    const registration = await app.services.minting?.registration(LIMELIGHT_V1);
    expect(registration?.target).toBe('draft');
    const id = registration?.id ?? '';
    await until('the draft to reach DataCite', async () => (await app.services.minting?.registration(id))?.sync === 'synced');
    const afterMint = await manager.get(minted.location ?? '');
    expect(afterMint.body).toContain('The PID is minted as a draft');
    expect(afterMint.body).toContain(id);
    expect(afterMint.body).toContain('draft (not yet findable); registered with DataCite');
    expect(afterMint.body).toContain('Publish the PID');

    const published = await manager.post('/workspace/publish', { iri: registration?.pid ?? '' });
    expect(published.status).toBe(303);
    await until('the publication to reach DataCite', async () => (await app.services.minting?.registration(id))?.sync === 'synced');
    expect(datacite.dois.get(id)?.state).toBe('findable');
    const afterPublish = await manager.get(published.location ?? '');
    expect(afterPublish.body).toContain('findable; registered with DataCite');
    expect(afterPublish.body).not.toContain('Publish the PID');
  });
});
