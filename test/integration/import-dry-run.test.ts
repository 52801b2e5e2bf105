import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FIXTURES } from '../support/rdf-files.js';
import { micrometaFixture as micrometa, upgradedMacred } from '../support/micrometa-variants.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';
const enc = encodeURIComponent;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { 'content-type': 'application/json' };
const xml = { 'content-type': 'application/xml' };

/** Everything a write leaves in the store's database: records with their versions and tags, revisions, PID registrations. */
function snapshot(database: Database.Database): unknown {
  return {
    records: database.prepare('SELECT iri, etag, version, deleted_at FROM records ORDER BY iri').all(),
    revisions: database.prepare('SELECT count(*) AS n FROM revisions').get(),
    // The PID outbox exists where minting was ever configured.
    registrations: database.prepare("SELECT name FROM sqlite_master WHERE name = 'pid_registrations'").get() === undefined
      ? 0 : database.prepare('SELECT count(*) AS n FROM pid_registrations').get(),
  };
}

interface MicrometaPlanAnswer {
  dryRun: boolean;
  status: string;
  instance: string;
  iri?: string;
  version: number;
  revises?: string;
  components: { kind: string; label: string; fields: { name: string; value: string }[] }[];
  changes: string[];
  issues: { focusNode: string; path?: string; severity: string }[];
  conforms: boolean;
  records: { iri: string; kind: string }[];
}

describe('POST /import/…?dry-run=true', () => {
  let app: TestApp;
  const post = (format: string, body: string, query: string, headers: Record<string, string>) =>
    fetch(`${app.url}/import/${format}?${query}`, { method: 'POST', headers, body });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a new version\'s plan — its components, the field-level changes, no issues — and stores nothing.', async () => {
    const before = snapshot(app.store.database);
    const response = await post('micrometa', JSON.stringify(upgradedMacred()), `instance=${enc(MACRED)}&validFrom=2024-03-01&dry-run=true`, { ...admin, ...json });
    expect(response.status).toBe(200);
    const plan = (await response.json()) as MicrometaPlanAnswer;
    expect(plan).toMatchObject({ dryRun: true, status: 'create', instance: MACRED, version: 2, revises: `${app.baseUrl}/id/configuration/igc-macred-v1`, conforms: true, issues: [] });
    expect(plan.iri).toBeUndefined();
    expect(plan.components.filter((c) => c.kind === 'objective').map((c) => c.label).sort()).toEqual(['100x', '20x', '20x', '40x', '63x']);
    expect(plan.components.find((c) => c.label === '20x')?.fields).toContainEqual(expect.objectContaining({ name: 'magnification', value: '20' }));
    expect(plan.changes.some((line) => line.includes('20x'))).toBe(true);
    expect(plan.records).toEqual([{ iri: expect.stringMatching(/\/id\/configuration\//) as string, kind: 'configuration' }]);
    expect(snapshot(app.store.database)).toEqual(before);
  });

  it('answers 200 with the validation issues of a file with an error (not a 422), and stores nothing; the real import refuses it.', async () => {
    const before = snapshot(app.store.database);
    const body = JSON.stringify(upgradedMacred({ broken: true }));
    const response = await post('micrometa', body, `instance=${enc(MACRED)}&validFrom=2024-03-01&dry-run=true`, { ...admin, ...json });
    expect(response.status).toBe(200);
    const plan = (await response.json()) as MicrometaPlanAnswer;
    expect(plan.conforms).toBe(false);
    expect(plan.issues).toEqual([expect.objectContaining({ path: 'https://w3id.org/imaging-phd/nbo-q#magnification', severity: 'Violation' })]);
    expect(snapshot(app.store.database)).toEqual(before);
    expect((await post('micrometa', body, `instance=${enc(MACRED)}&validFrom=2024-03-01`, { ...admin, ...json })).status).toBe(422);
    expect(snapshot(app.store.database)).toEqual(before);
  });

  it('says "unchanged" for a file whose hardware the version in effect describes.', async () => {
    const response = await post('micrometa', JSON.stringify(micrometa('IGC_Macred.json')), `instance=${enc(MACRED)}&dry-run=true`, { ...admin, ...json });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'unchanged', iri: `${app.baseUrl}/id/configuration/igc-macred-v1`, version: 1, changes: [], conforms: true });
  });

  it('asks the same token as a real import (401 without, 403 for another facility\'s), and stores nothing.', async () => {
    const body = JSON.stringify(upgradedMacred());
    const other = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999003' });
    const own = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    const before = snapshot(app.store.database);
    expect((await post('micrometa', body, `instance=${enc(MACRED)}&dry-run=true`, json)).status).toBe(401);
    expect((await post('micrometa', body, `instance=${enc(MACRED)}&dry-run=true`, { ...json, authorization: `Bearer ${other.token}` })).status).toBe(403);
    expect((await post('micrometa', body, `instance=${enc(MACRED)}&dry-run=true`, { ...json, authorization: `Bearer ${own.token}` })).status).toBe(200);
    expect(snapshot(app.store.database)).toEqual(before);
    expect((await post('micrometa', body, `instance=${enc(MACRED)}&dry-run=maybe`, { ...json, authorization: `Bearer ${own.token}` })).status).toBe(400);
  });

  it('plans an OME-XML header: the datasets it would create with their titles and dates, the configuration it matches, nothing stored; then the real import creates exactly those.', async () => {
    const body = readFileSync(join(FIXTURES, 'ome-xml', 'widefield-limelight.ome.xml'), 'utf8');
    const before = snapshot(app.store.database);
    const response = await post('ome-xml', body, `instance=${enc('doi:10.5072/phd.igc.limelight')}&dry-run=true`, { ...admin, ...xml });
    expect(response.status).toBe(200);
    const plan = (await response.json()) as { dryRun: boolean; conforms: boolean; configurations: { status: string; iri: string }[]; datasets: { status: string; iri: string; title: string; acquired: string }[] };
    expect(plan).toMatchObject({ dryRun: true, conforms: true, configurations: [{ status: 'matched', iri: `${app.baseUrl}/id/configuration/igc-limelight-v1` }] });
    expect(plan.datasets).toEqual([expect.objectContaining({ status: 'created', title: 'DAPI nuclei 40x, field 3', acquired: '2023-05-22' })]);
    expect(snapshot(app.store.database)).toEqual(before);

    const real = await post('ome-xml', body, `instance=${enc('doi:10.5072/phd.igc.limelight')}`, { ...admin, ...xml });
    expect(real.status).toBe(201);
    const outcome = (await real.json()) as { datasets: { iri: string }[] };
    expect(outcome.datasets.map((d) => d.iri)).toEqual(plan.datasets.map((d) => d.iri));
    const again = (await (await post('ome-xml', body, `instance=${enc(LIMELIGHT)}&dry-run=true`, { ...admin, ...xml })).json()) as typeof plan;
    expect(again.datasets.map((d) => d.status)).toEqual(['existing']);
  });
});

describe('imaging-phd import … --dry-run', () => {
  let dataDir: string;
  let inputDir: string;
  const env = () => ({ PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://cli.test' });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'phd-dry-run-'));
    inputDir = mkdtempSync(join(tmpdir(), 'phd-dry-run-in-'));
    const loaded = runCli(['load', join(FIXTURES, '..', '..', 'data')], env());
    expect(loaded.status).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputDir, { recursive: true, force: true });
  });

  /** The store's database as the CLI left it. */
  function stored(): unknown {
    const database = new Database(join(dataDir, 'phd.sqlite'), { readonly: true });
    try {
      return snapshot(database);
    } finally {
      database.close();
    }
  }

  it('prints each file\'s plan — the new version, its changes — exits 0 and stores nothing.', () => {
    const path = join(inputDir, 'macred-upgraded.json');
    writeFileSync(path, JSON.stringify(upgradedMacred()));
    const before = stored();
    const result = runCli(['import', 'micrometa', path, '--instance', MACRED, '--valid-from', '2024-03-01', '--dry-run'], env());
    expect(result.stderr).toContain('nothing was stored');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`would create a new configuration: version 2 of ${MACRED}, revising https://imaging-phd.example/id/configuration/igc-macred-v1, valid from 2024-03-01`);
    expect(result.stdout).toMatch(/objective “20x”: .*magnification 20/);
    expect(result.stdout).toContain('changes from the version in effect:');
    expect(result.stdout).toContain('validation: no issues');
    expect(stored()).toEqual(before);
  });

  it('says "unchanged" for a file the store already holds.', () => {
    const path = join(inputDir, 'macred.json');
    cpSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), path);
    const result = runCli(['import', 'micrometa', path, '--instance', MACRED, '--dry-run'], env());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${path}: unchanged — https://imaging-phd.example/id/configuration/igc-macred-v1 (version 1) already describes this hardware`);
  });

  it('prints the issues in words and exits 1 for a file with an error, storing nothing.', () => {
    const path = join(inputDir, 'macred-broken.json');
    writeFileSync(path, JSON.stringify(upgradedMacred({ broken: true })));
    const before = stored();
    const result = runCli(['import', 'micrometa', path, '--instance', MACRED, '--valid-from', '2024-03-01', '--dry-run'], env());
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Objective “20x”: Magnification is missing — add it (tier 1).');
    expect(result.stdout).not.toMatch(/ConstraintComponent|exactly one/);
    expect(stored()).toEqual(before);
  });

  it('plans an OME-XML header\'s datasets and stores nothing.', () => {
    const before = stored();
    const result = runCli(['import', 'ome-xml', join(FIXTURES, 'ome-xml', 'widefield-limelight.ome.xml'), '--instance', LIMELIGHT, '--dry-run'], env());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('would create 1 dataset (0 already imported)');
    expect(result.stdout).toContain('“DAPI nuclei 40x, field 3”, acquired 2023-05-22');
    expect(result.stdout).toContain('unchanged — matches https://imaging-phd.example/id/configuration/igc-limelight-v1; no new hardware version');
    expect(stored()).toEqual(before);
  });
});
