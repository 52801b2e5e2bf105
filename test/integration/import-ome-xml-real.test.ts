import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import type { CliResult } from '../support/cli.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURES } from '../support/rdf-files.js';

/**
 * Real OME-XML files (test/fixtures/ome-xml/real/, see its README for where each comes from) through
 * the real command line and the HTTP route. Most of them were acquired years before the sample
 * configurations in data/ begin, and a configuration version is never inserted before the latest
 * one: those files are imported into a store that holds the sample facilities and instruments but
 * no configuration, so their Instrument becomes each instance's first version.
 */

const REAL = join(FIXTURES, 'ome-xml', 'real');
const BASE = 'http://cli.test';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const PROV_REVISION = 'http://www.w3.org/ns/prov#wasRevisionOf';
const SP8 = 'doi:10.5072/phd.ecc.sp8';
const LIMELIGHT = 'doi:10.5072/phd.igc.limelight';
const MACRED = 'doi:10.5072/phd.igc.macred';
const AXIOVERT = 'hdl:21.t11998/phd-abif-axiovert1';

type Store = 'sample data' | 'instances only';

const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * A fresh data directory: all of data/, or data/ without its configurations (and without the
 * datasets that reference them), so that every instance is registered but has no version yet.
 */
function freshStore(store: Store): Record<string, string> {
  const env = { PHD_DATA_DIR: tempDir('phd-ome-real-'), PHD_BASE_URL: BASE };
  let source = DATA_DIR;
  if (store === 'instances only') {
    source = tempDir('phd-ome-real-src-');
    for (const name of readdirSync(DATA_DIR).filter((n) => n.endsWith('.ttl') && !n.startsWith('configuration-') && !n.startsWith('datasets-'))) {
      copyFileSync(join(DATA_DIR, name), join(source, name));
    }
  }
  const loaded = runCli(['load', source], env);
  expect(loaded.status, loaded.stderr).toBe(0);
  return env;
}

function importReal(name: string, env: Record<string, string>, ...args: string[]): CliResult {
  return runCli(['import', 'ome-xml', join(REAL, name), ...args], env);
}

interface Tally {
  datasets: number;
  existing: number;
  matched: number;
  versions: number;
  rejected: number;
}

/** The counts of the summary line the import prints on stderr. */
function tally(result: CliResult): Tally {
  const match = /imported 1 file: (\d+) new datasets?, (\d+) already imported, (\d+) instruments? matched to a configuration, (\d+) new configuration versions?, (\d+) rejected/.exec(result.stderr);
  expect(match, result.stderr).not.toBeNull();
  const [datasets = 0, existing = 0, matched = 0, versions = 0, rejected = 0] = (match ?? []).slice(1).map(Number);
  return { datasets, existing, matched, versions, rejected };
}

/** The IRIs the import printed on stdout: configurations first, then datasets. */
function createdIris(result: CliResult): { configurations: string[]; datasets: string[] } {
  const lines = result.stdout.split('\n').filter((l) => l !== '');
  return { configurations: lines.filter((l) => l.includes('/id/configuration/')), datasets: lines.filter((l) => l.includes('/id/dataset/')) };
}

/** Rows of a SELECT through `imaging-phd query` (CSV; no value of these queries holds a comma). */
function select(env: Record<string, string>, query: string): Record<string, string>[] {
  const result = runCli(['query', query, '--format', 'csv'], env);
  expect(result.status, result.stderr).toBe(0);
  const [header = '', ...rows] = result.stdout.trim().split(/\r?\n/);
  const names = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [names[i] ?? '', value])));
}

const countOf = (env: Record<string, string>, pattern: string) => Number(select(env, `SELECT (COUNT(*) AS ?n) WHERE { ${pattern} }`)[0]?.n ?? NaN);

/** Asserts what every successful import of a file must leave: the version at tier 0, the datasets acquired with it. */
function expectVersionAndDatasets(env: Record<string, string>, configuration: string, datasets: readonly string[]): void {
  expect(select(env, `SELECT ?tier WHERE { <${configuration}> <${PHD}tier> ?tier }`)).toEqual([{ tier: '0' }]);
  expect(countOf(env, `<${configuration}> <${PHD}hasComponent> ?c`)).toBeGreaterThan(0);
  for (const dataset of datasets) {
    expect(select(env, `SELECT ?c WHERE { <${dataset}> <${PHD}acquiredWith> ?c }`)).toEqual([{ c: configuration }]);
  }
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('imaging-phd import ome-xml on real files', () => {
  it('imports the Bio-Formats tubhiswt header (LSIDs, a laser without wavelength) as a first tier-0 version, and its image as a dataset linked to the laser and detectors; again, as nothing new.', () => {
    const env = freshStore('instances only');
    const first = importReal('tubhiswt.ome.xml', env, '--instance', SP8);
    expect(first.status, first.stderr).toBe(0);
    expect(tally(first)).toEqual({ datasets: 1, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''], datasets } = createdIris(first);
    expectVersionAndDatasets(env, configuration, datasets);
    // Stand, laser, PMT, photodiode, objective.
    expect(countOf(env, `<${configuration}> <${PHD}hasComponent> ?c`)).toBe(5);
    expect(select(env, `SELECT ?d WHERE { <${configuration}> <${PHD}validFrom> ?d }`)).toEqual([{ d: '2013-01-15' }]);
    // Each channel's light-source and detector settings point at the configuration's parts.
    expect(countOf(env, `<${datasets[0] ?? ''}> <${PHD}hasSettings> ?channel . ?channel <${PHD}hasSettings> ?s . ?s <${PHD}usesComponent> ?part`)).toBe(4);

    const again = importReal('tubhiswt.ome.xml', env, '--instance', SP8);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    expect(tally(again)).toEqual({ datasets: 0, existing: 1, matched: 1, versions: 0, rejected: 0 });
  });

  it('against the sample data, records the 2013 hardware as a configuration before the first recorded one (2019), revising nothing.', () => {
    const env = freshStore('sample data');
    const result = importReal('tubhiswt.ome.xml', env, '--instance', SP8);
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 1, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''] } = createdIris(result);
    expect(select(env, `SELECT ?from WHERE { <${configuration}> <https://w3id.org/imaging-phd/ns#validFrom> ?from }`)).toEqual([{ from: '2013-01-15' }]);
    expect(select(env, `SELECT ?v WHERE { <${configuration}> <http://www.w3.org/ns/prov#wasRevisionOf> ?v }`)).toEqual([]);
  });

  it('imports a Nikon NIS-Elements export: the Instrument no image uses is left out with a warning, the legacy LightSource form and a padded date are read.', () => {
    const env = freshStore('instances only');
    const result = importReal('seq0000xy01c1.ome.xml', env, '--instance', AXIOVERT);
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 1, existing: 0, matched: 0, versions: 1, rejected: 0 });
    expect(result.stderr).toContain('warning: Instrument Instrument:0 is used by no Image of seq0000xy01c1.ome.xml; it is not imported');
    expect(result.stderr).toContain('warning: Channel Channel:0: PinholeSize="-1.000000" must be greater than 0; left out');
    const { configurations: [configuration = ''], datasets } = createdIris(result);
    expectVersionAndDatasets(env, configuration, datasets);
    expect(select(env, `SELECT ?d WHERE { <${datasets[0] ?? ''}> <http://purl.org/dc/terms/created> ?d }`)).toEqual([{ d: '2021-03-04T15:25:04' }]);
    // Stand, detector, objective and filter of Instrument:1; nothing of Instrument:0.
    expect(countOf(env, `<${configuration}> <${PHD}hasComponent> ?c`)).toBe(4);

    const again = importReal('seq0000xy01c1.ome.xml', env, '--instance', AXIOVERT);
    expect(again.status, again.stderr).toBe(0);
    expect(tally(again)).toEqual({ datasets: 0, existing: 1, matched: 1, versions: 0, rejected: 0 });
  });

  it('imports a Zeiss ZEN overview scan written with the ome: prefix (empty Model and SerialNumber, a bare Objective).', () => {
    const env = freshStore('instances only');
    const result = importReal('OverViewScan.ome.xml', env, '--instance', AXIOVERT);
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 1, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''], datasets } = createdIris(result);
    expectVersionAndDatasets(env, configuration, datasets);
    expect(select(env, `SELECT ?d WHERE { <${datasets[0] ?? ''}> <http://purl.org/dc/terms/created> ?d }`)).toEqual([{ d: '2016-03-11T10:23:44.925154Z' }]);
    const again = importReal('OverViewScan.ome.xml', env, '--instance', AXIOVERT);
    expect(tally(again)).toEqual({ datasets: 0, existing: 1, matched: 1, versions: 0, rejected: 0 });
  });

  it('imports the 2013-06 specification sample (prefixes, BinData, annotations, ROIs; no light source) with a schema warning.', () => {
    const env = freshStore('instances only');
    const result = importReal('transformations-downgrade.ome.xml', env, '--instance', LIMELIGHT);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning: OME schema 2013-06');
    expect(tally(result)).toEqual({ datasets: 1, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''], datasets } = createdIris(result);
    expectVersionAndDatasets(env, configuration, datasets);
    // The untyped detector and the 20.5x objective: a partial description, which tier 0 allows.
    expect(countOf(env, `<${configuration}> <${PHD}hasComponent> ?c`)).toBe(2);
    expect(countOf(env, `<${datasets[0] ?? ''}> <${PHD}hasSettings> ?channel . ?channel a <https://w3id.org/imaging-phd/nbo-q#Channel>`)).toBe(3);
    const again = importReal('transformations-downgrade.ome.xml', env, '--instance', LIMELIGHT);
    expect(tally(again)).toEqual({ datasets: 0, existing: 1, matched: 1, versions: 0, rejected: 0 });
  });

  it('asks for --acquired-on for the Micro-Manager file, then revises the Macred configuration with its camera, one dataset per stage position.', () => {
    const env = freshStore('sample data');
    const undated = importReal('MMStack.ome.xml', env, '--instance', MACRED);
    expect(undated.status).toBe(1);
    expect(undated.stderr).toMatch(/Image Image:0 has no AcquisitionDate: give the date with --acquired-on/);

    const result = importReal('MMStack.ome.xml', env, '--instance', MACRED, '--acquired-on', '2024-03-01');
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 2, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''], datasets } = createdIris(result);
    expect(datasets).toHaveLength(2);
    expectVersionAndDatasets(env, configuration, datasets);
    const [revised] = select(env, `SELECT ?previous WHERE { <${configuration}> <${PROV_REVISION}> ?previous }`);
    expect(revised?.previous).toMatch(/\/id\/configuration\/igc-macred-v1$/);
    expect(select(env, `SELECT ?d WHERE { <${configuration}> <${PHD}validFrom> ?d }`)).toEqual([{ d: '2024-03-01' }]);

    const again = importReal('MMStack.ome.xml', env, '--instance', MACRED, '--acquired-on', '2024-03-01');
    expect(again.status, again.stderr).toBe(0);
    expect(tally(again)).toEqual({ datasets: 0, existing: 2, matched: 1, versions: 0, rejected: 0 });
  });

  it('imports the OME specification filter sample: a filter set with four excitation and two emission filters is stored whole, and a light path keeps order and roles.', () => {
    const env = freshStore('instances only');
    const result = importReal('filter.ome.xml', env, '--instance', SP8);
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 1, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''], datasets: [dataset = ''] } = createdIris(result);
    expectVersionAndDatasets(env, configuration, [dataset]);
    const ids = (property: string) => select(env, `SELECT ?id WHERE { ?set <http://purl.org/dc/terms/identifier> "FilterSet:1" ; <${property}> ?f . ?f <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id`).map((r) => r.id);
    expect(ids(`${PHD}excitationFilter`)).toEqual(['Filter:1', 'Filter:2', 'Filter:3', 'Filter:4']);
    expect(ids(`${PHD}emissionFilter`)).toEqual(['Filter:5', 'Filter:6']);
    const path = select(env, `SELECT ?position ?role ?id WHERE { <${dataset}/channel/1/light-path> <${PHD}pathElement> ?e . ?e <${PHD}pathPosition> ?position ; <${PHD}pathRole> ?role ; <${PHD}usesComponent> ?c . ?c <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?position`);
    expect(path.map((r) => [r.position, r.role?.replace(PHD, ''), r.id])).toEqual([
      ['1', 'ExcitationFilterRole', 'Filter:1'], ['2', 'ExcitationFilterRole', 'Filter:Dichroic:2'], ['3', 'DichroicRole', 'Dichroic:1'], ['4', 'EmissionFilterRole', 'Filter:5'],
    ]);
  });

  it('imports a Zeiss ZEN CZI converted by Bio-Formats 6.6.0, whose filter set holds four emission filters, storing all four in their role.', () => {
    const env = freshStore('instances only');
    const result = importReal('OverViewScan2-aics.ome.xml', env, '--instance', AXIOVERT);
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 2, existing: 0, matched: 0, versions: 1, rejected: 0 });
    const { configurations: [configuration = ''], datasets } = createdIris(result);
    expectVersionAndDatasets(env, configuration, datasets);
    const emission = select(env, `SELECT ?id WHERE { ?set <http://purl.org/dc/terms/identifier> "FilterSet:1" ; <${PHD}emissionFilter> ?f . ?f <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id`);
    expect(emission.map((r) => r.id)).toEqual(['Filter:1', 'Filter:2', 'Filter:3', 'Filter:4']);
    // Its stage label and pixel sizes are mapped; its planes are listed as not mapped.
    expect(countOf(env, `?d <${PHD}hasSettings> ?l . ?l a <https://w3id.org/imaging-phd/nbo-q#StageLabel>`)).toBe(1);
    expect(result.stderr).toMatch(/OverViewScan2-aics\.ome\.xml: not mapped: Image\/Pixels\/Plane \(×2\) — /);
    const again = importReal('OverViewScan2-aics.ome.xml', env, '--instance', AXIOVERT);
    expect(tally(again)).toEqual({ datasets: 0, existing: 2, matched: 1, versions: 0, rejected: 0 });
  });

  it('places the OMERO export, which has no Instrument, with the configuration in effect; without one, rejects it with the reason.', () => {
    const env = freshStore('sample data');
    const result = importReal('transfer.ome.xml', env, '--instance', LIMELIGHT, '--acquired-on', '2023-05-01');
    expect(result.status, result.stderr).toBe(0);
    expect(tally(result)).toEqual({ datasets: 2, existing: 0, matched: 0, versions: 0, rejected: 0 });
    const { configurations, datasets } = createdIris(result);
    expect(configurations).toEqual([]);
    for (const dataset of datasets) {
      const [acquired] = select(env, `SELECT ?c WHERE { <${dataset}> <${PHD}acquiredWith> ?c }`);
      expect(acquired?.c).toMatch(/\/id\/configuration\/igc-limelight-v1$/);
    }
    const again = importReal('transfer.ome.xml', env, '--instance', LIMELIGHT, '--acquired-on', '2023-05-01');
    expect(again.status, again.stderr).toBe(0);
    expect(tally(again)).toEqual({ datasets: 0, existing: 2, matched: 0, versions: 0, rejected: 0 });

    const bare = freshStore('instances only');
    const rejected = importReal('transfer.ome.xml', bare, '--instance', LIMELIGHT, '--acquired-on', '2023-05-01');
    expect(rejected.status).toBe(1);
    expect(rejected.stdout).toBe('');
    expect(rejected.stderr).toMatch(/has no configuration in effect on 2023-05-01 \(it has none yet\), and Image Image:1678 names no Instrument that describes its hardware/);
  });
});

describe('POST /import/ome-xml with real files', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (name: string, query: Record<string, string>) => fetch(`${app.url}/import/ome-xml?${new URLSearchParams(query).toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/xml' },
    body: readFileSync(join(REAL, name)),
  });

  it.each([
    // Acquired before every sample configuration of the instance: recorded as an earlier configuration.
    ['tubhiswt.ome.xml', { instance: SP8 }, 1],
    ['seq0000xy01c1.ome.xml', { instance: AXIOVERT }, 1],
    ['OverViewScan.ome.xml', { instance: AXIOVERT }, 1],
    ['transformations-downgrade.ome.xml', { instance: LIMELIGHT }, 1],
    // Undated, so the date given decides: a new Macred version; the Limelight configuration in effect.
    ['MMStack.ome.xml', { instance: MACRED, acquiredOn: '2024-03-01' }, 2],
    ['transfer.ome.xml', { instance: LIMELIGHT, acquiredOn: '2023-05-01' }, 2],
    // OME specification samples, 2016-06: a filter set with several filters per role; units other than the defaults.
    ['filter.ome.xml', { instance: SP8 }, 1],
    ['instrument-units-alternate.ome.xml', { instance: MACRED }, 1],
  ] as const)('answers %s with %o by 201 and %i dataset(s), never a 5xx.', async (name, query, datasets) => {
    const response = await post(name, query);
    const body = (await response.json()) as { detail?: string; datasets?: unknown[] };
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.datasets).toHaveLength(datasets);
  });

  it('answers a file without --instance and without a matching serial number with 422, saying what to give.', async () => {
    const response = await post('tubhiswt.ome.xml', {});
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'instance-required' });
  });
});
