import { ENTAILMENT_NS, NBOQ_NS, PHD_NS, PREFIXES, SD_NS, VOID_NS, vocabulary } from './namespaces.js';

/*
 * Typed term constants, one per vocabulary, built from `const` lists so that a misspelt term fails
 * to compile (the way Community Solid Server keeps its src/util/Vocabularies.ts). Each list holds
 * the terms TypeScript code names; SPARQL query text keeps its own prefixed names. A test checks
 * that every PHD and NBO-Q term is defined in ontology/*.ttl.
 */

/** Terms of the PHD layer (ontology/phd.ttl). A test checks each one is defined there. */
export const PHD = vocabulary(PHD_NS, [
  'Record', 'Organization', 'Facility', 'InstrumentModel', 'InstrumentInstance', 'HardwareConfiguration',
  'Component', 'Dataset', 'Publication', 'Person',
  'hostedBy', 'operates', 'instanceOf', 'manufacturer', 'hasConfiguration', 'hasComponent', 'acquiredWith',
  'contact', 'tier', 'validFrom', 'validUntil', 'versionNumber', 'serialNumber', 'coreMarketplacePage',
  'sourceIdentifier', 'technique', 'standType', 'hasSettings', 'usesComponent', 'fluorophore', 'presentation', 'notMapped',
  'instrumentStatus', 'statusSince', 'commissioned', 'decommissioned', 'InstrumentStatus', 'InstrumentStatusScheme',
  'PlannedStatus', 'CommissionedStatus', 'ActiveStatus', 'InactiveStatus', 'DecommissionedStatus',
] as const);

/**
 * Terms in the PHD namespace that only code uses, not the ontology: the constraint component that
 * validation reports name for the PID checks done in code (validation/pid-checks.ts).
 */
export const PHD_CHECKS = vocabulary(PHD_NS, ['PidCheck'] as const);

/** NBO-Q terms the service code refers to by name (the rest are reached through the generated ontology). */
export const NBOQ = vocabulary(NBOQ_NS, [
  'LightSource', 'Objective', 'Detector', 'Camera', 'PointDetector', 'Fluorescence_LightSource_Laser',
  'IlluminationWavelengthRange', 'ChildElement', 'AcquisitionSettings', 'SamplePreparation', 'OpticalAperture',
  'MicroscopeStand', 'UprightMicroscopeStand',
  'magnification', 'lensNA', 'immersionType', 'peakWavelength', 'peakWavelength_nm', 'peakWavelengthUnit',
  'schemaId', 'fieldName', 'tier', 'unitOf', 'canonicalOf', 'canonicalUnit', 'quantityKind', 'category', 'extension',
] as const);

/** RDF. */
export const RDF = vocabulary(PREFIXES.rdf, ['type', 'JSON', 'langString', 'first', 'rest', 'nil'] as const);

/** RDF Schema. */
export const RDFS = vocabulary(PREFIXES.rdfs, ['label', 'comment', 'range', 'domain', 'subClassOf', 'seeAlso', 'Literal'] as const);

/** OWL. */
export const OWL = vocabulary(PREFIXES.owl, ['Thing', 'Class', 'ObjectProperty', 'DatatypeProperty', 'versionInfo', 'sameAs'] as const);

/** XML Schema datatypes. */
export const XSD = vocabulary(PREFIXES.xsd, [
  'string', 'boolean', 'decimal', 'integer', 'double', 'float', 'date', 'dateTime',
  'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger',
  'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte',
] as const);

/** SHACL. */
export const SH = vocabulary(PREFIXES.sh, [
  'targetClass', 'property', 'path', 'inversePath', 'class', 'datatype', 'name', 'message', 'severity', 'or',
  'minCount', 'maxCount', 'qualifiedValueShape', 'qualifiedMinCount', 'qualifiedMaxCount', 'qualifiedValueShapesDisjoint',
  'ClassConstraintComponent', 'OrConstraintComponent', 'QualifiedMinCountConstraintComponent',
] as const);

/** SKOS. */
export const SKOS = vocabulary(PREFIXES.skos, ['notation', 'exactMatch', 'prefLabel'] as const);

/** Dublin Core terms. */
export const DCTERMS = vocabulary(PREFIXES.dcterms, [
  'identifier', 'title', 'description', 'created', 'modified', 'issued', 'creator', 'conformsTo', 'license',
] as const);

/** schema.org. */
export const SCHEMA = vocabulary(PREFIXES.schema, ['name', 'description', 'givenName', 'familyName', 'affiliation', 'url'] as const);

/** DCAT. */
export const DCAT = vocabulary(PREFIXES.dcat, [
  'Dataset', 'DataService', 'Distribution', 'distribution', 'accessService', 'accessURL',
  'endpointURL', 'endpointDescription', 'servesDataset',
] as const);

/** PROV-O. */
export const PROV = vocabulary(PREFIXES.prov, ['wasRevisionOf'] as const);

/** CiTO. */
export const CITO = vocabulary(PREFIXES.cito, ['cites', 'citesAsDataSource'] as const);

/** VoID. */
export const VOID = vocabulary(VOID_NS, [
  'Dataset', 'sparqlEndpoint', 'triples', 'entities', 'classPartition', 'class', 'feature', 'uriSpace', 'vocabulary', 'rootResource',
] as const);

/** SPARQL 1.1 Service Description. */
export const SD = vocabulary(SD_NS, [
  'Service', 'endpoint', 'supportedLanguage', 'SPARQL11Query', 'resultFormat', 'feature', 'UnionDefaultGraph',
  'defaultEntailmentRegime', 'defaultDataset', 'Dataset', 'defaultGraph', 'Graph',
] as const);

/** Entailment regimes. */
export const ENTAILMENT = vocabulary(ENTAILMENT_NS, ['Simple'] as const);
