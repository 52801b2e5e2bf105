import type { JsonObject } from '../domain/index.js';
import type { OmeDetector, OmeInstrument, OmeLightSource } from './ome-document.js';

// What NBO-Q class (as a Micro-Meta App schema ID) each OME part becomes. The conversion writes
// that class and the matcher looks for components of it, so both read these functions.

/** How a detector is used: its NBO-Q settings class follows from it. */
export type DetectorCategory = 'camera' | 'point' | 'generic';

/**
 * The Micro-Meta App schema (hence NBO-Q class) of a detector, and fields its Type implies.
 * @param detector - the OME detector.
 * @returns the schema, its category, implied fields, and a note when the Type has no NBO-Q class.
 */
export function detectorSchema(detector: OmeDetector): { schema: string; category: DetectorCategory; implied: JsonObject; note?: string } {
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

/**
 * The Micro-Meta App schema of a light source.
 * @param source - the OME light source.
 * @returns its schema ID.
 */
export function lightSourceSchema(source: OmeLightSource): string {
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
export const LIGHT_SOURCE_SCHEMAS: Readonly<Record<OmeLightSource['kind'], readonly string[]>> = {
  Laser: ['Fluorescence_LightSource_Laser.json'],
  Arc: ['Fluorescence_LightSource_Arc.json'],
  Filament: ['Fluorescence_LightSource_Filament.json', 'Transmitted_LightSource_Filament.json'],
  LightEmittingDiode: ['Fluorescence_LightSource_LightEmittingDiode.json', 'Transmitted_LightSource_LightEmittingDiode.json'],
  GenericExcitationSource: ['Fluorescence_LightSource_GenericExcitationSource.json', 'Transmitted_LightSource_GenericExcitationSource.json'],
};

/** Schema IDs of every detector class: what a detector OME could not type may match. */
export const DETECTOR_SCHEMAS = [
  'CCD.json', 'CMOS.json', 'IntensifiedCamera.json', 'AnalogVideo.json', 'PhotoMultiplierTube.json', 'HybridPhotoDetector.json',
  'PhotoDiode.json', 'GenericDetector.json',
];

/**
 * The schema of each filter and dichroic, from its Type and the filter sets that use it: excitation,
 * emission, or generic when it is both or neither.
 * @param instrument - the OME instrument.
 * @returns OME ID → schema ID.
 */
export function filterSchemas(instrument: OmeInstrument): Map<string, string> {
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
