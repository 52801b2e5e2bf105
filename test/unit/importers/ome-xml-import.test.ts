import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHD } from '../../../src/domain/vocabulary.js';
import { ConflictError, UnprocessableError } from '../../../src/errors/phd-error.js';
import { configurationVersions } from '../../../src/importers/configuration-versions.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import { MAX_IMAGES, OmeXmlImporter } from '../../../src/importers/ome-xml-import.js';
import type { OmeImportOptions } from '../../../src/importers/ome-xml-import.js';
import { bulkLoad } from '../../../src/records/bulk-loader.js';
import { RecordService } from '../../../src/records/record-service.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import { FIXTURES } from '../../support/rdf-files.js';

const BASE = 'http://phd.test';
const LIMELIGHT = 'https://doi.org/10.5072/phd.igc.limelight';
const LIMELIGHT_V1 = `${BASE}/id/configuration/igc-limelight-v1`;
const OME = 'xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"';
const PIXELS = '<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels>';

const validator = new RecordValidator();
const mapping = loadNboqMapping();
let dir: string;
let store: SqliteRecordStore;
let importer: OmeXmlImporter;

const options = (extra: Partial<OmeImportOptions> = {}): OmeImportOptions => ({
  source: 'test.ome.xml', principal: { id: 'test', admin: true, facility: undefined }, instance: LIMELIGHT, ...extra,
});

/** An image dated `date`, using `instrument` (by InstrumentRef when given). */
const image = (id: string, date: string, instrument?: string) =>
  `<Image ID="${id}"><AcquisitionDate>${date}</AcquisitionDate>${instrument === undefined ? '' : `<InstrumentRef ID="${instrument}"/>`}${PIXELS}</Image>`;

async function rejection(text: string, extra: Partial<OmeImportOptions> = {}): Promise<Error> {
  try {
    await importer.importDocument(text, options(extra));
  } catch (error) {
    return error as Error;
  }
  throw new Error('the import was not rejected');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phd-ome-import-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  const service = new RecordService({ store, validator, baseUrl: BASE });
  await bulkLoad([DATA_DIR], { service, store, rebaseTo: BASE });
  importer = new OmeXmlImporter({ store, service, baseUrl: BASE, mapping });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OmeXmlImporter on real-world documents', () => {
  it('places images of an empty Instrument (as Bio-Formats writes it) with the configuration in effect, and creates no configuration.', async () => {
    const text = `<OME ${OME}><Instrument ID="Instrument:0"/>${image('Image:0', '2023-05-22T10:00:00', 'Instrument:0')}</OME>`;
    const outcome = await importer.importDocument(text, options());
    expect(outcome.configurations).toEqual([]);
    expect(outcome.datasets).toMatchObject([{ status: 'created', configuration: LIMELIGHT_V1 }]);
    expect(outcome.warnings).toContain('Instrument Instrument:0 names no hardware (no stand, light source, detector, objective or filter); its images are recorded as acquired with the configuration in effect');
    expect(await configurationVersions(store, LIMELIGHT)).toHaveLength(1);
  });

  it('rejects images of an empty Instrument when no configuration is in effect, saying why, and stores nothing.', async () => {
    const text = `<OME ${OME}><Instrument ID="Instrument:0"/>${image('Image:0', '2020-01-01T10:00:00', 'Instrument:0')}</OME>`;
    const before = (await store.list('dataset')).length;
    const error = await rejection(text);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error).toMatchObject({ code: 'no-configuration' });
    expect(error.message).toContain('has no configuration in effect on 2020-01-01 (its first is valid from 2022-09-01), and Image Image:0 names no Instrument that describes its hardware');
    expect(await store.list('dataset')).toHaveLength(before);
    expect(await configurationVersions(store, LIMELIGHT)).toHaveLength(1);
  });

  it('refuses a document whose only Instrument is empty and that has no Image: nothing to import.', async () => {
    const error = await rejection(`<OME ${OME}><Instrument ID="Instrument:0"/></OME>`);
    expect(error).toMatchObject({ code: 'nothing-to-import' });
    expect(error.message).toContain('no Image and no Instrument that names any hardware');
  });

  it('leaves out an Instrument no image uses, instead of refusing two instruments for one instance (NIS-Elements).', async () => {
    const text = readFileSync(join(FIXTURES, 'ome-xml', 'real', 'seq0000xy01c1.ome.xml'), 'utf8').replaceAll('2021-03-04', '2024-03-04');
    const outcome = await importer.importDocument(text, options({ source: 'seq0000xy01c1.ome.xml' }));
    expect(outcome.configurations).toMatchObject([{ instrument: 'Instrument:1', status: 'created', validFrom: '2024-03-04' }]);
    expect(outcome.warnings).toContain('Instrument Instrument:0 is used by no Image of seq0000xy01c1.ome.xml; it is not imported');
    const version = await store.get(outcome.configurations[0]?.iri ?? '');
    expect(version?.ntriples).toContain(`<${PHD.tier}> "0"`);
  });

  it('places an image that names none of several Instruments with the configuration in effect, with a warning.', async () => {
    const text = `<OME ${OME}><Instrument ID="Instrument:0"><Objective ID="Objective:0" NominalMagnification="10"/></Instrument>` +
      `<Instrument ID="Instrument:1"><Objective ID="Objective:1" NominalMagnification="20"/></Instrument>${image('Image:0', '2023-05-22T10:00:00')}</OME>`;
    const outcome = await importer.importDocument(text, options());
    expect(outcome.datasets).toMatchObject([{ configuration: LIMELIGHT_V1 }]);
    expect(outcome.configurations).toEqual([]);
    expect(outcome.warnings).toContain('Image Image:0 names none of the document\'s 2 Instruments (no InstrumentRef); it is recorded as acquired with the configuration in effect');
  });

  it('gives the series of one file one version when each has an Instrument of its own describing the same microscope (Leica LIF).', async () => {
    const series = (n: number) => `<Instrument ID="Instrument:${n}"><Microscope Model="DMI6000-CS" Type="Inverted"/>` +
      `<Laser ID="LightSource:${n}:0" Wavelength="488" Type="Other" LaserMedium="Other"/><Detector ID="Detector:${n}:0" Model="PMT 1" Type="PMT"/>` +
      `<Objective ID="Objective:${n}:0" Immersion="Oil" LensNA="1.4" NominalMagnification="63"/></Instrument>`;
    // Each series' image, with a channel read by that series' detector.
    const seriesImage = (n: number, date: string) => `<Image ID="Image:${n}"><AcquisitionDate>${date}</AcquisitionDate><InstrumentRef ID="Instrument:${n}"/>` +
      `<Pixels ID="Pixels:${n}" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1">` +
      `<Channel ID="Channel:${n}:0"><DetectorSettings ID="Detector:${n}:0" Gain="700"/></Channel><MetadataOnly/></Pixels></Image>`;
    const text = `<OME ${OME}>${series(0)}${series(1)}${series(2)}` +
      `${seriesImage(0, '2024-02-02T09:00:00')}${seriesImage(1, '2024-02-01T15:00:00')}${seriesImage(2, '2024-02-03T11:00:00')}</OME>`;
    const outcome = await importer.importDocument(text, options());
    const created = outcome.configurations.filter((c) => c.status === 'created');
    expect(created).toMatchObject([{ instrument: 'Instrument:1', validFrom: '2024-02-01' }]);
    expect(outcome.configurations.filter((c) => c.status === 'matched').map((c) => c.iri)).toEqual([created[0]?.iri, created[0]?.iri]);
    expect(new Set(outcome.datasets.map((d) => d.configuration))).toEqual(new Set([created[0]?.iri]));
    expect(await configurationVersions(store, LIMELIGHT)).toHaveLength(2);
    // The settings of every series link to the one version's parts.
    const dataset = await store.get(outcome.datasets.find((d) => d.image === 'Image:2')?.iri ?? '');
    expect(dataset?.ntriples).toContain(`<${created[0]?.iri ?? ''}/component/Detector-1-0>`);
  });

  it('refuses two Instruments that describe different hardware for one instance, naming both.', async () => {
    const text = `<OME ${OME}><Instrument ID="Instrument:0"><Objective ID="Objective:0" NominalMagnification="17"/></Instrument>` +
      `<Instrument ID="Instrument:1"><Objective ID="Objective:1" NominalMagnification="83"/></Instrument>` +
      `${image('Image:0', '2024-02-01T09:00:00', 'Instrument:0')}${image('Image:1', '2024-02-01T10:00:00', 'Instrument:1')}</OME>`;
    const error = await rejection(text);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('describes two different instruments for https://doi.org/10.5072/phd.igc.limelight: Instrument Instrument:1 does not match Instrument Instrument:0');
    expect(await configurationVersions(store, LIMELIGHT)).toHaveLength(1);
  });

  it('places images of an empty Instrument on the instance the other Instrument\'s serial number names, when no instance is given.', async () => {
    const text = `<OME ${OME}><Instrument ID="Instrument:0"><Microscope Model="Axio Imager A1" SerialNumber="3524001234" Type="Upright"/>` +
      '<Objective ID="Objective:0" NominalMagnification="17"/></Instrument><Instrument ID="Instrument:1"/>' +
      `${image('Image:0', '2024-02-01T09:00:00', 'Instrument:0')}${image('Image:1', '2024-02-05T09:00:00', 'Instrument:1')}</OME>`;
    const outcome = await importer.importDocument(text, { source: 'serial.ome.xml', principal: { id: 'test', admin: true, facility: undefined } });
    const [created] = outcome.configurations;
    expect(created).toMatchObject({ status: 'created', instance: LIMELIGHT });
    expect(outcome.datasets.map((d) => d.configuration)).toEqual([created?.iri, created?.iri]);
  });

  it('imports an instrument that names only its stand as a one-component version, and finds it again on re-import.', async () => {
    const text = `<OME ${OME}><Instrument ID="Instrument:0"><Microscope Manufacturer="Zeiss" Model="Axio Imager Z2" Type="Upright"/></Instrument>${image('Image:0', '2024-02-01T09:00:00')}</OME>`;
    const first = await importer.importDocument(text, options());
    expect(first.configurations).toMatchObject([{ status: 'created', validFrom: '2024-02-01' }]);
    const second = await importer.importDocument(text, options());
    expect(second.configurations).toMatchObject([{ status: 'matched', iri: first.configurations[0]?.iri }]);
    expect(second.datasets).toMatchObject([{ status: 'existing' }]);
  });

  it('records an instrument imaged before the first version as an earlier configuration, which the first does not revise.', async () => {
    const text = readFileSync(join(FIXTURES, 'ome-xml', 'real', 'tubhiswt.ome.xml'), 'utf8');
    const outcome = await importer.importDocument(text, options());
    expect(outcome.configurations).toMatchObject([{ status: 'created', validFrom: '2013-01-15' }]);
    const versions = await configurationVersions(store, LIMELIGHT);
    expect(versions.map((v) => v.iri)).toEqual([outcome.configurations[0]?.iri, LIMELIGHT_V1]);
    expect(versions[0]?.quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/prov#wasRevisionOf')).toBe(false);
  });

  it('refuses an instrument that contradicts the version in effect when its images were acquired.', async () => {
    // The SP8 had version 1 (2019) in effect in 2020 and version 2 (2022) after it.
    const text = readFileSync(join(FIXTURES, 'ome-xml', 'real', 'tubhiswt.ome.xml'), 'utf8').replace(/2013-01-15/g, '2020-01-15');
    const error = await rejection(text, { instance: 'doi:10.5072/phd.ecc.sp8' });
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/does not match the configuration of .* in effect on 2020-01-15.*cannot be inserted before/);
  });

  it('records an Instrument-only document dated (--acquired-on) before the first version as an earlier configuration.', async () => {
    const text = readFileSync(join(FIXTURES, 'ome-xml', 'confocal-sp8.ome.xml'), 'utf8').replace(/<Image [\s\S]*<\/Image>/, '');
    const outcome = await importer.importDocument(text, options({ acquiredOn: '2020-01-01' }));
    expect(outcome.datasets).toEqual([]);
    expect(outcome.configurations).toMatchObject([{ status: 'created', validFrom: '2020-01-01' }]);
    expect((await configurationVersions(store, LIMELIGHT)).map((v) => v.validFrom)).toEqual(['2020-01-01', '2022-09-01']);
  });

  it('refuses a document with more images than one import takes, storing nothing.', async () => {
    const images = Array.from({ length: MAX_IMAGES + 1 }, (_, i) => image(`Image:${i}`, '2023-05-22T10:00:00')).join('');
    const error = await rejection(`<OME ${OME}>${images}</OME>`);
    expect(error).toMatchObject({ code: 'too-many-images' });
  });

  it('refuses an --acquired-on day that does not exist.', async () => {
    const error = await rejection(`<OME ${OME}>${image('Image:0', '2023-05-22T10:00:00')}</OME>`, { acquiredOn: '2023-02-30' });
    expect(error).toMatchObject({ code: 'bad-date' });
  });
});
