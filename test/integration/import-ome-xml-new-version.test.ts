import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURES } from '../support/rdf-files.js';

/**
 * An OME-XML import that would change the hardware says so first, with the field-level differences,
 * and `?new-version=false` / `--no-new-version` refuses it instead, storing nothing (issue 16 item 4).
 */

const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';

/** The confocal header with the serial number of the sample SP8 instance (its hardware differs from SP8 v2). */
const confocal = () => readFileSync(join(FIXTURES, 'ome-xml', 'confocal-sp8.ome.xml'), 'utf8').replace('SerialNumber="8412034"', 'SerialNumber="8100000451"');

/** The same instrument months later, its 63x objective now stated with NA 1.3: a change of hardware. */
const confocalLater = () => confocal()
  .replace(/2023-02-14T/g, '2023-06-01T')
  .replace('LensNA="1.4" NominalMagnification="63"', 'LensNA="1.3" NominalMagnification="63"');

interface Answer {
  notice?: string;
  detail?: string;
  reason?: string;
  configurations?: { status: string; iri: string; revises?: string; differences: string[]; changes: string[] }[];
  datasets?: unknown[];
}

describe('POST /import/ome-xml and a change of hardware', () => {
  let app: TestApp;
  const post = (body: string, query = '') => fetch(`${app.url}/import/ome-xml${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/xml' }, body,
  });
  const records = async () => ((await (await fetch(`${app.url}/health`)).json()) as { records: number }).records;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses with 409 and stores nothing when new-version=false and the hardware differs from the version in effect, saying why.', async () => {
    const before = await records();
    const response = await post(confocal(), '?new-version=false');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as Answer & { configurations: { differences: string[] }[] };
    expect(body.detail).toMatch(new RegExp(`^request body: this import creates a new configuration version of ${SP8.replace(/\./g, '\\.')}, .* valid from 2023-02-14: Instrument Instrument:0 differs from the configuration in effect on 2023-02-14 \\(${SP8.replace(/\./g, '\\.')}\\.v2\\)`));
    expect(body.detail).toContain('nothing was stored');
    expect(body.reason).toBe('new-version-refused');
    expect(body.configurations[0]?.differences.length).toBeGreaterThan(0);
    expect(await records()).toBe(before);
  });

  it('says first, in words, that it creates a new version and lists the field-level changes from the version it revises.', async () => {
    const response = await post(confocal());
    expect(response.status).toBe(201);
    const text = await response.text();
    const body = JSON.parse(text) as Answer;
    expect(Object.keys(body)[0]).toBe('notice');
    expect(body.notice).toMatch(/^request body: this import creates a new configuration version of https:\/\/doi\.org\/10\.5072\/phd\.ecc\.sp8, /);
    const [created] = body.configurations ?? [];
    expect(created).toMatchObject({ status: 'created', revises: `${SP8}.v2` });
    expect(body.notice).toContain(created?.iri);
    expect(created?.changes.length).toBeGreaterThan(0);
    expect(created?.changes.every((line) => /^(changed|added|removed) /.test(line))).toBe(true);
  });

  it('names the changed field of a component the two OME versions share, and refuses that change too when asked.', async () => {
    const refused = await post(confocalLater(), '?new-version=false');
    expect(refused.status).toBe(409);
    const response = await post(confocalLater());
    expect(response.status).toBe(201);
    const body = (await response.json()) as Answer;
    const [created] = body.configurations ?? [];
    // Both versions come from OME: the objective is the same part (Objective:0:0), its NA changed.
    expect(created?.changes).toEqual(expect.arrayContaining([expect.stringMatching(/^changed .*\(Objective:0:0\): \S*NA\S* 1\.4 → 1\.3$/i)]));
    expect(created?.changes.some((line) => line.startsWith('added ') || line.startsWith('removed '))).toBe(false);
  });

  it('imports with new-version=false when the hardware matches (nothing new to say), and refuses a new-version value that is not a boolean.', async () => {
    const again = await post(confocalLater(), '?new-version=false');
    expect(again.status).toBe(200);
    const body = (await again.json()) as Answer;
    expect(body.notice).toBeUndefined();
    const bad = await post(confocal(), '?new-version=maybe');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Answer).detail).toContain('new-version is true or false');
  });
});

describe('imaging-phd import ome-xml and a change of hardware', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phd-ome-version-'));
  const env = { PHD_DATA_DIR: join(dir, 'db'), PHD_BASE_URL: 'http://cli.test' };
  const file = join(dir, 'confocal.ome.xml');

  beforeAll(() => {
    writeFileSync(file, confocal());
    const loaded = runCli(['load', DATA_DIR], env);
    expect(loaded.status, loaded.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits non-zero with --no-new-version, prints no PID and stores nothing, saying which version it would have created.', () => {
    const refused = runCli(['import', 'ome-xml', file, '--no-new-version'], env);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/rejected .*confocal\.ome\.xml: .*this import creates a new configuration version of https:\/\/doi\.org\/10\.5072\/phd\.ecc\.sp8/);
    expect(refused.stderr).toContain('nothing was stored');
    const count = runCli(['query', 'SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/imaging-phd/ns#HardwareConfiguration> }', '--format', 'csv'], env);
    const stored = Number(count.stdout.trim().split('\n')[1]);

    const imported = runCli(['import', 'ome-xml', file], env);
    expect(imported.status, imported.stderr).toBe(0);
    // The notice comes before every warning; stdout keeps one PID a line.
    const notice = imported.stderr.indexOf('notice: ');
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(imported.stderr.slice(notice)).toMatch(/^notice: .*confocal\.ome\.xml: this import creates a new configuration version of https:\/\/doi\.org\/10\.5072\/phd\.ecc\.sp8/);
    const firstWarning = imported.stderr.indexOf('warning: ');
    if (firstWarning >= 0) expect(notice).toBeLessThan(firstWarning);
    expect(imported.stderr).toMatch(/\n {2}(changed|added|removed) /);
    const lines = imported.stdout.trim().split('\n');
    expect(lines.every((line) => /^http:\/\/cli\.test\/id\/(configuration|dataset)\/\S+$/.test(line))).toBe(true);
    const after = runCli(['query', 'SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/imaging-phd/ns#HardwareConfiguration> }', '--format', 'csv'], env);
    expect(Number(after.stdout.trim().split('\n')[1])).toBe(stored + 1);
  });

  it('refuses a value given to --no-new-version.', () => {
    const result = runCli(['import', 'ome-xml', file, '--no-new-version=yes'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--no-new-version takes no value');
  });
});
