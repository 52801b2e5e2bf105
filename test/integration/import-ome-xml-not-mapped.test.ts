import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURES } from '../support/rdf-files.js';

/**
 * Nothing dropped in silence, nothing invented (issue 16 item 2): every element and attribute of an
 * OME Instrument or Image is mapped or listed as not mapped, `{path, reason, count?}`, in the HTTP
 * answer and in the records' provenance (one phd:notMapped rdf:JSON list), and as
 * "not mapped: <path> (×n) — <reason>" in the CLI output; a Microscope that is not upright is
 * not written as one; unknown elements are reported, not dropped.
 */

const PHD = 'https://w3id.org/imaging-phd/ns#';
const NBOQ = 'https://w3id.org/imaging-phd/nbo-q#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const SP8 = 'doi:10.5072/phd.ecc.sp8';
const MACRED = 'doi:10.5072/phd.igc.macred';
const REAL = join(FIXTURES, 'ome-xml', 'real');

/** The confocal header of the SP8, with an imaging environment and two things OME 2016-06 does not have. */
const confocalWithExtras = () => readFileSync(join(FIXTURES, 'ome-xml', 'confocal-sp8.ome.xml'), 'utf8')
  .replace('SerialNumber="8412034"', 'SerialNumber="8100000451"')
  .replace('<Pixels ID="Pixels:0"', '<ImagingEnvironment Temperature="37" CO2Percent="0.05" Humidity="0.9" AirPressure="1013"/>\n    <Pixels ID="Pixels:0"')
  .replace('<Detector ID="Detector:0:0"', '<Detector Cooling="-80" ID="Detector:0:0"')
  .replace('<Channel ID="Channel:0:0"', '<Channel Spectral="true" ID="Channel:0:0"');

interface NotMapped {
  path: string;
  reason: string;
  count?: number;
}

interface Answer {
  warnings: string[];
  notMapped: NotMapped[];
  configurations: { iri: string; status: string }[];
  datasets: { iri: string; image: string }[];
}

describe('POST /import/ome-xml: what is not mapped', () => {
  let app: TestApp;
  const post = (body: string | Buffer, query: string) => fetch(`${app.url}/import/ome-xml?${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/xml' }, body,
  });
  const graph = async (iri: string): Promise<N3.Store> => {
    const response = await fetch(`${app.url}/pid/${encodeURIComponent(iri)}`, { headers: { accept: 'text/turtle' } });
    expect(response.status, iri).toBe(200);
    return new N3.Store(new N3.Parser().parse(await response.text()));
  };
  const objects = (store: N3.Store, subject: string, predicate: string) =>
    store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(predicate), null).map((o) => o.value);
  /** A record's phd:notMapped: exactly one rdf:JSON literal, holding the list. */
  const provenance = (store: N3.Store, subject: string): NotMapped[] => {
    const literals = store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(`${PHD}notMapped`), null);
    expect(literals.map((o) => (o.termType === 'Literal' ? o.datatype.value : o.termType))).toEqual([RDF_JSON]);
    return JSON.parse(literals[0]?.value ?? 'null') as NotMapped[];
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists what the SPIM sample holds and no record maps, in the answer and on the records, and does not call its stand upright.', async () => {
    const response = await post(readFileSync(join(REAL, 'spim.ome.xml')), `instance=${encodeURIComponent(MACRED)}`);
    const body = (await response.json()) as Answer;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.notMapped).toEqual(expect.arrayContaining([
      { path: 'Instrument/Microscope@SerialNumber', reason: expect.stringMatching(/^it identifies the instrument instance/) as string },
      { path: 'Instrument/Objective@SerialNumber', count: 2, reason: expect.stringMatching(/^NBO-Q components have no serial number/) as string },
      { path: 'Image/ObjectiveSettings@Medium', count: 4, reason: expect.any(String) as string },
      { path: 'Image/Pixels/Plane', count: expect.any(Number) as number, reason: expect.stringMatching(/^per-plane timing/) as string },
      { path: 'Image/AnnotationRef', count: expect.any(Number) as number, reason: expect.stringMatching(/^annotations are not imported/) as string },
    ]));
    // A path that occurs once has no count; each entry has only these members.
    expect(body.notMapped.find((e) => e.path === 'Instrument/Microscope@SerialNumber')).not.toHaveProperty('count');
    for (const entry of body.notMapped) expect(Object.keys(entry).sort()).toEqual(entry.count === undefined ? ['path', 'reason'] : ['count', 'path', 'reason']);
    expect(body.warnings).toEqual(expect.arrayContaining([expect.stringContaining('Type Other does not say upright or inverted')]));

    const [configuration] = body.configurations;
    const version = await graph(configuration?.iri ?? '');
    const kept = provenance(version, configuration?.iri ?? '');
    expect(kept).toEqual(expect.arrayContaining([
      { path: 'Instrument/Microscope@SerialNumber', reason: expect.stringMatching(/^it identifies the instrument instance/) as string },
      { path: 'Instrument/Objective@SerialNumber', count: 2, reason: expect.any(String) as string },
    ]));
    // Image entries stay with the datasets: the configuration keeps only its Instrument's.
    expect(kept.filter((e) => e.path.startsWith('Image/'))).toEqual([]);
    const stand = `${configuration?.iri ?? ''}/component/Instrument-SpimSampleMicroscope1-Microscope`;
    expect(objects(version, stand, RDF_TYPE)).toEqual([`${NBOQ}MicroscopeStand`]);

    const [first] = body.datasets;
    const dataset = await graph(first?.iri ?? '');
    const own = provenance(dataset, first?.iri ?? '');
    expect(own).toEqual(expect.arrayContaining([{ path: 'Image/ObjectiveSettings@Medium', reason: expect.any(String) as string }]));
    expect(own.filter((e) => e.path.startsWith('Instrument/'))).toEqual([]);
    // The stage label and the pixel sizes are mapped, to NBO-Q terms.
    const label = `${first?.iri ?? ''}/stage-label`;
    expect(objects(dataset, label, RDF_TYPE)).toEqual([`${NBOQ}StageLabel`]);
    expect(objects(dataset, label, 'http://www.w3.org/2000/01/rdf-schema#label')).toEqual(['(1,1) of 1x2']);
    expect(objects(dataset, label, `${NBOQ}xUnits`)).toEqual(['reference frame']);
    expect(objects(dataset, `${first?.iri ?? ''}/pixels`, `${NBOQ}physicalSizeX_um`)).toEqual(['1.0E4']);
  });

  it('imports a file with elements and attributes OME does not define, says so in a warning and lists each, and maps the imaging environment.', async () => {
    const response = await post(confocalWithExtras(), '');
    const body = (await response.json()) as Answer;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^2 elements or attributes the importer does not know were left out \(see "not mapped"\): Instrument\/Detector@Cooling, Image\/Pixels\/Channel@Spectral$/)]));
    expect(body.notMapped).toEqual(expect.arrayContaining([
      { path: 'Instrument/Detector@Cooling', reason: 'Cooling is not an attribute of Detector in the OME schema this importer reads' },
      { path: 'Image/Pixels/Channel@Spectral', reason: 'Spectral is not an attribute of Channel in the OME schema this importer reads' },
      { path: 'Image/ExperimenterRef', count: 2, reason: expect.stringMatching(/^people are linked by ORCID/) as string },
    ]));
    const iri = body.datasets.find((d) => d.image === 'Image:0')?.iri ?? '';
    const dataset = await graph(iri);
    expect(provenance(dataset, iri)).toEqual(expect.arrayContaining([
      { path: 'Image/Pixels/Channel@Spectral', reason: 'Spectral is not an attribute of Channel in the OME schema this importer reads' },
    ]));
    const environment = `${iri}/imaging-environment`;
    expect(objects(dataset, environment, RDF_TYPE)).toEqual([`${NBOQ}ImagingEnvironment`]);
    expect(objects(dataset, environment, `${NBOQ}temperature`)).toEqual(['37']);
    expect(objects(dataset, environment, `${NBOQ}temperatureUnit`)).toEqual(['https://w3id.org/imaging-phd/unit/DEG_C']);
    // OME's fractions become NBO-Q's per cent; 1013 mbar is 1013 hPa.
    expect(objects(dataset, environment, `${NBOQ}co2Percent`)).toEqual(['5']);
    expect(objects(dataset, environment, `${NBOQ}humidity`)).toEqual(['90']);
    expect(objects(dataset, environment, `${NBOQ}airPressure_hPa`)).toEqual(['1.013E3']);
    // OME's own channel values are kept beside NBO-Q's folded illumination type.
    expect(objects(dataset, `${iri}/channel/1`, `${PHD}omeIlluminationType`)).toEqual(['Epifluorescence']);
    expect(objects(dataset, `${iri}/channel/1`, `${PHD}omeAcquisitionMode`)).toEqual(['LaserScanningConfocalMicroscopy']);
  });

  it('answers the Zeiss ZEN CZI header Bio-Formats wrote, a filter set with four emission filters, with 201 and every filter linked.', async () => {
    const response = await post(readFileSync(join(REAL, 'OverViewScan2-aics.ome.xml')), `instance=${encodeURIComponent('hdl:21.t11998/phd-abif-axiovert1')}`);
    const body = (await response.json()) as Answer;
    expect(response.status, JSON.stringify(body).slice(0, 2000)).toBe(201);
    const [configuration] = body.configurations;
    const version = await graph(configuration?.iri ?? '');
    const set = `${configuration?.iri ?? ''}/component/FilterSet-1`;
    expect(objects(version, set, `${PHD}emissionFilter`).sort()).toEqual(['Filter-1', 'Filter-2', 'Filter-3', 'Filter-4'].map((id) => `${configuration?.iri ?? ''}/component/${id}`));
    expect(objects(version, set, `${NBOQ}standardDichroic`)).toEqual([`${configuration?.iri ?? ''}/component/Dichroic-1`]);
  });

  it('stores nothing for a truncated file with an unknown element in it, and says where it ends.', async () => {
    const before = (await (await fetch(`${app.url}/health`)).json()) as { records: number };
    const text = confocalWithExtras();
    const response = await post(text.slice(0, text.indexOf('<Channel Spectral') + 200), `instance=${encodeURIComponent(SP8)}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain('the file looks truncated');
    expect(((await (await fetch(`${app.url}/health`)).json()) as { records: number }).records).toBe(before.records);
  });
});

describe('imaging-phd import ome-xml: what is not mapped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phd-ome-not-mapped-'));
  const env = { PHD_DATA_DIR: join(dir, 'db'), PHD_BASE_URL: 'http://cli.test' };

  beforeAll(() => {
    const loaded = runCli(['load', DATA_DIR], env);
    expect(loaded.status, loaded.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a "not mapped" line per path on stderr and keeps stdout to one PID a line.', () => {
    const result = runCli(['import', 'ome-xml', join(REAL, 'instrument-units-alternate.ome.xml'), '--instance', MACRED], env);
    expect(result.status, result.stderr).toBe(0);
    const source = join(REAL, 'instrument-units-alternate.ome.xml');
    expect(result.stderr).toContain(`${source}: not mapped: Instrument/Filter/TransmittanceRange@CutInTolerance (×4) — NBO-Q describes a pass band by its centre and FWHM bandwidth, with no tolerance of its edges`);
    expect(result.stderr).toContain(`${source}: not mapped: Image/Pixels/Channel@PinholeSize — NBO-Q channels and detector settings have no pinhole size`);
    // A value left out for what it states: the laser's pump is an arc lamp, which NBO-Q cannot link as a pump.
    expect(result.stderr).toContain(`${source}: not mapped: Instrument/Laser/Pump — LightSource:1 is not a laser of this instrument (NBO-Q pumps are lasers)`);
    // A unit goes with its value: no line of its own.
    expect(result.stderr).not.toContain('@CutInToleranceUnit');
    expect(result.stdout.trim().split('\n').every((line) => /^http:\/\/cli\.test\/id\/(configuration|dataset)\/\S+$/.test(line))).toBe(true);
  });
});
