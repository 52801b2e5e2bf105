import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { NBOQ_NS, PHD_NS, PREFIXES, UNIT_NS } from '../../../src/domain/namespaces.js';
import type { ConvertOptions, MicrometaConversion } from '../../../src/importers/micrometa-converter.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import type { NboqMapping } from '../../../src/domain/nbo-q-mapping.js';
import { parseOmeXml } from '../../../src/importers/parse-ome-xml.js';
import type { OmeDocument, OmeImage, OmeInstrument } from '../../../src/importers/ome-document.js';
import { imageToDataset } from '../../../src/importers/image-to-dataset.js';
import { hasConvertibleParts, instrumentToConfiguration } from '../../../src/importers/instrument-to-configuration.js';
import type { OmeConversion } from '../../../src/importers/instrument-to-configuration.js';
import { matchInstrument } from '../../../src/importers/match-instrument.js';
import type { InstrumentMatch } from '../../../src/importers/match-instrument.js';
import { omeComponentIds, omeComponentIris } from '../../../src/importers/ome-component-ids.js';
import { OME_CONVERTER_TERMS } from '../../../src/importers/ome-converter-terms.js';
import { ACQUISITION_MODE, CONTRAST_METHOD, IMMERSION } from '../../../src/importers/ome-enumerations.js';
import { ONTOLOGY_DIR, SHAPES_DIR, readTurtleDir } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import type { ValidationIssue } from '../../../src/validation/validation-report.js';
import { FIXTURES } from '../../support/rdf-files.js';

const { namedNode, quad } = N3.DataFactory;
const BASE = 'https://imaging-phd.example';
const CONFIG = `${BASE}/id/configuration/ome-sp8-v1`;
const WIDEFIELD_CONFIG = `${BASE}/id/configuration/ome-limelight-v1`;
const LIMELIGHT = `${BASE}/id/configuration/igc-limelight-v1`;
const INSTANCE = 'https://doi.org/10.5072/phd.test.sp8';
const RDF_TYPE = `${PREFIXES.rdf}type`;
const nq = (local: string) => `${NBOQ_NS}${local}`;
const phd = (local: string) => `${PHD_NS}${local}`;
const local = (iri: string | undefined) => iri?.replace(/^.*[#/]/, '') ?? '';

let mapping: NboqMapping;
let validator: RecordValidator;
let confocal: OmeDocument;
let widefield: OmeDocument;
let limelight: Quad[];

const read = (name: string) => parseOmeXml(readFileSync(join(FIXTURES, 'ome-xml', name), 'utf8'), name);
const first = <T>(list: readonly T[]): T => {
  const [item] = list;
  if (item === undefined) throw new Error('empty list');
  return item;
};
const options = (configurationIri: string): ConvertOptions => ({ configurationIri, instanceIri: INSTANCE, validFrom: '2023-01-01' });
const objects = (quads: readonly Quad[], subject: string, predicate: string) =>
  quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);

function datasetOf(image: OmeImage, instrument: OmeInstrument, configurationIri: string, componentIri: (id: string) => string | undefined): Quad[] {
  return imageToDataset(image, { datasetIri: `${BASE}/id/dataset/${image.id.replace(/:/g, '-')}`, configurationIri, componentIri, instrument });
}

/**
 * The issues of a record validated as the record service does: with the type triples of what it
 * references, reporting only on the record's own nodes.
 */
async function issuesOf(record: readonly Quad[], context: readonly Quad[], prefix: string, tier?: 1): Promise<readonly ValidationIssue[]> {
  return (await validator.validate([...record, ...context], { owns: (node) => node.startsWith(prefix), ...(tier === undefined ? {} : { tier }) })).issues;
}

/**
 * Tier-1 fields OME-XML has no attribute for (or the fixture does not state), by NBO-Q class: the
 * only issues a converted record may have. Everything else (record shapes, datatypes, enumerations,
 * classes of linked nodes) must hold.
 */
const NOT_IN_OME: Readonly<Record<string, readonly string[]>> = {
  InvertedMicroscopeStand: ['catalogNumber'],
  UprightMicroscopeStand: ['catalogNumber'],
  Fluorescence_LightSource_Laser: ['catalogNumber', 'modulationMechanism'],
  Fluorescence_LightSource_LightEmittingDiode: ['catalogNumber', 'ledModule'],
  Transmitted_LightSource_Filament: ['catalogNumber'],
  PhotoMultiplierTube: ['catalogNumber', 'coating'],
  HybridPhotoDetector: ['catalogNumber', 'coating'],
  CMOS: ['catalogNumber', 'pixelWidth', 'pixelHeight'],
  Objective: ['catalogNumber', 'infinityCorrected', 'contrastModulation', 'dic'],
  ExcitationFilter: ['catalogNumber', 'coatingMethod', 'lightPathLocation'],
  EmissionFilter: ['catalogNumber', 'coatingMethod', 'lightPathLocation'],
  // A long-pass filter has one edge: no centre and bandwidth to write.
  GenericFilter: ['catalogNumber', 'coatingMethod', 'lightPathLocation', 'transmittanceRange'],
  // OME describes a dichroic by manufacturer and model only.
  StandardDichroic: ['catalogNumber', 'type', 'coatingMethod', 'lightPathLocation', 'transmittanceRange'],
  FilterCube: ['catalogNumber'],
  PointDetectorSettings: ['amplificationGain', 'voltage'],
  CameraSettings: ['amplificationGain', 'sensorExposureMode'],
};

function unexpected(issues: readonly ValidationIssue[], quads: readonly Quad[]): ValidationIssue[] {
  return issues.filter((issue) => {
    const classes = objects(quads, issue.focusNode, RDF_TYPE).map(local);
    const allowed = classes.some((c) => NOT_IN_OME[c]?.includes(local(issue.path)));
    return !(allowed && issue.message.includes('is required at tier 1') && issue.severity === 'Violation');
  });
}

beforeAll(() => {
  mapping = loadNboqMapping();
  validator = new RecordValidator();
  confocal = read('confocal-sp8.ome.xml');
  widefield = read('widefield-limelight.ome.xml');
  limelight = new N3.Parser({ format: 'Turtle' }).parse(readFileSync(join(FIXTURES, '../../data/configuration-igc-limelight.ttl'), 'utf8'));
});

describe('instrumentToConfiguration', () => {
  it('has the public signature of the Micro-Meta App converter, and lists the values it left out.', () => {
    expectTypeOf(instrumentToConfiguration).parameters.toEqualTypeOf<[OmeInstrument, NboqMapping, ConvertOptions]>();
    expectTypeOf(instrumentToConfiguration).returns.toEqualTypeOf<OmeConversion>();
    expectTypeOf(instrumentToConfiguration).returns.toExtend<MicrometaConversion>();
    expectTypeOf(matchInstrument).returns.toEqualTypeOf<InstrumentMatch>();
  });

  it('types each OME element with its NBO-Q class, named by an IRI-safe ID under the configuration.', () => {
    const { quads } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    const typeOf = (id: string) => objects(quads, `${CONFIG}/component/${id}`, RDF_TYPE).map(local);
    expect(typeOf('Instrument-0-Microscope')).toEqual(['InvertedMicroscopeStand']);
    expect(typeOf('LightSource-0-0')).toEqual(['Fluorescence_LightSource_Laser']);
    expect(typeOf('Detector-0-0')).toEqual(['PhotoMultiplierTube']);
    expect(typeOf('Detector-0-1')).toEqual(['HybridPhotoDetector']);
    expect(typeOf('Objective-0-0')).toEqual(['Objective']);
    expect(typeOf('Filter-0-0')).toEqual(['ExcitationFilter']);
    expect(typeOf('Filter-0-1')).toEqual(['EmissionFilter']);
    expect(typeOf('Filter-0-2')).toEqual(['GenericFilter']);
    expect(typeOf('Dichroic-0-0')).toEqual(['StandardDichroic']);
    expect(typeOf('FilterSet-0-0')).toEqual(['FilterCube']);
    expect(objects(quads, CONFIG, phd('hasComponent'))).toHaveLength(13);
    expect(objects(quads, INSTANCE, phd('hasConfiguration'))).toEqual([CONFIG]);
  });

  it('keeps the OME ID of each component as its dcterms:identifier.', () => {
    const { quads } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    expect(objects(quads, `${CONFIG}/component/Objective-0-0`, `${PREFIXES.dcterms}identifier`)).toEqual(['Objective:0:0']);
    expect(objects(quads, `${CONFIG}/component/Instrument-0-Microscope`, `${PREFIXES.dcterms}identifier`)).toEqual(['Instrument:0/Microscope']);
    expect(objects(quads, CONFIG, phd('sourceIdentifier'))).toEqual(['Instrument:0']);
  });

  it('fills names and enumerations the NBO-Q way (stand type, immersion, laser type, pulse).', () => {
    const { quads } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    expect(objects(quads, CONFIG, `${PREFIXES.rdfs}label`)).toEqual(['Leica Microsystems DMi8']);
    expect(objects(quads, `${CONFIG}/component/Instrument-0-Microscope`, nq('type'))).toEqual(['Compound']);
    expect(objects(quads, `${CONFIG}/component/Objective-0-0`, nq('immersionType'))).toEqual(['Mineral Oil']);
    expect(objects(quads, `${CONFIG}/component/LightSource-0-0`, nq('type'))).toEqual(['SemiconductorLaserDiode']);
    expect(objects(quads, `${CONFIG}/component/LightSource-0-0`, nq('pulse'))).toEqual(['false']);
    expect(objects(quads, `${CONFIG}/component/FilterSet-0-0`, nq('excitationFilter'))).toEqual([`${CONFIG}/component/Filter-0-0`]);
    expect(objects(quads, `${CONFIG}/component/FilterSet-0-0`, nq('standardDichroic'))).toEqual([`${CONFIG}/component/Dichroic-0-0`]);
  });

  it('honours working-distance units: mm as given, and the µm default when no unit is written.', () => {
    const { quads } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    const objective = (id: string) => ({
      value: objects(quads, `${CONFIG}/component/${id}`, nq('workingDistance')),
      unit: objects(quads, `${CONFIG}/component/${id}`, nq('workingDistanceUnit')),
      mm: objects(quads, `${CONFIG}/component/${id}`, nq('workingDistance_mm')),
    });
    expect(objective('Objective-0-0')).toEqual({ value: ['0.14'], unit: [`${UNIT_NS}MilliM`], mm: ['1.4E-1'] });
    expect(objective('Objective-0-1')).toEqual({ value: ['620'], unit: [`${UNIT_NS}MicroM`], mm: ['6.2E-1'] });
  });

  it('honours power units: 0.02 W and 20 mW are the same 20 mW, and wavelengths are kept in nm.', () => {
    const { quads } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    const range = (id: string) => `${CONFIG}/component/${id}/illuminationWavelengthRange/1`;
    expect(objects(quads, range('LightSource-0-2'), nq('illuminationPowerUnit'))).toEqual([`${UNIT_NS}W`]);
    expect(objects(quads, range('LightSource-0-2'), nq('illuminationPower_mW'))).toEqual(['2.0E1']);
    expect(objects(quads, range('LightSource-0-1'), nq('illuminationPowerUnit'))).toEqual([`${UNIT_NS}MilliW`]);
    expect(objects(quads, range('LightSource-0-1'), nq('illuminationPower_mW'))).toEqual(['2.0E1']);
    expect(objects(quads, range('LightSource-0-1'), nq('peakWavelength_nm'))).toEqual(['4.88E2']);
  });

  it('writes a filter pass band as NBO-Q centre and bandwidth, and says what it could not place.', () => {
    const { quads, warnings } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    const band = `${CONFIG}/component/Filter-0-1/transmittanceRange/1`;
    expect(objects(quads, band, nq('wavelength_nm'))).toEqual(['5.25E2']);
    expect(objects(quads, band, nq('fwhmBandwidth_nm'))).toEqual(['5.0E1']);
    // SerialNumber and FilterWheel are never mapped: the parser's walk lists them (OmeDocument.notMapped).
    expect(warnings).toEqual([expect.stringContaining('Filter:0:2: a band with only a CutIn edge')]);
    // A value left out for what it is is listed too, with its path.
    expect(instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG)).notMapped).toEqual([
      { path: 'Instrument/Filter/TransmittanceRange', reason: 'a band with only a CutIn edge cannot be written as NBO-Q centre and bandwidth' },
    ]);
    expect(confocal.notMapped.map((n) => n.path)).toEqual(expect.arrayContaining(['Instrument/Microscope@SerialNumber', 'Instrument/Filter@FilterWheel']));
  });

  it('declares tier 0 and conforms at it; held to tier 1, it lacks only facts OME-XML does not record.', async () => {
    for (const [doc, iri] of [[confocal, CONFIG], [widefield, WIDEFIELD_CONFIG]] as const) {
      const { quads, tier } = instrumentToConfiguration(first(doc.instruments), mapping, options(iri));
      expect(tier).toBe(0);
      const context = [quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(phd('InstrumentInstance')))];
      expect(await issuesOf(quads, context, iri)).toEqual([]);
      const atTier1 = await issuesOf(quads, context, iri, 1);
      expect(unexpected(atTier1, quads), iri).toEqual([]);
      expect(atTier1.some((i) => local(i.path) === 'catalogNumber')).toBe(true);
    }
  });

  it('uses only terms the ontology defines, and only enumeration values the shapes allow.', () => {
    const ontology = new N3.Store(readTurtleDir(ONTOLOGY_DIR));
    const defined = new Set(ontology.getSubjects(namedNode(RDF_TYPE), null, null).map((s) => s.value));
    const { quads } = instrumentToConfiguration(first(confocal.instruments), mapping, options(CONFIG));
    const image = first(confocal.images);
    const dataset = datasetOf(image, first(confocal.instruments), CONFIG, (id) => omeComponentIris(first(confocal.instruments), CONFIG).get(id));
    const used = new Set([...quads, ...dataset].flatMap((q) => (q.predicate.value === RDF_TYPE ? [q.object.value] : [q.predicate.value])));
    used.delete(RDF_TYPE);
    expect([...used, ...OME_CONVERTER_TERMS].filter((t) => !defined.has(t))).toEqual([]);

    const shapes = new N3.Store(readTurtleDir(SHAPES_DIR, (name) => name === 'nbo-q.ttl'));
    const allowedValues = (path: string) => {
      const values = new Set<string>();
      for (const node of shapes.getSubjects(namedNode(`${PREFIXES.sh}path`), namedNode(nq(path)), null)) {
        for (let list = shapes.getObjects(node, namedNode(`${PREFIXES.sh}in`), null)[0]; list !== undefined && list.value !== `${PREFIXES.rdf}nil`;
          list = shapes.getObjects(list, namedNode(`${PREFIXES.rdf}rest`), null)[0]) {
          const value = shapes.getObjects(list, namedNode(`${PREFIXES.rdf}first`), null)[0];
          if (value !== undefined) values.add(value.value);
        }
      }
      return values;
    };
    for (const [path, table] of [['immersionType', IMMERSION], ['contrastMethod', CONTRAST_METHOD], ['illuminationType', ACQUISITION_MODE]] as const) {
      const allowed = allowedValues(path);
      expect(Object.values(table).filter((v) => !allowed.has(v)), path).toEqual([]);
    }
  });

  it('picks the NBO-Q detector class from the OME detector Type, and links a pumped laser to its pump.', () => {
    const instrument: OmeInstrument = {
      id: 'Instrument:1', objectives: [], filterSets: [], filters: [], dichroics: [],
      microscope: { type: 'Dissection', model: 'SMZ18' },
      detectors: [
        { id: 'Detector:1:0', type: 'EMCCD' }, { id: 'Detector:1:1', type: 'APD' }, { id: 'Detector:1:2', type: 'IntensifiedCCD' },
        { id: 'Detector:1:3', type: 'Spectroscopy' }, { id: 'Detector:1:4', type: 'CMOS', gain: 2 },
      ],
      lightSources: [
        { id: 'LightSource:1:0', kind: 'Laser', type: 'SolidState', laserMedium: 'TiSapphire', pumpId: 'LightSource:1:1', pulse: 'ModeLocked', repetitionRate: { value: 80, unit: 'MHz' } },
        { id: 'LightSource:1:1', kind: 'Laser', type: 'SolidState', laserMedium: 'NdYAG', wavelength: { value: 532, unit: 'nm' } },
        { id: 'LightSource:1:2', kind: 'Filament', type: 'Incandescent' },
      ],
    };
    const iri = `${BASE}/id/configuration/ome-test-v1`;
    const { quads, warnings } = instrumentToConfiguration(instrument, mapping, options(iri));
    const c = (id: string) => `${iri}/component/${id}`;
    // A dissection microscope is not written as an upright stand: NBO-Q's superclass claims no orientation.
    expect(objects(quads, c('Instrument-1-Microscope'), RDF_TYPE)).toEqual([nq('MicroscopeStand')]);
    expect(objects(quads, c('Instrument-1-Microscope'), nq('type'))).toEqual(['Dissection']);
    expect(objects(quads, c('Detector-1-0'), RDF_TYPE)).toEqual([nq('CCD')]);
    expect(objects(quads, c('Detector-1-0'), nq('type'))).toEqual(['EMCCD']);
    expect(objects(quads, c('Detector-1-1'), RDF_TYPE)).toEqual([nq('PhotoDiode')]);
    expect(objects(quads, c('Detector-1-1'), nq('avalanche'))).toEqual(['true']);
    expect(objects(quads, c('Detector-1-2'), RDF_TYPE)).toEqual([nq('IntensifiedCamera')]);
    expect(objects(quads, c('Detector-1-3'), RDF_TYPE)).toEqual([nq('GenericDetector')]);
    expect(objects(quads, c('LightSource-1-0'), nq('pump'))).toEqual([c('LightSource-1-1')]);
    expect(objects(quads, c('LightSource-1-0'), nq('pulse'))).toEqual(['true']);
    expect(objects(quads, c('LightSource-1-0'), nq('repetitionRate_Hz'))).toEqual(['8.0E7']);
    expect(objects(quads, c('LightSource-1-1'), nq('isPump'))).toEqual(['true']);
    expect(objects(quads, c('LightSource-1-2'), RDF_TYPE)).toEqual([nq('Transmitted_LightSource_Filament')]);
    expect(objects(quads, c('LightSource-1-2'), nq('type'))).toEqual(['Standard']);
    expect(warnings).toEqual([
      expect.stringContaining('Type Dissection does not say upright or inverted'),
      expect.stringContaining('Type Spectroscopy has no NBO-Q detector class'),
    ]);
  });

  it('gives stable IRI-safe IDs and resolves collisions.', () => {
    const instrument: OmeInstrument = {
      id: 'Instrument:0', lightSources: [], detectors: [], filterSets: [], filters: [], dichroics: [],
      objectives: [{ id: 'Objective:0:0' }, { id: 'Objective-0-0' }, { id: 'urn:lsid:example.org:Objective:7' }],
    };
    expect([...omeComponentIds(instrument).values()]).toEqual(['Objective-0-0', 'Objective-0-0-2', 'urn-lsid-example.org-Objective-7']);
  });

  it('never makes an ID an empty, "." or ".." path segment, which URL parsers would drop or climb.', () => {
    const instrument: OmeInstrument = {
      id: 'Instrument:0', lightSources: [], detectors: [], filterSets: [], filters: [], dichroics: [],
      objectives: [{ id: '..' }, { id: '.' }, { id: '' }, { id: '...' }],
    };
    expect([...omeComponentIds(instrument).values()]).toEqual(['id-..', 'id-.', 'id-', '...']);
  });
});

describe('imageToDataset', () => {
  const sp8Iris = () => omeComponentIris(first(confocal.instruments), CONFIG);

  it('writes a dataset acquired with the configuration, titled and dated from the image.', () => {
    const image = first(confocal.images);
    const quads = datasetOf(image, first(confocal.instruments), CONFIG, (id) => sp8Iris().get(id));
    const dataset = `${BASE}/id/dataset/Image-0`;
    expect(objects(quads, dataset, RDF_TYPE)).toEqual([phd('Dataset')]);
    expect(objects(quads, dataset, `${PREFIXES.dcterms}title`)).toEqual(['HeLa_mito_63x_01']);
    const created = quads.find((q) => q.subject.value === dataset && q.predicate.value === `${PREFIXES.dcterms}created`);
    expect(created?.object.value).toBe('2023-02-14T10:30:00');
    expect(created?.object.termType === 'Literal' ? created.object.datatype.value : '').toBe(`${PREFIXES.xsd}dateTime`);
    expect(objects(quads, dataset, phd('acquiredWith'))).toEqual([CONFIG]);
    expect(objects(quads, dataset, `${PREFIXES.dcterms}description`)).toEqual([expect.stringMatching(/^HeLa cells/)]);
  });

  it('falls back to the given title and date when the image has neither, and leaves the date out when nobody knows it.', () => {
    const bare: OmeImage = { id: 'Image:7', channels: [] };
    const withFallbacks = imageToDataset(bare, { datasetIri: `${BASE}/id/dataset/x`, configurationIri: CONFIG, componentIri: () => undefined, title: 'cells.ome.tif', created: '2024-03-01' });
    expect(objects(withFallbacks, `${BASE}/id/dataset/x`, `${PREFIXES.dcterms}title`)).toEqual(['cells.ome.tif']);
    expect(withFallbacks.find((q) => q.predicate.value === `${PREFIXES.dcterms}created`)?.object).toMatchObject({ value: '2024-03-01', datatype: { value: `${PREFIXES.xsd}date` } });
    const without = imageToDataset(bare, { datasetIri: `${BASE}/id/dataset/x`, configurationIri: CONFIG, componentIri: () => undefined });
    expect(objects(without, `${BASE}/id/dataset/x`, `${PREFIXES.dcterms}title`)).toEqual(['OME image Image:7']);
    expect(objects(without, `${BASE}/id/dataset/x`, `${PREFIXES.dcterms}created`)).toEqual([]);
  });

  it('links each channel\'s settings to the right components of the configuration.', () => {
    const quads = datasetOf(first(confocal.images), first(confocal.instruments), CONFIG, (id) => sp8Iris().get(id));
    const dataset = `${BASE}/id/dataset/Image-0`;
    const channel = `${dataset}/channel/2`;
    const component = (id: string) => `${CONFIG}/component/${id}`;
    expect(objects(quads, dataset, phd('hasSettings'))).toEqual([`${dataset}/objective-settings`, `${dataset}/pixels`, `${dataset}/channel/1`, channel]);
    expect(objects(quads, `${dataset}/objective-settings`, phd('usesComponent'))).toEqual([component('Objective-0-0')]);
    expect(objects(quads, `${channel}/light-source-settings`, phd('usesComponent'))).toEqual([component('LightSource-0-1')]);
    expect(objects(quads, `${channel}/detector-settings`, phd('usesComponent'))).toEqual([component('Detector-0-1')]);
    expect(objects(quads, channel, phd('usesComponent'))).toEqual([component('FilterSet-0-0')]);
    // The light path keeps each element's component, role and place.
    const path = `${channel}/light-path`;
    expect(objects(quads, channel, phd('hasSettings'))).toContain(path);
    expect(objects(quads, path, RDF_TYPE)).toEqual([`${NBOQ_NS}LightPath`]);
    const elements = objects(quads, path, phd('pathElement'));
    expect(elements).toEqual([1, 2, 3].map((n) => `${path}/${n}`));
    expect(elements.map((e) => [objects(quads, e, phd('pathPosition'))[0], objects(quads, e, phd('pathRole'))[0], objects(quads, e, phd('usesComponent'))[0]])).toEqual([
      ['1', phd('ExcitationFilterRole'), component('Filter-0-0')],
      ['2', phd('DichroicRole'), component('Dichroic-0-0')],
      ['3', phd('EmissionFilterRole'), component('Filter-0-1')],
    ]);
    expect(objects(quads, `${dataset}/channel/1/detector-settings`, phd('usesComponent'))).toEqual([component('Detector-0-0')]);
  });

  it('types the settings with the NBO-Q settings classes and uses NBO-Q properties with units and canonical values.', () => {
    const quads = datasetOf(first(confocal.images), first(confocal.instruments), CONFIG, (id) => sp8Iris().get(id));
    const channel = `${BASE}/id/dataset/Image-0/channel/2`;
    expect(objects(quads, channel, RDF_TYPE)).toEqual([nq('Channel')]);
    expect(objects(quads, channel, `${PREFIXES.rdfs}label`)).toEqual(['MitoTracker Green']);
    expect(objects(quads, channel, nq('illuminationType'))).toEqual(['Confocal_Fluorescence_single-spot-raster-scan']);
    expect(objects(quads, channel, nq('contrastMethod'))).toEqual(['Fluorescence']);
    const fluorophore = `${channel}/fluorophore`;
    expect(objects(quads, fluorophore, RDF_TYPE)).toEqual([nq('Fluorophore')]);
    // 0.488 µm in the file: kept as given, normalised to nm.
    expect(objects(quads, fluorophore, nq('excitationWavelength'))).toEqual(['0.488']);
    expect(objects(quads, fluorophore, nq('excitationWavelengthUnit'))).toEqual([`${UNIT_NS}MicroM`]);
    expect(objects(quads, fluorophore, nq('excitationWavelength_nm'))).toEqual(['4.88E2']);
    expect(objects(quads, `${channel}/light-source-settings`, RDF_TYPE)).toEqual([nq('LightSourceSettings')]);
    expect(objects(quads, `${channel}/light-source-settings`, nq('illuminationPowerSettings'))).toEqual(['10']);
    expect(objects(quads, `${channel}/detector-settings`, RDF_TYPE)).toEqual([nq('PointDetectorSettings')]);
    expect(objects(quads, `${channel}/detector-settings`, nq('effectiveBitDepth'))).toEqual(['12bit']);
    expect(objects(quads, `${BASE}/id/dataset/Image-0/channel/1/detector-settings`, nq('voltage_V'))).toEqual(['6.5E2']);
    expect(objects(quads, `${BASE}/id/dataset/Image-0/objective-settings`, nq('measuredRefractiveIndex'))).toEqual(['1.518']);

    const camera = datasetOf(first(widefield.images), first(widefield.instruments), WIDEFIELD_CONFIG, () => undefined);
    const settings = `${BASE}/id/dataset/Image-0/channel/1/detector-settings`;
    expect(objects(camera, settings, RDF_TYPE)).toEqual([nq('CameraSettings')]);
    expect(objects(camera, settings, nq('binning'))).toEqual(['1x1']);
    expect(objects(camera, settings, nq('pixelReadOutRate_Hz'))).toEqual(['2.723E8']);
    expect(objects(camera, `${BASE}/id/dataset/Image-0/channel/1`, nq('illuminationType'))).toEqual(['Wide-field_Fluorescence']);
  });

  it('describes a transmitted-light channel of a confocal by its contrast method.', () => {
    const quads = datasetOf(first(confocal.images.slice(1)), first(confocal.instruments), CONFIG, (id) => sp8Iris().get(id));
    expect(objects(quads, `${BASE}/id/dataset/Image-1/channel/3`, nq('illuminationType'))).toEqual(['Transmitted_Bright-field']);
  });

  it('produces datasets that pass the Dataset shape with the configuration and component types they reference.', async () => {
    const instrument = first(confocal.instruments);
    const configuration = instrumentToConfiguration(instrument, mapping, options(CONFIG)).quads;
    const types = configuration.filter((q) => q.predicate.value === RDF_TYPE);
    for (const image of confocal.images) {
      const quads = datasetOf(image, instrument, CONFIG, (id) => sp8Iris().get(id));
      // A dataset's settings make no completeness claim: only record and value shapes apply.
      expect(await issuesOf(quads, types, `${BASE}/id/dataset/`), image.id).toEqual([]);
    }
  });
});

describe('matchInstrument', () => {
  it('matches the widefield instrument to the sample Limelight configuration, part by part.', () => {
    const result = matchInstrument(first(widefield.instruments), { iri: LIMELIGHT, quads: limelight }, mapping);
    expect(result.differences).toEqual([]);
    expect(result.matched).toBe(true);
    const component = (uuid: string) => `${LIMELIGHT}/component/${uuid}`;
    expect(Object.fromEntries(result.componentIris)).toEqual({
      'Instrument:0/Microscope': component('02db2245-3399-4486-8a40-748a6fea9843'),
      'Objective:0:0': component('f40da5e7-7f3f-41fc-867c-c3039c22530f'),
      'Objective:0:1': component('f6681c9f-aeef-484b-b189-140816ecd7a5'),
      'LightSource:0:0': component('99f26ad1-f1a6-462a-ba18-cbb95bada937'),
      'LightSource:0:1': component('258f9072-43ef-4b6f-941e-4b470a155760'),
      'Detector:0:0': component('66315d06-994d-4552-b092-1cfa5d044258'),
      'Filter:0:0': component('79a2fd78-1ec8-45c2-a953-b432829ace96'),
      'Filter:0:1': component('57e37f4e-165a-4681-bbe3-1fb905fdfc09'),
      'Dichroic:0:0': component('efdc9b56-fc41-45d8-9877-7937826567f4'),
    });
  });

  it('lets a dataset of the widefield image link to the Limelight\'s own components, and conform.', async () => {
    const instrument = first(widefield.instruments);
    const { componentIris } = matchInstrument(instrument, { iri: LIMELIGHT, quads: limelight }, mapping);
    const quads = datasetOf(first(widefield.images), instrument, LIMELIGHT, (id) => componentIris.get(id));
    const channel = `${BASE}/id/dataset/Image-0/channel/1`;
    expect(objects(quads, `${channel}/light-source-settings`, phd('usesComponent'))).toEqual([`${LIMELIGHT}/component/99f26ad1-f1a6-462a-ba18-cbb95bada937`]);
    expect(objects(quads, `${channel}/detector-settings`, phd('usesComponent'))).toEqual([`${LIMELIGHT}/component/66315d06-994d-4552-b092-1cfa5d044258`]);
    const types = limelight.filter((q) => q.predicate.value === RDF_TYPE);
    expect(await issuesOf(quads, types, `${BASE}/id/dataset/`)).toEqual([]);
  });

  it('does not match the confocal instrument to the Limelight, and says what is missing.', () => {
    const result = matchInstrument(first(confocal.instruments), { iri: LIMELIGHT, quads: limelight }, mapping);
    expect(result.matched).toBe(false);
    // The Limelight has a 63x/1.4 oil objective too; the rest is not there.
    expect(result.componentIris.get('Objective:0:0')).toBe(`${LIMELIGHT}/component/f6681c9f-aeef-484b-b189-140816ecd7a5`);
    expect(result.differences).toEqual([
      `objective 20x/0.75 Air (Objective:0:1) not in configuration ${LIMELIGHT}`,
      `light source Laser 405 nm "Diode 405" (LightSource:0:0) not in configuration ${LIMELIGHT}`,
      `light source Laser 488 nm "OPSL 488" (LightSource:0:1) not in configuration ${LIMELIGHT}`,
      `light source Laser 561 nm "DPSS 561" (LightSource:0:2) not in configuration ${LIMELIGHT}`,
      `detector PhotoMultiplierTube "PMT 1" (Detector:0:0) not in configuration ${LIMELIGHT}`,
      `detector HybridPhotoDetector "HyD SMD 2" (Detector:0:1) not in configuration ${LIMELIGHT}`,
    ]);
  });

  it('matches an instrument to the configuration converted from it, laser wavelengths compared in nm.', () => {
    const instrument = first(confocal.instruments);
    const { quads } = instrumentToConfiguration(instrument, mapping, options(CONFIG));
    const result = matchInstrument(instrument, { iri: CONFIG, quads }, mapping);
    expect(result.differences).toEqual([]);
    expect(result.componentIris).toEqual(omeComponentIris(instrument, CONFIG));
    // A laser 2 nm off is another laser.
    const shifted: OmeInstrument = {
      ...instrument,
      lightSources: instrument.lightSources.map((s) => (s.id === 'LightSource:0:1' ? { ...s, wavelength: { value: 0.49, unit: 'µm' } } : s)),
    };
    expect(matchInstrument(shifted, { iri: CONFIG, quads }, mapping).differences).toEqual([
      `light source Laser 490 nm "OPSL 488" (LightSource:0:1) not in configuration ${CONFIG}`,
    ]);
  });

  it('compares objectives by magnification, NA and immersion.', () => {
    const instrument = first(widefield.instruments);
    const changed: OmeInstrument = {
      ...instrument,
      objectives: instrument.objectives.map((o) => (o.id === 'Objective:0:1' ? { ...o, immersion: 'Water' } : o)),
    };
    const result = matchInstrument(changed, { iri: LIMELIGHT, quads: limelight }, mapping);
    expect(result.matched).toBe(false);
    expect(result.differences).toEqual([`objective 63x/1.40 Water (Objective:0:1) not in configuration ${LIMELIGHT}`]);
  });
});

/** Every real file with an Instrument (transfer.ome.xml has none). */
const REAL_FILES = [
  'seq0000xy01c1.ome.xml', 'OverViewScan.ome.xml', 'MMStack.ome.xml', 'tubhiswt.ome.xml', 'transformations-downgrade.ome.xml',
  'filter.ome.xml', 'instrument-units-alternate.ome.xml', 'spim.ome.xml', 'OverViewScan2-aics.ome.xml',
];

describe('instruments of real OME-XML files', () => {
  const realDoc = (name: string) => parseOmeXml(readFileSync(join(FIXTURES, 'ome-xml', 'real', name), 'utf8'), name);
  const bare = (parts: Partial<OmeInstrument>): OmeInstrument => ({
    id: 'Instrument:0', lightSources: [], detectors: [], objectives: [], filterSets: [], filters: [], dichroics: [], ...parts,
  });

  it('tells an instrument that names hardware from the empty one Bio-Formats writes for many formats.', () => {
    expect(hasConvertibleParts(bare({}))).toBe(false);
    expect(hasConvertibleParts(bare({ microscope: {} }))).toBe(true);
    expect(hasConvertibleParts(bare({ filters: [{ id: 'Filter:0' }] }))).toBe(true);
    expect(realDoc('transformations-downgrade.ome.xml').instruments.every(hasConvertibleParts)).toBe(true);
  });

  it('converts each real instrument into a tier-0 configuration that conforms, whatever parts it lacks.', async () => {
    for (const name of REAL_FILES) {
      for (const instrument of realDoc(name).instruments) {
        const iri = `${BASE}/id/configuration/${name.replace(/\W/g, '-')}-${instrument.id.replace(/\W/g, '-')}`;
        const { quads, tier } = instrumentToConfiguration(instrument, mapping, options(iri));
        expect(tier, name).toBe(0);
        expect(objects(quads, iri, phd('hasComponent')).length, name).toBeGreaterThan(0);
        const context = [quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(phd('InstrumentInstance')))];
        expect(await issuesOf(quads, context, iri), `${name} ${instrument.id}`).toEqual([]);
        // Converted back, it describes the instrument it came from: a re-import finds it.
        expect(matchInstrument(instrument, { iri, quads }, mapping).differences, name).toEqual([]);
      }
    }
  });

  it('keeps every filter of a filter set with several per role (the OME specification sample), in its role, and conforms.', async () => {
    const instrument = first(realDoc('filter.ome.xml').instruments);
    const { quads } = instrumentToConfiguration(instrument, mapping, options(CONFIG));
    const component = (id: string) => `${CONFIG}/component/${id}`;
    const set = component('FilterSet-1');
    // NBO-Q's FilterCube takes one filter per role; the four excitation and two emission filters are phd: links.
    expect(objects(quads, set, `${NBOQ_NS}excitationFilter`)).toEqual([]);
    expect(objects(quads, set, phd('excitationFilter'))).toEqual(['Filter-1', 'Filter-2', 'Filter-3', 'Filter-4'].map(component));
    expect(objects(quads, set, phd('emissionFilter'))).toEqual(['Filter-5', 'Filter-6'].map(component));
    expect(objects(quads, set, `${NBOQ_NS}standardDichroic`)).toEqual([component('Dichroic-1')]);
    const context = [quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(phd('InstrumentInstance')))];
    expect(await issuesOf(quads, context, CONFIG)).toEqual([]);
    // A set with one filter per role keeps NBO-Q's own terms.
    const single = first(realDoc('instrument-units-alternate.ome.xml').instruments);
    const one = instrumentToConfiguration(single, mapping, options(CONFIG)).quads;
    expect(objects(one, component('FilterSet-0'), `${NBOQ_NS}excitationFilter`)).toEqual([component('Filter-0')]);
    expect(objects(one, component('FilterSet-0'), phd('excitationFilter'))).toEqual([]);
  });

  it('keeps the order and role of every element of a channel light path, a filter of type Dichroic among the excitation filters.', () => {
    const doc = realDoc('filter.ome.xml');
    const instrument = first(doc.instruments);
    const iris = omeComponentIris(instrument, CONFIG);
    const dataset = `${BASE}/id/dataset/filter`;
    const quads = imageToDataset(first(doc.images), { datasetIri: dataset, configurationIri: CONFIG, componentIri: (id) => iris.get(id), instrument });
    const path = `${dataset}/channel/1/light-path`;
    const elements = objects(quads, path, phd('pathElement'));
    expect(elements.map((e) => [objects(quads, e, phd('pathPosition'))[0], local(objects(quads, e, phd('pathRole'))[0] ?? ''), objects(quads, e, `${PREFIXES.dcterms}identifier`)[0]])).toEqual([
      ['1', 'ExcitationFilterRole', 'Filter:1'],
      ['2', 'ExcitationFilterRole', 'Filter:Dichroic:2'],
      ['3', 'DichroicRole', 'Dichroic:1'],
      ['4', 'EmissionFilterRole', 'Filter:5'],
    ]);
    expect(objects(quads, elements[1] ?? '', phd('usesComponent'))).toEqual([`${CONFIG}/component/Filter-Dichroic-2`]);
  });

  it('does not write a Microscope without Type as upright: the stand claims no orientation and no type, and is matched again.', async () => {
    const untyped = bare({ microscope: { manufacturer: 'Zeiss', model: 'Axio Imager' } });
    const { quads, warnings } = instrumentToConfiguration(untyped, mapping, options(CONFIG));
    const stand = `${CONFIG}/component/Instrument-0-Microscope`;
    expect(objects(quads, stand, RDF_TYPE)).toEqual([`${NBOQ_NS}MicroscopeStand`]);
    expect(objects(quads, stand, `${NBOQ_NS}type`)).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('no Type does not say upright or inverted')]);
    const context = [quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(phd('InstrumentInstance')))];
    expect(await issuesOf(quads, context, CONFIG)).toEqual([]);
    expect(matchInstrument(untyped, { iri: CONFIG, quads }, mapping)).toMatchObject({ matched: true, differences: [] });
    // An upright stand is still one.
    const upright = instrumentToConfiguration(bare({ microscope: { model: 'Axio Imager', type: 'Upright' } }), mapping, options(CONFIG)).quads;
    expect(objects(upright, stand, RDF_TYPE)).toEqual([`${NBOQ_NS}UprightMicroscopeStand`]);
  });

  it('decides on the stand and filters when an instrument lists no objective, light source or detector.', () => {
    const standOnly = bare({ microscope: { manufacturer: 'Zeiss', model: 'Axio Observer Z1', type: 'Inverted' } });
    const { quads } = instrumentToConfiguration(standOnly, mapping, options(CONFIG));
    expect(objects(quads, CONFIG, phd('hasComponent'))).toHaveLength(1);
    expect(matchInstrument(standOnly, { iri: CONFIG, quads }, mapping)).toMatchObject({ matched: true, differences: [] });
    // The Limelight is an upright stand: an inverted one is not in it.
    expect(matchInstrument(standOnly, { iri: LIMELIGHT, quads: limelight }, mapping).differences).toEqual([
      `microscope stand "Axio Observer Z1" not in configuration ${LIMELIGHT}`,
    ]);
    // A filter with neither model nor pass band says nothing to compare by: it does not decide.
    const vague = bare({ filters: [{ id: 'Filter:0', type: 'BandPass' }] });
    expect(matchInstrument(vague, { iri: LIMELIGHT, quads: limelight }, mapping).matched).toBe(true);
    expect(matchInstrument(bare({}), { iri: LIMELIGHT, quads: limelight }, mapping).differences).toEqual([
      `the OME instrument Instrument:0 lists no part to compare with configuration ${LIMELIGHT}`,
    ]);
  });

  it('tells which OME settings a dataset leaves out for what its detector is, and the walk lists what is never mapped.', () => {
    const settingsLeftOut = (doc: OmeDocument) => {
      const instrument = first(doc.instruments);
      const left: string[] = [];
      imageToDataset(first(doc.images), { datasetIri: `${BASE}/id/dataset/d`, configurationIri: CONFIG, componentIri: () => undefined, instrument, created: '2024-01-01', leftOut: (path) => left.push(path) });
      return left;
    };
    // Micro-Manager's camera has no OME Type: its binning and read-out rate have no home in generic settings.
    const settings = 'Image/Pixels/Channel/DetectorSettings';
    expect(settingsLeftOut(realDoc('MMStack.ome.xml'))).toEqual([`${settings}@Binning`, `${settings}@ReadOutRate`, `${settings}@Integration`, `${settings}@Voltage`]);
    expect(settingsLeftOut(realDoc('transformations-downgrade.ome.xml'))).toEqual([`${settings}@Integration`]);
    // Settings NBO-Q has no property for at all are found by the parser's walk, whatever their value.
    expect(confocal.notMapped.filter((n) => n.owner === 'Image').map((n) => n.path)).toEqual(expect.arrayContaining([
      'Image/ObjectiveSettings@Medium', 'Image/Pixels/Channel@PinholeSize', `${settings}@Zoom`,
    ]));
  });

  it('writes datasets of the real images that pass the Dataset shape, settings linked to the parts they used.', async () => {
    for (const name of REAL_FILES) {
      const doc = realDoc(name);
      for (const image of doc.images) {
        const instrument = doc.instruments.find((i) => i.id === image.instrumentId) ?? first(doc.instruments);
        const config = `${BASE}/id/configuration/${name.replace(/\W/g, '-')}`;
        const configuration = instrumentToConfiguration(instrument, mapping, options(config)).quads;
        const iris = omeComponentIris(instrument, config);
        const quads = imageToDataset(image, { datasetIri: `${BASE}/id/dataset/${image.id.replace(/\W/g, '-')}`, configurationIri: config, componentIri: (id) => iris.get(id), instrument, created: '2024-01-01' });
        const context = [...configuration, quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(phd('InstrumentInstance')))];
        expect(await issuesOf(quads, context, `${BASE}/id/dataset/`), `${name} ${image.id}`).toEqual([]);
      }
    }
  });
});

describe('every value of the OME 2016-06 enumerations', () => {
  const OME_NS = 'xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"';
  const list = (values: string) => values.split(' ');
  const laserTypes = list('Excimer Gas MetalVapor SolidState Dye Semiconductor FreeElectron Other');
  const media = list('Cu Ag ArFl ArCl KrFl KrCl XeFl XeCl XeBr N Ar Kr Xe HeNe HeCd CO CO2 H2O HFl NdGlass NdYAG ErGlass ErYAG HoYLF HoYAG Ruby TiSapphire Alexandrite Rhodamine6G CoumarinC30 GaAs GaAlAs EMinus Other');
  const pulses = list('CW Single QSwitched Repetitive ModeLocked Other');
  const detectors = list('CCD IntensifiedCCD AnalogVideo PMT Photodiode Spectroscopy LifetimeImaging CorrelationSpectroscopy FTIR EMCCD APD CMOS EBCCD Other');
  const corrections = list('UV PlanApo PlanFluor SuperFluor VioletCorrected Achro Achromat Fluor Fl Fluar Neofluar Fluotar Apo PlanNeofluar Other');
  const immersions = list('Oil Water WaterDipping Air Multi Glycerol Other');
  const filters = list('Dichroic LongPass ShortPass BandPass MultiPass NeutralDensity Tuneable Other');
  const modes = list('WideField LaserScanningConfocalMicroscopy SpinningDiskConfocal SlitScanConfocal MultiPhotonMicroscopy StructuredIllumination SingleMoleculeImaging TotalInternalReflection FluorescenceLifetime SpectralImaging FluorescenceCorrelationSpectroscopy NearFieldScanningOpticalMicroscopy SecondHarmonicGenerationImaging PALM STORM STED TIRF FSM LCM Other BrightField SweptFieldConfocal SPIM');
  const lights = list('Transmitted Epifluorescence Oblique NonLinear Other');
  const contrasts = list('Brightfield Phase DIC HoffmanModulation ObliqueIllumination PolarizedLight Darkfield Fluorescence Other');
  const binnings = list('1x1 2x2 4x4 8x8 Other');

  const instrument = (stand: string) => `<Instrument ID="Instrument:0"><Microscope Type="${stand}" Model="Stand"/>` +
    laserTypes.map((t, i) => `<Laser ID="Laser:${i}" Type="${t}" LaserMedium="${media[i] ?? 'Other'}" Pulse="${pulses[i % pulses.length] ?? 'CW'}" Wavelength="${400 + i}" Power="1" RepetitionRate="80" RepetitionRateUnit="MHz"/>`).join('') +
    media.map((m, i) => `<Laser ID="Medium:${i}" LaserMedium="${m}"/>`).join('') +
    list('Hg Xe HgXe Other').map((t) => `<Arc ID="Arc:${t}" Type="${t}"/>`).join('') +
    list('Incandescent Halogen Other').map((t) => `<Filament ID="Filament:${t}" Type="${t}"/>`).join('') +
    '<LightEmittingDiode ID="LED:0" Power="5"/><GenericExcitationSource ID="Generic:0"><Map><M K="kind">plasma</M></Map></GenericExcitationSource>' +
    detectors.map((t) => `<Detector ID="Detector:${t}" Type="${t}" Model="${t} model"/>`).join('') +
    corrections.map((c, i) => `<Objective ID="Objective:${c}" Correction="${c}" Immersion="${immersions[i % immersions.length] ?? 'Oil'}" LensNA="${(0.1 + i / 20).toFixed(2)}" NominalMagnification="${10 + i}"/>`).join('') +
    filters.map((t, i) => `<Filter ID="Filter:${t}" Type="${t}"><TransmittanceRange CutIn="${500 + i}" CutOut="${550 + i}" Transmittance="0.9"/></Filter>`).join('') +
    '<Dichroic ID="Dichroic:0" Model="DM"/><FilterSet ID="FilterSet:0"><ExcitationFilterRef ID="Filter:BandPass"/><DichroicRef ID="Dichroic:0"/><EmissionFilterRef ID="Filter:LongPass"/></FilterSet>' +
    '</Instrument>';
  const channels = modes.map((mode, i) => `<Channel ID="Channel:${i}" AcquisitionMode="${mode}" IlluminationType="${lights[i % lights.length] ?? 'Other'}" ContrastMethod="${contrasts[i % contrasts.length] ?? 'Other'}">` +
    `<LightSourceSettings ID="Laser:${i % laserTypes.length}" Attenuation="0.5"/><DetectorSettings ID="Detector:${detectors[i % detectors.length] ?? 'CCD'}" Binning="${binnings[i % binnings.length] ?? '1x1'}" Gain="2" Offset="1" ReadOutRate="10" Integration="1" Voltage="600"/>` +
    '<LightPath><ExcitationFilterRef ID="Filter:BandPass"/><DichroicRef ID="Dichroic:0"/><EmissionFilterRef ID="Filter:LongPass"/></LightPath></Channel>').join('');

  it('are read without a warning, converted to a configuration and a dataset that conform, and matched again.', async () => {
    for (const stand of list('Upright Inverted Dissection Electrophysiology Other')) {
      const text = `<OME ${OME_NS}>${instrument(stand)}<Image ID="Image:0"><InstrumentRef ID="Instrument:0"/><ObjectiveSettings ID="Objective:PlanApo" Medium="Glycerol" RefractiveIndex="1.47"/>` +
        `<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SignificantBits="12" SizeX="1" SizeY="1" SizeZ="1" SizeC="${modes.length}" SizeT="1">${channels}<MetadataOnly/></Pixels></Image></OME>`;
      const doc = parseOmeXml(text, stand);
      expect(doc.warnings, stand).toEqual([]);
      const parsed = first(doc.instruments);
      const iri = `${BASE}/id/configuration/every-${stand}`;
      const { quads } = instrumentToConfiguration(parsed, mapping, options(iri));
      const context = [quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(phd('InstrumentInstance')))];
      expect(await issuesOf(quads, context, iri), stand).toEqual([]);
      expect(matchInstrument(parsed, { iri, quads }, mapping).differences, stand).toEqual([]);
      const iris = omeComponentIris(parsed, iri);
      const dataset = imageToDataset(first(doc.images), { datasetIri: `${BASE}/id/dataset/every-${stand}`, configurationIri: iri, componentIri: (id) => iris.get(id), instrument: parsed, created: '2024-01-01' });
      expect(await issuesOf(dataset, [...quads, ...context], `${BASE}/id/dataset/`), stand).toEqual([]);
    }
  });
});
