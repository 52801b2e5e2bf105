import { PREFIXES } from '../domain/index.js';

const id = (iri: string) => ({ '@id': iri, '@type': '@id' });
const typed = (iri: string, datatype: string) => ({ '@id': iri, '@type': `xsd:${datatype}` });

/**
 * The JSON-LD context this service serves at `/context.jsonld` and compacts every record against.
 * Stable: terms are only ever added. Readable names for the PHD layer and the reused terms;
 * NBO-Q fields stay as `nboq:` compact IRIs (there are ~430 of them).
 */
export const PHD_CONTEXT = {
  '@version': 1.1,
  ...PREFIXES,
  id: '@id',
  type: '@type',
  Facility: 'phd:Facility',
  Organization: 'phd:Organization',
  InstrumentModel: 'phd:InstrumentModel',
  InstrumentInstance: 'phd:InstrumentInstance',
  HardwareConfiguration: 'phd:HardwareConfiguration',
  Component: 'phd:Component',
  Dataset: 'phd:Dataset',
  Publication: 'phd:Publication',
  Person: 'phd:Person',
  name: 'schema:name',
  givenName: 'schema:givenName',
  familyName: 'schema:familyName',
  label: 'rdfs:label',
  title: 'dcterms:title',
  description: 'dcterms:description',
  identifier: 'dcterms:identifier',
  created: 'dcterms:created',
  issued: 'dcterms:issued',
  serialNumber: 'phd:serialNumber',
  standType: 'phd:standType',
  technique: 'phd:technique',
  sourceIdentifier: 'phd:sourceIdentifier',
  tier: typed('phd:tier', 'integer'),
  versionNumber: typed('phd:versionNumber', 'integer'),
  validFrom: typed('phd:validFrom', 'date'),
  validUntil: typed('phd:validUntil', 'date'),
  statusSince: typed('phd:statusSince', 'date'),
  commissioned: typed('phd:commissioned', 'date'),
  decommissioned: typed('phd:decommissioned', 'date'),
  instrumentStatus: id('phd:instrumentStatus'),
  hostedBy: id('phd:hostedBy'),
  operates: id('phd:operates'),
  instanceOf: id('phd:instanceOf'),
  manufacturer: id('phd:manufacturer'),
  hasConfiguration: id('phd:hasConfiguration'),
  hasComponent: id('phd:hasComponent'),
  acquiredWith: id('phd:acquiredWith'),
  contact: id('phd:contact'),
  coreMarketplacePage: id('phd:coreMarketplacePage'),
  creator: id('dcterms:creator'),
  license: id('dcterms:license'),
  affiliation: id('schema:affiliation'),
  wasRevisionOf: id('prov:wasRevisionOf'),
  citesAsDataSource: id('cito:citesAsDataSource'),
  cites: id('cito:cites'),
  seeAlso: id('rdfs:seeAlso'),
} as const;

/** The context document as served: `{ "@context": … }`. */
export const CONTEXT_DOCUMENT = { '@context': PHD_CONTEXT } as const;

/**
 * The URL of this service's context, the `@context` of every JSON-LD record it serves.
 * @param baseUrl - PHD_BASE_URL.
 * @returns `{baseUrl}/context.jsonld`.
 */
export function contextUrl(baseUrl: string): string {
  return `${baseUrl}/context.jsonld`;
}

/**
 * The JSON-LD documents a reader of this service's records resolves from memory, by URL: its own
 * context, so that a record fetched as JSON-LD can be written back without the service fetching
 * anything (any other remote context stays refused).
 * @param baseUrl - PHD_BASE_URL.
 * @returns URL → document.
 */
export function ownContexts(baseUrl: string): ReadonlyMap<string, object> {
  return new Map([[contextUrl(baseUrl), CONTEXT_DOCUMENT]]);
}
