import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ADMIN_TOKEN, startRecordsApp } from '../support/records-app.js';
import type { TestApp } from '../support/records-app.js';
import { FIXTURES } from '../support/rdf-files.js';

const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';
const PROV_REVISION = 'http://www.w3.org/ns/prov#wasRevisionOf';
const enc = encodeURIComponent;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { 'content-type': 'application/json' };

type MicrometaFile = { ID: string; Tier: number; components: Record<string, unknown>[] } & Record<string, unknown>;

function fixture(name: string): MicrometaFile {
  return JSON.parse(readFileSync(join(FIXTURES, 'micrometa', name), 'utf8')) as MicrometaFile;
}

/** Macred after a hardware change: its 10x objective replaced by a 20x/0.5. */
function upgradedMacred(): MicrometaFile {
  const file = fixture('IGC_Macred.json');
  const objective = file.components.find((c) => c.Schema_ID === 'Objective.json' && c.Name === '10x');
  if (objective === undefined) throw new Error('fixture changed: no 10x objective');
  Object.assign(objective, { Name: '20x', Magnification: 20, LensNA: 0.5, Model: 'EC Plan-Neofluar 20x/0.50 M27' });
  return file;
}

interface Outcome {
  status: string;
  iri: string;
  instance: string;
  version: number;
  revises?: string;
  warnings: string[];
  href: string;
}

describe('POST /import/micrometa', () => {
  let app: TestApp;
  const health = async () => (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
  const post = (body: string, query: string, headers: Record<string, string> = { ...admin, ...json }) =>
    fetch(`${app.url}/import/micrometa?${query}`, { method: 'POST', headers, body });

  beforeAll(async () => {
    app = await startRecordsApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates nothing for a file whose hardware the latest version already describes (200 unchanged).', async () => {
    const before = await health();
    const response = await post(JSON.stringify(fixture('IGC_Macred.json')), `instance=${enc('doi:10.5072/phd.igc.macred')}`);
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as Outcome;
    expect(outcome).toMatchObject({ status: 'unchanged', iri: `${app.baseUrl}/id/configuration/igc-macred-v1`, version: 1, instance: MACRED });
    expect(await health()).toEqual(before);
  });

  it('creates the next version for changed hardware (201, wasRevisionOf, validFrom), which then resolves, and nothing on a second identical import.', async () => {
    const body = JSON.stringify(upgradedMacred());
    const response = await post(body, `instance=${enc(MACRED)}&validFrom=2024-03-01`);
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    expect(outcome).toMatchObject({ status: 'created', version: 2, revises: `${app.baseUrl}/id/configuration/igc-macred-v1`, warnings: [] });
    expect(response.headers.get('location')).toBe(outcome.href);

    const turtle = await (await fetch(`${app.url}/pid/${enc(outcome.iri)}`, { headers: { accept: 'text/turtle' } })).text();
    const store = new N3.Store(new N3.Parser().parse(turtle));
    const node = N3.DataFactory.namedNode(outcome.iri);
    expect(store.getObjects(node, N3.DataFactory.namedNode(PROV_REVISION), null).map((o) => o.value)).toEqual([`${app.baseUrl}/id/configuration/igc-macred-v1`]);
    expect(store.getObjects(node, N3.DataFactory.namedNode('https://w3id.org/imaging-phd/ns#validFrom'), null).map((o) => o.value)).toEqual(['2024-03-01']);
    const magnifications = store.getQuads(null, N3.DataFactory.namedNode('https://w3id.org/imaging-phd/nbo-q#magnification'), null, null)
      .filter((q) => q.subject.value.startsWith(`${outcome.iri}/component/`)).map((q) => Number(q.object.value)).sort((a, b) => a - b);
    expect(magnifications).toContain(20);
    expect(magnifications).not.toContain(10);

    const again = await post(body, `instance=${enc(MACRED)}&validFrom=2024-06-01`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'unchanged', iri: outcome.iri, version: 2 });
  });

  it('finds the instance from the file\'s Micro-Meta App ID when a configuration came from it before.', async () => {
    const file = fixture('IGC_Limelight.json');
    file.Description = 'Limelight after its annual service';
    const response = await post(JSON.stringify(file), 'validFrom=2025-01-15');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: 'created', instance: LIMELIGHT, version: 2 });
  });

  it('reports unknown schemas and fields as warnings, never drops them silently (here nothing else changed: 200).', async () => {
    const file = upgradedMacred();
    file.components.push({ Schema_ID: 'FluxCapacitor.json', ID: '0b0e6f3c-5d1e-4a39-9a51-1f7c1c0de001', Name: 'mystery' });
    const objective = file.components.find((c) => c.Schema_ID === 'Objective.json');
    if (objective !== undefined) objective.Colour = 'blue';
    const response = await post(JSON.stringify(file), `instance=${enc(MACRED)}&validFrom=2024-09-01`);
    expect(response.status).toBe(200);
    const { warnings, status } = (await response.json()) as Outcome;
    expect(status).toBe('unchanged');
    expect(warnings.join('\n')).toMatch(/unknown schema "FluxCapacitor\.json"/);
    expect(warnings.join('\n')).toMatch(/unknown field "Colour"/);
  });

  it('refuses bad input with problem details and stores nothing.', async () => {
    const before = await health();
    const broken = await post('{\n  "Name": "x",\n  "components": [1, 2,]\n}', `instance=${enc(MACRED)}`);
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await broken.json()).toMatchObject({ line: 3, column: 23 });

    const notMicrometa = await post(JSON.stringify({ Schema_ID: 'Image.json' }), `instance=${enc(MACRED)}`);
    expect(notMicrometa.status).toBe(422);

    const wrongType = await post(JSON.stringify(upgradedMacred()), `instance=${enc(MACRED)}`, { ...admin, 'content-type': 'text/turtle' });
    expect(wrongType.status).toBe(415);

    const unknownInstance = await post(JSON.stringify(upgradedMacred()), `instance=${enc('doi:10.5072/no-such-instance')}`);
    expect(unknownInstance.status).toBe(404);

    const badPid = await post(JSON.stringify(upgradedMacred()), 'instance=doi:11.1/x');
    expect(badPid.status).toBe(400);

    const huge = `{"Name": "${'x'.repeat(6 * 1024 * 1024)}"}`;
    const tooLarge = await post(huge, `instance=${enc(MACRED)}`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Without a token the body is not even read: 401, not 413.
    expect((await post(huge, `instance=${enc(MACRED)}`, json)).status).toBe(401);

    const earlier = upgradedMacred();
    (earlier.components[0] as Record<string, unknown>).Version = '9.9';
    const tooEarly = await post(JSON.stringify(earlier), `instance=${enc(MACRED)}&validFrom=2020-01-01`);
    expect(tooEarly.status).toBe(422);
    expect(await tooEarly.json()).toMatchObject({ code: 'bad-revision' });

    const invalid = fixture('ABIF_axiovert1.json');
    const objective = invalid.components.find((c) => c.Schema_ID === 'Objective.json');
    if (objective !== undefined) delete objective.LensNA;
    const rejected = await post(JSON.stringify(invalid), `instance=${enc('hdl:21.t11998/phd-abif-axiovert1')}&validFrom=2025-02-02`);
    expect(rejected.status).toBe(422);
    const problem = (await rejected.json()) as { violations: { message: string; focusNode: string }[] };
    expect(problem.violations.some((v) => /LensNA/.test(v.message))).toBe(true);
    expect(await health()).toEqual(before);
  });

  it('keeps the history a line when the same change arrives twice at once: one new version.', async () => {
    const file = fixture('ABIF_axiovert1.json');
    file.Description = 'sent twice concurrently';
    const body = JSON.stringify(file);
    const query = `instance=${enc('hdl:21.t11998/phd-abif-axiovert1')}&validFrom=2025-07-01`;
    const statuses = (await Promise.all([post(body, query), post(body, query)])).map((r) => r.status);
    // One creates; the other is either found unchanged (200) or, had both read the history first, refused (409).
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 409)).toHaveLength(1);
    const versions = (await app.store.links({ predicate: 'http://www.w3.org/ns/prov#wasRevisionOf', object: 'https://doi.org/10.5072/phd.abif.axiovert1.v1' })).map((l) => l.record);
    expect(versions).toHaveLength(1);
  });

  it('needs a token that writes the instance\'s facility (401, 403).', async () => {
    const body = JSON.stringify(upgradedMacred());
    expect((await post(body, `instance=${enc(MACRED)}`, json)).status).toBe(401);
    const other = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999003' });
    expect((await post(body, `instance=${enc(MACRED)}`, { ...json, authorization: `Bearer ${other.token}` })).status).toBe(403);
    const own = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    const file = upgradedMacred();
    file.Description = 'written by the facility token';
    expect((await post(JSON.stringify(file), `instance=${enc(MACRED)}&validFrom=2026-01-01`, { ...json, authorization: `Bearer ${own.token}` })).status).toBe(201);
  });
});

describe('imaging-phd import micrometa', () => {
  let dataDir: string;
  let inputDir: string;
  const env = () => ({ PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://cli.test' });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'phd-import-'));
    inputDir = mkdtempSync(join(tmpdir(), 'phd-import-in-'));
    const loaded = runCli(['load', join(FIXTURES, '..', '..', 'data')], env());
    expect(loaded.status, loaded.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputDir, { recursive: true, force: true });
  });

  it('stops at a malformed file, naming it with line and column, and imports nothing.', () => {
    cpSync(join(FIXTURES, 'micrometa'), inputDir, { recursive: true, filter: (src) => !src.endsWith('.md') });
    writeFileSync(join(inputDir, 'Z_upgraded.json'), JSON.stringify(upgradedMacred(), null, 2));
    writeFileSync(join(inputDir, 'broken.json'), '{\n  "Name": "broken",\n  "Tier": 1,,\n}');
    const result = runCli(['import', 'micrometa', inputDir], env());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/broken\.json:3:13: .*property name/);
    expect(result.stderr).toMatch(/nothing was imported/);
    expect(result.stdout).toBe('');
    rmSync(join(inputDir, 'broken.json'));
  });

  it('imports a directory with progress and a summary: unchanged files, a new version, and a rejected file with its reasons.', () => {
    const invalid = fixture('ABIF_axiovert1.json');
    invalid.Description = 'missing an objective NA';
    const objective = invalid.components.find((c) => c.Schema_ID === 'Objective.json');
    if (objective !== undefined) delete objective.LensNA;
    writeFileSync(join(inputDir, 'Y_invalid.json'), JSON.stringify(invalid));
    const result = runCli(['import', 'micrometa', inputDir, '--valid-from', '2025-05-05'], env());
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/write +\[#+\] 5\/5/);
    expect(result.stderr).toMatch(/imported 5 files: 0 new configurations, 1 new version, 3 unchanged, 1 rejected/);
    expect(result.stderr).toMatch(/rejected .*Y_invalid\.json: .*does not conform/);
    expect(result.stderr).toMatch(/LensNA/);
    const created = result.stdout.trim().split('\n');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^http:\/\/cli\.test\/id\/configuration\/[0-9a-f-]{36}$/);

    const query = runCli(['query', `SELECT ?previous WHERE { <${created[0] ?? ''}> <${PROV_REVISION}> ?previous }`, '--format', 'csv'], env());
    expect(query.stdout).toMatch(/igc-macred-v1/);
  });

  it('needs --instance for a file it cannot place, and says so.', () => {
    const file = upgradedMacred();
    file.ID = '5f0b8c9e-1111-4222-8333-944455556666';
    const path = join(inputDir, '..', `unplaced-${Date.now()}.json`);
    writeFileSync(path, JSON.stringify(file));
    const result = runCli(['import', 'micrometa', path], env());
    rmSync(path);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--instance <pid>/);
  });
});
