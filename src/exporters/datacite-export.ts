import { ConfigurationTimeline } from '../domain/index.js';
import { parsePid, pidFromIri } from '../domain/index.js';
import { RDFS } from '../domain/index.js';
import { UnprocessableError } from '../errors/index.js';
import { type ExportGraph, recordKindOf } from './export-graph.js';
import { type ConfigurationFacts, type InstrumentFacts, type InstrumentLifecycle, type OrganizationFacts, type PersonFacts, generatedDescription, identifierOf, instrumentTypeNames, landingPageOf, relatedIdentifierOf } from './instrument-facts.js';
import { requiredInstrumentFacts } from './required-instrument-facts.js';

/** The relation types this exporter writes (a subset of DataCite's `relationType` list). */
export type DataciteRelationType =
  | 'IsCitedBy' | 'IsNewVersionOf' | 'IsPreviousVersionOf' | 'HasVersion' | 'IsVersionOf' | 'Collects' | 'References';

/** The general resource types this exporter writes (a subset of `resourceTypeGeneral`). */
export type DataciteResourceTypeGeneral = 'Instrument' | 'Dataset' | 'Text';

/** An identifier of a creator or contributor (ROR, ORCID, RRID). */
export interface DataciteNameIdentifier {
  readonly nameIdentifier: string;
  readonly nameIdentifierScheme: 'ROR' | 'ORCID' | 'RRID';
  readonly schemeUri: string;
}

/** An affiliation of a person. */
export interface DataciteAffiliation {
  readonly name: string;
  readonly affiliationIdentifier?: string;
  readonly affiliationIdentifierScheme?: 'ROR';
  readonly schemeUri?: string;
}

/** A creator: here the manufacturer. */
export interface DataciteCreator {
  readonly name: string;
  readonly nameType: 'Organizational' | 'Personal';
  readonly givenName?: string;
  readonly familyName?: string;
  readonly nameIdentifiers: readonly DataciteNameIdentifier[];
  readonly affiliation: readonly DataciteAffiliation[];
}

/** A contributor: the owner (HostingInstitution) or the facility contact (ContactPerson). */
export interface DataciteContributor extends DataciteCreator {
  readonly contributorType: 'HostingInstitution' | 'ContactPerson';
}

/** A link to a related resource. */
export interface DataciteRelatedIdentifier {
  readonly relatedIdentifier: string;
  readonly relatedIdentifierType: 'DOI' | 'Handle' | 'URL';
  readonly relationType: DataciteRelationType;
  readonly resourceTypeGeneral?: DataciteResourceTypeGeneral;
}

/** A date of the resource (the `dateType`s this exporter writes, a subset of DataCite's list). */
export interface DataciteDate {
  /** `YYYY-MM-DD`, or an RKMS-ISO8601 range `YYYY-MM-DD/YYYY-MM-DD`. */
  readonly date: string;
  readonly dateType: 'Available' | 'Valid' | 'Other';
  readonly dateInformation?: string;
}

/**
 * A DataCite 4.5 description of an instrument instance or configuration, independent of its
 * serialization: {@link dataciteXml} writes the XML of the Metadata Schema, {@link dataciteJson}
 * the REST API payload. Field names follow the REST API's JSON.
 */
export interface DataciteResource {
  /** The DOI, `10.prefix/suffix`. */
  readonly doi: string;
  /** The landing page the DOI resolves to. */
  readonly url: string;
  readonly creators: readonly DataciteCreator[];
  readonly titles: readonly { readonly title: string; readonly titleType?: 'AlternativeTitle' }[];
  readonly publisher: {
    readonly name: string;
    readonly publisherIdentifier?: string;
    readonly publisherIdentifierScheme?: 'ROR';
    readonly schemeUri?: string;
  };
  /** `YYYY`. */
  readonly publicationYear: string;
  readonly types: { readonly resourceTypeGeneral: 'Instrument'; readonly resourceType: string };
  readonly subjects: readonly { readonly subject: string }[];
  readonly contributors: readonly DataciteContributor[];
  readonly dates: readonly DataciteDate[];
  readonly alternateIdentifiers: readonly { readonly alternateIdentifier: string; readonly alternateIdentifierType: string }[];
  readonly relatedIdentifiers: readonly DataciteRelatedIdentifier[];
  readonly version?: string;
  readonly descriptions: readonly {
    readonly description: string;
    readonly descriptionType: 'Abstract' | 'TechnicalInfo';
    /** Set on the descriptions this service writes (English); a stored description's language is unknown. */
    readonly lang?: string;
  }[];
}

/** Options of {@link dataciteOf}. */
export interface DataciteOptions {
  /** PHD_BASE_URL, for the landing page. */
  readonly baseUrl: string;
  /**
   * The DOI to register, for a record not named by a DOI (a handle or a local IRI). Any accepted
   * spelling (`10.1234/x`, `doi:10.1234/x`, `https://doi.org/10.1234/x`).
   */
  readonly doi?: string;
}

const ROR_SCHEME_URI = 'https://ror.org/';
const ORCID_SCHEME_URI = 'https://orcid.org/';
const RRID_SCHEME_URI = 'https://scicrunch.org/resolver/';

/**
 * Describes an instrument instance or one of its hardware configuration versions in the DataCite
 * Metadata Schema 4.5, as the PIDINST WG's DataCite cookbook maps an instrument.
 *
 * Mapping, both kinds: resourceTypeGeneral `Instrument`; the manufacturer is the Creator
 * (Organizational, ROR when known); the host institution of the operating facility is the Publisher
 * (with its ROR as publisherIdentifier) and a `HostingInstitution` contributor, the facility itself
 * a second `HostingInstitution` (RRID), its contacts `ContactPerson`s (ORCID); the instrument types
 * (techniques, stand) are Subjects and, with the model, TechnicalInfo descriptions; a model named by
 * an RRID is `References`d; publications citing the record are `IsCitedBy`, datasets acquired with
 * it `Collects` (added in 4.5 for instruments).
 * An instance: title = its name, Date `Available` = when it is in operation (see
 * {@link lifecycleDates}: its status as a Date `Other`), AlternateIdentifier `SerialNumber`, each
 * configuration `HasVersion`.
 * A configuration: title = its label (+ an AlternativeTitle naming the instrument and version),
 * Date `Valid` = validFrom/validUntil (validUntil derived from the next version), Version =
 * versionNumber, `IsVersionOf` its instance (the instance is the concept, its configurations the
 * versions, as DataCite versions work; HasPart would claim the configuration is a component),
 * `IsNewVersionOf` the version it revises and `IsPreviousVersionOf` the next.
 * publicationYear = year of the earliest validFrom, else of the record's creation here.
 *
 * The URL is the record's landing page: `{baseUrl}/pid/{doi}` when the record is named by the DOI;
 * when the DOI is given for a record named otherwise, the page of the record's current name (which
 * resolves today), and that name becomes an AlternateIdentifier.
 *
 * @param data - the export graph (see {@link exportGraph}).
 * @param iri - the instance or configuration IRI.
 * @param options - the base URL and, for a record not named by a DOI, the DOI to register.
 * @returns the resource.
 * @throws UnprocessableError `not-exportable` (another kind of record), `doi-required` (no DOI to
 *   register), `doi-mismatch` (a DOI given for a record named by another DOI),
 *   `incomplete-metadata` (the message says which record and property to add); InvalidPidError
 *   (400) when `options.doi` is not a valid DOI.
 * @example
 * ```ts
 * const data = await exportGraph(store, 'https://doi.org/10.5072/phd.ecc.sp8.v2');
 * const xml = dataciteXml(dataciteOf(data, 'https://doi.org/10.5072/phd.ecc.sp8.v2', { baseUrl }));
 * ```
 */
export function dataciteOf(data: ExportGraph, iri: string, options: DataciteOptions): DataciteResource {
  const kind = recordKindOf(data, iri);
  if (kind !== 'instance' && kind !== 'configuration') {
    throw new UnprocessableError(
      `${iri} is ${kind === undefined ? 'not an instrument record' : `a ${kind} record`}; the DataCite export describes instrument instances and hardware configurations only.`,
      { code: 'not-exportable', details: { iri, kind, exportable: ['instance', 'configuration'] } },
    );
  }
  const doi = doiFor(iri, options.doi);
  const facts = requiredInstrumentFacts(data, iri, 'DataCite 4.5');
  const configuration = kind === 'configuration' ? facts.configurations.find((c) => c.iri === iri) : undefined;
  if (kind === 'configuration' && configuration?.label === undefined) {
    throw new UnprocessableError(
      `Cannot export ${iri} as DataCite 4.5: required metadata is missing. The configuration has no title: add \`rdfs:label "…"\` to the configuration's record.`,
      { code: 'incomplete-metadata', details: { iri, format: 'DataCite 4.5', missing: [{ field: 'title', record: iri, property: RDFS.label }] } },
    );
  }
  const year = publicationYear(configuration === undefined ? facts.configurations : [configuration], data.meta.get(iri)?.createdAt);
  return configuration === undefined
    ? instanceResource(facts, iri, doi, landingPageOf(options.baseUrl, iri), year)
    : configurationResource(facts, configuration, doi, landingPageOf(options.baseUrl, iri), year);
}

/** The DOI to register: the record's own, or the one given (which must then be valid). */
function doiFor(iri: string, given: string | undefined): string {
  const own = pidFromIri(iri);
  const requested = given === undefined ? undefined : parsePid(given, 'doi');
  if (own?.scheme === 'doi') {
    if (requested !== undefined && requested.id !== own.id) {
      throw new UnprocessableError(
        `${iri} is named by the DOI ${own.id}, so it is registered under that DOI, not ${requested.id}. Omit the DOI (--doi, ?doi=) or give ${own.id}.`,
        { code: 'doi-mismatch', details: { iri, doi: own.id, given: requested.id } },
      );
    }
    return own.id;
  }
  if (requested === undefined) {
    const named = own === undefined ? 'an IRI minted by this service' : `the ${own.scheme === 'handle' ? 'handle' : own.scheme.toUpperCase()} ${own.curie}`;
    throw new UnprocessableError(
      `DataCite registers DOIs, and ${iri} is named by ${named}. Give the DOI to register for it: ` +
        '`imaging-phd export datacite <pid> --doi 10.xxxx/yyyy` (CLI) or `GET /export/datacite/{pid}?doi=10.xxxx/yyyy` (HTTP).',
      { code: 'doi-required', details: { iri } },
    );
  }
  return requested.id;
}

function publicationYear(versions: readonly ConfigurationFacts[], createdAt: string | undefined): string {
  const earliest = new ConfigurationTimeline(versions).firstValidFrom;
  // A graph assembled without store metadata has no creation date: the current year is the year
  // the DOI is being registered, which is what DataCite's definition falls back to.
  return (earliest ?? createdAt ?? new Date().toISOString()).slice(0, 4);
}

/** Creators, publisher, contributors, subjects and shared descriptions: the same for both kinds. */
function common(facts: InstrumentFacts): Pick<DataciteResource, 'creators' | 'publisher' | 'contributors' | 'subjects'> & {
  technical: DataciteResource['descriptions'];
  modelReference: DataciteRelatedIdentifier[];
} {
  const host = facts.facility?.host;
  const manufacturer = facts.model?.manufacturer;
  if (facts.facility === undefined || host?.name === undefined || manufacturer?.name === undefined) {
    throw new Error('unreachable: required metadata was checked');
  }
  const hostRor = rorOf(host);
  const contributors: DataciteContributor[] = [{ ...organization(host, host.name), contributorType: 'HostingInstitution' }];
  const facilityRrid = pidFromIri(facts.facility.iri);
  if (facts.facility.name !== undefined) {
    contributors.push({
      name: facts.facility.name,
      nameType: 'Organizational',
      nameIdentifiers: facilityRrid?.scheme === 'rrid' ? [{ nameIdentifier: facilityRrid.iri, nameIdentifierScheme: 'RRID', schemeUri: RRID_SCHEME_URI }] : [],
      affiliation: [],
      contributorType: 'HostingInstitution',
    });
  }
  for (const person of facts.facility.contacts) {
    const contact = personOf(person);
    if (contact !== undefined) contributors.push({ ...contact, contributorType: 'ContactPerson' });
  }
  const types = instrumentTypeNames(facts);
  const model = facts.model;
  const technical: DataciteResource['descriptions'] = [
    ...(model?.name === undefined ? [] : [{ description: `Model: ${model.name}, manufactured by ${manufacturer.name}.`, descriptionType: 'TechnicalInfo' as const, lang: 'en' }]),
    ...(types.length === 0 ? [] : [{ description: `Instrument type: ${types.join('; ')}.`, descriptionType: 'TechnicalInfo' as const, lang: 'en' }]),
  ];
  const modelPid = model === undefined ? undefined : pidFromIri(model.iri);
  return {
    creators: [organization(manufacturer, manufacturer.name)],
    publisher: {
      name: host.name,
      ...(hostRor === undefined ? {} : { publisherIdentifier: hostRor, publisherIdentifierScheme: 'ROR' as const, schemeUri: ROR_SCHEME_URI }),
    },
    contributors,
    subjects: types.map((subject) => ({ subject })),
    technical,
    // DataCite has no RRID identifier type: the model's RRID is linked by its resolvable IRI.
    modelReference: modelPid?.scheme === 'rrid' ? [{ relatedIdentifier: modelPid.iri, relatedIdentifierType: 'URL', relationType: 'References' }] : [],
  };
}

function instanceResource(facts: InstrumentFacts, iri: string, doi: string, url: string, year: string): DataciteResource {
  const shared = common(facts);
  const name = facts.name ?? iri;
  const relations: DataciteRelatedIdentifier[] = [
    ...facts.configurations.map((c) => related(c.iri, 'HasVersion', 'Instrument')),
    ...citedBy(facts, iri),
    ...facts.datasets.map((d) => related(d.iri, 'Collects', 'Dataset')),
    ...shared.modelReference,
  ];
  return {
    doi,
    url,
    creators: shared.creators,
    titles: [{ title: name }],
    publisher: shared.publisher,
    publicationYear: year,
    types: { resourceTypeGeneral: 'Instrument', resourceType: 'Microscope' },
    subjects: shared.subjects,
    contributors: shared.contributors,
    dates: lifecycleDates(facts.lifecycle),
    alternateIdentifiers: [
      ...(facts.serialNumber === undefined ? [] : [{ alternateIdentifier: facts.serialNumber, alternateIdentifierType: 'SerialNumber' }]),
      ...ownName(iri, doi),
    ],
    relatedIdentifiers: dedupeRelated(relations),
    descriptions: [
      facts.description === undefined
        ? { description: generatedDescription(facts, shared.publisher.name), descriptionType: 'Abstract', lang: 'en' }
        : { description: facts.description, descriptionType: 'Abstract' },
      ...shared.technical,
    ],
  };
}

function configurationResource(facts: InstrumentFacts, c: ConfigurationFacts, doi: string, url: string, year: string): DataciteResource {
  const shared = common(facts);
  const instrument = facts.name ?? facts.instance ?? '';
  const version = c.versionNumber === undefined ? 'hardware configuration' : `hardware configuration version ${c.versionNumber}`;
  const relations: DataciteRelatedIdentifier[] = [
    ...(facts.instance === undefined ? [] : [related(facts.instance, 'IsVersionOf', 'Instrument')]),
    ...(c.previous === undefined ? [] : [related(c.previous, 'IsNewVersionOf', 'Instrument')]),
    ...c.next.map((next) => related(next, 'IsPreviousVersionOf', 'Instrument')),
    ...citedBy(facts, c.iri),
    ...facts.datasets.filter((d) => d.configuration === c.iri).map((d) => related(d.iri, 'Collects', 'Dataset')),
    ...shared.modelReference,
  ];
  const period = c.validFrom === undefined ? 'from an unknown date' : `from ${c.validFrom}${c.validUntil === undefined ? ' (the current version)' : ` until ${c.validUntil}`}`;
  return {
    doi,
    url,
    creators: shared.creators,
    titles: [{ title: c.label ?? c.iri }, { title: `${instrument}: ${version}`, titleType: 'AlternativeTitle' }],
    publisher: shared.publisher,
    publicationYear: year,
    types: { resourceTypeGeneral: 'Instrument', resourceType: 'Microscope hardware configuration' },
    subjects: shared.subjects,
    contributors: shared.contributors,
    dates: c.validFrom === undefined ? [] : [{
      // RKMS-ISO8601 range when the next version ended it; a single date while it is current.
      date: c.validUntil === undefined ? c.validFrom : `${c.validFrom}/${c.validUntil}`,
      dateType: 'Valid',
      dateInformation: c.validUntil === undefined ? 'Current configuration, valid from this date' : 'Valid until the next configuration version took effect',
    }],
    alternateIdentifiers: [
      ...ownName(c.iri, doi),
      ...(c.sourceIdentifier === undefined ? [] : [{ alternateIdentifier: c.sourceIdentifier, alternateIdentifierType: 'Source identifier' }]),
    ],
    relatedIdentifiers: dedupeRelated(relations),
    ...(c.versionNumber === undefined ? {} : { version: String(c.versionNumber) }),
    descriptions: [
      c.description === undefined
        ? { description: `The ${version} of ${instrument}, valid ${period}.`, descriptionType: 'Abstract', lang: 'en' }
        : { description: c.description, descriptionType: 'Abstract' },
      ...shared.technical,
      ...(c.components.length === 0 ? [] : [{ description: `Components: ${c.components.join('; ')}.`, descriptionType: 'TechnicalInfo' as const }]),
    ],
  };
}

/**
 * The dates of an instrument's life cycle, as the PIDINST WG maps them onto DataCite
 * (rdawg-pidinst/schema, schema-datacite.rst, note on Date): `Available` says when the instrument
 * is in operation, a single date from its commissioning, or a range `commissioned/decommissioned`
 * once it ceased operation. `Withdrawn` is not used for decommissioning: in DataCite it dates the
 * removal of the resource, which for this service is the withdrawal of the record (tombstone), not
 * the end of the instrument's service. DataCite has no field for a status, so the status
 * (PIDINST's proposed InstrumentStatus) is a Date `Other` on the day it took effect, named in
 * dateInformation ("Instrument status: active since 2021-02-01").
 * @param lifecycle - the instance's status and dates.
 * @returns the dates, oldest first.
 */
function lifecycleDates(lifecycle: InstrumentLifecycle): DataciteDate[] {
  const { commissioned, decommissioned, status, statusSince } = lifecycle;
  const dates: DataciteDate[] = [];
  if (commissioned !== undefined) {
    const since = lifecycle.commissionedFrom === 'stated' ? 'its commissioning' : 'the validFrom date of its first hardware configuration';
    dates.push(decommissioned === undefined
      ? { date: commissioned, dateType: 'Available', dateInformation: `In operation since: ${since}` }
      : { date: `${commissioned}/${decommissioned}`, dateType: 'Available', dateInformation: `In operation from ${since} until its decommissioning` });
  } else if (decommissioned !== undefined) {
    // No start is known, so no range: the end alone, said in words.
    dates.push({ date: decommissioned, dateType: 'Other', dateInformation: 'Decommissioned: the instrument ceased to be in operation' });
  }
  if (status !== undefined && statusSince !== undefined) {
    dates.push({ date: statusSince, dateType: 'Other', dateInformation: `Instrument status: ${status.label} since ${statusSince}` });
  }
  return dates;
}

/** The record's own name, when the DOI registered for it is another identifier. */
function ownName(iri: string, doi: string): DataciteResource['alternateIdentifiers'] {
  const own = identifierOf(iri);
  if (own.type === 'DOI' && own.value === doi) return [];
  return [{ alternateIdentifier: own.value, alternateIdentifierType: own.type }];
}

function citedBy(facts: InstrumentFacts, target: string): DataciteRelatedIdentifier[] {
  return facts.citations
    .filter((c) => c.cites === target)
    .map((c) => related(c.iri, 'IsCitedBy', c.kind === 'publication' ? 'Text' : c.kind === 'dataset' ? 'Dataset' : undefined));
}

function related(iri: string, relationType: DataciteRelationType, resourceTypeGeneral: DataciteResourceTypeGeneral | undefined): DataciteRelatedIdentifier {
  return { ...relatedIdentifierOf(iri, relationType), ...(resourceTypeGeneral === undefined ? {} : { resourceTypeGeneral }) };
}

function dedupeRelated(items: readonly DataciteRelatedIdentifier[]): DataciteRelatedIdentifier[] {
  const seen = new Set<string>();
  return items.filter((r) => {
    const key = `${r.relationType} ${r.relatedIdentifierType} ${r.relatedIdentifier}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rorOf(org: OrganizationFacts): string | undefined {
  const pid = pidFromIri(org.iri);
  // DataCite writes a ROR as its full URL (the official instrument example does).
  return pid?.scheme === 'ror' ? pid.iri : undefined;
}

function organization(org: OrganizationFacts, name: string): DataciteCreator {
  const ror = rorOf(org);
  return {
    name,
    nameType: 'Organizational',
    nameIdentifiers: ror === undefined ? [] : [{ nameIdentifier: ror, nameIdentifierScheme: 'ROR', schemeUri: ROR_SCHEME_URI }],
    affiliation: [],
  };
}

function personOf(person: PersonFacts): DataciteCreator | undefined {
  if (person.status !== 'live' || person.name === undefined) return undefined;
  const orcid = pidFromIri(person.iri);
  // DataCite's personal name format is "Family, Given" when both parts are known.
  const name = person.familyName !== undefined && person.givenName !== undefined ? `${person.familyName}, ${person.givenName}` : person.name;
  return {
    name,
    nameType: 'Personal',
    ...(person.givenName === undefined ? {} : { givenName: person.givenName }),
    ...(person.familyName === undefined ? {} : { familyName: person.familyName }),
    nameIdentifiers: orcid?.scheme === 'orcid' ? [{ nameIdentifier: orcid.iri, nameIdentifierScheme: 'ORCID', schemeUri: ORCID_SCHEME_URI }] : [],
    affiliation: person.affiliations.filter((a) => a.name !== undefined).map((a) => {
      const ror = rorOf(a);
      return {
        name: a.name ?? '',
        ...(ror === undefined ? {} : { affiliationIdentifier: ror, affiliationIdentifierScheme: 'ROR' as const, schemeUri: ROR_SCHEME_URI }),
      };
    }),
  };
}
