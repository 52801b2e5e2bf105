import { pidFromIri } from '../domain/index.js';
import type { InstrumentStatusTerm } from '../domain/index.js';
import { UnprocessableError } from '../errors/index.js';
import { type ExportGraph, recordKindOf } from './export-graph.js';
import { type InstrumentFacts, generatedDescription, instrumentTypeNames, landingPageOf, relatedIdentifierOf } from './instrument-facts.js';
import { requiredInstrumentFacts } from './required-instrument-facts.js';

/** The relation types PIDINST 1.0 allows (its `relationType` enumeration). */
export type PidinstRelationType =
  | 'IsDescribedBy' | 'IsNewVersionOf' | 'IsPreviousVersionOf' | 'HasComponent' | 'IsComponentOf'
  | 'References' | 'HasMetadata' | 'WasUsedIn' | 'IsIdenticalTo' | 'IsAttachedTo';

/** An owner: the institution responsible for the instrument. */
export interface PidinstOwner {
  readonly ownerName: string;
  readonly ownerContact?: string;
  readonly ownerIdentifier?: { readonly ownerIdentifier: string; readonly ownerIdentifierType: string };
}

/** A manufacturer. */
export interface PidinstManufacturer {
  readonly manufacturerName: string;
  readonly manufacturerIdentifier?: { readonly manufacturerIdentifier: string; readonly manufacturerIdentifierType: string };
}

/** A link to a related resource. */
export interface PidinstRelatedIdentifier {
  readonly relatedIdentifier: string;
  readonly relatedIdentifierType: 'DOI' | 'Handle' | 'URL' | 'RRID';
  readonly relationType: PidinstRelationType;
  readonly relatedIdentifierName?: string;
}

/**
 * A PIDINST 1.0 record as JSON, shaped by the official JSON Schema
 * (rdawg-pidinst/schema, `pidinst-schema-1_0.schema.json`); properties appear in the schema's order.
 */
export interface PidinstRecord {
  readonly identifier: { readonly identifier: string; readonly identifierType: 'DOI' | 'Handle' };
  readonly schemaVersion: '1.0';
  readonly landingPage: string;
  readonly name: string;
  readonly owners: readonly PidinstOwner[];
  readonly manufacturers: readonly PidinstManufacturer[];
  readonly model?: {
    readonly modelName: string;
    readonly modelIdentifier?: { readonly modelIdentifier: string; readonly modelIdentifierType: string };
  };
  readonly description?: string;
  readonly instrumentTypes?: readonly { readonly instrumentTypeName: string }[];
  readonly dates?: readonly { readonly date: string; readonly dateType: 'Commissioned' | 'DeCommissioned' }[];
  readonly relatedIdentifiers?: readonly PidinstRelatedIdentifier[];
  /**
   * The instrument's status: the InstrumentStatus property proposed for the next PIDINST release
   * (rdawg-pidinst/schema#58, pull request #80: optional, at most one, controlled values Planning,
   * Commissioning, Active, Inactive, Terminated), written in the JSON form's camelCase. Not a PIDINST
   * 1.0 property: the 1.0 JSON Schema admits it (it does not close the record's properties) and a
   * 1.0 reader ignores it, while a registry following the proposal reads the status where it will be.
   */
  readonly instrumentStatus?: InstrumentStatusTerm['pidinst'];
  readonly alternateIdentifiers?: readonly {
    readonly alternateIdentifier: string;
    readonly alternateIdentifierType: 'SerialNumber' | 'InventoryNumber' | 'Other';
    readonly alternateIdentifierName?: string;
  }[];
}

/** Options of {@link pidinstOf}. */
export interface PidinstOptions {
  /** PHD_BASE_URL: the landing page is `{baseUrl}/pid/{pid}`. */
  readonly baseUrl: string;
}

/**
 * Describes an instrument instance as a PIDINST 1.0 record (JSON), ready to register with a handle
 * (ePIC) or DOI (DataCite) service.
 *
 * Mapping: the identifier is the instance's own PID (DOI or handle, written as `prefix/suffix`);
 * the owners are the host institution of the operating facility (the legal owner, identified by its
 * ROR) followed by the facility itself (the operator, identified by its RRID), since PIDINST's
 * owner covers "the legal owner, the operator or an institute providing access"; the manufacturer is
 * the model's (with its ROR when it has one); the model carries its RRID when it is named by one;
 * the instrument types come from the techniques and the stand type; the dates are `Commissioned`
 * (`phd:commissioned`, else the earliest validFrom of the configuration versions) and
 * `DeCommissioned` (`phd:decommissioned`); the status is the proposed `instrumentStatus` (see
 * {@link PidinstRecord.instrumentStatus}); configuration versions are linked with
 * `HasMetadata` (each is a metadata record of the hardware at a time), and the publications citing
 * the instance and the datasets acquired with it with `WasUsedIn` (PIDINST has no `IsCitedBy`); the
 * serial number is an alternate identifier of type `SerialNumber`.
 *
 * @param data - the export graph of the instance (see {@link exportGraph}).
 * @param instanceIri - the instance's canonical IRI.
 * @param options - the base URL of the landing pages.
 * @returns the PIDINST record.
 * @throws UnprocessableError `not-exportable` when the record is not an instrument instance,
 *   `pid-required` when the instance is named by a local IRI (PIDINST identifies an instrument by a
 *   DOI or handle), `incomplete-metadata` when required metadata is missing (the message says which
 *   record and property to add).
 * @example
 * ```ts
 * const data = await exportGraph(store, 'https://doi.org/10.5072/phd.ecc.sp8');
 * const record = pidinstOf(data, 'https://doi.org/10.5072/phd.ecc.sp8', { baseUrl: 'https://phd.example.org' });
 * record.landingPage; // 'https://phd.example.org/pid/doi:10.5072%2Fphd.ecc.sp8'
 * ```
 */
export function pidinstOf(data: ExportGraph, instanceIri: string, options: PidinstOptions): PidinstRecord {
  const kind = recordKindOf(data, instanceIri);
  if (kind !== 'instance') {
    const instead = kind === 'configuration'
      ? ' A hardware configuration is a version of an instrument\'s description, not an instrument: export its instrument instance as PIDINST, or the configuration as DataCite (export datacite).'
      : '';
    throw new UnprocessableError(
      `${instanceIri} is ${kind === undefined ? 'not an instrument instance' : `a ${kind} record`}; PIDINST describes instrument instances only.${instead}`,
      { code: 'not-exportable', details: { iri: instanceIri, kind, exportable: ['instance'] } },
    );
  }
  const pid = pidFromIri(instanceIri);
  if (pid?.scheme !== 'doi' && pid?.scheme !== 'handle') {
    // PIDINST has no identifier type for a service's own IRI, and a record whose identifier does
    // not resolve through a PID system would defeat the point of registering it.
    throw new UnprocessableError(
      `${instanceIri} is named by ${pid === undefined ? 'an IRI minted by this service' : `${pid.curie}, which is not a DOI or handle`}, ` +
        'but a PIDINST record identifies the instrument by a DOI or a handle. Register one for the instrument ' +
        '(a DataCite DOI: export datacite with --doi; or an ePIC handle), then name the instance by it and export again.',
      { code: 'pid-required', details: { iri: instanceIri, accepted: ['DOI', 'Handle'] } },
    );
  }
  const facts = requiredInstrumentFacts(data, instanceIri, 'PIDINST 1.0');
  return buildRecord(facts, { identifier: pid.id, identifierType: pid.scheme === 'doi' ? 'DOI' : 'Handle' }, landingPageOf(options.baseUrl, instanceIri));
}

/** Maps checked facts; every required fact is known here (see requiredInstrumentFacts). */
function buildRecord(facts: InstrumentFacts, identifier: PidinstRecord['identifier'], landingPage: string): PidinstRecord {
  const facility = facts.facility;
  const host = facility?.host;
  const model = facts.model;
  const manufacturer = model?.manufacturer;
  if (facility === undefined || host?.name === undefined || model === undefined || manufacturer?.name === undefined || facts.name === undefined) {
    throw new Error('unreachable: required metadata was checked');
  }

  const owners: PidinstOwner[] = [{ ownerName: host.name, ...ownerIdentifier(host.iri) }];
  if (facility.name !== undefined) owners.push({ ownerName: facility.name, ...ownerIdentifier(facility.iri) });

  const manufacturerRor = pidFromIri(manufacturer.iri);
  const manufacturers: PidinstManufacturer[] = [{
    manufacturerName: manufacturer.name,
    ...(manufacturerRor?.scheme === 'ror' ? { manufacturerIdentifier: { manufacturerIdentifier: manufacturerRor.id, manufacturerIdentifierType: 'ROR' } } : {}),
  }];

  const modelPid = pidFromIri(model.iri);
  const modelEntry = model.name === undefined ? undefined : {
    modelName: model.name,
    ...(modelPid?.scheme === 'rrid' ? { modelIdentifier: { modelIdentifier: modelPid.curie, modelIdentifierType: 'RRID' } } : {}),
  };

  const instrumentTypes = instrumentTypeNames(facts).map((instrumentTypeName) => ({ instrumentTypeName }));
  const { commissioned, decommissioned, status } = facts.lifecycle;
  const dates = [
    ...(commissioned === undefined ? [] : [{ date: commissioned, dateType: 'Commissioned' as const }]),
    ...(decommissioned === undefined ? [] : [{ date: decommissioned, dateType: 'DeCommissioned' as const }]),
  ];

  const related: PidinstRelatedIdentifier[] = [
    ...facts.configurations.map((c) => relatedIdentifier(c.iri, 'HasMetadata', configurationName(c))),
    ...facts.citations.filter((c) => c.cites === facts.instance).map((c) => relatedIdentifier(c.iri, 'WasUsedIn', titled(c.kind === 'publication' ? 'Publication' : 'Cited by', c.title))),
    ...facts.datasets.map((d) => relatedIdentifier(d.iri, 'WasUsedIn', titled('Dataset', d.title))),
  ];
  const alternateIdentifiers = facts.serialNumber === undefined ? [] : [{ alternateIdentifier: facts.serialNumber, alternateIdentifierType: 'SerialNumber' as const }];

  return {
    identifier,
    schemaVersion: '1.0',
    landingPage,
    name: facts.name,
    owners,
    manufacturers,
    ...(modelEntry === undefined ? {} : { model: modelEntry }),
    description: facts.description ?? generatedDescription(facts, host.name),
    ...(instrumentTypes.length === 0 ? {} : { instrumentTypes }),
    ...(dates.length === 0 ? {} : { dates }),
    ...(related.length === 0 ? {} : { relatedIdentifiers: related }),
    ...(alternateIdentifiers.length === 0 ? {} : { alternateIdentifiers }),
    // Last: not a 1.0 property (see PidinstRecord.instrumentStatus).
    ...(status === undefined ? {} : { instrumentStatus: status.pidinst }),
  };
}

/** ROR for an organization, RRID for a facility; a local IRI is no global identifier, so none. */
function ownerIdentifier(iri: string): Pick<PidinstOwner, 'ownerIdentifier'> {
  const pid = pidFromIri(iri);
  // The PIDINST examples write a ROR ID bare (02aj13c28); an RRID is written with its RRID: prefix.
  if (pid?.scheme === 'ror') return { ownerIdentifier: { ownerIdentifier: pid.id, ownerIdentifierType: 'ROR' } };
  if (pid?.scheme === 'rrid') return { ownerIdentifier: { ownerIdentifier: pid.curie, ownerIdentifierType: 'RRID' } };
  return {};
}

function relatedIdentifier(iri: string, relationType: PidinstRelationType, name: string | undefined): PidinstRelatedIdentifier {
  return { ...relatedIdentifierOf(iri, relationType), ...(name === undefined ? {} : { relatedIdentifierName: name }) };
}

function titled(what: string, title: string | undefined): string | undefined {
  return title === undefined ? undefined : `${what}: ${title}`;
}

function configurationName(c: InstrumentFacts['configurations'][number]): string {
  const version = c.versionNumber === undefined ? 'Hardware configuration' : `Hardware configuration v${c.versionNumber}`;
  const period = c.validFrom === undefined ? '' : `, valid from ${c.validFrom}${c.validUntil === undefined ? '' : ` until ${c.validUntil}`}`;
  return `${version}${c.label === undefined ? '' : `: ${c.label}`}${period}`;
}
