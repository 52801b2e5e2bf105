import type { OmeChannel } from './ome-document.js';

// OME enumerations → NBO-Q allowed values (the sh:in lists of shapes/nbo-q.ttl; a test checks them).
// One table each, read by every OME step: the instrument conversion writes the hardware values, the
// image conversion the channel and detector-settings values, and the matcher compares immersions.

/** Microscope Type → stand Type. Upright and inverted stands are both compound microscopes. */
export const STAND_TYPE: Readonly<Record<string, string>> = {
  Upright: 'Compound', Inverted: 'Compound', Dissection: 'Dissection', Electrophysiology: 'Electrophysiology', Other: 'Other',
};

/** Objective Immersion → ImmersionType. OME "Oil" is standard immersion oil, NBO-Q's "Mineral Oil". */
export const IMMERSION: Readonly<Record<string, string>> = {
  Oil: 'Mineral Oil', Water: 'Water', WaterDipping: 'Dipping', Air: 'Air', Multi: 'Multi', Glycerol: 'Glycerol', Other: 'Other',
};

/** Objective Correction: every 2016-06 value is in NBO-Q's list under the same spelling. */
export const CORRECTIONS = new Set([
  'UV', 'PlanApo', 'PlanFluor', 'SuperFluor', 'VioletCorrected', 'Achro', 'Achromat', 'Fluor', 'Fl', 'Fluar', 'Neofluar',
  'Fluotar', 'Apo', 'PlanNeofluar', 'Other',
]);

/** Laser Type. An excimer laser is a gas laser; NBO-Q has no free-electron laser. */
export const LASER_TYPE: Readonly<Record<string, string>> = {
  Excimer: 'Gas', Gas: 'Gas', MetalVapor: 'MetalVapor', SolidState: 'SolidState', Dye: 'Dye',
  Semiconductor: 'SemiconductorLaserDiode', FreeElectron: 'Other', Other: 'Other',
};

/** Laser media: NBO-Q lists every 2016-06 medium under the same spelling. */
export const LASER_MEDIA = new Set([
  'Cu', 'Ag', 'ArFl', 'ArCl', 'KrFl', 'KrCl', 'XeFl', 'XeCl', 'XeBr', 'N', 'Ar', 'Kr', 'Xe', 'HeNe', 'HeCd', 'CO', 'CO2',
  'H2O', 'HFl', 'NdGlass', 'NdYAG', 'ErGlass', 'ErYAG', 'HoYLF', 'HoYAG', 'Ruby', 'TiSapphire', 'Alexandrite', 'Rhodamine6G',
  'CoumarinC30', 'GaAs', 'GaAlAs', 'EMinus', 'Other',
]);

/** Laser Pulse mode → NBO-Q's boolean Pulse: continuous wave is the only non-pulsed mode. */
export const PULSED: Readonly<Record<string, boolean>> = { CW: false, Single: true, QSwitched: true, Repetitive: true, ModeLocked: true };

/** Arc Type: NBO-Q names the same arc lamps. */
export const ARC_TYPE: Readonly<Record<string, string>> = { Hg: 'Hg', Xe: 'Xe', HgXe: 'HgXe', Other: 'Other' };

/** Filament Type: NBO-Q calls a plain incandescent bulb "Standard". */
export const FILAMENT_TYPE: Readonly<Record<string, string>> = { Incandescent: 'Standard', Halogen: 'Halogen', Other: 'Other' };

/** Filter Type → filter Type (Dichroic and NeutralDensity choose the class instead). */
export const FILTER_TYPE: Readonly<Record<string, string>> = {
  LongPass: 'LongPass', ShortPass: 'ShortPass', BandPass: 'BandPass', MultiPass: 'MultiPass', Tuneable: 'Other', Other: 'Other',
};

/** Channel ContrastMethod → contrastMethod. */
export const CONTRAST_METHOD: Readonly<Record<string, string>> = {
  Brightfield: 'Brightfield', Phase: 'PhaseContrast', DIC: 'Differential Intensity Contrast (DIC)', HoffmanModulation: 'HoffmanModulation',
  ObliqueIllumination: 'ObliqueIllumination', PolarizedLight: 'PolarizedLight', Darkfield: 'Darkfield', Fluorescence: 'Fluorescence', Other: 'Other',
};

/** Transmitted-light contrast methods → NBO-Q illumination types (for WideField/BrightField channels). */
export const TRANSMITTED: Readonly<Record<string, string>> = {
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

/** Detector binnings NBO-Q allows (OME's list, less none). */
export const BINNING = new Set(['1x1', '2x2', '4x4', '8x8', 'Other']);
/** Effective bit depths NBO-Q allows; others are left out. */
export const BIT_DEPTHS = new Set(['8bit', '12bit', '14bit', '16bit', '32bit', '64bit']);

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
