// What becomes of each OME element and attribute of an Instrument or Image: one table, walked by
// parseOmeXml and checked against the released schema by test/unit/importers/ome-xml-schema.test.ts.

/** `true`: mapped (an element: walked into); a string: not mapped, for this reason. */
export type Disposition = true | string;

/** The attributes and child elements of one OME element, each with what becomes of it. */
export interface ElementRule {
  readonly attributes?: Readonly<Record<string, Disposition>>;
  readonly children?: Readonly<Record<string, Disposition>>;
}

const NOT_MAPPED = {
  annotation: 'annotations are not imported (they stay in the OME file)',
  serial: "NBO-Q components have no serial number (an instrument's serial number belongs to its instance record, phd:serialNumber)",
  microscopeSerial: 'it identifies the instrument instance (phd:serialNumber of the instance record, used to find it); the configuration does not repeat it',
  detectorSetting: 'NBO-Q records detector gain, voltage, offset, zoom and amplification per acquisition (detector settings), not on the detector',
  pockelCell: 'NBO-Q lasers have no Pockels cell field',
  filterWheel: 'NBO-Q filters have no filter-wheel field (a filter wheel is a component of its own, which OME does not describe)',
  tolerance: 'NBO-Q describes a pass band by its centre and FWHM bandwidth, with no tolerance of its edges',
  medium: "NBO-Q objective settings have no immersion-medium field (the objective's immersion is recorded on the objective)",
  pinhole: 'NBO-Q channels and detector settings have no pinhole size',
  ndFilter: 'NBO-Q channels have no neutral-density setting',
  pockelCellSetting: 'NBO-Q channels have no Pockels cell setting',
  lightWavelength: 'NBO-Q light-source settings have no wavelength',
  zoom: 'NBO-Q detector settings have no zoom',
  environmentMap: 'NBO-Q imaging environments have no key/value list',
  pixelData: 'pixel data is not recorded (the dataset record describes the acquisition)',
  plane: 'per-plane timing, exposure and positions are not recorded',
  experimenter: 'people are linked by ORCID (dcterms:creator); an OME Experimenter reference names none',
  experiment: 'experiments, groups, regions of interest and microbeam manipulations are not recorded',
  dataset: 'OMERO datasets are not records here',
} as const;

const SPEC: Readonly<Record<string, Disposition>> = { Manufacturer: true, Model: true, LotNumber: true, SerialNumber: NOT_MAPPED.serial };
const REF: ElementRule = { attributes: { ID: true } };
const LIGHT: Readonly<Record<string, Disposition>> = { ID: true, Power: true, ...SPEC };
const LIGHT_CHILDREN: Readonly<Record<string, Disposition>> = { AnnotationRef: NOT_MAPPED.annotation };
const FILTER_REFS: Readonly<Record<string, Disposition>> = { ExcitationFilterRef: true, DichroicRef: true, EmissionFilterRef: true, AnnotationRef: NOT_MAPPED.annotation };
const SOURCES: Readonly<Record<string, Disposition>> = { Laser: true, Arc: true, Filament: true, LightEmittingDiode: true, GenericExcitationSource: true };

/**
 * What the OME-XML importer makes of every element and attribute of an Instrument or Image (the
 * 2016-06 schema, and the older names the reader still reads): mapped by the converter (true), or
 * not, with the reason. The parser walks each Instrument and Image against it (see `unmapped`), so an
 * element or attribute this table does not know (a newer schema, a writer's own extension) is
 * reported too: nothing is dropped in silence. A `…Unit` attribute shares its value's disposition.
 * Values dropped for what they are (out of range, no NBO-Q counterpart for this value) are reported
 * as warnings by the reader and the converter instead.
 */
export const OME_MAPPING: Readonly<Record<string, ElementRule>> = {
  Instrument: {
    attributes: { ID: true },
    children: { Microscope: true, ...SOURCES, LightSource: true, Detector: true, Objective: true, FilterSet: true, Filter: true, Dichroic: true, AnnotationRef: NOT_MAPPED.annotation },
  },
  Microscope: { attributes: { Type: true, ...SPEC, SerialNumber: NOT_MAPPED.microscopeSerial } },
  LightSource: { attributes: LIGHT, children: { ...SOURCES, ...LIGHT_CHILDREN } },
  Laser: {
    attributes: {
      ...LIGHT, Type: true, LaserMedium: true, Wavelength: true, FrequencyMultiplication: true, Tuneable: true, Pulse: true,
      RepetitionRate: true, PockelCell: NOT_MAPPED.pockelCell,
    },
    children: { Pump: true, ...LIGHT_CHILDREN },
  },
  Pump: REF,
  Arc: { attributes: { ...LIGHT, Type: true }, children: LIGHT_CHILDREN },
  Filament: { attributes: { ...LIGHT, Type: true }, children: LIGHT_CHILDREN },
  LightEmittingDiode: { attributes: LIGHT, children: LIGHT_CHILDREN },
  GenericExcitationSource: { attributes: LIGHT, children: { Map: true, ...LIGHT_CHILDREN } },
  Map: { children: { M: true } },
  M: { attributes: { K: true } },
  Detector: {
    attributes: {
      ID: true, Type: true, ...SPEC, Gain: NOT_MAPPED.detectorSetting, Voltage: NOT_MAPPED.detectorSetting, Offset: NOT_MAPPED.detectorSetting,
      Zoom: NOT_MAPPED.detectorSetting, AmplificationGain: NOT_MAPPED.detectorSetting,
    },
    children: LIGHT_CHILDREN,
  },
  Objective: {
    attributes: {
      ID: true, ...SPEC, Correction: true, Immersion: true, LensNA: true, NominalMagnification: true, CalibratedMagnification: true,
      WorkingDistance: true, Iris: true,
    },
    children: LIGHT_CHILDREN,
  },
  FilterSet: { attributes: { ID: true, ...SPEC }, children: FILTER_REFS },
  ExcitationFilterRef: REF,
  DichroicRef: REF,
  EmissionFilterRef: REF,
  Filter: { attributes: { ID: true, ...SPEC, Type: true, FilterWheel: NOT_MAPPED.filterWheel }, children: { TransmittanceRange: true, ...LIGHT_CHILDREN } },
  TransmittanceRange: {
    attributes: { CutIn: true, CutOut: true, Transmittance: true, CutInTolerance: NOT_MAPPED.tolerance, CutOutTolerance: NOT_MAPPED.tolerance },
  },
  Dichroic: { attributes: { ID: true, ...SPEC }, children: LIGHT_CHILDREN },
  Image: {
    attributes: { ID: true, Name: true },
    children: {
      AcquisitionDate: true, AcquiredDate: true, CreationDate: true, Description: true, InstrumentRef: true, ObjectiveSettings: true,
      ImagingEnvironment: true, StageLabel: true, Pixels: true, ExperimenterRef: NOT_MAPPED.experimenter, ExperimentRef: NOT_MAPPED.experiment,
      ExperimenterGroupRef: NOT_MAPPED.experiment, GroupRef: NOT_MAPPED.experiment, ROIRef: NOT_MAPPED.experiment,
      MicrobeamManipulationRef: NOT_MAPPED.experiment, DatasetRef: NOT_MAPPED.dataset, AnnotationRef: NOT_MAPPED.annotation,
    },
  },
  AcquisitionDate: {},
  AcquiredDate: {},
  CreationDate: {},
  Description: {},
  InstrumentRef: REF,
  ObjectiveSettings: { attributes: { ID: true, CorrectionCollar: true, RefractiveIndex: true, Medium: NOT_MAPPED.medium } },
  ImagingEnvironment: { attributes: { Temperature: true, AirPressure: true, Humidity: true, CO2Percent: true }, children: { Map: NOT_MAPPED.environmentMap } },
  StageLabel: { attributes: { Name: true, X: true, Y: true, Z: true } },
  Pixels: {
    attributes: {
      ID: true, DimensionOrder: true, Type: true, SignificantBits: true, Interleaved: true, BigEndian: true, SizeX: true, SizeY: true,
      SizeZ: true, SizeC: true, SizeT: true, PhysicalSizeX: true, PhysicalSizeY: true, PhysicalSizeZ: true, TimeIncrement: true,
    },
    children: { Channel: true, BinData: NOT_MAPPED.pixelData, TiffData: NOT_MAPPED.pixelData, MetadataOnly: true, Plane: NOT_MAPPED.plane },
  },
  MetadataOnly: {},
  Channel: {
    attributes: {
      ID: true, Name: true, SamplesPerPixel: true, IlluminationType: true, AcquisitionMode: true, ContrastMethod: true,
      ExcitationWavelength: true, EmissionWavelength: true, Fluor: true, Color: true, PinholeSize: NOT_MAPPED.pinhole,
      NDFilter: NOT_MAPPED.ndFilter, PockelCellSetting: NOT_MAPPED.pockelCellSetting,
    },
    children: { LightSourceSettings: true, DetectorSettings: true, FilterSetRef: true, LightPath: true, AnnotationRef: NOT_MAPPED.annotation },
  },
  LightSourceSettings: { attributes: { ID: true, Attenuation: true, Wavelength: NOT_MAPPED.lightWavelength } },
  DetectorSettings: {
    attributes: { ID: true, Gain: true, Offset: true, Voltage: true, Binning: true, ReadOutRate: true, Integration: true, Zoom: NOT_MAPPED.zoom },
  },
  FilterSetRef: REF,
  LightPath: { children: FILTER_REFS },
};
