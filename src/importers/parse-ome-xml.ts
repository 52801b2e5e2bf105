import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unitBySymbol } from '../domain/index.js';
import { ParseError } from '../errors/index.js';
import { normaliseOmeDateTime } from './normalise-ome-date-time.js';
import { normaliseOmeUnit } from './normalise-ome-unit.js';
import { OME_NAMESPACE } from './ome-document.js';
import type {
  OmeChannel, OmeDetector, OmeDetectorSettings, OmeDichroic, OmeDocument, OmeFilter, OmeFilterSet, OmeImage, OmeImagingEnvironment,
  OmeInstrument, OmeLightPath, OmeLightSource, OmeLightSourceKind, OmeLightSourceSettings, OmeManufacturerSpec, OmeMicroscope,
  OmeNotMapped, OmeObjective, OmeObjectiveSettings, OmePixels, OmeQuantity, OmeStageLabel, OmeTransmittanceRange,
} from './ome-document.js';
import { OME_MAPPING } from './ome-mapping.js';
import type { Disposition, ElementRule } from './ome-mapping.js';

/**
 * Reads the OME-XML header of an OME-TIFF (schema 2016-06, and the earlier schemas real files are
 * still written in) into typed values: the instruments and the images with their channel settings. Only what the hardware registry uses is kept; pixel data
 * (BinData, TiffData), planes, ROIs and annotations are skipped.
 *
 * Safety: a DOCTYPE or ENTITY declaration is refused before the XML parser sees the text, so no
 * entity is ever defined or expanded (XXE, "billion laughs"), and nothing is ever fetched.
 */

const OME_NAMESPACE_PATTERN = /^https?:\/\/www\.openmicroscopy\.org\/Schemas\/OME\/(\d{4}-\d{2})\/?$/;

/** The namespaces of the OME schemas before 2007 ("FC", "RC3"…), named after their schema file. */
const LEGACY_NAMESPACE_PATTERN = /^https?:\/\/www\.openmicroscopy\.org\/XMLschemas\/OME\/([A-Za-z0-9_-]+)\/ome\.xsd$/;

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
  // Messages quote the input (tag names, values): a hostile document must not make them megabytes long.
  const bounded = message.length > 400 ? `${message.slice(0, 300)}… (message shortened)` : message;
  return new ParseError(`${source}: ${bounded} (line ${at.line}, column ${at.column})`, { ...at, file: source });
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

/** Base64 digits, padding and XML whitespace: all a BinData element may hold. */
function isBase64OrSpace(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 47 && code <= 57) // A-Z a-z / 0-9
    || code === 43 || code === 61 || code === 32 || code === 9 || code === 10 || code === 13; // + = space tab LF CR
}

/**
 * Empties the content of BinData elements (pixel planes, attached files), keeping their line
 * breaks so that positions after them still point at the right line. Nothing here reads pixel
 * data, and an OME-XML file with its planes inline can run to gigabytes: validating and parsing
 * megabytes of base64 only to throw it away made such files slow. Content that is not base64
 * (a BinData quoted inside a comment, say) is left alone.
 * @param text - the XML text.
 * @returns the text with each BinData element's base64 content removed.
 */
function blankBinaryData(text: string): string {
  // Linear in the text: the tag's end is found with indexOf (remembered between tags, so a text of
  // many unclosed "<BinData" is not rescanned to its end for each one), never with a backtracking
  // pattern.
  const start = /<([A-Za-z_][\w.-]*:)?BinData\b/g;
  let out = '';
  let kept = 0;
  let gt = -1;
  for (let match = start.exec(text); match !== null; match = start.exec(text)) {
    const after = match.index + match[0].length;
    if (gt < after) gt = text.indexOf('>', after);
    if (gt < 0) break;
    if (text.charCodeAt(gt - 1) === 47) continue; // "/>": an empty element
    const from = gt + 1;
    const to = text.indexOf(`</${match[1] ?? ''}BinData`, from);
    if (to < 0) break;
    let newlines = 0;
    let base64 = true;
    for (let i = from; i < to && base64; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) newlines++;
      base64 = isBase64OrSpace(code);
    }
    start.lastIndex = to;
    if (!base64 || to - from <= newlines) continue;
    out += text.slice(kept, from) + '\n'.repeat(newlines);
    kept = to;
  }
  return kept === 0 ? text : out + text.slice(kept);
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
    const shown = names.length > 6 ? [...names.slice(0, 3), `… ${names.length - 6} more …`, ...names.slice(-3)] : names;
    const elements = shown.map((n) => (n.startsWith('…') ? n : `<${n}>`)).join(', ');
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

/**
 * What a number must be to be kept. OME's XSD types several attributes as PositiveFloat or
 * PercentFraction, and writers put 0 or -1 where they mean "unknown" (an objective NA of 0, a
 * pinhole of -1): such a value is invalid, so it is reported and left out rather than recorded.
 */
type NumberRange = 'any' | 'positive' | 'nonNegative' | 'fraction';

const RANGE_TEXT: Readonly<Record<Exclude<NumberRange, 'any'>, string>> = {
  positive: 'must be greater than 0',
  nonNegative: 'must not be negative',
  fraction: 'must be a fraction between 0 and 1',
};

function inRange(value: number, range: NumberRange): boolean {
  switch (range) {
    case 'any': return true;
    case 'positive': return value > 0;
    case 'nonNegative': return value >= 0;
    case 'fraction': return value >= 0 && value <= 1;
  }
}

/** ASCII spellings of unit symbols that some writers use instead of OME's. */
const ASCII_MICRO = /^u(?=[mgsVWAlL]|rad)/;

/** The lexical forms of xsd:decimal and xsd:double that are finite numbers (no hex, no commas). */
const XSD_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads typed attribute values, collecting warnings for values it has to leave out. */
class AttributeReader {
  /** Values left out for what they are, with the Instrument or Image they were read for. */
  public readonly dropped: OmeNotMapped[] = [];

  /** The Instrument or Image being read, set by the parser before each. */
  public owner: Pick<OmeNotMapped, 'owner' | 'ownerId'> | undefined;

  public constructor(private readonly warnings: string[]) {}

  /** Warns that a value was left out, and lists it as not mapped under its element and attribute. */
  private leaveOut(where: string, name: string, warning: string, reason: string): void {
    this.warnings.push(warning);
    if (this.owner !== undefined) this.dropped.push({ ...this.owner, path: `${where}@${name}`, reason });
  }

  public str(attrs: Readonly<Record<string, string>>, name: string): string | undefined {
    const value = attrs[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  public num(attrs: Readonly<Record<string, string>>, name: string, where: string, range: NumberRange = 'any'): number | undefined {
    const raw = this.str(attrs, name);
    if (raw === undefined) return undefined;
    if (!XSD_NUMBER.test(raw)) {
      // NaN and INF are legal xsd:float values, but no measurement: say so rather than "not a number".
      const special = /^[+-]?(NaN|INF|Infinity)$/i.test(raw);
      this.leaveOut(where, name, `${where}: ${name}="${raw}" is not a ${special ? 'finite number' : 'number'}; left out`, `"${raw}" is not a ${special ? 'finite number' : 'number'}`);
      return undefined;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      this.leaveOut(where, name, `${where}: ${name}="${raw}" is not a finite number; left out`, `"${raw}" is not a finite number`);
      return undefined;
    }
    if (range !== 'any' && !inRange(value, range)) {
      this.leaveOut(where, name, `${where}: ${name}="${raw}" ${RANGE_TEXT[range]}; left out`, `"${raw}" ${RANGE_TEXT[range]} (writers put 0 or -1 for "unknown")`);
      return undefined;
    }
    return value;
  }

  public int(attrs: Readonly<Record<string, string>>, name: string, where: string, range: NumberRange = 'any'): number | undefined {
    const value = this.num(attrs, name, where, range);
    if (value !== undefined && !Number.isSafeInteger(value)) {
      this.leaveOut(where, name, `${where}: ${name}="${value}" is not an integer; left out`, `"${value}" is not an integer`);
      return undefined;
    }
    return value;
  }

  public bool(attrs: Readonly<Record<string, string>>, name: string, where: string): boolean | undefined {
    const raw = this.str(attrs, name);
    if (raw === undefined) return undefined;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.leaveOut(where, name, `${where}: ${name}="${raw}" is not a boolean; left out`, `"${raw}" is not a boolean`);
    return undefined;
  }

  /**
   * A value of an OME enumeration, spelled as the schema spells it. Case and separators are
   * forgiven ("oil", "Plan Apo"), and values renamed by a schema release are read under their
   * current name. A value the schema does not list is invalid: it is reported and, unless
   * `keepUnknown` (the converter judges it, e.g. detector types for hybrid detectors), left out.
   */
  public enumeration(
    attrs: Readonly<Record<string, string>>,
    name: string,
    where: string,
    values: OmeEnumeration,
    keepUnknown = false,
  ): string | undefined {
    const raw = this.str(attrs, name);
    if (raw === undefined) return undefined;
    const known = values.get(enumKey(raw));
    if (known !== undefined) return known;
    if (keepUnknown) this.warnings.push(`${where}: ${name}="${raw}" is not a value of the OME schema`);
    else this.leaveOut(where, name, `${where}: ${name}="${raw}" is not a value of the OME schema; left out`, `"${raw}" is not a value of the OME schema`);
    return keepUnknown ? raw : undefined;
  }

  /**
   * A value and its unit. When the `…Unit` attribute is absent the schema default applies (the
   * 2016-06 XSD gives one per attribute: wavelengths nm, power mW, working distance µm, …; schemas
   * before 2015-01 had no unit attributes and used the same units).
   */
  public quantity(
    attrs: Readonly<Record<string, string>>,
    name: string,
    kind: string,
    defaultUnit: string,
    where: string,
    range: NumberRange = 'any',
  ): OmeQuantity | undefined {
    const value = this.num(attrs, name, where, range);
    if (value === undefined) return undefined;
    const written = this.str(attrs, `${name}Unit`);
    let unit = normaliseOmeUnit(written ?? defaultUnit);
    if (unitBySymbol(kind, unit) === undefined && ASCII_MICRO.test(unit) && unitBySymbol(kind, unit.replace(ASCII_MICRO, '\u00b5')) !== undefined) {
      // "um" for µm is not OME's spelling, but no other unit is meant by it.
      unit = unit.replace(ASCII_MICRO, '\u00b5');
    }
    if (unitBySymbol(kind, unit) === undefined) {
      this.leaveOut(where, name, `${where}: ${name}Unit="${written ?? ''}" is not a known ${kind} unit; ${name} left out`, `its unit "${written ?? ''}" is not a known ${kind} unit`);
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

/** An OME enumeration: its values by {@link enumKey}, including names older schemas used. */
type OmeEnumeration = ReadonlyMap<string, string>;

/** The spelling-insensitive key of an enumeration value: lower case, letters and digits only. */
function enumKey(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function enumeration(values: readonly string[], aliases: Readonly<Record<string, string>> = {}): OmeEnumeration {
  const map = new Map<string, string>();
  for (const value of values) map.set(enumKey(value), value);
  for (const [alias, value] of Object.entries(aliases)) map.set(enumKey(alias), value);
  return map;
}

/** The enumerations of the 2016-06 schema this reader uses, with the earlier names of renamed values. */
const ENUM = {
  microscopeType: enumeration(['Upright', 'Inverted', 'Dissection', 'Electrophysiology', 'Other']),
  laserType: enumeration(['Excimer', 'Gas', 'MetalVapor', 'SolidState', 'Dye', 'Semiconductor', 'FreeElectron', 'Other']),
  laserMedium: enumeration([
    'Cu', 'Ag', 'ArFl', 'ArCl', 'KrFl', 'KrCl', 'XeFl', 'XeCl', 'XeBr', 'N', 'Ar', 'Kr', 'Xe', 'HeNe', 'HeCd', 'CO', 'CO2',
    'H2O', 'HFl', 'NdGlass', 'NdYAG', 'ErGlass', 'ErYAG', 'HoYLF', 'HoYAG', 'Ruby', 'TiSapphire', 'Alexandrite', 'Rhodamine6G',
    'CoumarinC30', 'GaAs', 'GaAlAs', 'EMinus', 'Other',
  ]),
  pulse: enumeration(['CW', 'Single', 'QSwitched', 'Repetitive', 'ModeLocked', 'Other']),
  arcType: enumeration(['Hg', 'Xe', 'HgXe', 'Other']),
  filamentType: enumeration(['Incandescent', 'Halogen', 'Other']),
  detectorType: enumeration([
    'CCD', 'IntensifiedCCD', 'AnalogVideo', 'PMT', 'Photodiode', 'Spectroscopy', 'LifetimeImaging', 'CorrelationSpectroscopy',
    'FTIR', 'EMCCD', 'APD', 'CMOS', 'EBCCD', 'Other',
  ]),
  correction: enumeration([
    'UV', 'PlanApo', 'PlanFluor', 'SuperFluor', 'VioletCorrected', 'Achro', 'Achromat', 'Fluor', 'Fl', 'Fluar', 'Neofluar',
    'Fluotar', 'Apo', 'PlanNeofluar', 'Other',
  ]),
  immersion: enumeration(['Oil', 'Water', 'WaterDipping', 'Air', 'Multi', 'Glycerol', 'Other']),
  filterType: enumeration(['Dichroic', 'LongPass', 'ShortPass', 'BandPass', 'MultiPass', 'NeutralDensity', 'Tuneable', 'Other']),
  illuminationType: enumeration(['Transmitted', 'Epifluorescence', 'Oblique', 'NonLinear', 'Other']),
  contrastMethod: enumeration(['Brightfield', 'Phase', 'DIC', 'HoffmanModulation', 'ObliqueIllumination', 'PolarizedLight', 'Darkfield', 'Fluorescence', 'Other']),
  acquisitionMode: enumeration([
    'WideField', 'LaserScanningConfocalMicroscopy', 'SpinningDiskConfocal', 'SlitScanConfocal', 'MultiPhotonMicroscopy',
    'StructuredIllumination', 'SingleMoleculeImaging', 'TotalInternalReflection', 'FluorescenceLifetime', 'SpectralImaging',
    'FluorescenceCorrelationSpectroscopy', 'NearFieldScanningOpticalMicroscopy', 'SecondHarmonicGenerationImaging', 'PALM',
    'STORM', 'STED', 'TIRF', 'FSM', 'LCM', 'Other', 'BrightField', 'SweptFieldConfocal', 'SPIM',
  ], {
    // Names of the 2010-04 to 2012-06 schemas, renamed in 2013-06.
    LaserScanningConfocal: 'LaserScanningConfocalMicroscopy',
    LaserScanningMultiphoton: 'MultiPhotonMicroscopy',
  }),
  binning: enumeration(['1x1', '2x2', '4x4', '8x8', 'Other']),
  medium: enumeration(['Air', 'Oil', 'Water', 'Glycerol', 'Other']),
} as const;

const LIGHT_SOURCE_KINDS: readonly OmeLightSourceKind[] = ['Laser', 'Arc', 'Filament', 'LightEmittingDiode', 'GenericExcitationSource'];

function lightSourceKind(key: string): OmeLightSourceKind | undefined {
  const name = localName(key);
  return LIGHT_SOURCE_KINDS.find((k) => k === name);
}

/**
 * Reads one light source. `attrs` are the attributes the source carries: from 2013-06 on, those of
 * the `Laser` (…) element itself; before, and in files of writers that kept the old form (Nikon
 * NIS-Elements, Olympus cellSens), those of the `LightSource` wrapper (ID, ManufacturerSpec, Power)
 * merged with those of the `Laser` (…) element inside it.
 */
function readLightSource(
  kind: OmeLightSourceKind,
  id: string,
  attrs: Readonly<Record<string, string>>,
  element: XmlElement,
  read: AttributeReader,
): OmeLightSource {
  const where = `${kind} ${id}`;
  const map = children(child(element, 'Map'), 'M')
    .map((m) => [read.str(attributes(m), 'K') ?? '', textOf(m) ?? ''] as const)
    .filter(([k]) => k !== '');
  const typeOf: Partial<Record<OmeLightSourceKind, OmeEnumeration>> = { Laser: ENUM.laserType, Arc: ENUM.arcType, Filament: ENUM.filamentType };
  const types = typeOf[kind];
  const laser = kind === 'Laser';
  return compact<OmeLightSource>({
    id,
    kind,
    ...read.spec(attrs),
    power: read.quantity(attrs, 'Power', 'power', 'mW', where, 'nonNegative'),
    type: types === undefined ? undefined : read.enumeration(attrs, 'Type', where, types),
    laserMedium: laser ? read.enumeration(attrs, 'LaserMedium', where, ENUM.laserMedium) : undefined,
    wavelength: laser ? read.quantity(attrs, 'Wavelength', 'length', 'nm', where, 'positive') : undefined,
    frequencyMultiplication: laser ? read.int(attrs, 'FrequencyMultiplication', where, 'positive') : undefined,
    tuneable: laser ? read.bool(attrs, 'Tuneable', where) : undefined,
    pulse: laser ? read.enumeration(attrs, 'Pulse', where, ENUM.pulse) : undefined,
    pockelCell: laser ? read.bool(attrs, 'PockelCell', where) : undefined,
    repetitionRate: laser ? read.quantity(attrs, 'RepetitionRate', 'frequency', 'Hz', where, 'positive') : undefined,
    pumpId: laser ? read.str(attributes(child(element, 'Pump')), 'ID') : undefined,
    map: map.length > 0 ? map : undefined,
  });
}

function readInstrument(element: XmlElement, read: AttributeReader, warnings: string[]): OmeInstrument | undefined {
  const id = read.str(attributes(element), 'ID');
  if (id === undefined) {
    warnings.push('Instrument without ID; left out');
    return undefined;
  }
  const microscopeElement = child(element, 'Microscope');
  const microscopeAttrs = attributes(microscopeElement);
  const microscope = microscopeElement === undefined
    ? undefined
    : compact<OmeMicroscope>({ ...read.spec(microscopeAttrs), type: read.enumeration(microscopeAttrs, 'Type', `Microscope of ${id}`, ENUM.microscopeType) });

  const lightSources: OmeLightSource[] = [];
  // The five light-source elements share the LightSourceGroup slot; each kind is read in document order.
  for (const [key, value] of Object.entries(element)) {
    const kind = lightSourceKind(key);
    if (kind === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const source = isElement(item) ? item : {};
      const sourceId = read.str(attributes(source), 'ID');
      if (sourceId === undefined) {
        warnings.push(`${kind} without ID in Instrument ${id}; left out`);
        continue;
      }
      lightSources.push(readLightSource(kind, sourceId, attributes(source), source, read));
    }
  }
  // The form of the schemas before 2013-06: <LightSource ID=…><Laser …/></LightSource>.
  for (const wrapper of children(element, 'LightSource')) {
    const wrapperAttrs = attributes(wrapper);
    const sourceId = read.str(wrapperAttrs, 'ID');
    const inner = Object.entries(wrapper).flatMap(([key, value]) => {
      const kind = lightSourceKind(key);
      const first = Array.isArray(value) ? (value as unknown[])[0] : value;
      return kind === undefined ? [] : [[kind, isElement(first) ? first : {}] as const];
    });
    const [found] = inner;
    if (sourceId === undefined || found === undefined) {
      warnings.push(`LightSource ${sourceId ?? 'without ID'} in Instrument ${id} ${found === undefined ? 'names no kind of light source (Laser, Arc, Filament, LightEmittingDiode)' : 'has no ID'}; left out`);
      continue;
    }
    const [kind, source] = found;
    // The wrapper holds the identity and the manufacturer; the inner element the kind's own facts.
    lightSources.push(readLightSource(kind, sourceId, { ...attributes(source), ...wrapperAttrs }, source, read));
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
      // Kept when unknown: the converter recognises hybrid detectors that OME 2016-06 has no type for.
      type: read.enumeration(attrs, 'Type', where, ENUM.detectorType, true),
      gain: read.num(attrs, 'Gain', where),
      voltage: read.quantity(attrs, 'Voltage', 'voltage', 'V', where),
      offset: read.num(attrs, 'Offset', where),
      zoom: read.num(attrs, 'Zoom', where, 'positive'),
      amplificationGain: read.num(attrs, 'AmplificationGain', where),
    });
  });

  const objectives = withId('Objective', children(element, 'Objective')).map(([, objectiveId, attrs]) => {
    const where = `Objective ${objectiveId}`;
    return compact<OmeObjective>({
      id: objectiveId,
      ...read.spec(attrs),
      correction: read.enumeration(attrs, 'Correction', where, ENUM.correction),
      immersion: read.enumeration(attrs, 'Immersion', where, ENUM.immersion),
      lensNA: read.num(attrs, 'LensNA', where, 'positive'),
      nominalMagnification: read.num(attrs, 'NominalMagnification', where, 'positive'),
      calibratedMagnification: read.num(attrs, 'CalibratedMagnification', where, 'positive'),
      // The 2016-06 default is µm, not mm: a bare WorkingDistance="170" is 0.17 mm.
      workingDistance: read.quantity(attrs, 'WorkingDistance', 'length', 'µm', where, 'positive'),
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
        cutIn: read.quantity(r, 'CutIn', 'length', 'nm', where, 'positive'),
        cutOut: read.quantity(r, 'CutOut', 'length', 'nm', where, 'positive'),
        cutInTolerance: read.quantity(r, 'CutInTolerance', 'length', 'nm', where, 'nonNegative'),
        cutOutTolerance: read.quantity(r, 'CutOutTolerance', 'length', 'nm', where, 'nonNegative'),
        transmittance: read.num(r, 'Transmittance', where, 'fraction'),
      });
    })();
    return compact<OmeFilter>({
      id: filterId,
      ...read.spec(attrs),
      type: read.enumeration(attrs, 'Type', where, ENUM.filterType),
      filterWheel: read.str(attrs, 'FilterWheel'),
      transmittanceRange: range,
    });
  });

  const dichroics = withId('Dichroic', children(element, 'Dichroic')).map(([, dichroicId, attrs]) =>
    compact<OmeDichroic>({ id: dichroicId, ...read.spec(attrs) }));

  // IDs are unique in a valid document; a part whose ID another part already has would share its
  // component IRI (and its references), so it is left out.
  const seen = new Set<string>();
  const unique = <T extends { readonly id: string }>(kind: string, parts: readonly T[]): T[] => parts.filter((part) => {
    if (!seen.has(part.id)) {
      seen.add(part.id);
      return true;
    }
    warnings.push(`${kind} ${part.id} in Instrument ${id}: another part of the instrument has the ID ${part.id}; left out`);
    return false;
  });
  return compact<OmeInstrument>({
    id,
    microscope,
    lightSources: unique('Light source', lightSources),
    detectors: unique('Detector', detectors),
    objectives: unique('Objective', objectives),
    filterSets: unique('FilterSet', filterSets),
    filters: unique('Filter', filters),
    dichroics: unique('Dichroic', dichroics),
  });
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
    excitationWavelength: read.quantity(attrs, 'ExcitationWavelength', 'length', 'nm', where, 'positive'),
    emissionWavelength: read.quantity(attrs, 'EmissionWavelength', 'length', 'nm', where, 'positive'),
    illuminationType: read.enumeration(attrs, 'IlluminationType', where, ENUM.illuminationType),
    contrastMethod: read.enumeration(attrs, 'ContrastMethod', where, ENUM.contrastMethod),
    acquisitionMode: read.enumeration(attrs, 'AcquisitionMode', where, ENUM.acquisitionMode),
    pinholeSize: read.quantity(attrs, 'PinholeSize', 'length', 'µm', where, 'positive'),
    samplesPerPixel: read.int(attrs, 'SamplesPerPixel', where, 'positive'),
    color: read.int(attrs, 'Color', where),
    ndFilter: read.num(attrs, 'NDFilter', where, 'nonNegative'),
    lightSourceSettings: lssId === undefined ? undefined : compact<OmeLightSourceSettings>({
      id: lssId,
      attenuation: read.num(lss, 'Attenuation', `${where} LightSourceSettings`, 'fraction'),
      wavelength: read.quantity(lss, 'Wavelength', 'length', 'nm', `${where} LightSourceSettings`, 'positive'),
    }),
    detectorSettings: dsId === undefined ? undefined : compact<OmeDetectorSettings>({
      id: dsId,
      gain: read.num(ds, 'Gain', `${where} DetectorSettings`),
      offset: read.num(ds, 'Offset', `${where} DetectorSettings`),
      voltage: read.quantity(ds, 'Voltage', 'voltage', 'V', `${where} DetectorSettings`),
      binning: read.enumeration(ds, 'Binning', `${where} DetectorSettings`, ENUM.binning),
      readOutRate: read.quantity(ds, 'ReadOutRate', 'frequency', 'MHz', `${where} DetectorSettings`, 'positive'),
      zoom: read.num(ds, 'Zoom', `${where} DetectorSettings`, 'positive'),
      integration: read.int(ds, 'Integration', `${where} DetectorSettings`, 'positive'),
    }),
    filterSetId: read.str(attributes(child(element, 'FilterSetRef')), 'ID'),
    lightPath: pathElement === undefined ? undefined : compact<OmeLightPath>({
      excitationFilterIds: refIds('ExcitationFilterRef'),
      dichroicId: refIds('DichroicRef')[0],
      emissionFilterIds: refIds('EmissionFilterRef'),
    }),
  });
}

/**
 * The acquisition date of an image. 2013-06 named the element AcquisitionDate; the 2010-04 to
 * 2012-06 schemas call it AcquiredDate, and those before 2010 CreationDate.
 */
function acquisitionDateOf(element: XmlElement, id: string, warnings: string[]): string | undefined {
  const [name, raw] = (['AcquisitionDate', 'AcquiredDate', 'CreationDate'] as const)
    .map((n) => [n, textOf(child(element, n))] as const)
    .find(([, text]) => text !== undefined) ?? [];
  if (name === undefined || raw === undefined) return undefined;
  const date = normaliseOmeDateTime(raw);
  if (date === undefined) warnings.push(`Image ${id}: ${name} "${raw}" is not an xsd:dateTime; left out`);
  return date;
}

function readImage(element: XmlElement, read: AttributeReader, warnings: string[]): OmeImage | undefined {
  const attrs = attributes(element);
  const id = read.str(attrs, 'ID');
  if (id === undefined) {
    warnings.push('Image without ID; left out');
    return undefined;
  }
  const acquisitionDate = acquisitionDateOf(element, id, warnings);
  const os = child(element, 'ObjectiveSettings');
  const osId = read.str(attributes(os), 'ID');
  const pixelsElement = child(element, 'Pixels');
  const pa = attributes(pixelsElement);
  const where = `Image ${id} Pixels`;
  const pixels = pixelsElement === undefined ? undefined : compact<OmePixels>({
    id: read.str(pa, 'ID') ?? `Pixels:${id}`,
    dimensionOrder: read.str(pa, 'DimensionOrder'),
    type: read.str(pa, 'Type'),
    significantBits: read.int(pa, 'SignificantBits', where, 'positive'),
    sizeX: read.int(pa, 'SizeX', where, 'positive'),
    sizeY: read.int(pa, 'SizeY', where, 'positive'),
    sizeZ: read.int(pa, 'SizeZ', where, 'positive'),
    sizeC: read.int(pa, 'SizeC', where, 'positive'),
    sizeT: read.int(pa, 'SizeT', where, 'positive'),
    physicalSizeX: read.quantity(pa, 'PhysicalSizeX', 'length', 'µm', where, 'positive'),
    physicalSizeY: read.quantity(pa, 'PhysicalSizeY', 'length', 'µm', where, 'positive'),
    physicalSizeZ: read.quantity(pa, 'PhysicalSizeZ', 'length', 'µm', where, 'positive'),
    timeIncrement: read.quantity(pa, 'TimeIncrement', 'time', 's', where, 'nonNegative'),
    interleaved: read.bool(pa, 'Interleaved', where),
    bigEndian: read.bool(pa, 'BigEndian', where),
  });
  if (pixelsElement === undefined) warnings.push(`Image ${id} has no Pixels element (the schema requires one)`);
  const channels = children(pixelsElement, 'Channel').map((c, index) => readChannel(c, read, warnings, id, index));
  const osWhere = `Image ${id} ObjectiveSettings`;
  const environmentElement = child(element, 'ImagingEnvironment');
  const ea = attributes(environmentElement);
  const eWhere = `Image ${id} ImagingEnvironment`;
  const imagingEnvironment = environmentElement === undefined ? undefined : compact<OmeImagingEnvironment>({
    temperature: read.quantity(ea, 'Temperature', 'temperature', '°C', eWhere),
    airPressure: read.quantity(ea, 'AirPressure', 'pressure', 'mbar', eWhere, 'nonNegative'),
    humidity: read.num(ea, 'Humidity', eWhere, 'fraction'),
    co2Percent: read.num(ea, 'CO2Percent', eWhere, 'fraction'),
  });
  const labelElement = child(element, 'StageLabel');
  const la = attributes(labelElement);
  const lWhere = `Image ${id} StageLabel`;
  const stageLabel = labelElement === undefined ? undefined : compact<OmeStageLabel>({
    name: read.str(la, 'Name'),
    x: read.quantity(la, 'X', 'length', 'reference frame', lWhere),
    y: read.quantity(la, 'Y', 'length', 'reference frame', lWhere),
    z: read.quantity(la, 'Z', 'length', 'reference frame', lWhere),
  });
  return compact<OmeImage>({
    id,
    name: read.str(attrs, 'Name'),
    description: textOf(child(element, 'Description')),
    acquisitionDate,
    instrumentId: read.str(attributes(child(element, 'InstrumentRef')), 'ID'),
    objectiveSettings: osId === undefined ? undefined : compact<OmeObjectiveSettings>({
      id: osId,
      medium: read.enumeration(attributes(os), 'Medium', osWhere, ENUM.medium),
      refractiveIndex: read.num(attributes(os), 'RefractiveIndex', osWhere, 'positive'),
      correctionCollar: read.num(attributes(os), 'CorrectionCollar', osWhere),
    }),
    imagingEnvironment: imagingEnvironment === undefined || Object.keys(imagingEnvironment).length === 0 ? undefined : imagingEnvironment,
    stageLabel: stageLabel === undefined || Object.keys(stageLabel).length === 0 ? undefined : stageLabel,
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
 * column; the root must be `OME` (any namespace prefix) in an OME namespace. Schemas other than
 * 2016-06 are read with a warning: the elements used here have been stable since 2013, and the
 * earlier forms real files still carry are read too (the `LightSource` wrapper of a laser,
 * `AcquiredDate`, `CreationDate`). Units absent from the document take the schema's defaults.
 * Values that are not legal, or that writers put for "unknown" (an NA of 0, a pinhole of -1), are
 * left out with a warning; only a document that is not OME-XML at all is refused. BinData content
 * is skipped unread, so inline pixel data costs little. Nothing is fetched.
 *
 * @param text - the XML text.
 * @param source - where it came from (a file name, "request body"), for messages.
 * @returns the instruments and images, and warnings about what was left out.
 * @example
 * const doc = parseOmeXml(readFileSync('image.ome.xml', 'utf8'), 'image.ome.xml');
 * doc.instruments[0]?.objectives[0]?.lensNA; // 1.4
 */
export function parseOmeXml(text: string, source: string): OmeDocument {
  const original = text.startsWith('\ufeff') ? text.slice(1) : text;
  refuseDeclarations(original, source);
  const xml = blankBinaryData(original);
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
  const version = OME_NAMESPACE_PATTERN.exec(namespace)?.[1] ?? LEGACY_NAMESPACE_PATTERN.exec(namespace)?.[1];
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
  const instruments = children(root, 'Instrument').flatMap((e) => {
    read.owner = { owner: 'Instrument', ownerId: read.str(attributes(e), 'ID') ?? '' };
    return readInstrument(e, read, warnings) ?? [];
  });
  const images = children(root, 'Image').flatMap((e) => {
    read.owner = { owner: 'Image', ownerId: read.str(attributes(e), 'ID') ?? '' };
    return readImage(e, read, warnings) ?? [];
  });
  read.owner = undefined;
  checkReferences(instruments, images, warnings);
  const notMapped = [
    ...read.dropped,
    ...children(root, 'Instrument').flatMap((e) => unmapped(e, 'Instrument', read.str(attributes(e), 'ID') ?? '')),
    ...children(root, 'Image').flatMap((e) => unmapped(e, 'Image', read.str(attributes(e), 'ID') ?? '')),
  ];
  return compact<OmeDocument>({
    uuid: read.str(attributes(root), 'UUID'),
    creator: read.str(attributes(root), 'Creator'),
    namespace,
    instruments,
    images,
    warnings,
    notMapped,
  });
}

/**
 * A table's own entry for a name read from the document: `constructor` or `__proto__` in a file
 * must find nothing, not a member of Object.prototype.
 * @param table - the table (absent: no entries).
 * @param name - the name.
 * @returns the entry, or undefined.
 */
function ownEntry<T>(table: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The disposition of an attribute: its own, or (for `…Unit`) that of the value it qualifies. */
function attributeDisposition(rule: ElementRule, name: string): Disposition | undefined {
  const own = ownEntry(rule.attributes, name);
  if (own !== undefined) return own;
  const unitOf = /^(.+)Unit$/.exec(name)?.[1];
  return unitOf === undefined ? undefined : ownEntry(rule.attributes, unitOf);
}

/**
 * Every element and attribute of an Instrument or Image subtree that is not mapped, by walking all
 * of it against {@link OME_MAPPING}: what the table lists as not mapped, with its reason, and
 * whatever the table does not know. Namespace declarations and `xsi:` attributes carry no data.
 * @param element - the Instrument or Image element as parsed.
 * @param owner - which of the two it is.
 * @param ownerId - its ID.
 * @returns one entry per element or attribute occurrence.
 */
function unmapped(element: XmlElement, owner: 'Instrument' | 'Image', ownerId: string): OmeNotMapped[] {
  const found: OmeNotMapped[] = [];
  const walk = (node: XmlElement, name: string, path: string): void => {
    const rule = ownEntry(OME_MAPPING, name) ?? {};
    const present = attributes(node);
    for (const attribute of Object.keys(present)) {
      if (attribute === 'xmlns' || attribute.includes(':')) continue;
      // A unit goes with its value: reported once, under the value's name.
      const unitOf = /^(.+)Unit$/.exec(attribute)?.[1];
      if (unitOf !== undefined && ownEntry(present, unitOf) !== undefined && attributeDisposition(rule, unitOf) !== undefined) continue;
      const disposition = attributeDisposition(rule, attribute);
      if (disposition === true) continue;
      found.push({ owner, ownerId, path: `${path}@${attribute}`, reason: disposition ?? `${attribute} is not an attribute of ${name} in the OME schema this importer reads` });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === ATTRIBUTES || key === TEXT || key.startsWith('?')) continue;
      const childName = localName(key);
      const childPath = `${path}/${childName}`;
      const disposition = ownEntry(rule.children, childName);
      const known = ownEntry(OME_MAPPING, childName) !== undefined;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (disposition === true && known) walk(isElement(item) ? item : {}, childName, childPath);
        else found.push({ owner, ownerId, path: childPath, reason: typeof disposition === 'string' ? disposition : `${childName} is not an element of ${name} in the OME schema this importer reads` });
      }
    }
  };
  walk(element, owner, owner);
  return found;
}
