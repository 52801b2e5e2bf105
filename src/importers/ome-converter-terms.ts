import { NBOQ_NS, PHD_NS, vocabulary } from '../domain/index.js';
import { PHD } from '../domain/index.js';

/** NBO-Q terms the OME converters write directly, beside the mapping's (a test checks each exists in ontology/). */
export const NQ = vocabulary(NBOQ_NS, [
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
export const PX = vocabulary(PHD_NS, [
  'excitationFilter', 'emissionFilter', 'LightPathElement', 'pathElement', 'pathPosition', 'pathRole',
  'ExcitationFilterRole', 'DichroicRole', 'EmissionFilterRole', 'omeIlluminationType', 'omeAcquisitionMode',
] as const);

/** Every term the OME converters write beyond the NBO-Q mapping, for the ontology test. */
export const OME_CONVERTER_TERMS: readonly string[] = [...Object.values(NQ), ...Object.values(PX), PHD.hasSettings, PHD.usesComponent, PHD.fluorophore, PHD.sourceIdentifier];
