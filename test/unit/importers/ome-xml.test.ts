import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ParseError } from '../../../src/errors/phd-error.js';
import { normaliseOmeDateTime } from '../../../src/importers/normalise-ome-date-time.js';
import { normaliseOmeUnit } from '../../../src/importers/normalise-ome-unit.js';
import { parseOmeXml } from '../../../src/importers/parse-ome-xml.js';
import type { OmeDocument, OmeQuantity } from '../../../src/importers/ome-document.js';
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
    const error = parseError(fixture('billion-laughs.ome.xml'), 'billion-laughs.ome.xml');
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

const real = (name: string) => readFileSync(join(FIXTURES, 'ome-xml', 'real', name), 'utf8');

/** A minimal 2016-06 document around an Instrument body and an Image body. */
const documentWith = (instrument: string, image = '') => `<OME ${OME}><Instrument ID="Instrument:0">${instrument}</Instrument>` +
  `<Image ID="Image:0">${image}<InstrumentRef ID="Instrument:0"/><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels></Image></OME>`;

describe('parseOmeXml on what real writers produce', () => {
  it('reads the pre-2013 LightSource wrapper (ID and maker on the wrapper, the kind inside), as NIS-Elements still writes it.', () => {
    const doc = parseOmeXml(documentWith(`
      <LightSource ID="LightSource:0" Manufacturer="Coherent" Model="Sapphire" Power="50"><Laser Type="SolidState" Wavelength="488"/></LightSource>
      <LightSource ID="LightSource:1"><Laser/></LightSource>
      <LightSource ID="LightSource:2" Model="X-Cite"><Arc Type="Hg"/></LightSource>
      <LightSource ID="LightSource:3"/>`), 'legacy');
    expect(doc.instruments[0]?.lightSources).toEqual([
      { id: 'LightSource:0', kind: 'Laser', manufacturer: 'Coherent', model: 'Sapphire', power: { value: 50, unit: 'mW' }, type: 'SolidState', wavelength: { value: 488, unit: 'nm' } },
      { id: 'LightSource:1', kind: 'Laser' },
      { id: 'LightSource:2', kind: 'Arc', model: 'X-Cite', type: 'Hg' },
    ]);
    expect(doc.warnings).toEqual(['LightSource LightSource:3 in Instrument Instrument:0 names no kind of light source (Laser, Arc, Filament, LightEmittingDiode); left out']);
    const nis = parseOmeXml(real('seq0000xy01c1.ome.xml'), 'seq0000xy01c1.ome.xml');
    expect(nis.instruments.map((i) => i.lightSources.map((s) => [s.id, s.kind]))).toEqual([[['LightSource:0', 'Laser']], []]);
  });

  it('reads AcquiredDate (2010-04 to 2012-06) and CreationDate (before 2010) as the acquisition date.', () => {
    const old = (element: string) => `<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2011-06"><Image ID="Image:0"><${element}>2010-02-23T12:51:30</${element}>` +
      '<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"/></Image></OME>';
    expect(parseOmeXml(old('AcquiredDate'), 'a').images[0]?.acquisitionDate).toBe('2010-02-23T12:51:30');
    expect(parseOmeXml(old('CreationDate'), 'a').images[0]?.acquisitionDate).toBe('2010-02-23T12:51:30');
  });

  it('normalises the dates writers produce, and leaves out a day that does not exist.', () => {
    expect(normaliseOmeDateTime('\n         2021-03-04T15:25:04      ')).toBe('2021-03-04T15:25:04');
    expect(normaliseOmeDateTime('2016-03-11T10:23:44.925154Z')).toBe('2016-03-11T10:23:44.925154Z');
    expect(normaliseOmeDateTime('2024-10-03T14:26:38.7980142+02:00')).toBe('2024-10-03T14:26:38.7980142+02:00');
    expect(normaliseOmeDateTime('2019-01-22 18:56:53')).toBe('2019-01-22T18:56:53');
    expect(normaliseOmeDateTime('2019-01-22T18:56')).toBe('2019-01-22T18:56:00');
    expect(normaliseOmeDateTime('2019-01-22T18:56:53+0100')).toBe('2019-01-22T18:56:53+01:00');
    expect(normaliseOmeDateTime('2019-01-22T18:56:53z')).toBe('2019-01-22T18:56:53Z');
    expect(normaliseOmeDateTime('2019-01-22')).toBe('2019-01-22');
    expect(normaliseOmeDateTime('2020-02-29T00:00:00')).toBe('2020-02-29T00:00:00');
    for (const wrong of ['2021-02-29T00:00:00', '2021-13-01T00:00:00', '2021-04-31', '2021-01-01T25:00:00', '2021-01-01T10:61:00', 'yesterday', '22/01/2019']) {
      expect(normaliseOmeDateTime(wrong), wrong).toBeUndefined();
    }
    const doc = parseOmeXml(documentWith('', '<AcquisitionDate>2021-02-30T10:00:00</AcquisitionDate>'), 'a');
    expect(doc.images[0]?.acquisitionDate).toBeUndefined();
    expect(doc.warnings).toEqual(['Image Image:0: AcquisitionDate "2021-02-30T10:00:00" is not an xsd:dateTime; left out']);
  });

  it('reads numbers in every xsd:double form, and leaves out NaN, infinities, hexadecimal and decimal commas.', () => {
    const doc = parseOmeXml(documentWith(`
      <Objective ID="Objective:0" LensNA="1.4E0" NominalMagnification="+63" WorkingDistance="1.3e2"/>
      <Objective ID="Objective:1" LensNA="NaN" NominalMagnification="INF" WorkingDistance="0x10" CalibratedMagnification="62,5"/>`), 'numbers');
    expect(doc.instruments[0]?.objectives).toEqual([
      { id: 'Objective:0', lensNA: 1.4, nominalMagnification: 63, workingDistance: { value: 130, unit: 'µm' } },
      { id: 'Objective:1' },
    ]);
    expect(doc.warnings).toEqual([
      'Objective Objective:1: LensNA="NaN" is not a finite number; left out',
      'Objective Objective:1: NominalMagnification="INF" is not a finite number; left out',
      'Objective Objective:1: CalibratedMagnification="62,5" is not a number; left out',
      'Objective Objective:1: WorkingDistance="0x10" is not a number; left out',
    ]);
  });

  it('leaves out the 0 and -1 that writers put for "unknown" where OME wants a positive value or a fraction.', () => {
    const doc = parseOmeXml(documentWith(`
      <Laser ID="LightSource:0" Wavelength="0"/>
      <Objective ID="Objective:0" LensNA="0" NominalMagnification="0"/>`, '').replace('<MetadataOnly/>', `
      <Channel ID="Channel:0" PinholeSize="-1.000000" ExcitationWavelength="0"><LightSourceSettings ID="LightSource:0" Attenuation="1.5"/></Channel><MetadataOnly/>`), 'unknowns');
    const [instrument] = doc.instruments;
    expect(instrument?.lightSources).toEqual([{ id: 'LightSource:0', kind: 'Laser' }]);
    expect(instrument?.objectives).toEqual([{ id: 'Objective:0' }]);
    expect(doc.images[0]?.channels[0]).toEqual({ id: 'Channel:0', lightSourceSettings: { id: 'LightSource:0' } });
    expect(doc.warnings).toEqual([
      'Laser LightSource:0: Wavelength="0" must be greater than 0; left out',
      'Objective Objective:0: LensNA="0" must be greater than 0; left out',
      'Objective Objective:0: NominalMagnification="0" must be greater than 0; left out',
      'Channel Channel:0: ExcitationWavelength="0" must be greater than 0; left out',
      'Channel Channel:0: PinholeSize="-1.000000" must be greater than 0; left out',
      'Channel Channel:0 LightSourceSettings: Attenuation="1.5" must be a fraction between 0 and 1; left out',
    ]);
  });

  it('spells enumeration values as the schema does, reads renamed ones under their current name, and leaves out unknown ones.', () => {
    const doc = parseOmeXml(documentWith(`
      <Microscope Type="inverted"/>
      <Detector ID="Detector:0" Type="HybridPhotoDetector"/>
      <Objective ID="Objective:0" Immersion="oil" Correction="Plan Apo"/>`, '<ObjectiveSettings ID="Objective:0" Medium="Silicone"/>').replace('<MetadataOnly/>', `
      <Channel ID="Channel:0" AcquisitionMode="LaserScanningConfocal" ContrastMethod="fluorescence" IlluminationType="Laser">
        <DetectorSettings ID="Detector:0" Binning="2X2"/></Channel><MetadataOnly/>`), 'enums');
    const [instrument] = doc.instruments;
    expect(instrument?.microscope).toEqual({ type: 'Inverted' });
    expect(instrument?.objectives[0]).toEqual({ id: 'Objective:0', immersion: 'Oil', correction: 'PlanApo' });
    // Kept: the converter recognises hybrid detectors, which OME 2016-06 has no type for.
    expect(instrument?.detectors[0]).toEqual({ id: 'Detector:0', type: 'HybridPhotoDetector' });
    expect(doc.images[0]?.objectiveSettings).toEqual({ id: 'Objective:0' });
    expect(doc.images[0]?.channels[0]).toEqual({
      id: 'Channel:0', acquisitionMode: 'LaserScanningConfocalMicroscopy', contrastMethod: 'Fluorescence', detectorSettings: { id: 'Detector:0', binning: '2x2' },
    });
    expect(doc.warnings).toEqual([
      'Detector Detector:0: Type="HybridPhotoDetector" is not a value of the OME schema',
      'Channel Channel:0: IlluminationType="Laser" is not a value of the OME schema; left out',
      'Image Image:0 ObjectiveSettings: Medium="Silicone" is not a value of the OME schema; left out',
    ]);
  });

  it('reads the Angstrom sign as Å and an ASCII "um" as µm.', () => {
    expect(normaliseOmeUnit('\u212b')).toBe('\u00c5');
    const doc = parseOmeXml(documentWith('<Objective ID="Objective:0" WorkingDistance="170" WorkingDistanceUnit="um"/><Laser ID="LightSource:0" Wavelength="4880" WavelengthUnit="\u212b"/>'), 'units');
    expect(doc.instruments[0]?.objectives[0]?.workingDistance).toEqual({ value: 170, unit: 'µm' });
    expect(doc.instruments[0]?.lightSources[0]?.wavelength).toEqual({ value: 4880, unit: 'Å' });
    expect(doc.warnings).toEqual([]);
  });

  it('leaves out a part whose ID another part of the instrument already has.', () => {
    const doc = parseOmeXml(documentWith('<Detector ID="Part:0" Type="PMT"/><Objective ID="Part:0" LensNA="1.4"/>'), 'ids');
    expect(doc.instruments[0]?.detectors.map((d) => d.id)).toEqual(['Part:0']);
    expect(doc.instruments[0]?.objectives).toEqual([]);
    expect(doc.warnings).toEqual(['Objective Part:0 in Instrument Instrument:0: another part of the instrument has the ID Part:0; left out']);
  });

  it('skips megabytes of BinData before the XML parser sees them, and still reports errors after it on the right line.', () => {
    const planes = `${'QUJDRA=='.repeat(4_000_000)}\n${'QUJDRA=='.repeat(4_000_000)}`;
    const text = documentWith('<Detector ID="Detector:0"/>').replace('<MetadataOnly/>', `<BinData BigEndian="false" Length="64000000">${planes}</BinData><BinData Length="0"/>`);
    const parse = vi.spyOn(XMLParser.prototype, 'parse');
    const doc = parseOmeXml(text, 'planes');
    expect(doc.images).toHaveLength(1);
    // The 64 MB of base64 never reach the parser: only the document around them (and its line breaks) does.
    const parsed = parse.mock.calls.map(([input]) => String(input));
    expect(parsed.length).toBeGreaterThan(0);
    for (const input of parsed) expect(input.length).toBeLessThan(text.length - planes.length + 1_000);
    const broken = `<OME ${OME}>\n<Image ID="Image:0"><Pixels ID="Pixels:0"><BinData>\n${'QUJD\n'.repeat(5)}</BinData>\n</Pixel></Image></OME>`;
    expect(parseError(broken, 'broken').line).toBe(9);
    // Text that is not base64 is not touched: a BinData quoted in a comment stays a comment.
    expect(parseOmeXml(`<OME ${OME}><!-- <BinData> --><Image ID="Image:0"><Pixels ID="Pixels:0"/></Image><!-- </BinData> --></OME>`, 'comment').images).toHaveLength(1);
  });

  it('reads a namespace of the pre-2007 schemas with a warning instead of refusing the document.', () => {
    const doc = parseOmeXml('<OME xmlns="http://www.openmicroscopy.org/XMLschemas/OME/FC/ome.xsd"><Image ID="urn:lsid:x:Image:1" Name="cells"><CreationDate>2004-05-01T10:00:00</CreationDate></Image></OME>', 'fc');
    expect(doc.warnings[0]).toMatch(/^OME schema FC/);
    expect(doc.images[0]).toMatchObject({ id: 'urn:lsid:x:Image:1', acquisitionDate: '2004-05-01T10:00:00' });
  });

  it.each([
    ['seq0000xy01c1.ome.xml', 2, 1],
    ['OverViewScan.ome.xml', 1, 1],
    ['MMStack.ome.xml', 1, 2],
    ['tubhiswt.ome.xml', 1, 1],
    ['transfer.ome.xml', 0, 2],
    ['transformations-downgrade.ome.xml', 1, 1],
  ] as const)('reads the real file %s: %i instrument(s), %i image(s).', (name, instruments, images) => {
    const doc = parseOmeXml(real(name), name);
    expect(doc.instruments).toHaveLength(instruments);
    expect(doc.images).toHaveLength(images);
    for (const image of doc.images) expect(image.pixels).toBeDefined();
  });

  it('reads what the real files state: the padded NIS date, the ZEN prefix, the LSIDs of tubhiswt, the camera of Micro-Manager.', () => {
    expect(parseOmeXml(real('seq0000xy01c1.ome.xml'), 'a').images[0]).toMatchObject({ acquisitionDate: '2021-03-04T15:25:04', instrumentId: 'Instrument:1' });
    const zen = parseOmeXml(real('OverViewScan.ome.xml'), 'a');
    expect(zen.instruments[0]).toMatchObject({ microscope: { manufacturer: 'Zeiss' }, lightSources: [{ id: 'LightSource:1', kind: 'Filament', type: 'Other' }], objectives: [{ id: 'Objective:1' }] });
    const tubhiswt = parseOmeXml(real('tubhiswt.ome.xml'), 'a');
    expect(tubhiswt.instruments[0]?.lightSources).toEqual([{
      id: 'urn:lsid:loci.wisc.edu:LightSource:OWS1', kind: 'Laser', manufacturer: 'Spectral Physics', model: 'Tsunami 5W', serialNumber: '2123', type: 'SolidState', laserMedium: 'TiSapphire',
    }]);
    expect(tubhiswt.images[0]?.channels.map((c) => c.detectorSettings?.id)).toEqual(['urn:lsid:loci.wisc.edu:Detector:OWS1', 'urn:lsid:loci.wisc.edu:Detector:OWS2']);
    const mm = parseOmeXml(real('MMStack.ome.xml'), 'a');
    expect(mm.instruments[0]?.detectors).toEqual([{ id: 'Camera', manufacturer: 'DCam', model: 'DemoCamera-MultiMode', serialNumber: 'V1.0', offset: 0 }]);
    expect(mm.images.map((i) => i.acquisitionDate)).toEqual([undefined, undefined]);
    expect(mm.warnings).toEqual([]);
  });
});

describe('parseOmeXml on hostile text', () => {
  it('refuses a flood of unclosed BinData tags with a short message naming line and column.', () => {
    const text = `<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">${'<BinData'.repeat(50_000)}>`;
    let message = '';
    try {
      parseOmeXml(text, 'flood.ome.xml');
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ line: 1 });
    }
    expect(message).toMatch(/^flood\.ome\.xml: malformed XML/);
    expect(message.length).toBeLessThan(500);
  });
});

describe('parseOmeXml: what is not mapped', () => {
  /** Every attribute the 2016-06 schema gives the settings and environment elements the issue names. */
  const settingsDoc = `<?xml version="1.0"?>
<OME ${OME} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Instrument ID="Instrument:0">
    <Microscope Manufacturer="M" Model="S" SerialNumber="1" LotNumber="L"/>
    <Laser ID="LightSource:0" Type="SolidState" Wavelength="488"/>
    <Detector ID="Detector:0" Type="PMT" Gain="1" Voltage="700" VoltageUnit="V" Offset="0" Zoom="1" AmplificationGain="2"/>
    <Filter ID="Filter:0" Type="BandPass" FilterWheel="W">
      <TransmittanceRange CutIn="500" CutInUnit="nm" CutOut="550" CutOutUnit="nm" CutInTolerance="2" CutInToleranceUnit="nm" CutOutTolerance="3" CutOutToleranceUnit="nm" Transmittance="0.9"/>
    </Filter>
    <Objective ID="Objective:0" NominalMagnification="63" LensNA="1.4"/>
  </Instrument>
  <Image ID="Image:0" Name="n">
    <AcquisitionDate>2024-01-01T10:00:00</AcquisitionDate>
    <InstrumentRef ID="Instrument:0"/>
    <ObjectiveSettings ID="Objective:0" CorrectionCollar="1" Medium="Oil" RefractiveIndex="1.5"/>
    <ImagingEnvironment Temperature="37" TemperatureUnit="°C" AirPressure="1013" AirPressureUnit="mbar" Humidity="0.9" CO2Percent="0.05"/>
    <StageLabel Name="well A1" X="10" XUnit="µm" Y="20" YUnit="µm" Z="3" ZUnit="µm"/>
    <Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SignificantBits="12" Interleaved="false" BigEndian="true" SizeX="4" SizeY="4" SizeZ="1" SizeC="1" SizeT="1"
            PhysicalSizeX="0.1" PhysicalSizeXUnit="µm" PhysicalSizeY="0.1" PhysicalSizeYUnit="µm" PhysicalSizeZ="0.5" PhysicalSizeZUnit="µm" TimeIncrement="2" TimeIncrementUnit="s">
      <Channel ID="Channel:0" Name="GFP" SamplesPerPixel="1" IlluminationType="Epifluorescence" PinholeSize="50" PinholeSizeUnit="µm" AcquisitionMode="LaserScanningConfocalMicroscopy"
               ContrastMethod="Fluorescence" ExcitationWavelength="488" ExcitationWavelengthUnit="nm" EmissionWavelength="510" EmissionWavelengthUnit="nm" Fluor="GFP" NDFilter="0.5" PockelCellSetting="3" Color="-1">
        <LightSourceSettings ID="LightSource:0" Attenuation="0.5" Wavelength="488" WavelengthUnit="nm"/>
        <DetectorSettings ID="Detector:0" Offset="0" Gain="1" Voltage="600" VoltageUnit="V" Zoom="2" ReadOutRate="10" ReadOutRateUnit="MHz" Binning="1x1" Integration="1"/>
      </Channel>
      <MetadataOnly/>
    </Pixels>
  </Image>
</OME>`;

  it('lists each attribute of settings, environment, stage label, pixels and pass band that no record holds, with its reason, and nothing unknown.', () => {
    const doc = parseOmeXml(settingsDoc, 'settings.ome.xml');
    expect(doc.warnings).toEqual([]);
    const paths = doc.notMapped.map((n) => n.path);
    expect(paths).toEqual([
      'Instrument/Microscope@SerialNumber',
      'Instrument/Detector@Gain', 'Instrument/Detector@Voltage', 'Instrument/Detector@Offset', 'Instrument/Detector@Zoom', 'Instrument/Detector@AmplificationGain',
      'Instrument/Filter@FilterWheel',
      'Instrument/Filter/TransmittanceRange@CutInTolerance', 'Instrument/Filter/TransmittanceRange@CutOutTolerance',
      'Image/ObjectiveSettings@Medium',
      'Image/Pixels/Channel@PinholeSize', 'Image/Pixels/Channel@NDFilter', 'Image/Pixels/Channel@PockelCellSetting',
      'Image/Pixels/Channel/LightSourceSettings@Wavelength',
      'Image/Pixels/Channel/DetectorSettings@Zoom',
    ]);
    expect(doc.notMapped.every((n) => n.reason !== '' && !/is not an (element|attribute)/.test(n.reason))).toBe(true);
    const tolerance = doc.notMapped.find((n) => n.path.endsWith('@CutInTolerance'));
    expect(tolerance).toMatchObject({ owner: 'Instrument', ownerId: 'Instrument:0' });
    expect(tolerance?.reason).toContain('no tolerance');
    expect(doc.notMapped.find((n) => n.path.endsWith('@PinholeSize'))).toMatchObject({ owner: 'Image', ownerId: 'Image:0' });
  });

  it('reads the imaging environment, the stage label and every Pixels attribute with their units.', () => {
    const [image] = parseOmeXml(settingsDoc, 'settings.ome.xml').images;
    expect(image?.imagingEnvironment).toEqual({ temperature: { value: 37, unit: '°C' }, airPressure: { value: 1013, unit: 'mbar' }, humidity: 0.9, co2Percent: 0.05 });
    expect(image?.stageLabel).toEqual({ name: 'well A1', x: { value: 10, unit: 'µm' }, y: { value: 20, unit: 'µm' }, z: { value: 3, unit: 'µm' } });
    expect(image?.pixels).toMatchObject({
      interleaved: false, bigEndian: true, significantBits: 12, physicalSizeZ: { value: 0.5, unit: 'µm' }, timeIncrement: { value: 2, unit: 's' },
    });
  });

  it('reports an element or attribute it does not know, anywhere in an Instrument or Image, instead of dropping it.', () => {
    const text = settingsDoc
      .replace('<Detector ID="Detector:0"', '<Detector ID="Detector:0" Cooling="-80"')
      .replace('<MetadataOnly/>', '<MetadataOnly/><HyperspectralCube Bands="32"><Band/></HyperspectralCube>')
      .replace('<LightSourceSettings ID="LightSource:0"', '<LightSourceSettings ID="LightSource:0" Modulation="AOTF"');
    const unknown = parseOmeXml(text, 'unknown.ome.xml').notMapped.filter((n) => /is not an (element|attribute)/.test(n.reason));
    expect(unknown.map((n) => `${n.path} — ${n.reason}`)).toEqual([
      'Instrument/Detector@Cooling — Cooling is not an attribute of Detector in the OME schema this importer reads',
      'Image/Pixels/Channel/LightSourceSettings@Modulation — Modulation is not an attribute of LightSourceSettings in the OME schema this importer reads',
      'Image/Pixels/HyperspectralCube — HyperspectralCube is not an element of Pixels in the OME schema this importer reads',
    ]);
  });

  it('reports attributes and elements named after Object.prototype members as unknown, with a reason in words.', () => {
    const text = settingsDoc
      .replace('<Detector ID="Detector:0"', '<Detector ID="Detector:0" valueOf="1" constructorUnit="nm" toStringUnit="s"')
      .replace('<MetadataOnly/>', '<MetadataOnly/><hasOwnProperty/>');
    const unknown = parseOmeXml(text, 'proto.ome.xml').notMapped.filter((n) => /is not an (element|attribute)/.test(n.reason));
    // fast-xml-parser renames the names it guards (valueOf → __valueOf); they are still reported.
    expect(unknown.map((n) => `${n.path} — ${n.reason}`)).toEqual([
      'Instrument/Detector@__valueOf — __valueOf is not an attribute of Detector in the OME schema this importer reads',
      'Instrument/Detector@constructorUnit — constructorUnit is not an attribute of Detector in the OME schema this importer reads',
      'Instrument/Detector@toStringUnit — toStringUnit is not an attribute of Detector in the OME schema this importer reads',
      'Image/Pixels/__hasOwnProperty — __hasOwnProperty is not an element of Pixels in the OME schema this importer reads',
    ]);
    // The names the XML parser itself guards are refused whole, with a message.
    expect(() => parseOmeXml(settingsDoc.replace('<Detector ID="Detector:0"', '<Detector ID="Detector:0" constructor="1"'), 'proto.ome.xml')).toThrow(ParseError);
  });

  it('lists a value it leaves out for what it is (NIS-Elements\' pinhole of -1) under its element and attribute, with the Image it belongs to.', () => {
    const doc = parseOmeXml(fixture('real/seq0000xy01c1.ome.xml'), 'seq0000xy01c1.ome.xml');
    expect(doc.notMapped).toEqual(expect.arrayContaining([{
      owner: 'Image', ownerId: 'Image:0', path: 'Channel Channel:0@PinholeSize', reason: '"-1.000000" must be greater than 0 (writers put 0 or -1 for "unknown")',
    }]));
    expect(doc.warnings).toContain('Channel Channel:0: PinholeSize="-1.000000" must be greater than 0; left out');
  });

  it('reports pixel data, planes, annotations and ROIs of the real files once per occurrence, and namespace declarations not at all.', () => {
    const doc = parseOmeXml(fixture('real/transformations-downgrade.ome.xml'), 'transformations-downgrade.ome.xml');
    const paths = doc.notMapped.map((n) => n.path);
    expect(paths).toEqual(expect.arrayContaining(['Image/Pixels/BinData']));
    expect(paths.some((p) => p.includes('xmlns') || p.includes('xsi'))).toBe(false);
    expect(doc.notMapped.filter((n) => /is not an (element|attribute)/.test(n.reason))).toEqual([]);
  });
});
