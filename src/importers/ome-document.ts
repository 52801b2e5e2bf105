// The OME document model: what parseOmeXml reads from an OME-XML header, as typed values that the
// converters (instrument-to-configuration, image-to-dataset) and the matcher read.

/** The namespace of the OME schema this reader follows. */
export const OME_NAMESPACE = 'http://www.openmicroscopy.org/Schemas/OME/2016-06';

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
  readonly interleaved?: boolean;
  readonly bigEndian?: boolean;
}

/** OME `ImagingEnvironment`: the conditions the sample was kept in. */
export interface OmeImagingEnvironment {
  readonly temperature?: OmeQuantity;
  readonly airPressure?: OmeQuantity;
  /** Relative humidity, a fraction 0–1 (OME PercentFraction). */
  readonly humidity?: number;
  /** CO2 concentration, a fraction 0–1 (OME PercentFraction, despite its name). */
  readonly co2Percent?: number;
}

/** OME `StageLabel`: a named stage position. */
export interface OmeStageLabel {
  readonly name?: string;
  readonly x?: OmeQuantity;
  readonly y?: OmeQuantity;
  readonly z?: OmeQuantity;
}

/**
 * An element or attribute of an Instrument or Image that the importer does not map, with the reason;
 * found by walking the whole subtree (see `OME_MAPPING`), so unknown ones are reported too.
 */
export interface OmeNotMapped {
  /** `Instrument` or `Image`: the subtree it was found in. */
  readonly owner: 'Instrument' | 'Image';
  /** The ID of that Instrument or Image. */
  readonly ownerId: string;
  /** Element path from the owner, `@` before an attribute: `Instrument/Detector@Gain`. */
  readonly path: string;
  readonly reason: string;
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
  readonly imagingEnvironment?: OmeImagingEnvironment;
  readonly stageLabel?: OmeStageLabel;
  readonly pixels?: OmePixels;
  readonly channels: readonly OmeChannel[];
}

/** What `parseOmeXml` read from one OME-XML document. */
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
  /** Every element and attribute of an Instrument or Image the importer does not map, and why. */
  readonly notMapped: OmeNotMapped[];
}
