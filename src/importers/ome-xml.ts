import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unitBySymbol } from '../domain/units.js';
import { ParseError } from '../errors/phd-error.js';

/**
 * Reads the OME-XML header of an OME-TIFF (schema 2016-06) into typed values: the instruments and
 * the images with their channel settings. Only what the hardware registry uses is kept; pixel data
 * (BinData, TiffData), planes, ROIs and annotations are skipped.
 *
 * Safety: a DOCTYPE or ENTITY declaration is refused before the XML parser sees the text, so no
 * entity is ever defined or expanded (XXE, "billion laughs"), and nothing is ever fetched.
 */

/** The namespace of the OME schema this reader follows. */
export const OME_NAMESPACE = 'http://www.openmicroscopy.org/Schemas/OME/2016-06';

const OME_NAMESPACE_PATTERN = /^https?:\/\/www\.openmicroscopy\.org\/Schemas\/OME\/(\d{4}-\d{2})\/?$/;

/** A value with its unit symbol, spelled as src/domain/units.ts spells it (µ is U+00B5). */
export interface OmeQuantity {
  readonly value: number;
  readonly unit: string;
}

/** The ManufacturerSpec attributes every hardware element carries. */
export interface OmeManufacturerSpec {
  readonly manufacturer?: string;
  readonly model?: string;
  readonly serialNumber?: string;
  readonly lotNumber?: string;
}

/** OME `Microscope`: the stand. */
export interface OmeMicroscope extends OmeManufacturerSpec {
  /** Upright, Inverted, Dissection, Electrophysiology, Other. */
  readonly type?: string;
}

/** The element a light source is written as. */
export type OmeLightSourceKind = 'Laser' | 'Arc' | 'Filament' | 'LightEmittingDiode' | 'GenericExcitationSource';

/** OME `Laser`, `Arc`, `Filament`, `LightEmittingDiode`, `GenericExcitationSource`. */
export interface OmeLightSource extends OmeManufacturerSpec {
  readonly id: string;
  readonly kind: OmeLightSourceKind;
  readonly power?: OmeQuantity;
  /** The element's Type (laser type, arc gas, filament kind). */
  readonly type?: string;
  readonly laserMedium?: string;
  readonly wavelength?: OmeQuantity;
  readonly frequencyMultiplication?: number;
  readonly tuneable?: boolean;
  /** CW, Single, QSwitched, Repetitive, ModeLocked, Other. */
  readonly pulse?: string;
  readonly pockelCell?: boolean;
  readonly repetitionRate?: OmeQuantity;
  /** ID of the light source pumping this laser. */
  readonly pumpId?: string;
  /** Key/value pairs of a GenericExcitationSource. */
  readonly map?: readonly (readonly [string, string])[];
}

/** OME `Detector`. */
export interface OmeDetector extends OmeManufacturerSpec {
  readonly id: string;
  /** CCD, IntensifiedCCD, AnalogVideo, PMT, Photodiode, …, EMCCD, APD, CMOS, EBCCD, Other. */
  readonly type?: string;
  readonly gain?: number;
  readonly voltage?: OmeQuantity;
  readonly offset?: number;
  readonly zoom?: number;
  readonly amplificationGain?: number;
}

/** OME `Objective`. */
export interface OmeObjective extends OmeManufacturerSpec {
  readonly id: string;
  readonly correction?: string;
  readonly immersion?: string;
  readonly lensNA?: number;
  readonly nominalMagnification?: number;
  readonly calibratedMagnification?: number;
  readonly workingDistance?: OmeQuantity;
  readonly iris?: boolean;
}

/** OME `FilterSet`: a manufacturer's combination of filters and a dichroic. */
export interface OmeFilterSet extends OmeManufacturerSpec {
  readonly id: string;
  readonly excitationFilterIds: readonly string[];
  readonly dichroicId?: string;
  readonly emissionFilterIds: readonly string[];
}

/** OME `TransmittanceRange` of a filter. */
export interface OmeTransmittanceRange {
  readonly cutIn?: OmeQuantity;
  readonly cutOut?: OmeQuantity;
  readonly cutInTolerance?: OmeQuantity;
  readonly cutOutTolerance?: OmeQuantity;
  /** Maximum transmittance, a fraction 0–1. */
  readonly transmittance?: number;
}

/** OME `Filter`. */
export interface OmeFilter extends OmeManufacturerSpec {
  readonly id: string;
  /** Dichroic, LongPass, ShortPass, BandPass, MultiPass, NeutralDensity, Tuneable, Other. */
  readonly type?: string;
  readonly filterWheel?: string;
  readonly transmittanceRange?: OmeTransmittanceRange;
}

/** OME `Dichroic`. */
export interface OmeDichroic extends OmeManufacturerSpec {
  readonly id: string;
}

/** OME `Instrument`: one microscope as the acquisition software described it. */
export interface OmeInstrument {
  readonly id: string;
  readonly microscope?: OmeMicroscope;
  readonly lightSources: readonly OmeLightSource[];
  readonly detectors: readonly OmeDetector[];
  readonly objectives: readonly OmeObjective[];
  readonly filterSets: readonly OmeFilterSet[];
  readonly filters: readonly OmeFilter[];
  readonly dichroics: readonly OmeDichroic[];
}

/** OME `ObjectiveSettings` of an image; `id` references the objective. */
export interface OmeObjectiveSettings {
  readonly id: string;
  /** Air, Oil, Water, Glycerol, Other. */
  readonly medium?: string;
  readonly refractiveIndex?: number;
  readonly correctionCollar?: number;
}

/** OME `LightSourceSettings` of a channel; `id` references the light source. */
export interface OmeLightSourceSettings {
  readonly id: string;
  /** Fraction (0–1) of the light held back. */
  readonly attenuation?: number;
  readonly wavelength?: OmeQuantity;
}

/** OME `DetectorSettings` of a channel; `id` references the detector. */
export interface OmeDetectorSettings {
  readonly id: string;
  readonly gain?: number;
  readonly offset?: number;
  readonly voltage?: OmeQuantity;
  /** 1x1, 2x2, 4x4, 8x8, Other. */
  readonly binning?: string;
  readonly readOutRate?: OmeQuantity;
  readonly zoom?: number;
  readonly integration?: number;
}

/** OME `LightPath` of a channel: the filters and dichroic in its path. */
export interface OmeLightPath {
  readonly excitationFilterIds: readonly string[];
  readonly dichroicId?: string;
  readonly emissionFilterIds: readonly string[];
}

/** OME `Channel`. */
export interface OmeChannel {
  readonly id: string;
  readonly name?: string;
  readonly fluor?: string;
  readonly excitationWavelength?: OmeQuantity;
  readonly emissionWavelength?: OmeQuantity;
  /** Transmitted, Epifluorescence, Oblique, NonLinear, Other. */
  readonly illuminationType?: string;
  /** Brightfield, Phase, DIC, HoffmanModulation, ObliqueIllumination, PolarizedLight, Darkfield, Fluorescence, Other. */
  readonly contrastMethod?: string;
  /** WideField, LaserScanningConfocalMicroscopy, SpinningDiskConfocal, … (the 2016-06 list). */
  readonly acquisitionMode?: string;
  readonly pinholeSize?: OmeQuantity;
  readonly samplesPerPixel?: number;
  readonly color?: number;
  readonly ndFilter?: number;
  readonly lightSourceSettings?: OmeLightSourceSettings;
  readonly detectorSettings?: OmeDetectorSettings;
  readonly filterSetId?: string;
  readonly lightPath?: OmeLightPath;
}

/** OME `Pixels`: dimensions and pixel sizes (the pixel data itself is not read). */
export interface OmePixels {
  readonly id: string;
  readonly dimensionOrder?: string;
  readonly type?: string;
  readonly significantBits?: number;
  readonly sizeX?: number;
  readonly sizeY?: number;
  readonly sizeZ?: number;
  readonly sizeC?: number;
  readonly sizeT?: number;
  readonly physicalSizeX?: OmeQuantity;
  readonly physicalSizeY?: OmeQuantity;
  readonly physicalSizeZ?: OmeQuantity;
  readonly timeIncrement?: OmeQuantity;
}

/** OME `Image`. */
export interface OmeImage {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** xsd:dateTime as written (checked to be one). */
  readonly acquisitionDate?: string;
  readonly instrumentId?: string;
  readonly objectiveSettings?: OmeObjectiveSettings;
  readonly pixels?: OmePixels;
  readonly channels: readonly OmeChannel[];
}

/** What {@link parseOmeXml} read. */
export interface OmeDocument {
  /** The OME element's UUID (`urn:uuid:…`). */
  readonly uuid?: string;
  /** The OME element's Creator (writing application). */
  readonly creator?: string;
  /** The namespace of the root element. */
  readonly namespace: string;
  readonly instruments: OmeInstrument[];
  readonly images: OmeImage[];
  /** Values that could not be read and were left out, unknown references, schema-version notes. */
  readonly warnings: string[];
}

/** A parsed element: attributes under `@`, text under `#text`, children under their (prefixed) names. */
interface XmlElement {
  readonly [key: string]: unknown;
}

const ATTRIBUTES = '@';
const TEXT = '#text';

/** Where a 0-based offset falls, 1-based line and column. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function fail(source: string, message: string, at: { line: number; column: number }): ParseError {
  return new ParseError(`${source}: ${message} (line ${at.line}, column ${at.column})`, { ...at, file: source });
}

/**
 * Refuses document type declarations. They are the only way to define entities, so refusing them
 * rules out external entities (XXE: reading local files or URLs) and exponential expansion
 * ("billion laughs"); OME-XML never needs one. The check runs on the raw text, before any parser,
 * and on all of it: a declaration quoted inside a comment or CDATA section is refused too, which
 * costs nothing for real OME-XML and keeps the check free of any XML parsing of its own.
 */
function refuseDeclarations(text: string, source: string): void {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (match === null) return;
  const kind = (match[1] ?? '').toUpperCase();
  throw fail(
    source,
    `${kind} declarations are refused: they can define entities that read local files or URLs (XXE) or expand exponentially ("billion laughs"), and OME-XML never needs one. Remove the <!${kind} …> declaration and send the file again`,
    position(text, match.index),
  );
}

/** The library validator's verdict as a ParseError; truncated documents are reported at their end. */
function checkWellFormed(text: string, source: string): void {
  // The validator moved to the fast-xml-validator package, which is not a dependency; this copy
  // is the one fast-xml-parser 5 ships, and it reports line and column.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict === true) return;
  const { msg, line, col } = verdict.err;
  // The validator names still-open elements as a JSON list and points at the first of them; for a
  // file cut short, the useful place is where it ends.
  const open = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg);
  if (open !== null) {
    let names: string[] = [];
    try {
      names = (JSON.parse(open[1] ?? '[]') as unknown[]).map(String);
    } catch {
      names = [];
    }
    const elements = names.map((n) => `<${n}>`).join(', ');
    throw fail(source, `malformed XML: the document ends before ${elements || 'all elements'} ${names.length === 1 ? 'is' : 'are'} closed; the file looks truncated`, position(text, text.length));
  }
  throw fail(source, `malformed XML: ${msg.replace(/\.$/, '')}`, { line: line || 1, column: col || 1 });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Children of an element with a local name, whatever their namespace prefix. */
function children(element: XmlElement | undefined, name: string): XmlElement[] {
  if (element === undefined) return [];
  const found: XmlElement[] = [];
  for (const [key, value] of Object.entries(element)) {
    if (key === ATTRIBUTES || key === TEXT || localName(key) !== name) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      // An element with only text (or nothing) is parsed as a string.
      if (isElement(item)) found.push(item);
      else found.push({ [TEXT]: typeof item === 'string' ? item : String(item ?? '') });
    }
  }
  return found;
}

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(element, name)[0];
}

function attributes(element: XmlElement | undefined): Readonly<Record<string, string>> {
  const value = element?.[ATTRIBUTES];
  return isElement(value) ? (value as Record<string, string>) : {};
}

function textOf(element: XmlElement | undefined): string | undefined {
  const value = element?.[TEXT];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Drops undefined members, so objects carry only what the document stated. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Normalises an OME unit symbol to the spelling of src/domain/units.ts: the Greek small letter mu
 * (U+03BC) becomes the micro sign (U+00B5) OME specifies, and OME's `pixel` is units.ts's `Pixel`.
 * @param symbol - the symbol as written.
 * @returns the normalised symbol.
 */
export function normaliseOmeUnit(symbol: string): string {
  const trimmed = symbol.trim().replace(/\u03bc/g, '\u00b5');
  return trimmed === 'pixel' ? 'Pixel' : trimmed;
}

/** Reads typed attribute values, collecting warnings for values it has to leave out. */
class AttributeReader {
  public constructor(private readonly warnings: string[]) {}

  public str(attrs: Readonly<Record<string, string>>, name: string): string | undefined {
    const value = attrs[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  public num(attrs: Readonly<Record<string, string>>, name: string, where: string): number | undefined {
    const raw = this.str(attrs, name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      this.warnings.push(`${where}: ${name}="${raw}" is not a number; left out`);
      return undefined;
    }
    return value;
  }

  public int(attrs: Readonly<Record<string, string>>, name: string, where: string): number | undefined {
    const value = this.num(attrs, name, where);
    if (value !== undefined && !Number.isInteger(value)) {
      this.warnings.push(`${where}: ${name}="${value}" is not an integer; left out`);
      return undefined;
    }
    return value;
  }

  public bool(attrs: Readonly<Record<string, string>>, name: string, where: string): boolean | undefined {
    const raw = this.str(attrs, name);
    if (raw === undefined) return undefined;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.warnings.push(`${where}: ${name}="${raw}" is not a boolean; left out`);
    return undefined;
  }

  /**
   * A value and its unit. When the `…Unit` attribute is absent the schema default applies (the
   * 2016-06 XSD gives one per attribute: wavelengths nm, power mW, working distance µm, …).
   */
  public quantity(
    attrs: Readonly<Record<string, string>>,
    name: string,
    kind: string,
    defaultUnit: string,
    where: string,
  ): OmeQuantity | undefined {
    const value = this.num(attrs, name, where);
    if (value === undefined) return undefined;
    const written = this.str(attrs, `${name}Unit`);
    const unit = normaliseOmeUnit(written ?? defaultUnit);
    if (unitBySymbol(kind, unit) === undefined) {
      this.warnings.push(`${where}: ${name}Unit="${written ?? ''}" is not a known ${kind} unit; ${name} left out`);
      return undefined;
    }
    return { value, unit };
  }

  public spec(attrs: Readonly<Record<string, string>>): OmeManufacturerSpec {
    return compact({
      manufacturer: this.str(attrs, 'Manufacturer'),
      model: this.str(attrs, 'Model'),
      serialNumber: this.str(attrs, 'SerialNumber'),
      lotNumber: this.str(attrs, 'LotNumber'),
    });
  }
}

const LIGHT_SOURCE_KINDS: readonly OmeLightSourceKind[] = ['Laser', 'Arc', 'Filament', 'LightEmittingDiode', 'GenericExcitationSource'];

function readInstrument(element: XmlElement, read: AttributeReader, warnings: string[]): OmeInstrument | undefined {
  const id = read.str(attributes(element), 'ID');
  if (id === undefined) {
    warnings.push('Instrument without ID; left out');
    return undefined;
  }
  const microscopeElement = child(element, 'Microscope');
  const microscope = microscopeElement === undefined
    ? undefined
    : compact({ ...read.spec(attributes(microscopeElement)), type: read.str(attributes(microscopeElement), 'Type') });

  const lightSources: OmeLightSource[] = [];
  // The five light-source elements share the LightSourceGroup slot; each kind is read in document order.
  for (const [key, value] of Object.entries(element)) {
    const kind = LIGHT_SOURCE_KINDS.find((k) => k === localName(key));
    if (kind === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const source = isElement(item) ? item : {};
      const attrs = attributes(source);
      const sourceId = read.str(attrs, 'ID');
      if (sourceId === undefined) {
        warnings.push(`${kind} without ID in Instrument ${id}; left out`);
        continue;
      }
      const where = `${kind} ${sourceId}`;
      const map = children(child(source, 'Map'), 'M')
        .map((m) => [read.str(attributes(m), 'K') ?? '', textOf(m) ?? ''] as const)
        .filter(([k]) => k !== '');
      lightSources.push(compact({
        id: sourceId,
        kind,
        ...read.spec(attrs),
        power: read.quantity(attrs, 'Power', 'power', 'mW', where),
        type: read.str(attrs, 'Type'),
        laserMedium: read.str(attrs, 'LaserMedium'),
        wavelength: kind === 'Laser' ? read.quantity(attrs, 'Wavelength', 'length', 'nm', where) : undefined,
        frequencyMultiplication: read.int(attrs, 'FrequencyMultiplication', where),
        tuneable: read.bool(attrs, 'Tuneable', where),
        pulse: read.str(attrs, 'Pulse'),
        pockelCell: read.bool(attrs, 'PockelCell', where),
        repetitionRate: read.quantity(attrs, 'RepetitionRate', 'frequency', 'Hz', where),
        pumpId: read.str(attributes(child(source, 'Pump')), 'ID'),
        map: map.length > 0 ? map : undefined,
      }));
    }
  }

  const withId = (kind: string, list: XmlElement[]) => list.flatMap((e) => {
    const elementId = read.str(attributes(e), 'ID');
    if (elementId === undefined) warnings.push(`${kind} without ID in Instrument ${id}; left out`);
    return elementId === undefined ? [] : [[e, elementId, attributes(e)] as const];
  });

  const detectors = withId('Detector', children(element, 'Detector')).map(([, detectorId, attrs]) => {
    const where = `Detector ${detectorId}`;
    return compact<OmeDetector>({
      id: detectorId,
      ...read.spec(attrs),
      type: read.str(attrs, 'Type'),
      gain: read.num(attrs, 'Gain', where),
      voltage: read.quantity(attrs, 'Voltage', 'voltage', 'V', where),
      offset: read.num(attrs, 'Offset', where),
      zoom: read.num(attrs, 'Zoom', where),
      amplificationGain: read.num(attrs, 'AmplificationGain', where),
    });
  });

  const objectives = withId('Objective', children(element, 'Objective')).map(([, objectiveId, attrs]) => {
    const where = `Objective ${objectiveId}`;
    return compact<OmeObjective>({
      id: objectiveId,
      ...read.spec(attrs),
      correction: read.str(attrs, 'Correction'),
      immersion: read.str(attrs, 'Immersion'),
      lensNA: read.num(attrs, 'LensNA', where),
      nominalMagnification: read.num(attrs, 'NominalMagnification', where),
      calibratedMagnification: read.num(attrs, 'CalibratedMagnification', where),
      // The 2016-06 default is µm, not mm: a bare WorkingDistance="170" is 0.17 mm.
      workingDistance: read.quantity(attrs, 'WorkingDistance', 'length', 'µm', where),
      iris: read.bool(attrs, 'Iris', where),
    });
  });

  const refIds = (e: XmlElement | undefined, name: string) =>
    children(e, name).flatMap((r) => read.str(attributes(r), 'ID') ?? []);

  const filterSets = withId('FilterSet', children(element, 'FilterSet')).map(([e, setId, attrs]) => compact<OmeFilterSet>({
    id: setId,
    ...read.spec(attrs),
    excitationFilterIds: refIds(e, 'ExcitationFilterRef'),
    dichroicId: refIds(e, 'DichroicRef')[0],
    emissionFilterIds: refIds(e, 'EmissionFilterRef'),
  }));

  const filters = withId('Filter', children(element, 'Filter')).map(([e, filterId, attrs]) => {
    const where = `Filter ${filterId}`;
    const rangeElement = child(e, 'TransmittanceRange');
    const range = rangeElement === undefined ? undefined : (() => {
      const r = attributes(rangeElement);
      return compact<OmeTransmittanceRange>({
        cutIn: read.quantity(r, 'CutIn', 'length', 'nm', where),
        cutOut: read.quantity(r, 'CutOut', 'length', 'nm', where),
        cutInTolerance: read.quantity(r, 'CutInTolerance', 'length', 'nm', where),
        cutOutTolerance: read.quantity(r, 'CutOutTolerance', 'length', 'nm', where),
        transmittance: read.num(r, 'Transmittance', where),
      });
    })();
    return compact<OmeFilter>({
      id: filterId,
      ...read.spec(attrs),
      type: read.str(attrs, 'Type'),
      filterWheel: read.str(attrs, 'FilterWheel'),
      transmittanceRange: range,
    });
  });

  const dichroics = withId('Dichroic', children(element, 'Dichroic')).map(([, dichroicId, attrs]) =>
    compact<OmeDichroic>({ id: dichroicId, ...read.spec(attrs) }));

  return compact<OmeInstrument>({ id, microscope, lightSources, detectors, objectives, filterSets, filters, dichroics });
}

function readChannel(element: XmlElement, read: AttributeReader, warnings: string[], imageId: string, index: number): OmeChannel {
  const attrs = attributes(element);
  const id = read.str(attrs, 'ID') ?? `Channel:${imageId}:${index}`;
  if (read.str(attrs, 'ID') === undefined) warnings.push(`Image ${imageId}: channel ${index + 1} has no ID; called ${id}`);
  const where = `Channel ${id}`;
  const lssElement = child(element, 'LightSourceSettings');
  const lss = attributes(lssElement);
  const lssId = read.str(lss, 'ID');
  const dsElement = child(element, 'DetectorSettings');
  const ds = attributes(dsElement);
  const dsId = read.str(ds, 'ID');
  const pathElement = child(element, 'LightPath');
  const refIds = (name: string) => children(pathElement, name).flatMap((r) => read.str(attributes(r), 'ID') ?? []);
  return compact<OmeChannel>({
    id,
    name: read.str(attrs, 'Name'),
    fluor: read.str(attrs, 'Fluor'),
    excitationWavelength: read.quantity(attrs, 'ExcitationWavelength', 'length', 'nm', where),
    emissionWavelength: read.quantity(attrs, 'EmissionWavelength', 'length', 'nm', where),
    illuminationType: read.str(attrs, 'IlluminationType'),
    contrastMethod: read.str(attrs, 'ContrastMethod'),
    acquisitionMode: read.str(attrs, 'AcquisitionMode'),
    pinholeSize: read.quantity(attrs, 'PinholeSize', 'length', 'µm', where),
    samplesPerPixel: read.int(attrs, 'SamplesPerPixel', where),
    color: read.int(attrs, 'Color', where),
    ndFilter: read.num(attrs, 'NDFilter', where),
    lightSourceSettings: lssId === undefined ? undefined : compact<OmeLightSourceSettings>({
      id: lssId,
      attenuation: read.num(lss, 'Attenuation', `${where} LightSourceSettings`),
      wavelength: read.quantity(lss, 'Wavelength', 'length', 'nm', `${where} LightSourceSettings`),
    }),
    detectorSettings: dsId === undefined ? undefined : compact<OmeDetectorSettings>({
      id: dsId,
      gain: read.num(ds, 'Gain', `${where} DetectorSettings`),
      offset: read.num(ds, 'Offset', `${where} DetectorSettings`),
      voltage: read.quantity(ds, 'Voltage', 'voltage', 'V', `${where} DetectorSettings`),
      binning: read.str(ds, 'Binning'),
      readOutRate: read.quantity(ds, 'ReadOutRate', 'frequency', 'MHz', `${where} DetectorSettings`),
      zoom: read.num(ds, 'Zoom', `${where} DetectorSettings`),
      integration: read.int(ds, 'Integration', `${where} DetectorSettings`),
    }),
    filterSetId: read.str(attributes(child(element, 'FilterSetRef')), 'ID'),
    lightPath: pathElement === undefined ? undefined : compact<OmeLightPath>({
      excitationFilterIds: refIds('ExcitationFilterRef'),
      dichroicId: refIds('DichroicRef')[0],
      emissionFilterIds: refIds('EmissionFilterRef'),
    }),
  });
}

function readImage(element: XmlElement, read: AttributeReader, warnings: string[]): OmeImage | undefined {
  const attrs = attributes(element);
  const id = read.str(attrs, 'ID');
  if (id === undefined) {
    warnings.push('Image without ID; left out');
    return undefined;
  }
  let acquisitionDate = textOf(child(element, 'AcquisitionDate'));
  if (acquisitionDate !== undefined && !DATE_TIME.test(acquisitionDate)) {
    warnings.push(`Image ${id}: AcquisitionDate "${acquisitionDate}" is not an xsd:dateTime; left out`);
    acquisitionDate = undefined;
  }
  const os = child(element, 'ObjectiveSettings');
  const osId = read.str(attributes(os), 'ID');
  const pixelsElement = child(element, 'Pixels');
  const pa = attributes(pixelsElement);
  const where = `Image ${id} Pixels`;
  const pixels = pixelsElement === undefined ? undefined : compact<OmePixels>({
    id: read.str(pa, 'ID') ?? `Pixels:${id}`,
    dimensionOrder: read.str(pa, 'DimensionOrder'),
    type: read.str(pa, 'Type'),
    significantBits: read.int(pa, 'SignificantBits', where),
    sizeX: read.int(pa, 'SizeX', where),
    sizeY: read.int(pa, 'SizeY', where),
    sizeZ: read.int(pa, 'SizeZ', where),
    sizeC: read.int(pa, 'SizeC', where),
    sizeT: read.int(pa, 'SizeT', where),
    physicalSizeX: read.quantity(pa, 'PhysicalSizeX', 'length', 'µm', where),
    physicalSizeY: read.quantity(pa, 'PhysicalSizeY', 'length', 'µm', where),
    physicalSizeZ: read.quantity(pa, 'PhysicalSizeZ', 'length', 'µm', where),
    timeIncrement: read.quantity(pa, 'TimeIncrement', 'time', 's', where),
  });
  if (pixelsElement === undefined) warnings.push(`Image ${id} has no Pixels element (the schema requires one)`);
  const channels = children(pixelsElement, 'Channel').map((c, index) => readChannel(c, read, warnings, id, index));
  return compact<OmeImage>({
    id,
    name: read.str(attrs, 'Name'),
    description: textOf(child(element, 'Description')),
    acquisitionDate,
    instrumentId: read.str(attributes(child(element, 'InstrumentRef')), 'ID'),
    objectiveSettings: osId === undefined ? undefined : compact<OmeObjectiveSettings>({
      id: osId,
      medium: read.str(attributes(os), 'Medium'),
      refractiveIndex: read.num(attributes(os), 'RefractiveIndex', `Image ${id} ObjectiveSettings`),
      correctionCollar: read.num(attributes(os), 'CorrectionCollar', `Image ${id} ObjectiveSettings`),
    }),
    pixels,
    channels,
  });
}

/** Warns about references to IDs the document does not define (the XSD's keyrefs, checked leniently). */
function checkReferences(instruments: readonly OmeInstrument[], images: readonly OmeImage[], warnings: string[]): void {
  for (const image of images) {
    const instrument = image.instrumentId === undefined
      ? (instruments.length === 1 ? instruments[0] : undefined)
      : instruments.find((i) => i.id === image.instrumentId);
    if (image.instrumentId !== undefined && instrument === undefined) {
      warnings.push(`Image ${image.id}: InstrumentRef ${image.instrumentId} is not an Instrument of this document`);
    }
    if (instrument === undefined) continue;
    const check = (kind: string, id: string | undefined, known: readonly { id: string }[]) => {
      if (id !== undefined && !known.some((k) => k.id === id)) warnings.push(`Image ${image.id}: ${kind} ${id} is not in Instrument ${instrument.id}`);
    };
    check('objective', image.objectiveSettings?.id, instrument.objectives);
    for (const channel of image.channels) {
      check('light source', channel.lightSourceSettings?.id, instrument.lightSources);
      check('detector', channel.detectorSettings?.id, instrument.detectors);
      check('filter set', channel.filterSetId, instrument.filterSets);
      for (const id of [...(channel.lightPath?.excitationFilterIds ?? []), ...(channel.lightPath?.emissionFilterIds ?? [])]) check('filter', id, instrument.filters);
      check('dichroic', channel.lightPath?.dichroicId, instrument.dichroics);
    }
  }
}

/**
 * Parses the OME-XML of an OME-TIFF header or companion file.
 *
 * Refuses DOCTYPE/ENTITY declarations and malformed XML with a {@link ParseError} naming line and
 * column; the root must be `OME` (any namespace prefix) in the 2016-06 namespace; other OME schema
 * versions are read with a warning, since the elements used here have been stable since 2013. Units
 * absent from the document take the schema's defaults. Nothing is fetched.
 *
 * @param text - the XML text.
 * @param source - where it came from (a file name, "request body"), for messages.
 * @returns the instruments and images, and warnings about what was left out.
 * @example
 * const doc = parseOmeXml(readFileSync('image.ome.xml', 'utf8'), 'image.ome.xml');
 * doc.instruments[0]?.objectives[0]?.lensNA; // 1.4
 */
export function parseOmeXml(text: string, source: string): OmeDocument {
  const xml = text.startsWith('\ufeff') ? text.slice(1) : text;
  refuseDeclarations(xml, source);
  checkWellFormed(xml, source);

  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: ATTRIBUTES,
    textNodeName: TEXT,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Character references (&#181;) and the five XML entities; there is no DOCTYPE to define others.
    processEntities: true,
    htmlEntities: true,
  });
  let parsed: XmlElement;
  try {
    parsed = parser.parse(xml) as XmlElement;
  } catch (error) {
    // The parser's own limits (e.g. nesting depth) apply to well-formed XML and name no position.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseError(`${source}: the XML parser refused the document: ${reason.replace(/\.$/, '')}`, { line: 1, column: 1, file: source }, { cause: error });
  }
  const roots = Object.keys(parsed).filter((key) => !key.startsWith('?'));
  const firstRoot = roots[0];
  /** Where an element's start tag first occurs (or its nth occurrence), to point messages at it. */
  const startTag = (name: string, occurrence = 0): { line: number; column: number } => {
    const pattern = new RegExp(`<${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s/>]`, 'g');
    let match: RegExpExecArray | null = null;
    for (let n = 0; n <= occurrence; n++) match = pattern.exec(xml);
    return position(xml, match?.index ?? 0);
  };
  if (firstRoot === undefined) throw fail(source, 'no root element', { line: 1, column: 1 });
  const rootValue = parsed[firstRoot];
  if (roots.length > 1 || Array.isArray(rootValue)) {
    const second = roots[1];
    throw fail(
      source,
      `more than one root element (${second === undefined ? `two <${firstRoot}>` : `<${firstRoot}>, <${second}>`}); an OME-XML document has one OME root`,
      second === undefined ? startTag(firstRoot, 1) : startTag(second),
    );
  }
  const rootAt = startTag(firstRoot);
  const root: XmlElement = isElement(rootValue) ? rootValue : {};
  if (localName(firstRoot) !== 'OME') {
    throw fail(source, `the root element is <${firstRoot}>, not <OME>: this is not an OME-XML document`, rootAt);
  }
  const prefix = firstRoot.includes(':') ? firstRoot.slice(0, firstRoot.indexOf(':')) : undefined;
  const namespace = attributes(root)[prefix === undefined ? 'xmlns' : `xmlns:${prefix}`]?.trim() ?? '';
  const version = OME_NAMESPACE_PATTERN.exec(namespace)?.[1];
  if (version === undefined) {
    throw fail(
      source,
      `the root <${firstRoot}> is not in the OME namespace ${OME_NAMESPACE} (found ${namespace === '' ? 'no namespace' : `"${namespace}"`})`,
      rootAt,
    );
  }
  const warnings: string[] = [];
  if (namespace !== OME_NAMESPACE) {
    warnings.push(`OME schema ${version} (namespace ${namespace}): read as 2016-06; attributes that changed between versions may be missed`);
  }
  const read = new AttributeReader(warnings);
  const binaryOnly = child(root, 'BinaryOnly');
  if (binaryOnly !== undefined) {
    warnings.push(`BinaryOnly: the metadata is in ${read.str(attributes(binaryOnly), 'MetadataFile') ?? 'a companion file'}; this document describes no instrument or image`);
  }
  const instruments = children(root, 'Instrument').flatMap((e) => readInstrument(e, read, warnings) ?? []);
  const images = children(root, 'Image').flatMap((e) => readImage(e, read, warnings) ?? []);
  checkReferences(instruments, images, warnings);
  return compact<OmeDocument>({
    uuid: read.str(attributes(root), 'UUID'),
    creator: read.str(attributes(root), 'Creator'),
    namespace,
    instruments,
    images,
    warnings,
  });
}
