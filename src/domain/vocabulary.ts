import { NBOQ_NS, PHD_NS, vocabulary } from './namespaces.js';

/** Terms of the PHD layer (ontology/phd.ttl). A test checks each one is defined there. */
export const PHD = vocabulary(PHD_NS, [
  'Record', 'Organization', 'Facility', 'InstrumentModel', 'InstrumentInstance', 'HardwareConfiguration',
  'Component', 'Dataset', 'Publication', 'Person',
  'hostedBy', 'operates', 'instanceOf', 'manufacturer', 'hasConfiguration', 'hasComponent', 'acquiredWith',
  'contact', 'tier', 'validFrom', 'validUntil', 'versionNumber', 'serialNumber', 'coreMarketplacePage',
  'sourceIdentifier', 'technique', 'standType', 'hasSettings', 'usesComponent', 'fluorophore', 'presentation', 'notMapped',
] as const);

/** NBO-Q terms the service code refers to by name (the rest are reached through the generated ontology). */
export const NBOQ = vocabulary(NBOQ_NS, [
  'LightSource', 'Objective', 'Detector', 'Camera', 'PointDetector', 'Fluorescence_LightSource_Laser',
  'IlluminationWavelengthRange', 'ChildElement', 'AcquisitionSettings', 'SamplePreparation',
  'magnification', 'lensNA', 'immersionType', 'peakWavelength', 'peakWavelength_nm', 'peakWavelengthUnit',
  'schemaId', 'fieldName', 'tier', 'unitOf', 'canonicalOf', 'canonicalUnit', 'quantityKind',
] as const);
