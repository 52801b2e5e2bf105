import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURES } from '../support/rdf-files.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const enc = encodeURIComponent;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const xml = { 'content-type': 'application/xml' };

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, 'ome-xml', name), 'utf8');
}

/** The confocal header with the serial number of the sample SP8 instance, so the instance is found from it. */
const confocalOfSp8 = () => fixture('confocal-sp8.ome.xml').replace('SerialNumber="8412034"', 'SerialNumber="8100000451"');

interface Outcome {
  configurations: { status: string; iri: string; instance: string; validFrom: string; differences: string[] }[];
  datasets: { status: string; iri: string; title: string; acquired: string; configuration: string; href: string }[];
  warnings: string[];
}

async function graph(app: TestApp, iri: string): Promise<N3.Store> {
  const response = await fetch(`${app.url}/pid/${enc(iri)}`, { headers: { accept: 'text/turtle' } });
  expect(response.status, iri).toBe(200);
  return new N3.Store(new N3.Parser().parse(await response.text()));
}

const objectsOf = (store: N3.Store, subject: string, predicate: string) =>
  store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(predicate), null).map((o) => o.value);

describe('POST /import/ome-xml', () => {
  let app: TestApp;
  const health = async () => (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
  const post = (body: string, query = '', headers: Record<string, string> = { ...admin, ...xml }) =>
    fetch(`${app.url}/import/ome-xml${query === '' ? '' : `?${query}`}`, { method: 'POST', headers, body });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds the instance by the Microscope serial number, writes a new tier-0 version for unmatched hardware, and one dataset per image linked to it.', async () => {
    const before = await health();
    const response = await post(confocalOfSp8());
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    expect(outcome.configurations).toHaveLength(1);
    const [configuration] = outcome.configurations;
    expect(configuration).toMatchObject({ status: 'created', instance: SP8, validFrom: '2023-02-14' });
    expect(outcome.datasets.map((d) => d.status)).toEqual(['created', 'created']);
    expect(outcome.datasets.every((d) => d.configuration === configuration?.iri)).toBe(true);
    expect(response.headers.get('location')).toBe(outcome.datasets[0]?.href);
    expect((await health()).records).toBe(before.records + 3);

    const version = await graph(app, configuration?.iri ?? '');
    expect(objectsOf(version, configuration?.iri ?? '', `${PHD}tier`)).toEqual(['0']);
    expect(objectsOf(version, configuration?.iri ?? '', 'http://www.w3.org/ns/prov#wasRevisionOf')).toEqual([`${SP8}.v2`]);

    const dataset = await graph(app, outcome.datasets[0]?.iri ?? '');
    const iri = outcome.datasets[0]?.iri ?? '';
    expect(objectsOf(dataset, iri, 'http://purl.org/dc/terms/title')).toEqual(['HeLa_mito_63x_01']);
    expect(objectsOf(dataset, iri, 'http://purl.org/dc/terms/created')).toEqual(['2023-02-14T10:30:00']);
    expect(objectsOf(dataset, iri, `${PHD}acquiredWith`)).toEqual([configuration?.iri]);
    const used = dataset.getObjects(null, N3.DataFactory.namedNode(`${PHD}usesComponent`), null).map((o) => o.value);
    expect(used.length).toBeGreaterThan(2);
    expect(used.every((component) => component.startsWith(`${configuration?.iri ?? ''}/component/`))).toBe(true);
  });

  it('imports the same file again as nothing new: the instrument now matches the version it created (200).', async () => {
    const before = await health();
    const response = await post(confocalOfSp8());
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as Outcome;
    expect(outcome.configurations.map((c) => c.status)).toEqual(['matched']);
    expect(outcome.datasets.map((d) => d.status)).toEqual(['existing', 'existing']);
    expect(await health()).toEqual(before);
  });

  it('matches a widefield header to the stored Limelight configuration and links channel settings to its components.', async () => {
    const response = await post(fixture('widefield-limelight.ome.xml'), `instance=${enc('doi:10.5072/phd.igc.limelight')}`);
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    const limelight = `${app.baseUrl}/id/configuration/igc-limelight-v1`;
    expect(outcome.configurations).toMatchObject([{ status: 'matched', iri: limelight }]);
    const [dataset] = outcome.datasets;
    expect(dataset).toMatchObject({ status: 'created', configuration: limelight, acquired: '2023-05-22', title: 'DAPI nuclei 40x, field 3' });
    const store = await graph(app, dataset?.iri ?? '');
    const used = store.getObjects(null, N3.DataFactory.namedNode(`${PHD}usesComponent`), null).map((o) => o.value);
    expect(used).toContain(`${limelight}/component/66315d06-994d-4552-b092-1cfa5d044258`);
  });

  it('refuses hardware that contradicts a recorded version in effect (409), naming the differences, and stores nothing.', async () => {
    const before = await health();
    // The SP8's version 1 was in effect in 2021; this header describes other hardware.
    const contradicting = confocalOfSp8().replaceAll(/<AcquisitionDate>2023-02-14/g, '<AcquisitionDate>2021-01-10');
    const response = await post(contradicting);
    expect(response.status).toBe(409);
    const problem = (await response.json()) as { detail: string; differences: string[] };
    expect(problem.detail).toMatch(/does not match the configuration .* in effect on 2021-01-10/);
    expect(problem.differences.length).toBeGreaterThan(0);
    expect(await health()).toEqual(before);
  });

  it('records hardware from before the first recorded version as an earlier configuration that revises nothing.', async () => {
    const early = fixture('confocal-sp8.ome.xml').replaceAll(/<AcquisitionDate>2023-02-14/g, '<AcquisitionDate>2018-05-02');
    const response = await post(early, `instance=${enc('doi:10.5072/phd.igc.limelight')}`);
    expect(response.status).toBe(201);
    const outcome = (await response.json()) as Outcome;
    const [configuration] = outcome.configurations;
    expect(configuration).toMatchObject({ status: 'created', validFrom: '2018-05-02' });
    const store = await graph(app, configuration?.iri ?? '');
    expect(objectsOf(store, configuration?.iri ?? '', 'http://www.w3.org/ns/prov#wasRevisionOf')).toEqual([]);
    expect(objectsOf(store, configuration?.iri ?? '', `${PHD}versionNumber`)).toEqual([]);
    const at = await fetch(`${app.url}/pid/${enc('doi:10.5072/phd.igc.limelight')}?at=2019-01-01`, { redirect: 'manual' });
    expect(at.status).toBe(303);
    expect(decodeURIComponent(at.headers.get('location') ?? '')).toContain((configuration?.iri ?? '').replace(app.baseUrl, ''));
    const later = await fetch(`${app.url}/pid/${enc('doi:10.5072/phd.igc.limelight')}?at=2023-01-01`, { redirect: 'manual' });
    expect(decodeURIComponent(later.headers.get('location') ?? '')).toContain('igc-limelight-v1');
  });

  it('refuses hostile and malformed XML with 400 naming line and column, and stores nothing.', async () => {
    const before = await health();
    for (const name of ['xxe-external-entity.ome.xml', 'billion-laughs.ome.xml', 'truncated.ome.xml']) {
      const response = await post(fixture(name), `instance=${enc(SP8)}`);
      expect(response.status, name).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await response.json()) as { line?: number; column?: number };
      expect(problem.line, name).toBeGreaterThan(0);
      expect(problem.column, name).toBeGreaterThan(0);
    }
    const notOme = await post(fixture('not-ome-root.xml'), `instance=${enc(SP8)}`);
    expect(notOme.status).toBeGreaterThanOrEqual(400);
    expect(notOme.status).toBeLessThan(500);
    expect((await post(fixture('widefield-limelight.ome.xml'), '', { ...admin, 'content-type': 'application/json' })).status).toBe(415);
    const unplaced = await post(fixture('confocal-sp8.ome.xml'));
    expect(unplaced.status).toBe(422);
    expect(await unplaced.json()).toMatchObject({ code: 'instance-required' });
    expect(await health()).toEqual(before);
  });

  it('needs a token of the instance\'s facility (401, 403).', async () => {
    expect((await post(confocalOfSp8(), '', xml)).status).toBe(401);
    const igc = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    expect((await post(confocalOfSp8(), '', { ...xml, authorization: `Bearer ${igc.token}` })).status).toBe(403);
  });
});

describe('imaging-phd import ome-xml', () => {
  let dataDir: string;
  let inputDir: string;
  const env = () => ({ PHD_DATA_DIR: dataDir, PHD_BASE_URL: 'http://cli.test' });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'phd-ome-'));
    inputDir = mkdtempSync(join(tmpdir(), 'phd-ome-in-'));
    expect(runCli(['load', DATA_DIR], env()).status).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputDir, { recursive: true, force: true });
  });

  it('stops at a malformed file before storing anything, then imports the directory with a summary.', () => {
    cpSync(join(FIXTURES, 'ome-xml', 'widefield-limelight.ome.xml'), join(inputDir, 'a-widefield.ome.xml'));
    cpSync(join(FIXTURES, 'ome-xml', 'truncated.ome.xml'), join(inputDir, 'b-truncated.ome.xml'));
    const broken = runCli(['import', 'ome-xml', inputDir, '--instance', 'doi:10.5072/phd.igc.limelight'], env());
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/b-truncated\.ome\.xml:\d+:\d+: /);
    expect(broken.stdout).toBe('');

    rmSync(join(inputDir, 'b-truncated.ome.xml'));
    const result = runCli(['import', 'ome-xml', inputDir, '--instance', 'doi:10.5072/phd.igc.limelight'], env());
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/imported 1 file: 1 new dataset, 0 already imported, 1 instrument matched to a configuration, 0 new configuration versions, 0 rejected/);
    const created = result.stdout.trim().split('\n');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^http:\/\/cli\.test\/id\/dataset\/ome-[0-9a-f]{32}$/);
    const query = runCli(['query', `SELECT ?c WHERE { <${created[0] ?? ''}> <${PHD}acquiredWith> ?c }`, '--format', 'csv'], env());
    expect(query.stdout).toMatch(/igc-limelight-v1/);
  });

  it('refuses options of the other format and a missing value.', () => {
    expect(runCli(['import', 'ome-xml', inputDir, '--valid-from', '2024-01-01'], env()).status).toBe(2);
    expect(runCli(['import', 'ome-xml', inputDir, '--instance'], env()).status).toBe(2);
  });
});
