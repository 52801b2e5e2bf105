import N3 from 'n3';
import type { Quad, Quad_Object, Quad_Subject } from 'n3';
import { NBOQ_NS, PHD_NS, PREFIXES, UNIT_NS, vocabulary } from '../domain/namespaces.js';
import { canonicalDouble, canonicalUnitFor, decimalLexical, unitBySymbol } from '../domain/units.js';
import { PHD } from '../domain/vocabulary.js';
import { convertMicrometa } from './micrometa-converter.js';
import type { ConvertOptions, MicrometaConversion } from './micrometa-converter.js';
import { toCanonical } from './nbo-q-mapping.js';
import type { NboqMapping } from './nbo-q-mapping.js';
import type { NotMapped } from './not-mapped.js';
import type {
  OmeChannel,
  OmeDetector,
  OmeFilter,
  OmeImage,
  OmeInstrument,
  OmeLightSource,
  OmeObjective,
  OmeQuantity,
} from './ome-xml.js';

/**
 * The tier an OME-XML instrument declares: 0, a partial description. An OME-XML header does not
 * record facts every NBO-Q tier requires (catalogue numbers, coatings, DIC…), and none are
 * invented; its values are still validated (see RecordValidator).
 */
export const PARTIAL_TIER = 0;

/**
 * OME-XML → NBO-Q. An OME Instrument becomes a hardware configuration by way of a Micro-Meta-App-like
 * object handed to {@link convertMicrometa}, so units, canonical values and component IRIs follow the
 * one code path the Micro-Meta App importer uses. An OME Image becomes a dataset record whose channel
 * settings are NBO-Q settings nodes linked to the configuration's components.
 */

const { namedNode, literal, quad } = N3.DataFactory;

/** NBO-Q terms written directly by {@link imageToDataset} (a test checks each exists in ontology/). */
const NQ = vocabulary(NBOQ_NS, [
  'Channel', 'Fluorophore', 'LightSourceSettings', 'ObjectiveSettings', 'CameraSettings', 'PointDetectorSettings',
  'GenericDetectorSettings', 'illuminationType', 'contrastMethod', 'samplesPerPixel', 'color', 'excitationWavelength',
  'excitationWavelengthUnit', 'emissionWavelength', 'emissionWavelengthUnit', 'illuminationPowerSettings',
  'lluminationPowerSettingsUnit', 'measuredRefractiveIndex', 'correctionCollarPosition', 'binning', 'pixelReadOutRate',
  'pixelReadOutRateUnit', 'integration', 'analogGain', 'offset', 'voltage', 'voltageUnit', 'effectiveBitDepth', 'LightPath',
  'Pixels', 'dimensionOrder', 'pixelType', 'sizeX', 'sizeY', 'sizeZ', 'sizeC', 'sizeT', 'significantBits', 'interleaved', 'bigEndian',
  'physicalSizeX', 'physicalSizeXUnit', 'physicalSizeY', 'physicalSizeYUnit', 'physicalSizeZ', 'physicalSizeZUnit', 'timeIncrement',
  'timeIncrementUnit', 'ImagingEnvironment', 'temperature', 'temperatureUnit', 'co2Percent', 'humidity', 'airPressure', 'airPressureUnit',
  'StageLabel', 'x', 'xUnits', 'y', 'yUnits', 'z', 'zUnits',
] as const);

/** phd: terms for what OME allows and NBO-Q cannot hold (documented in ontology/phd.ttl). */
const PX = vocabulary(PHD_NS, [
  'excitationFilter', 'emissionFilter', 'LightPathElement', 'pathElement', 'pathPosition', 'pathRole',
  'ExcitationFilterRole', 'DichroicRole', 'EmissionFilterRole', 'omeIlluminationType', 'omeAcquisitionMode',
] as const);

const RDF_TYPE = `${PREFIXES.rdf}type`;
const RDFS_LABEL = `${PREFIXES.rdfs}label`;
const DCT = vocabulary(PREFIXES.dcterms, ['identifier', 'title', 'created', 'description'] as const);
const XSD = vocabulary(PREFIXES.xsd, ['decimal', 'integer', 'double', 'date', 'dateTime', 'string', 'boolean'] as const);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// OME enumerations → NBO-Q allowed values (the sh:in lists of shapes/nbo-q.ttl; a test checks them)
// ---------------------------------------------------------------------------------------------

/** Microscope Type → stand Type. Upright and inverted stands are both compound microscopes. */
const STAND_TYPE: Readonly<Record<string, string>> = {
  Upright: 'Compound', Inverted: 'Compound', Dissection: 'Dissection', Electrophysiology: 'Electrophysiology', Other: 'Other',
};

/** Objective Immersion → ImmersionType. OME "Oil" is standard immersion oil, NBO-Q's "Mineral Oil". */
export const IMMERSION: Readonly<Record<string, string>> = {
  Oil: 'Mineral Oil', Water: 'Water', WaterDipping: 'Dipping', Air: 'Air', Multi: 'Multi', Glycerol: 'Glycerol', Other: 'Other',
};

/** Objective Correction: every 2016-06 value is in NBO-Q's list under the same spelling. */
const CORRECTIONS = new Set([
  'UV', 'PlanApo', 'PlanFluor', 'SuperFluor', 'VioletCorrected', 'Achro', 'Achromat', 'Fluor', 'Fl', 'Fluar', 'Neofluar',
  'Fluotar', 'Apo', 'PlanNeofluar', 'Other',
]);

/** Laser Type. An excimer laser is a gas laser; NBO-Q has no free-electron laser. */
const LASER_TYPE: Readonly<Record<string, string>> = {
  Excimer: 'Gas', Gas: 'Gas', MetalVapor: 'MetalVapor', SolidState: 'SolidState', Dye: 'Dye',
  Semiconductor: 'SemiconductorLaserDiode', FreeElectron: 'Other', Other: 'Other',
};

/** Laser media: NBO-Q lists every 2016-06 medium under the same spelling. */
const LASER_MEDIA = new Set([
  'Cu', 'Ag', 'ArFl', 'ArCl', 'KrFl', 'KrCl', 'XeFl', 'XeCl', 'XeBr', 'N', 'Ar', 'Kr', 'Xe', 'HeNe', 'HeCd', 'CO', 'CO2',
  'H2O', 'HFl', 'NdGlass', 'NdYAG', 'ErGlass', 'ErYAG', 'HoYLF', 'HoYAG', 'Ruby', 'TiSapphire', 'Alexandrite', 'Rhodamine6G',
  'CoumarinC30', 'GaAs', 'GaAlAs', 'EMinus', 'Other',
]);

/** Laser Pulse mode → NBO-Q's boolean Pulse: continuous wave is the only non-pulsed mode. */
const PULSED: Readonly<Record<string, boolean>> = { CW: false, Single: true, QSwitched: true, Repetitive: true, ModeLocked: true };

const ARC_TYPE: Readonly<Record<string, string>> = { Hg: 'Hg', Xe: 'Xe', HgXe: 'HgXe', Other: 'Other' };

/** Filament Type: NBO-Q calls a plain incandescent bulb "Standard". */
const FILAMENT_TYPE: Readonly<Record<string, string>> = { Incandescent: 'Standard', Halogen: 'Halogen', Other: 'Other' };

/** Filter Type → filter Type (Dichroic and NeutralDensity choose the class instead). */
const FILTER_TYPE: Readonly<Record<string, string>> = {
  LongPass: 'LongPass', ShortPass: 'ShortPass', BandPass: 'BandPass', MultiPass: 'MultiPass', Tuneable: 'Other', Other: 'Other',
};

/** Channel ContrastMethod → contrastMethod. */
export const CONTRAST_METHOD: Readonly<Record<string, string>> = {
  Brightfield: 'Brightfield', Phase: 'PhaseContrast', DIC: 'Differential Intensity Contrast (DIC)', HoffmanModulation: 'HoffmanModulation',
  ObliqueIllumination: 'ObliqueIllumination', PolarizedLight: 'PolarizedLight', Darkfield: 'Darkfield', Fluorescence: 'Fluorescence', Other: 'Other',
};

/** Transmitted-light contrast methods → NBO-Q illumination types (for WideField/BrightField channels). */
const TRANSMITTED: Readonly<Record<string, string>> = {
  Brightfield: 'Transmitted_Bright-field', Darkfield: 'Transmitted_Dark-field', DIC: 'Transmitted_Differential Intensity Contrast (DIC; Nomarski)',
  Phase: 'Transmitted_Phase contrast (Zernicke)', HoffmanModulation: 'Transmitted_Hoffman modulation',
  ObliqueIllumination: 'Transmitted_Oblique illumination', PolarizedLight: 'Transmitted_Polarization',
};

/**
 * Channel AcquisitionMode → illuminationType. NBO-Q folds OME's AcquisitionMode, IlluminationType and
 * ContrastMethod into one FBbi-derived list; modes with no counterpart (single-molecule imaging,
 * speckle microscopy, laser capture microdissection) become "Other". FLIM maps to NBO-Q's only FLIM term.
 */
export const ACQUISITION_MODE: Readonly<Record<string, string>> = {
  LaserScanningConfocalMicroscopy: 'Confocal_Fluorescence_single-spot-raster-scan',
  SpinningDiskConfocal: 'Confocal_Fluorescence_spinning disk',
  SlitScanConfocal: 'Confocal_Fluorescence_slit-raster-scan',
  SweptFieldConfocal: 'Confocal_Fluorescence_swept-field',
  MultiPhotonMicroscopy: 'Confocal_Fluorescence_Multi-photon laser scanning microscopy',
  StructuredIllumination: 'Super-Resolution_SIM (Structured Illumination Microscopy)',
  TotalInternalReflection: 'TIRF (Total Total Internal Reflection Fluorescence)',
  TIRF: 'TIRF (Total Total Internal Reflection Fluorescence)',
  FluorescenceLifetime: 'Widefield_Fluorescence_FLIM (Fluorescence Lifetime Imaging)',
  SpectralImaging: 'Spectral Imaging',
  FluorescenceCorrelationSpectroscopy: 'Fluorescence Correlation Spectroscopy (FCS)',
  NearFieldScanningOpticalMicroscopy: 'Near Field Scanning Optical Microscopy (NSOM)',
  SecondHarmonicGenerationImaging: 'Second-Harmonic Imaging Microscopy (SHIM)',
  PALM: 'Super-Resolution_PALM (Photoactivation Localization Microscopy)',
  STORM: 'Super-Resolution_STORM (Stochastic Optical Reconstruction Microscopy)',
  STED: 'Super-Resolution_STED (Stimulated Emission Depletion)',
  // The NBO-Q value ends with a space, as in the Micro-Meta App schema.
  SPIM: 'SPIM (Selective or Single Plane Illumination Microscopy) ',
  BrightField: 'Transmitted_Bright-field',
  SingleMoleculeImaging: 'Other',
  FSM: 'Other',
  LCM: 'Other',
  Other: 'Other',
};

const BINNING = new Set(['1x1', '2x2', '4x4', '8x8', 'Other']);
const BIT_DEPTHS = new Set(['8bit', '12bit', '14bit', '16bit', '32bit', '64bit']);

/**
 * The NBO-Q illumination type of a channel, from its AcquisitionMode, IlluminationType and
 * ContrastMethod; undefined when OME does not say enough (e.g. no mode, epifluorescence).
 * @param channel - the OME channel.
 * @returns an allowed NBO-Q value, or undefined.
 */
export function illuminationTypeOf(channel: Pick<OmeChannel, 'acquisitionMode' | 'illuminationType' | 'contrastMethod'>): string | undefined {
  const { acquisitionMode: mode, illuminationType: light, contrastMethod: contrast } = channel;
  const transmitted = contrast === undefined ? undefined : TRANSMITTED[contrast];
  // A transmitted-light channel of a scanning system (a confocal's transmitted-light detector) is
  // described by its contrast method: NBO-Q's confocal terms are all fluorescence terms.
  if (light === 'Transmitted' && transmitted !== undefined) return transmitted;
  if (mode === 'WideField') {
    if (contrast === 'Fluorescence' || light === 'Epifluorescence') return 'Wide-field_Fluorescence';
    return transmitted;
  }
  if (mode !== undefined) return ACQUISITION_MODE[mode];
  return light === 'Transmitted' ? transmitted : undefined;
}

// ---------------------------------------------------------------------------------------------
// Component identities and classes
// ---------------------------------------------------------------------------------------------

/** The identifier of the stand, which OME gives no ID of its own: `{Instrument ID}/Microscope`. */
function microscopeId(instrument: OmeInstrument): string {
  return `${instrument.id}/Microscope`;
}

/**
 * IRI-safe component IDs for every part of an instrument. OME IDs ("Objective:0:1", LSIDs) contain
 * characters that are awkward in IRI path segments; each character outside `[A-Za-z0-9._~-]` becomes
 * `-`, and an ID that would be an empty, `.` or `..` segment gets the prefix `id-`. The mapping is
 * stable for a given instrument, and collisions get a numeric suffix.
 * @param instrument - the OME instrument.
 * @returns OME ID → safe ID.
 */
export function omeComponentIds(instrument: OmeInstrument): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const all = [
    ...(instrument.microscope === undefined ? [] : [microscopeId(instrument)]),
    ...instrument.lightSources.map((c) => c.id), ...instrument.detectors.map((c) => c.id), ...instrument.objectives.map((c) => c.id),
    ...instrument.filterSets.map((c) => c.id), ...instrument.filters.map((c) => c.id), ...instrument.dichroics.map((c) => c.id),
  ];
  for (const id of all) {
    if (ids.has(id)) continue;
    const kept = id.replace(/[^A-Za-z0-9._~-]/g, '-');
    // "", "." and ".." are no path segment of their own: URL parsers drop or climb them.
    const base = /^\.{0,2}$/.test(kept) ? `id-${kept}` : kept;
    let safe = base;
    for (let n = 2; used.has(safe); n++) safe = `${base}-${n}`;
    used.add(safe);
    ids.set(id, safe);
  }
  return ids;
}

/**
 * The IRIs {@link instrumentToConfiguration} gives the parts of an instrument.
 * @param instrument - the OME instrument.
 * @param configurationIri - IRI of the configuration record.
 * @returns OME ID → component IRI (`{configuration}/component/{safe ID}`).
 */
export function omeComponentIris(instrument: OmeInstrument, configurationIri: string): Map<string, string> {
  const iris = new Map<string, string>();
  for (const [id, safe] of omeComponentIds(instrument)) iris.set(id, `${configurationIri}/component/${safe}`);
  return iris;
}

/** What {@link instrumentToConfiguration} returns: the conversion, and the values it left out for what they are. */
export interface OmeConversion extends MicrometaConversion {
  /** Values left out for what they state (path in the Instrument, `@` before an attribute), with the reason. */
  readonly notMapped: NotMapped[];
}

/** The OME reference element of a filter-set role, for paths. */
const REF_OF_ROLE: Readonly<Record<string, string>> = {
  'excitation filter': 'ExcitationFilterRef', 'emission filter': 'EmissionFilterRef', dichroic: 'DichroicRef',
};

/** How a detector is used: its NBO-Q settings class follows from it. */
export type DetectorCategory = 'camera' | 'point' | 'generic';

/** The Micro-Meta App schema (hence NBO-Q class) of a detector, and fields its Type implies. */
function detectorSchema(detector: OmeDetector): { schema: string; category: DetectorCategory; implied: JsonObject; note?: string } {
  const type = detector.type;
  switch (type) {
    case 'CCD': return { schema: 'CCD.json', category: 'camera', implied: {} };
    case 'EMCCD': return { schema: 'CCD.json', category: 'camera', implied: { Type: 'EMCCD' } };
    case 'IntensifiedCCD': return { schema: 'IntensifiedCamera.json', category: 'camera', implied: { SensorType: 'CCD' } };
    case 'EBCCD': return { schema: 'IntensifiedCamera.json', category: 'camera', implied: { SensorType: 'CCD', IntensifierType: 'EBCCD' } };
    case 'AnalogVideo': return { schema: 'AnalogVideo.json', category: 'camera', implied: {} };
    case 'CMOS': return { schema: 'CMOS.json', category: 'camera', implied: {} };
    case 'PMT': return { schema: 'PhotoMultiplierTube.json', category: 'point', implied: {} };
    case 'Photodiode': return { schema: 'PhotoDiode.json', category: 'point', implied: {} };
    case 'APD': return { schema: 'PhotoDiode.json', category: 'point', implied: { Avalanche: true } };
    default: break;
  }
  // OME 2016-06 has no type for hybrid detectors (Leica HyD): writers use "Other" and name it in the model.
  const named = `${detector.model ?? ''} ${detector.manufacturer ?? ''}`;
  if (type === undefined || type === 'Other' || /^(HybridPhotoDetector|HPD|HyD)$/i.test(type)) {
    if (/^(HybridPhotoDetector|HPD|HyD)$/i.test(type ?? '') || /\bHyD\b|hybrid/i.test(named)) {
      return { schema: 'HybridPhotoDetector.json', category: 'point', implied: {} };
    }
  }
  return {
    schema: 'GenericDetector.json',
    category: 'generic',
    implied: {},
    ...(type !== undefined && type !== 'Other' ? { note: `Detector ${detector.id}: Type ${type} has no NBO-Q detector class; recorded as a generic detector` } : {}),
  };
}

/**
 * The category of a detector (camera, point detector, other), which selects its settings class.
 * @param detector - the OME detector.
 * @returns the category.
 */
export function detectorCategory(detector: OmeDetector): DetectorCategory {
  return detectorSchema(detector).category;
}

/** The Micro-Meta App schema of a light source. */
function lightSourceSchema(source: OmeLightSource): string {
  switch (source.kind) {
    case 'Laser': return 'Fluorescence_LightSource_Laser.json';
    case 'Arc': return 'Fluorescence_LightSource_Arc.json';
    // Filament lamps (halogen) light transmitted-light paths; OME does not say which path a source serves.
    case 'Filament': return 'Transmitted_LightSource_Filament.json';
    case 'LightEmittingDiode': return 'Fluorescence_LightSource_LightEmittingDiode.json';
    case 'GenericExcitationSource': return 'Fluorescence_LightSource_GenericExcitationSource.json';
  }
}

/** Schema IDs a configuration component may have to count as the same kind of light source. */
const LIGHT_SOURCE_SCHEMAS: Readonly<Record<OmeLightSource['kind'], readonly string[]>> = {
  Laser: ['Fluorescence_LightSource_Laser.json'],
  Arc: ['Fluorescence_LightSource_Arc.json'],
  Filament: ['Fluorescence_LightSource_Filament.json', 'Transmitted_LightSource_Filament.json'],
  LightEmittingDiode: ['Fluorescence_LightSource_LightEmittingDiode.json', 'Transmitted_LightSource_LightEmittingDiode.json'],
  GenericExcitationSource: ['Fluorescence_LightSource_GenericExcitationSource.json', 'Transmitted_LightSource_GenericExcitationSource.json'],
};

const DETECTOR_SCHEMAS = [
  'CCD.json', 'CMOS.json', 'IntensifiedCamera.json', 'AnalogVideo.json', 'PhotoMultiplierTube.json', 'HybridPhotoDetector.json',
  'PhotoDiode.json', 'GenericDetector.json',
];

/** Roles of filters from the filter sets that use them: excitation, emission, or both/neither. */
function filterSchemas(instrument: OmeInstrument): Map<string, string> {
  const schemas = new Map<string, string>();
  for (const filter of instrument.filters) {
    const excitation = instrument.filterSets.some((s) => s.excitationFilterIds.includes(filter.id));
    const emission = instrument.filterSets.some((s) => s.emissionFilterIds.includes(filter.id));
    let schema = 'GenericFilter.json';
    if (filter.type === 'Dichroic') schema = 'StandardDichroic.json';
    else if (filter.type === 'NeutralDensity') schema = 'NeutralDensityFilter.json';
    else if (excitation && !emission) schema = 'ExcitationFilter.json';
    else if (emission && !excitation) schema = 'EmissionFilter.json';
    schemas.set(filter.id, schema);
  }
  for (const dichroic of instrument.dichroics) schemas.set(dichroic.id, 'StandardDichroic.json');
  return schemas;
}

// ---------------------------------------------------------------------------------------------
// Instrument → configuration
// ---------------------------------------------------------------------------------------------

function magnificationLabel(objective: OmeObjective): string | undefined {
  if (objective.nominalMagnification === undefined) return undefined;
  const na = objective.lensNA === undefined ? '' : `/${objective.lensNA.toFixed(2)}`;
  return `${objective.nominalMagnification}x${na}${objective.immersion === undefined ? '' : ` ${objective.immersion}`}`;
}

/** A display name where OME has none: the model, else a description from the facts, else the ID. */
function nameOf(spec: { model?: string; manufacturer?: string }, kind: string, id: string, fromFacts?: string): string {
  return spec.model ?? fromFacts ?? (spec.manufacturer === undefined ? `${kind} ${id}` : `${spec.manufacturer} ${kind}`);
}

function definedEntries(object: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Converts an OME Instrument into one hardware-configuration record, declared tier 0 (see
 * {@link PARTIAL_TIER}), with its stand, light sources, detectors, objectives, filters, dichroics and
 * filter sets as NBO-Q components named `{configuration}/component/{safe OME ID}` (see
 * {@link omeComponentIds}); each keeps its OME ID as `dcterms:identifier`. The work is done by
 * {@link convertMicrometa} on an equivalent Micro-Meta App object, so units and canonical values are
 * handled exactly as for Micro-Meta App files.
 *
 * Facts OME does not record (catalogue numbers, coatings, infinity correction …) are left out, which
 * tier 0 allows (tier-1 validation would report them). OME attributes NBO-Q has no field for are
 * listed by the parser's walk (OmeDocument.notMapped, see OME_MAPPING); values this converter cannot
 * place for what they are (a pass band with one edge, say) are in the warnings. A filter set with
 * several filters in a role links them with phd:excitationFilter / phd:emissionFilter, NBO-Q's
 * FilterCube taking one; a stand OME does not call upright or inverted is a nboq:MicroscopeStand.
 * An instrument with no part at all (see {@link hasConvertibleParts}) would give a
 * record with no component, which no tier accepts: the importer does not convert one.
 *
 * @param instrument - the OME instrument.
 * @param mapping - the NBO-Q mapping.
 * @param options - IRIs and dates of the record.
 * @returns the quads, warnings, name and tier.
 * @example
 * const doc = parseOmeXml(xml, 'a.ome.xml');
 * const config = instrumentToConfiguration(doc.instruments[0]!, loadNboqMapping(), {
 *   configurationIri: 'https://example.org/id/configuration/sp8-v1', instanceIri: 'https://doi.org/10.5072/sp8', validFrom: '2024-01-01',
 * });
 */
export function instrumentToConfiguration(instrument: OmeInstrument, mapping: NboqMapping, options: ConvertOptions): OmeConversion {
  const warnings: string[] = [];
  const notMapped: NotMapped[] = [];
  /** A value left out for what it is: warned about, and listed with its path in the Instrument. */
  const drop = (path: string, warning: string, reason: string) => {
    warnings.push(warning);
    notMapped.push({ path: `Instrument/${path}`, reason });
  };
  /** `Laser LightSource:0` → `Laser`: the OME element a `where` names. */
  const element = (where: string) => where.split(' ')[0] ?? where;
  const ids = omeComponentIds(instrument);
  const safe = (omeId: string) => ids.get(omeId) ?? omeId;
  // A component's SerialNumber is not mapped: OME_MAPPING (ome-xml.ts) says so for every occurrence.
  const spec = (c: { manufacturer?: string; model?: string; lotNumber?: string }) =>
    definedEntries({ Manufacturer: c.manufacturer, Model: c.model, LotNumber: c.lotNumber });
  const mapped = (table: Readonly<Record<string, string>>, value: string | undefined, where: string, field: string): string | undefined => {
    if (value === undefined) return undefined;
    const result = table[value];
    if (result === undefined) drop(`${element(where)}@${field}`, `${where}: ${field} "${value}" has no NBO-Q counterpart; left out`, `the value "${value}" has no NBO-Q counterpart`);
    return result;
  };
  const allowed = (values: ReadonlySet<string>, value: string | undefined, where: string, field: string): string | undefined => {
    if (value === undefined || values.has(value)) return value;
    drop(`${element(where)}@${field}`, `${where}: ${field} "${value}" is not an NBO-Q value; left out`, `the value "${value}" is not an NBO-Q value`);
    return undefined;
  };

  const components: JsonObject[] = [];

  let stand: JsonObject | undefined;
  let genericStand = false;
  const microscope = instrument.microscope;
  if (microscope !== undefined) {
    const where = `Microscope of ${instrument.id}`;
    // NBO-Q has separate upright and inverted stands. A stand OME does not call either (no Type, or
    // Dissection, Electrophysiology, Other) is not written as one: it becomes NBO-Q's common
    // superclass nboq:MicroscopeStand (below), its Type kept where OME gave one.
    const inverted = microscope.type === 'Inverted';
    if (microscope.type !== 'Upright' && !inverted) {
      genericStand = true;
      warnings.push(`${where}: ${microscope.type === undefined ? 'no Type' : `Type ${microscope.type}`} does not say upright or inverted; recorded as a microscope stand of unspecified kind (nboq:MicroscopeStand)`);
    }
    stand = definedEntries({
      Schema_ID: inverted ? 'InvertedMicroscopeStand.json' : 'UprightMicroscopeStand.json',
      ID: safe(microscopeId(instrument)),
      Name: nameOf(microscope, 'microscope stand', instrument.id),
      Type: mapped(STAND_TYPE, microscope.type, where, 'Type'),
      ...spec(microscope),
    });
  }

  for (const source of instrument.lightSources) {
    const where = `${source.kind} ${source.id}`;
    const range = definedEntries({
      PeakWavelength: source.wavelength?.value,
      PeakWavelengthUnit: source.wavelength?.unit,
      IlluminationPower: source.power?.value,
      IlluminationPowerUnit: source.power?.unit,
    });
    const base: JsonObject = {
      Schema_ID: lightSourceSchema(source),
      ID: safe(source.id),
      Name: nameOf(source, source.kind === 'LightEmittingDiode' ? 'LED' : source.kind.toLowerCase(), source.id,
        source.wavelength === undefined ? undefined : `${source.wavelength.value} ${source.wavelength.unit} ${source.kind.toLowerCase()}`),
      ...spec(source),
    };
    if (source.kind === 'Laser') {
      const pulse = source.pulse === undefined ? undefined : PULSED[source.pulse];
      if (source.pulse !== undefined && pulse === undefined) drop('Laser@Pulse', `${where}: Pulse "${source.pulse}" does not say pulsed or not; left out`, `"${source.pulse}" does not say whether the laser is pulsed (NBO-Q's Pulse is true or false)`);
      const pump = source.pumpId === undefined ? undefined : instrument.lightSources.find((s) => s.id === source.pumpId && s.kind === 'Laser');
      if (source.pumpId !== undefined && pump === undefined) drop('Laser/Pump', `${where}: Pump ${source.pumpId} is not a laser of this instrument; link left out`, `${source.pumpId} is not a laser of this instrument (NBO-Q pumps are lasers)`);
      Object.assign(base, definedEntries({
        Type: mapped(LASER_TYPE, source.type, where, 'Type'),
        LaserMedium: allowed(LASER_MEDIA, source.laserMedium, where, 'LaserMedium'),
        Tuneable: source.tuneable,
        Pulse: pulse,
        RepetitionRate: source.repetitionRate?.value,
        RepetitionRateUnit: source.repetitionRate === undefined ? undefined : source.repetitionRate.unit,
        FrequencyMultiplication: source.frequencyMultiplication,
        Pump: pump === undefined ? undefined : safe(pump.id),
        IsPumped: pump === undefined ? undefined : true,
        IsPump: instrument.lightSources.some((s) => s.pumpId === source.id) ? true : undefined,
      }));
    } else if (source.kind === 'Arc') {
      Object.assign(base, definedEntries({ Type: mapped(ARC_TYPE, source.type, where, 'Type') }));
    } else if (source.kind === 'Filament') {
      Object.assign(base, definedEntries({ Type: mapped(FILAMENT_TYPE, source.type, where, 'Type') }));
    } else if (source.kind === 'GenericExcitationSource' && source.map !== undefined) {
      base.Description = source.map.map(([k, v]) => `${k}: ${v}`).join('; ');
    }
    // NBO-Q keeps a source's power (and a laser's wavelength) in a nested wavelength range or LED module.
    if (Object.keys(range).length > 0) {
      if (source.kind === 'LightEmittingDiode') base.LEDModule = [range];
      else base.IlluminationWavelengthRange = [range];
    }
    components.push(base);
  }

  for (const detector of instrument.detectors) {
    const { schema, implied, note } = detectorSchema(detector);
    if (note !== undefined) warnings.push(note);
    components.push({
      Schema_ID: schema,
      ID: safe(detector.id),
      Name: nameOf(detector, detector.type ?? 'detector', detector.id),
      ...spec(detector),
      ...implied,
    });
  }

  for (const objective of instrument.objectives) {
    const where = `Objective ${objective.id}`;
    components.push(definedEntries({
      Schema_ID: 'Objective.json',
      ID: safe(objective.id),
      Name: nameOf(objective, 'objective', objective.id, magnificationLabel(objective)),
      ...spec(objective),
      Magnification: objective.nominalMagnification,
      CalibratedMagnification: objective.calibratedMagnification,
      LensNA: objective.lensNA,
      Correction: allowed(CORRECTIONS, objective.correction, where, 'Correction'),
      ImmersionType: mapped(IMMERSION, objective.immersion, where, 'Immersion'),
      DippingMedium: objective.immersion === 'WaterDipping' ? 'Water-based' : undefined,
      WorkingDistance: objective.workingDistance?.value,
      WorkingDistanceUnit: objective.workingDistance === undefined ? undefined : objective.workingDistance.unit,
      Iris: objective.iris,
    }));
  }

  const schemas = filterSchemas(instrument);
  for (const filter of instrument.filters) components.push(filterComponent(filter, schemas.get(filter.id) ?? 'GenericFilter.json', safe(filter.id), spec, drop));
  for (const dichroic of instrument.dichroics) {
    components.push({ Schema_ID: 'StandardDichroic.json', ID: safe(dichroic.id), Name: nameOf(dichroic, 'dichroic', dichroic.id), ...spec(dichroic) });
  }

  // NBO-Q's FilterSet is an acquisition setting, not a component (a configuration's parts must be
  // phd:Component); the hardware an OME FilterSet describes is what NBO-Q calls a filter cube. NBO-Q's
  // cube holds one filter per role; OME allows several: a role with several filters is linked with
  // phd:excitationFilter / phd:emissionFilter (ontology/phd.ttl), written below, and none is dropped.
  const manyFilters: { cube: string; property: string; filter: string }[] = [];
  for (const set of instrument.filterSets) {
    const where = `FilterSet ${set.id}`;
    const links = (filterIds: readonly string[], schema: string, role: string) => filterIds.flatMap((id) => {
      if (schemas.get(id) === schema) return [safe(id)];
      const why = schemas.has(id) ? `recorded as ${schemas.get(id) ?? ''}` : 'not in the instrument';
      drop(`FilterSet/${REF_OF_ROLE[role] ?? role}`, `${where}: ${role} ${id} is ${why}; link left out`, `${id} is ${why}, so NBO-Q's ${role} link cannot name it`);
      return [];
    });
    const known = (filterIds: readonly string[], role: string) => filterIds.filter((id) => {
      if (schemas.has(id)) return true;
      drop(`FilterSet/${REF_OF_ROLE[role] ?? role}`, `${where}: ${role} ${id} is not in the instrument; link left out`, `${id} is not in the instrument`);
      return false;
    });
    const single = (filterIds: readonly string[], schema: string, role: string, property: string): string[] | undefined => {
      if (filterIds.length === 1) {
        const linked = links(filterIds, schema, role);
        return linked.length > 0 ? linked : undefined;
      }
      for (const id of known(filterIds, role)) manyFilters.push({ cube: safe(set.id), property, filter: safe(id) });
      return undefined;
    };
    const excitation = single(set.excitationFilterIds, 'ExcitationFilter.json', 'excitation filter', PX.excitationFilter);
    const emission = single(set.emissionFilterIds, 'EmissionFilter.json', 'emission filter', PX.emissionFilter);
    const dichroic = set.dichroicId === undefined ? [] : links([set.dichroicId], 'StandardDichroic.json', 'dichroic');
    components.push(definedEntries({
      Schema_ID: 'FilterCube.json',
      ID: safe(set.id),
      Name: nameOf(set, 'filter set', set.id),
      ...spec(set),
      ExcitationFilter: excitation,
      StandardDichroic: dichroic.length > 0 ? dichroic : undefined,
      EmissionFilter: emission,
    }));
  }

  const name = [microscope?.manufacturer, microscope?.model].filter((s) => s !== undefined).join(' ') || `OME instrument ${instrument.id}`;
  const file: JsonObject = { Name: name, ID: instrument.id, Tier: PARTIAL_TIER, components, ...(stand === undefined ? {} : { MicroscopeStand: stand }) };
  const conversion = convertMicrometa(file, mapping, options);

  // convertMicrometa names and identifies a component by the one ID it is given; restore the OME ID
  // as the identifier, which is what ties the part to its OME description and across versions.
  const original = new Map<string, string>();
  for (const [omeId, safeId] of ids) original.set(`${options.configurationIri}/component/${safeId}`, omeId);
  const quads = conversion.quads.map((q) => {
    const omeId = q.predicate.value === DCT.identifier ? original.get(q.subject.value) : undefined;
    return omeId === undefined ? q : quad(q.subject, q.predicate, literal(omeId), q.graph);
  });
  const component = (safeId: string) => namedNode(`${options.configurationIri}/component/${safeId}`);
  for (const { cube, property, filter } of manyFilters) quads.push(quad(component(cube), namedNode(property), component(filter)));
  if (genericStand) {
    // Converted as an upright stand for its fields, then typed with the class that claims no orientation.
    const standIri = component(safe(microscopeId(instrument))).value;
    const upright = mapping.classBySchemaId.get('UprightMicroscopeStand.json') ?? `${NBOQ_NS}UprightMicroscopeStand`;
    const typed = quads.map((q) => (q.subject.value === standIri && q.predicate.value === RDF_TYPE && q.object.value === upright
      ? quad(q.subject, q.predicate, namedNode(`${NBOQ_NS}MicroscopeStand`), q.graph) : q));
    return { ...conversion, quads: typed, warnings: [...warnings, ...conversion.warnings], notMapped };
  }
  return { ...conversion, quads, warnings: [...warnings, ...conversion.warnings], notMapped };
}

function filterComponent(
  filter: OmeFilter,
  schema: string,
  id: string,
  spec: (c: OmeFilter) => JsonObject,
  drop: (path: string, warning: string, reason: string) => void,
): JsonObject {
  const where = `Filter ${filter.id}`;
  const type = filter.type === undefined || filter.type === 'Dichroic' || filter.type === 'NeutralDensity' ? undefined : FILTER_TYPE[filter.type];
  if (filter.type !== undefined && type === undefined && filter.type !== 'Dichroic' && filter.type !== 'NeutralDensity') {
    drop('Filter@Type', `${where}: Type "${filter.type}" has no NBO-Q counterpart; left out`, `the value "${filter.type}" has no NBO-Q counterpart`);
  }
  const range = filter.transmittanceRange;
  let transmittance: JsonObject[] | undefined;
  const cutIn = toNm(range?.cutIn);
  const cutOut = toNm(range?.cutOut);
  if (cutIn !== undefined && cutOut !== undefined && cutOut > cutIn) {
    // NBO-Q describes a pass band by its centre and full width at half maximum; OME by the 50 %
    // transmittance edges, which bound the same band.
    transmittance = [definedEntries({
      Wavelength: round((cutIn + cutOut) / 2),
      FWHMBandwidth: round(cutOut - cutIn),
      WavelengthUnit: 'nm',
      Transmittance: range?.transmittance,
    })];
  } else if (cutIn !== undefined && cutOut !== undefined) {
    drop('Filter/TransmittanceRange', `${where}: CutIn ${cutIn} nm is not below CutOut ${cutOut} nm, so there is no pass band to write as NBO-Q centre and bandwidth; TransmittanceRange left out`, 'CutIn is not below CutOut: no pass band to write as NBO-Q centre and bandwidth');
  } else if (range !== undefined && (range.cutIn !== undefined || range.cutOut !== undefined)) {
    drop('Filter/TransmittanceRange', `${where}: a band with only a ${range.cutIn === undefined ? 'CutOut' : 'CutIn'} edge cannot be written as NBO-Q centre and bandwidth; TransmittanceRange left out`, `a band with only a ${range.cutIn === undefined ? 'CutOut' : 'CutIn'} edge cannot be written as NBO-Q centre and bandwidth`);
  }
  return definedEntries({
    Schema_ID: schema,
    ID: id,
    Name: nameOf(filter, 'filter', filter.id),
    ...spec(filter),
    Type: type,
    TransmittanceRange: transmittance,
  });
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** A length in nm (the canonical unit of light), or undefined when it has no convertible unit. */
function toNm(quantity: OmeQuantity | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const unit = unitBySymbol('length', quantity.unit);
  return unit === undefined ? undefined : toCanonical(quantity.value, unit, 'NanoM');
}

// ---------------------------------------------------------------------------------------------
// Image → dataset
// ---------------------------------------------------------------------------------------------

/** Options of {@link imageToDataset}. */
export interface ImageToDatasetOptions {
  /** IRI of the dataset record to create. */
  datasetIri: string;
  /** The configuration in effect at acquisition (phd:acquiredWith). */
  configurationIri: string;
  /** The configuration's component for an OME ID (from {@link omeComponentIris} or {@link matchInstrument}). */
  componentIri: (omeId: string) => string | undefined;
  /** Title when the image has no Name (e.g. from the file name); else `OME image {ID}`. */
  title?: string;
  /** Acquisition date (xsd:date or xsd:dateTime) when the image has no AcquisitionDate. */
  created?: string;
  /** The image's instrument: its detector types choose camera or point-detector settings classes. */
  instrument?: OmeInstrument;
  /**
   * Told of each OME setting the record leaves out for what the image states (the binning of a point
   * detector, say), once per occurrence: its path (`Image/Pixels/Channel/DetectorSettings@Binning`)
   * and the reason. Settings never mapped, whatever their value, are found by the parser's walk
   * (OmeDocument.notMapped) instead.
   */
  leftOut?: (path: string, reason: string) => void;
}


/**
 * Converts an OME Image into one dataset record: `phd:Dataset` with title, acquisition date
 * (`dcterms:created`, the image's AcquisitionDate as xsd:dateTime, else `options.created`; with
 * neither it is left out and the Dataset shape reports it), `phd:acquiredWith` the configuration,
 * and the acquisition settings as NBO-Q nodes under the dataset IRI: `{dataset}/objective-settings`,
 * `{dataset}/channel/{n}` (nboq:Channel) with `/light-source-settings`, `/detector-settings`
 * (camera, point-detector or generic settings after the detector's type) and `/fluorophore`
 * (excitation and emission wavelengths, which NBO-Q keeps on the fluorophore) and `/light-path`
 * (nboq:LightPath, its elements `/light-path/{n}` phd:LightPathElement with role and position),
 * `{dataset}/pixels` (nboq:Pixels), `{dataset}/imaging-environment` (nboq:ImagingEnvironment) and
 * `{dataset}/stage-label` (nboq:StageLabel). Settings link to the configuration's components with
 * `phd:usesComponent`; the dataset and channels link to their settings with `phd:hasSettings`.
 *
 * @param image - the OME image.
 * @param options - IRIs, the component lookup, and fallbacks for title and date.
 * @returns the quads of the record.
 * @example
 * const quads = imageToDataset(doc.images[0]!, {
 *   datasetIri: 'https://example.org/id/dataset/cells-1', configurationIri: config,
 *   componentIri: (id) => omeComponentIris(instrument, config).get(id), instrument,
 * });
 */
export function imageToDataset(image: OmeImage, options: ImageToDatasetOptions): Quad[] {
  const quads: Quad[] = [];
  const dataset = namedNode(options.datasetIri);
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => quads.push(quad(s, namedNode(p), o));
  const str = (value: string) => literal(value);
  const dec = (value: number) => literal(decimalLexical(value), namedNode(XSD.decimal));
  const int = (value: number) => literal(String(value), namedNode(XSD.integer));
  const bool = (value: boolean) => literal(String(value), namedNode(XSD.boolean));
  const leftOut = (path: string, reason: string) => options.leftOut?.(path, reason);
  const link = (subject: Quad_Subject, omeId: string | undefined) => {
    const iri = omeId === undefined ? undefined : options.componentIri(omeId);
    if (iri !== undefined) add(subject, PHD.usesComponent, namedNode(iri));
  };
  /** A value with its unit IRI and, where the kind is convertible, the canonical value. */
  const addQuantity = (subject: Quad_Subject, property: string, unitProperty: string, kind: string, field: string, quantity: OmeQuantity | undefined) => {
    if (quantity === undefined) return;
    const unit = unitBySymbol(kind, quantity.unit);
    if (unit === undefined) return;
    add(subject, property, dec(quantity.value));
    add(subject, unitProperty, namedNode(`${UNIT_NS}${unit.local}`));
    const canonical = canonicalUnitFor(kind, field);
    const value = canonical === undefined ? undefined : toCanonical(quantity.value, unit, canonical.unit);
    if (canonical !== undefined && value !== undefined) add(subject, `${property}_${canonical.suffix}`, literal(canonicalDouble(value), namedNode(XSD.double)));
  };

  add(dataset, RDF_TYPE, namedNode(PHD.Dataset));
  add(dataset, DCT.title, str(image.name ?? options.title ?? `OME image ${image.id}`));
  const created = image.acquisitionDate ?? options.created;
  if (created !== undefined) add(dataset, DCT.created, literal(created, namedNode(created.includes('T') ? XSD.dateTime : XSD.date)));
  add(dataset, PHD.acquiredWith, namedNode(options.configurationIri));
  if (image.description !== undefined) add(dataset, DCT.description, str(image.description));
  add(dataset, PHD.sourceIdentifier, str(image.id));

  const settings = image.objectiveSettings;
  if (settings !== undefined) {
    const node = namedNode(`${options.datasetIri}/objective-settings`);
    add(dataset, PHD.hasSettings, node);
    add(node, RDF_TYPE, namedNode(NQ.ObjectiveSettings));
    // OME settings have no identity of their own (their ID names the objective): `{owner}/{element}`.
    add(node, DCT.identifier, str(`${image.id}/ObjectiveSettings`));
    link(node, settings.id);
    if (settings.refractiveIndex !== undefined) add(node, NQ.measuredRefractiveIndex, dec(settings.refractiveIndex));
    if (settings.correctionCollar !== undefined) add(node, NQ.correctionCollarPosition, str(String(settings.correctionCollar)));
  }

  const pixels = image.pixels;
  if (pixels !== undefined) {
    const node = namedNode(`${options.datasetIri}/pixels`);
    add(dataset, PHD.hasSettings, node);
    add(node, RDF_TYPE, namedNode(NQ.Pixels));
    add(node, DCT.identifier, str(pixels.id));
    if (pixels.dimensionOrder !== undefined) add(node, NQ.dimensionOrder, str(pixels.dimensionOrder));
    if (pixels.type !== undefined) add(node, NQ.pixelType, str(pixels.type));
    for (const [key, property] of [['sizeX', NQ.sizeX], ['sizeY', NQ.sizeY], ['sizeZ', NQ.sizeZ], ['sizeC', NQ.sizeC], ['sizeT', NQ.sizeT], ['significantBits', NQ.significantBits]] as const) {
      const value = pixels[key];
      if (value !== undefined) add(node, property, int(value));
    }
    if (pixels.interleaved !== undefined) add(node, NQ.interleaved, bool(pixels.interleaved));
    if (pixels.bigEndian !== undefined) add(node, NQ.bigEndian, bool(pixels.bigEndian));
    addQuantity(node, NQ.physicalSizeX, NQ.physicalSizeXUnit, 'length', 'PhysicalSizeX', pixels.physicalSizeX);
    addQuantity(node, NQ.physicalSizeY, NQ.physicalSizeYUnit, 'length', 'PhysicalSizeY', pixels.physicalSizeY);
    addQuantity(node, NQ.physicalSizeZ, NQ.physicalSizeZUnit, 'length', 'PhysicalSizeZ', pixels.physicalSizeZ);
    addQuantity(node, NQ.timeIncrement, NQ.timeIncrementUnit, 'time', 'TimeIncrement', pixels.timeIncrement);
  }

  const environment = image.imagingEnvironment;
  if (environment !== undefined) {
    const node = namedNode(`${options.datasetIri}/imaging-environment`);
    add(dataset, PHD.hasSettings, node);
    add(node, RDF_TYPE, namedNode(NQ.ImagingEnvironment));
    add(node, DCT.identifier, str(`${image.id}/ImagingEnvironment`));
    // NBO-Q writes temperature, CO2 and humidity as strings (a number or a phrase such as "Room
    // Temperature"), and CO2 and humidity in per cent, where OME has fractions: 0.05 is "5".
    if (environment.temperature !== undefined) {
      const unit = unitBySymbol('temperature', environment.temperature.unit);
      if (unit !== undefined) {
        add(node, NQ.temperature, str(decimalLexical(environment.temperature.value)));
        add(node, NQ.temperatureUnit, namedNode(`${UNIT_NS}${unit.local}`));
      }
    }
    if (environment.co2Percent !== undefined) add(node, NQ.co2Percent, str(decimalLexical(round(environment.co2Percent * 100))));
    if (environment.humidity !== undefined) add(node, NQ.humidity, str(decimalLexical(round(environment.humidity * 100))));
    addQuantity(node, NQ.airPressure, NQ.airPressureUnit, 'pressure', 'AirPressure', environment.airPressure);
  }

  const label = image.stageLabel;
  if (label !== undefined) {
    const node = namedNode(`${options.datasetIri}/stage-label`);
    add(dataset, PHD.hasSettings, node);
    add(node, RDF_TYPE, namedNode(NQ.StageLabel));
    add(node, DCT.identifier, str(`${image.id}/StageLabel`));
    if (label.name !== undefined) add(node, RDFS_LABEL, str(label.name));
    // NBO-Q spells a stage position's unit as a symbol (xUnits "µm"), not a unit IRI.
    for (const [quantity, value, unit] of [[label.x, NQ.x, NQ.xUnits], [label.y, NQ.y, NQ.yUnits], [label.z, NQ.z, NQ.zUnits]] as const) {
      if (quantity === undefined) continue;
      add(node, value, dec(quantity.value));
      add(node, unit, str(quantity.unit));
    }
  }

  const detectors = new Map((options.instrument?.detectors ?? []).map((d) => [d.id, d]));
  image.channels.forEach((channel, index) => {
    const base = `${options.datasetIri}/channel/${index + 1}`;
    const node = namedNode(base);
    add(dataset, PHD.hasSettings, node);
    add(node, RDF_TYPE, namedNode(NQ.Channel));
    add(node, DCT.identifier, str(channel.id));
    // OME's rule for labelling a channel: Name, else Fluor, else EmissionWavelength, else its index.
    const emission = channel.emissionWavelength;
    add(node, RDFS_LABEL, str(channel.name ?? channel.fluor ?? (emission === undefined ? `Channel ${index + 1}` : `${emission.value} ${emission.unit}`)));
    const illumination = illuminationTypeOf(channel);
    if (illumination !== undefined) add(node, NQ.illuminationType, str(illumination));
    const contrast = channel.contrastMethod === undefined ? undefined : CONTRAST_METHOD[channel.contrastMethod];
    if (contrast !== undefined) add(node, NQ.contrastMethod, str(contrast));
    // NBO-Q folds OME's three channel enumerations into one illumination type, which cannot always
    // say all of them (an epifluorescence confocal channel): OME's own values are kept as written.
    if (channel.illuminationType !== undefined) add(node, PX.omeIlluminationType, str(channel.illuminationType));
    if (channel.acquisitionMode !== undefined) add(node, PX.omeAcquisitionMode, str(channel.acquisitionMode));
    if (channel.samplesPerPixel !== undefined) add(node, NQ.samplesPerPixel, int(channel.samplesPerPixel));
    if (channel.color !== undefined) add(node, NQ.color, int(channel.color));
    link(node, channel.filterSetId);
    const path = channel.lightPath;
    if (path !== undefined) {
      // The order of a LightPath is the order light meets its elements, and each has a role: both
      // are kept, as one phd:LightPathElement per element (ontology/phd.ttl).
      const pathNode = namedNode(`${base}/light-path`);
      add(node, PHD.hasSettings, pathNode);
      add(pathNode, RDF_TYPE, namedNode(NQ.LightPath));
      add(pathNode, DCT.identifier, str(`${channel.id}/LightPath`));
      const elements = [
        ...path.excitationFilterIds.map((id) => [id, PX.ExcitationFilterRole] as const),
        ...(path.dichroicId === undefined ? [] : [[path.dichroicId, PX.DichroicRole] as const]),
        ...path.emissionFilterIds.map((id) => [id, PX.EmissionFilterRole] as const),
      ];
      elements.forEach(([id, role], i) => {
        const element = namedNode(`${base}/light-path/${i + 1}`);
        add(pathNode, PX.pathElement, element);
        add(element, RDF_TYPE, namedNode(PX.LightPathElement));
        add(element, DCT.identifier, str(id));
        add(element, PX.pathPosition, int(i + 1));
        add(element, PX.pathRole, namedNode(role));
        link(element, id);
      });
    }

    if (channel.fluor !== undefined || channel.excitationWavelength !== undefined || emission !== undefined) {
      const fluor = namedNode(`${base}/fluorophore`);
      add(node, PHD.fluorophore, fluor);
      add(fluor, RDF_TYPE, namedNode(NQ.Fluorophore));
      add(fluor, DCT.identifier, str(`${channel.id}/Fluorophore`));
      if (channel.fluor !== undefined) add(fluor, RDFS_LABEL, str(channel.fluor));
      addQuantity(fluor, NQ.excitationWavelength, NQ.excitationWavelengthUnit, 'length', 'ExcitationWavelength', channel.excitationWavelength);
      addQuantity(fluor, NQ.emissionWavelength, NQ.emissionWavelengthUnit, 'length', 'EmissionWavelength', emission);
    }

    const light = channel.lightSourceSettings;
    if (light !== undefined) {
      const lightNode = namedNode(`${base}/light-source-settings`);
      add(node, PHD.hasSettings, lightNode);
      add(lightNode, RDF_TYPE, namedNode(NQ.LightSourceSettings));
      add(lightNode, DCT.identifier, str(`${channel.id}/LightSourceSettings`));
      link(lightNode, light.id);
      if (light.attenuation !== undefined) {
        // OME records the fraction held back; NBO-Q the power setting, which acquisition software
        // reports as a percentage of full power: 100 × (1 − attenuation).
        add(lightNode, NQ.illuminationPowerSettings, dec(round((1 - light.attenuation) * 100)));
        add(lightNode, NQ.lluminationPowerSettingsUnit, namedNode(`${UNIT_NS}PERCENT_POWER`));
      }
    }

    const detector = channel.detectorSettings;
    if (detector !== undefined) {
      const detectorNode = namedNode(`${base}/detector-settings`);
      const hardware = detectors.get(detector.id);
      const category = hardware === undefined ? 'generic' : detectorCategory(hardware);
      const cls = category === 'camera' ? NQ.CameraSettings : category === 'point' ? NQ.PointDetectorSettings : NQ.GenericDetectorSettings;
      add(node, PHD.hasSettings, detectorNode);
      add(detectorNode, RDF_TYPE, namedNode(cls));
      add(detectorNode, DCT.identifier, str(`${channel.id}/DetectorSettings`));
      link(detectorNode, detector.id);
      if (detector.gain !== undefined) add(detectorNode, NQ.analogGain, dec(detector.gain));
      if (detector.offset !== undefined) add(detectorNode, NQ.offset, dec(detector.offset));
      const bits = image.pixels?.significantBits === undefined ? undefined : `${image.pixels.significantBits}bit`;
      if (bits !== undefined && BIT_DEPTHS.has(bits)) add(detectorNode, NQ.effectiveBitDepth, str(bits));
      if (category === 'camera') {
        if (detector.binning !== undefined && BINNING.has(detector.binning)) add(detectorNode, NQ.binning, str(detector.binning));
        addQuantity(detectorNode, NQ.pixelReadOutRate, NQ.pixelReadOutRateUnit, 'frequency', 'PixelReadOutRate', detector.readOutRate);
        if (detector.integration !== undefined) add(detectorNode, NQ.integration, int(detector.integration));
      }
      if (category === 'point') addQuantity(detectorNode, NQ.voltage, NQ.voltageUnit, 'voltage', 'Voltage', detector.voltage);
      const kept: Readonly<Record<DetectorCategory, readonly string[]>> = {
        camera: ['binning', 'readOutRate', 'integration'], point: ['voltage'], generic: [],
      };
      for (const [key, name] of [['binning', 'Binning'], ['readOutRate', 'ReadOutRate'], ['integration', 'Integration'], ['voltage', 'Voltage']] as const) {
        if (detector[key] !== undefined && !kept[category].includes(key)) {
          const kind = category === 'generic' ? 'a detector of unknown kind (generic detector settings)' : `a ${category === 'camera' ? 'camera' : 'point detector'}`;
          leftOut(`Image/Pixels/Channel/DetectorSettings@${name}`, `NBO-Q has no ${name} in the settings of ${kind}`);
        }
      }
    }
  });
  return quads;
}

// ---------------------------------------------------------------------------------------------
// Does a configuration describe an instrument?
// ---------------------------------------------------------------------------------------------

/** What {@link matchInstrument} found. */
export interface InstrumentMatch {
  /** Every OME objective, light source and detector has a counterpart in the configuration. */
  matched: boolean;
  /** OME ID → IRI of the configuration's component it matched (filters and filter sets too, where found). */
  componentIris: Map<string, string>;
  /** What the configuration lacks, one sentence each. */
  differences: string[];
}

function normaliseModel(model: string | undefined): string | undefined {
  const normal = model?.toLowerCase().replace(/[^a-z0-9]/g, '');
  return normal === '' || normal === 'na' ? undefined : normal;
}

function sameModel(a: string | undefined, b: string | undefined): boolean {
  const x = normaliseModel(a);
  const y = normaliseModel(b);
  if (x === undefined || y === undefined) return true;
  return x === y || x.includes(y) || y.includes(x);
}

/**
 * Decides whether an existing hardware configuration describes an OME Instrument: each OME
 * objective (nominal magnification, NA ± 0.005, immersion), light source (kind, and a laser's
 * wavelength in nm ± 1) and detector (kind, and model when both state one) must match a component,
 * compared on the configuration's canonical values. Filters, dichroics and filter sets are matched
 * where their model or pass band agrees, for linking only: they do not decide `matched`.
 *
 * @param instrument - the OME instrument.
 * @param configuration - the configuration IRI and its record's quads.
 * @param mapping - the NBO-Q mapping (class and property IRIs).
 * @returns whether it matched, OME ID → existing component IRI, and the differences.
 * @example
 * const { matched, componentIris } = matchInstrument(instrument, { iri, quads }, loadNboqMapping());
 */
export function matchInstrument(
  instrument: OmeInstrument,
  configuration: { iri: string; quads: readonly Quad[] },
  mapping: NboqMapping,
): InstrumentMatch {
  const store = new N3.Store([...configuration.quads]);
  const prop = (field: string) => mapping.fieldByName.get(field)?.property ?? `${NBOQ_NS}${field}`;
  const cls = (schema: string) => mapping.classBySchemaId.get(schema) ?? `${NBOQ_NS}${schema.replace(/\.json$/, '')}`;
  const canonical = (field: string) => mapping.canonicalByProperty.get(prop(field))?.property ?? `${prop(field)}_nm`;
  const values = (subject: string, property: string) => store.getObjects(namedNode(subject), namedNode(property), null).map((o) => o.value);
  const number = (subject: string, property: string) => {
    const value = Number(values(subject, property)[0]);
    return Number.isFinite(value) ? value : undefined;
  };

  const components = values(configuration.iri, PHD.hasComponent);
  const typesOf = new Map(components.map((c) => [c, new Set(values(c, RDF_TYPE))]));
  const ofClass = (schemas: readonly string[]) => {
    const classes = new Set(schemas.map(cls));
    return components.filter((c) => [...(typesOf.get(c) ?? [])].some((t) => classes.has(t)));
  };
  const used = new Set<string>();
  const componentIris = new Map<string, string>();
  const differences: string[] = [];
  /** Prefers a component not yet matched, so two identical OME parts pair with two configured ones. */
  const pick = (omeId: string, candidates: string[]): boolean => {
    const chosen = candidates.find((c) => !used.has(c)) ?? candidates[0];
    if (chosen === undefined) return false;
    used.add(chosen);
    componentIris.set(omeId, chosen);
    return true;
  };
  const where = `configuration ${configuration.iri}`;

  for (const objective of instrument.objectives) {
    const immersion = objective.immersion === undefined ? undefined : IMMERSION[objective.immersion];
    const candidates = ofClass(['Objective.json']).filter((c) => {
      const magnification = number(c, prop('Magnification'));
      const na = number(c, prop('LensNA'));
      const configured = values(c, prop('ImmersionType'))[0];
      return (objective.nominalMagnification === undefined || (magnification !== undefined && Math.abs(magnification - objective.nominalMagnification) < 1e-6))
        && (objective.lensNA === undefined || (na !== undefined && Math.abs(na - objective.lensNA) <= 0.005))
        && (immersion === undefined || configured === undefined || configured === immersion);
    });
    if (!pick(objective.id, candidates)) differences.push(`objective ${magnificationLabel(objective) ?? objective.model ?? objective.id} (${objective.id}) not in ${where}`);
  }

  for (const source of instrument.lightSources) {
    const wavelength = toNm(source.wavelength);
    const peaks = (c: string) => [prop('IlluminationWavelengthRange'), prop('LEDModule')]
      .flatMap((p) => values(c, p))
      .flatMap((range) => values(range, canonical('PeakWavelength')).map(Number));
    const candidates = ofClass(LIGHT_SOURCE_SCHEMAS[source.kind]).filter((c) =>
      (wavelength === undefined || peaks(c).some((nm) => Math.abs(nm - wavelength) <= 1)) && sameModel(source.model, values(c, prop('Model'))[0]));
    if (!pick(source.id, candidates)) {
      const label = `${source.kind}${wavelength === undefined ? '' : ` ${wavelength} nm`}${source.model === undefined ? '' : ` "${source.model}"`}`;
      differences.push(`light source ${label} (${source.id}) not in ${where}`);
    }
  }

  for (const detector of instrument.detectors) {
    const { schema } = detectorSchema(detector);
    // A detector OME could not type matches any detector of the configuration, by model.
    const candidates = ofClass(schema === 'GenericDetector.json' ? DETECTOR_SCHEMAS : [schema])
      .filter((c) => sameModel(detector.model, values(c, prop('Model'))[0]));
    if (!pick(detector.id, candidates)) {
      differences.push(`detector ${schema.replace(/\.json$/, '')}${detector.model === undefined ? '' : ` "${detector.model}"`} (${detector.id}) not in ${where}`);
    }
  }

  // The stand, filters, dichroics and filter sets: linked when they agree, for datasets to refer to.
  // They decide the match only for an instrument that lists no objective, light source or detector
  // (a header naming just the stand, say): then each of them that states something to compare by
  // (the stand always; a filter its model or pass band; a dichroic or set its model) must be found.
  const unmatchedOthers: string[] = [];
  const microscope = instrument.microscope;
  if (microscope !== undefined) {
    const stands = ['UprightMicroscopeStand.json', 'InvertedMicroscopeStand.json']
      .filter((s) => microscope.type === undefined || (s === 'InvertedMicroscopeStand.json') === (microscope.type === 'Inverted'));
    // A stand of unspecified kind (nboq:MicroscopeStand) is what an OME Microscope without Upright or Inverted becomes.
    const generic = microscope.type === 'Upright' || microscope.type === 'Inverted'
      ? [] : components.filter((c) => typesOf.get(c)?.has(`${NBOQ_NS}MicroscopeStand`) === true);
    if (!pick(microscopeId(instrument), [...ofClass(stands), ...generic].filter((c) => sameModel(microscope.model, values(c, prop('Model'))[0])))) {
      unmatchedOthers.push(`microscope stand${microscope.model === undefined ? '' : ` "${microscope.model}"`} not in ${where}`);
    }
  }
  const schemas = filterSchemas(instrument);
  const filterLike = ['ExcitationFilter.json', 'EmissionFilter.json', 'GenericFilter.json', 'NeutralDensityFilter.json'];
  for (const filter of instrument.filters) {
    const dichroic = schemas.get(filter.id) === 'StandardDichroic.json';
    const cutIn = toNm(filter.transmittanceRange?.cutIn);
    const cutOut = toNm(filter.transmittanceRange?.cutOut);
    const band = (c: string) => cutIn !== undefined && cutOut !== undefined && values(c, prop('TransmittanceRange')).some((r) => {
      const centre = Number(values(r, canonical('Wavelength'))[0]);
      const width = Number(values(r, canonical('FWHMBandwidth'))[0]);
      return Math.abs(centre - (cutIn + cutOut) / 2) <= 2 && Math.abs(width - (cutOut - cutIn)) <= 2;
    });
    const model = (c: string) => normaliseModel(filter.model) !== undefined && normaliseModel(filter.model) === normaliseModel(values(c, prop('Model'))[0]);
    const candidates = ofClass(dichroic ? ['StandardDichroic.json', 'GenericDichroic.json'] : filterLike)
      .filter((c) => model(c) || (band(c) && sameModel(filter.model, values(c, prop('Model'))[0])));
    const comparable = normaliseModel(filter.model) !== undefined || (cutIn !== undefined && cutOut !== undefined);
    if (!pick(filter.id, candidates) && comparable) unmatchedOthers.push(`filter ${filter.model ?? filter.id} (${filter.id}) not in ${where}`);
  }
  for (const part of [...instrument.dichroics, ...instrument.filterSets]) {
    const isSet = instrument.filterSets.some((s) => s.id === part.id);
    const candidates = ofClass(isSet ? ['FilterCube.json'] : ['StandardDichroic.json', 'GenericDichroic.json'])
      .filter((c) => normaliseModel(part.model) !== undefined && normaliseModel(part.model) === normaliseModel(values(c, prop('Model'))[0]));
    if (!pick(part.id, candidates) && normaliseModel(part.model) !== undefined) {
      unmatchedOthers.push(`${isSet ? 'filter set' : 'dichroic'} ${part.model ?? part.id} (${part.id}) not in ${where}`);
    }
  }

  const compared = instrument.objectives.length + instrument.lightSources.length + instrument.detectors.length;
  if (compared === 0) {
    if (!hasConvertibleParts(instrument)) differences.push(`the OME instrument ${instrument.id} lists no part to compare with ${where}`);
    differences.push(...unmatchedOthers);
  }
  return { matched: differences.length === 0, componentIris, differences };
}

/**
 * Whether an instrument names any part a configuration could hold: a stand, light source,
 * detector, objective, filter, dichroic or filter set. Bio-Formats writes an empty
 * `<Instrument ID="Instrument:0"/>` for many formats; such an element describes no hardware.
 * @param instrument - the OME instrument.
 * @returns true when {@link instrumentToConfiguration} would write at least one component.
 */
export function hasConvertibleParts(instrument: OmeInstrument): boolean {
  return instrument.microscope !== undefined || instrument.lightSources.length > 0 || instrument.detectors.length > 0
    || instrument.objectives.length > 0 || instrument.filters.length > 0 || instrument.dichroics.length > 0 || instrument.filterSets.length > 0;
}

/** Terms this module writes beyond the NBO-Q mapping, for the ontology test. */
export const OME_CONVERTER_TERMS: readonly string[] = [...Object.values(NQ), ...Object.values(PX), PHD.hasSettings, PHD.usesComponent, PHD.fluorophore, PHD.sourceIdentifier];
