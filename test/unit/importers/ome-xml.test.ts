import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ParseError } from '../../../src/errors/phd-error.js';
import { normaliseOmeUnit, parseOmeXml } from '../../../src/importers/ome-xml.js';
import type { OmeDocument, OmeQuantity } from '../../../src/importers/ome-xml.js';
import { FIXTURES } from '../../support/rdf-files.js';

const fixture = (name: string) => readFileSync(join(FIXTURES, 'ome-xml', name), 'utf8');

/** Parses and returns the ParseError it must raise. */
function parseError(text: string, source: string): ParseError {
  try {
    parseOmeXml(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
  throw new Error(`${source} parsed without error`);
}

const OME = 'xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseOmeXml', () => {
  it('returns the typed document of its public API.', () => {
    expectTypeOf(parseOmeXml).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(parseOmeXml).returns.toEqualTypeOf<OmeDocument>();
  });

  it('reads the instrument of a confocal OME-TIFF header: stand, lasers, detectors, objectives and filters.', () => {
    const doc = parseOmeXml(fixture('confocal-sp8.ome.xml'), 'confocal-sp8.ome.xml');
    expect(doc.warnings).toEqual([]);
    expect(doc.uuid).toBe('urn:uuid:3f2d9b1e-7c4a-4e0b-9a51-2b8d6f0c1a47');
    expect(doc.creator).toBe('OME Bio-Formats 6.14.0');
    const [instrument] = doc.instruments;
    expect(instrument?.microscope).toEqual({ manufacturer: 'Leica Microsystems', model: 'DMi8', serialNumber: '8412034', type: 'Inverted' });
    expect(instrument?.lightSources.map((s) => [s.id, s.kind, s.wavelength?.value])).toEqual([
      ['LightSource:0:0', 'Laser', 405], ['LightSource:0:1', 'Laser', 488], ['LightSource:0:2', 'Laser', 561],
    ]);
    expect(instrument?.detectors.map((d) => [d.id, d.type, d.model])).toEqual([['Detector:0:0', 'PMT', 'PMT 1'], ['Detector:0:1', 'Other', 'HyD SMD 2']]);
    expect(instrument?.filterSets).toEqual([{
      id: 'FilterSet:0:0', manufacturer: 'Leica Microsystems', model: 'TD 488/561/633 set',
      excitationFilterIds: ['Filter:0:0'], dichroicId: 'Dichroic:0:0', emissionFilterIds: ['Filter:0:1'],
    }]);
    expect(instrument?.filters[1]?.transmittanceRange).toEqual({
      cutIn: { value: 500, unit: 'nm' }, cutOut: { value: 550, unit: 'nm' }, cutInTolerance: { value: 2, unit: 'nm' }, transmittance: 0.93,
    });
    expect(instrument?.dichroics).toEqual([{ id: 'Dichroic:0:0', manufacturer: 'Leica Microsystems', model: 'TD 488/561/633' }]);
  });

  it('applies the 2016-06 default units when a Unit attribute is absent (working distance in µm, power in mW, wavelength in nm).', () => {
    const [instrument] = parseOmeXml(fixture('confocal-sp8.ome.xml'), 'a').instruments;
    const objectives = instrument?.objectives ?? [];
    expect(objectives[0]?.workingDistance).toEqual<OmeQuantity>({ value: 0.14, unit: 'mm' });
    expect(objectives[1]?.workingDistance).toEqual<OmeQuantity>({ value: 620, unit: 'µm' });
    const lasers = instrument?.lightSources ?? [];
    expect(lasers[1]?.power).toEqual({ value: 20, unit: 'mW' });
    expect(lasers[1]?.wavelength).toEqual({ value: 488, unit: 'nm' });
    expect(lasers[2]?.power).toEqual({ value: 0.02, unit: 'W' });
  });

  it('reads images with acquisition date, objective settings and channels with their settings and light path.', () => {
    const { images } = parseOmeXml(fixture('confocal-sp8.ome.xml'), 'a');
    expect(images.map((i) => [i.id, i.name, i.acquisitionDate, i.instrumentId])).toEqual([
      ['Image:0', 'HeLa_mito_63x_01', '2023-02-14T10:30:00', 'Instrument:0'],
      ['Image:1', 'HeLa_mito_20x_overview', '2023-02-14T11:02:17.512Z', 'Instrument:0'],
    ]);
    const [first] = images;
    expect(first?.description).toMatch(/^HeLa cells stained/);
    expect(first?.objectiveSettings).toEqual({ id: 'Objective:0:0', medium: 'Oil', refractiveIndex: 1.518, correctionCollar: 0.17 });
    expect(first?.pixels).toMatchObject({ id: 'Pixels:0', sizeC: 2, significantBits: 12, physicalSizeX: { value: 0.0902, unit: 'µm' } });
    expect(first?.channels[1]).toEqual({
      id: 'Channel:0:1', name: 'MitoTracker Green', fluor: 'MitoTracker Green FM',
      excitationWavelength: { value: 0.488, unit: 'µm' }, emissionWavelength: { value: 516, unit: 'nm' },
      illuminationType: 'Epifluorescence', contrastMethod: 'Fluorescence', acquisitionMode: 'LaserScanningConfocalMicroscopy',
      pinholeSize: { value: 95.5, unit: 'µm' }, samplesPerPixel: 1, color: 16711935,
      lightSourceSettings: { id: 'LightSource:0:1', attenuation: 0.9 },
      detectorSettings: { id: 'Detector:0:1', gain: 100, zoom: 2 },
      filterSetId: 'FilterSet:0:0',
      lightPath: { excitationFilterIds: ['Filter:0:0'], dichroicId: 'Dichroic:0:0', emissionFilterIds: ['Filter:0:1'] },
    });
    expect(images[1]?.channels).toHaveLength(3);
  });

  it('skips TiffData, Plane, StructuredAnnotations and ROI content without complaint.', () => {
    const doc = parseOmeXml(fixture('confocal-sp8.ome.xml'), 'a');
    expect(doc.warnings).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('LAS X');
    expect(JSON.stringify(doc)).not.toContain('ROI:0');
  });

  it('accepts a namespace prefix on every element (ome:OME).', () => {
    const doc = parseOmeXml(fixture('widefield-limelight.ome.xml'), 'widefield-limelight.ome.xml');
    expect(doc.warnings).toEqual([]);
    expect(doc.instruments[0]?.objectives.map((o) => o.nominalMagnification)).toEqual([40, 63]);
    expect(doc.instruments[0]?.lightSources.map((s) => s.kind)).toEqual(['LightEmittingDiode', 'Filament']);
    expect(doc.images[0]?.channels[0]?.detectorSettings).toEqual({ id: 'Detector:0:0', binning: '1x1', readOutRate: { value: 272.3, unit: 'MHz' }, gain: 1, offset: 100 });
  });

  it('reads another OME schema year with a warning, and normalises µ written as a character reference or as Greek mu.', () => {
    const doc = parseOmeXml(fixture('schema-2015-01.ome.xml'), 'schema-2015-01.ome.xml');
    expect(doc.warnings).toEqual([expect.stringContaining('OME schema 2015-01')]);
    expect(doc.instruments[0]?.objectives.map((o) => o.workingDistance)).toEqual([{ value: 16, unit: 'µm' }, { value: 130, unit: 'µm' }]);
    expect(normaliseOmeUnit('\u03bcm')).toBe('\u00b5m');
    expect(normaliseOmeUnit('pixel')).toBe('Pixel');
  });

  it('keeps going past values it cannot read, and says what it left out.', () => {
    const doc = parseOmeXml(`<OME ${OME}><Instrument ID="Instrument:0">
      <Objective ID="Objective:0:0" LensNA="high" NominalMagnification="63" WorkingDistance="170" WorkingDistanceUnit="furlong"/>
    </Instrument><Image ID="Image:0"><AcquisitionDate>yesterday</AcquisitionDate><InstrumentRef ID="Instrument:0"/>
      <ObjectiveSettings ID="Objective:9:9"/><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels>
    </Image></OME>`, 'inline');
    expect(doc.instruments[0]?.objectives[0]).toEqual({ id: 'Objective:0:0', nominalMagnification: 63 });
    expect(doc.images[0]?.acquisitionDate).toBeUndefined();
    expect(doc.warnings).toEqual([
      'Objective Objective:0:0: LensNA="high" is not a number; left out',
      'Objective Objective:0:0: WorkingDistanceUnit="furlong" is not a known length unit; WorkingDistance left out',
      'Image Image:0: AcquisitionDate "yesterday" is not an xsd:dateTime; left out',
      'Image Image:0: objective Objective:9:9 is not in Instrument Instrument:0',
    ]);
  });
});

describe('parseOmeXml on hostile or broken input', () => {
  it('refuses a DOCTYPE with an external entity (XXE), naming line and column, without parsing or expanding anything.', () => {
    const parse = vi.spyOn(XMLParser.prototype, 'parse');
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the validator parseOmeXml uses
    const validate = vi.spyOn(XMLValidator, 'validate');
    const error = parseError(fixture('xxe-external-entity.ome.xml'), 'xxe-external-entity.ome.xml');
    expect(error.line).toBe(2);
    expect(error.column).toBe(1);
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ line: 2, column: 1, file: 'xxe-external-entity.ome.xml' });
    expect(error.message).toMatch(/DOCTYPE declarations are refused.*XXE/);
    expect(error.message).not.toMatch(/root:/);
    expect(parse).not.toHaveBeenCalled();
    expect(validate).not.toHaveBeenCalled();
  });

  it('refuses billion laughs at once, before any entity is expanded.', () => {
    const parse = vi.spyOn(XMLParser.prototype, 'parse');
    const started = performance.now();
    const error = parseError(fixture('billion-laughs.ome.xml'), 'billion-laughs.ome.xml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.message).toContain('billion laughs');
    expect(error.message).not.toContain('lollollol');
    expect(parse).not.toHaveBeenCalled();
  });

  it('refuses an ENTITY declaration on its own, and a lower-case doctype.', () => {
    expect([parseError(`<?xml version="1.0"?>\n\n  <!ENTITY x "y"><OME ${OME}/>`, 's').line, parseError('<!doctype OME><OME/>', 's').column]).toEqual([3, 1]);
  });

  it('reports a truncated file at its end, naming the elements left open.', () => {
    const text = fixture('truncated.ome.xml');
    const error = parseError(text, 'truncated.ome.xml');
    expect(error.line).toBe(text.split('\n').length);
    expect(error.column).toBe(1);
    expect(error.message).toContain('ends before <OME>, <Image>, <Pixels>, <Channel> are closed');
  });

  it('reports malformed XML with the line and column the XML validator found.', () => {
    const error = parseError(`<OME ${OME}>\n  <Image ID="Image:0">\n  </Imag>\n</OME>`, 'mismatch.xml');
    expect([error.line, error.column]).toEqual([3, 3]);
    expect(error.message).toMatch(/^mismatch\.xml: malformed XML: Expected closing tag 'Image'/);
    expect(parseError('', 'empty.xml').line).toBe(1);
  });

  it('refuses a document whose root is not OME, naming where the root is.', () => {
    const error = parseError(fixture('not-ome-root.xml'), 'not-ome-root.xml');
    expect([error.line, error.column]).toEqual([3, 1]);
    expect(error.message).toContain('the root element is <svg>, not <OME>');
  });

  it('refuses an OME root in a namespace that is not OME\'s.', () => {
    const error = parseError(fixture('wrong-namespace.ome.xml'), 'wrong-namespace.ome.xml');
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.message).toContain('not in the OME namespace');
  });

  it('turns the XML parser\'s own limits (absurd nesting) into a ParseError instead of crashing.', () => {
    const deep = `<OME ${OME}>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</OME>`;
    expect(parseError(deep, 'deep.xml').message).toMatch(/^deep\.xml: the XML parser refused the document/);
  });

  it('refuses a second root element.', () => {
    const error = parseError(`<OME ${OME}/>\n<OME ${OME}/>`, 'two.xml');
    expect(error.message).toContain('more than one root element');
    expect([error.line, error.column]).toEqual([2, 1]);
  });
});
