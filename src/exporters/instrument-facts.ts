import N3 from 'n3';
import { ConfigurationTimeline } from '../domain/index.js';
import { instrumentStatusOf, pidFromIri } from '../domain/index.js';
import type { InstrumentStatusTerm, RecordKind } from '../domain/index.js';
import { CITO, DCTERMS, PHD, PROV, RDF, RDFS, SCHEMA } from '../domain/index.js';
import { recordKindOf } from './export-graph.js';
import type { ExportGraph } from './export-graph.js';

// The facts both exporters map, read from an export graph, so that PIDINST and DataCite agree on
// what an instrument is.

const { namedNode } = N3.DataFactory;

/** Whether a referenced record can be read: live, withdrawn (tombstone), or never stored here. */
export type RecordStatus = 'live' | 'withdrawn' | 'absent';

/** A referenced organization (host institution or manufacturer). */
export interface OrganizationFacts {
  readonly iri: string;
  readonly status: RecordStatus;
  readonly name: string | undefined;
}

/** A person (facility contact). */
export interface PersonFacts {
  readonly iri: string;
  readonly status: RecordStatus;
  readonly name: string | undefined;
  readonly givenName: string | undefined;
  readonly familyName: string | undefined;
  readonly affiliations: readonly OrganizationFacts[];
}

/** The facility operating the instance. */
export interface FacilityFacts {
  readonly iri: string;
  readonly status: RecordStatus;
  readonly name: string | undefined;
  /** The host institution (`phd:hostedBy`), undefined when the facility names none. */
  readonly host: OrganizationFacts | undefined;
  readonly contacts: readonly PersonFacts[];
}

/** The instrument model. */
export interface ModelFacts {
  readonly iri: string;
  readonly status: RecordStatus;
  readonly name: string | undefined;
  /** The manufacturer (`phd:manufacturer`), undefined when the model names none. */
  readonly manufacturer: OrganizationFacts | undefined;
  readonly standType: string | undefined;
  readonly techniques: readonly string[];
}

/** One configuration version, with its neighbours in the instance's history. */
export interface ConfigurationFacts {
  readonly iri: string;
  readonly label: string | undefined;
  readonly description: string | undefined;
  readonly versionNumber: number | undefined;
  /** `YYYY-MM-DD`. */
  readonly validFrom: string | undefined;
  /** Derived: the next version's validFrom (never stored, DESIGN §1). */
  readonly validUntil: string | undefined;
  /** The version it revises: `prov:wasRevisionOf` when stated, else the version before it in time. */
  readonly previous: string | undefined;
  /** The versions that revise it (the inverse of `previous`). */
  readonly next: readonly string[];
  /** The ID it had in the document it was imported from (Micro-Meta App). */
  readonly sourceIdentifier: string | undefined;
  /** Labels of its components; known only for the exported configuration (see {@link exportGraph}). */
  readonly components: readonly string[];
}

/** A publication (or other record) citing the instance or a configuration with `cito:cites`. */
export interface CitationFacts {
  readonly iri: string;
  readonly kind: RecordKind | undefined;
  readonly title: string | undefined;
  /** What it cites: the instance or a configuration IRI. */
  readonly cites: string;
}

/** A dataset acquired with one of the configurations. */
export interface DatasetFacts {
  readonly iri: string;
  readonly title: string | undefined;
  readonly created: string | undefined;
  readonly configuration: string;
}

/**
 * Where the instrument stands in its life cycle: its status (PIDINST's proposed InstrumentStatus)
 * and the dates PIDINST registers. Dates are `YYYY-MM-DD`.
 */
export interface InstrumentLifecycle {
  /** `phd:instrumentStatus`, undefined when the record states none. */
  readonly status: InstrumentStatusTerm | undefined;
  /** `phd:statusSince`: the date the status took effect. */
  readonly statusSince: string | undefined;
  /**
   * The date it started to be in operation: `phd:commissioned` when stated, else the validFrom of
   * its first hardware configuration (the earliest date the service knows it in operation).
   */
  readonly commissioned: string | undefined;
  /** Where {@link InstrumentLifecycle.commissioned} comes from. */
  readonly commissionedFrom: 'stated' | 'first-configuration' | undefined;
  /** `phd:decommissioned`: the date it ceased to be in operation. */
  readonly decommissioned: string | undefined;
}

/** What the exporters know about an instrument instance, read from an {@link ExportGraph}. */
export interface InstrumentFacts {
  /** The instance IRI, undefined when a configuration belongs to no instance. */
  readonly instance: string | undefined;
  readonly instanceStatus: RecordStatus;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly serialNumber: string | undefined;
  readonly techniques: readonly string[];
  /** The operating facility, undefined when no facility operates the instance. */
  readonly facility: FacilityFacts | undefined;
  /** The model, undefined when the instance names none. */
  readonly model: ModelFacts | undefined;
  /** The configuration versions, oldest first. */
  readonly configurations: readonly ConfigurationFacts[];
  /** Its status and the dates of its life cycle. */
  readonly lifecycle: InstrumentLifecycle;
  readonly citations: readonly CitationFacts[];
  readonly datasets: readonly DatasetFacts[];
}

/**
 * Reads the facts about the instrument an exported record belongs to.
 * @param data - the export graph.
 * @param iri - the instance, or one of its configurations.
 * @returns the facts; missing parts are `undefined` (required-instrument-facts.ts checks them).
 */
export function instrumentFacts(data: ExportGraph, iri: string): InstrumentFacts {
  const read = new GraphReader(data);
  const instance = recordKindOf(data, iri) === 'configuration' ? read.subject(PHD.hasConfiguration, iri) : iri;
  const organization = (org: string): OrganizationFacts => ({ iri: org, status: read.status(org), name: read.literal(org, SCHEMA.name) });
  const facilityIri = instance === undefined ? undefined : read.subject(PHD.operates, instance);
  const facility: FacilityFacts | undefined = facilityIri === undefined ? undefined : {
    iri: facilityIri,
    status: read.status(facilityIri),
    name: read.literal(facilityIri, SCHEMA.name),
    host: mapOptional(read.object(facilityIri, PHD.hostedBy), organization),
    contacts: read.objects(facilityIri, PHD.contact).map((person) => ({
      iri: person,
      status: read.status(person),
      name: read.literal(person, SCHEMA.name),
      givenName: read.literal(person, SCHEMA.givenName),
      familyName: read.literal(person, SCHEMA.familyName),
      affiliations: read.objects(person, SCHEMA.affiliation).map(organization),
    })),
  };
  const modelIri = instance === undefined ? undefined : read.object(instance, PHD.instanceOf);
  const model: ModelFacts | undefined = modelIri === undefined ? undefined : {
    iri: modelIri,
    status: read.status(modelIri),
    name: read.literal(modelIri, SCHEMA.name),
    manufacturer: mapOptional(read.object(modelIri, PHD.manufacturer), organization),
    standType: read.literal(modelIri, PHD.standType),
    techniques: read.literals(modelIri, PHD.technique),
  };
  const configurations = configurationHistory(read, instance === undefined ? [iri] : read.objects(instance, PHD.hasConfiguration), iri);
  const targets = new Set([...(instance === undefined ? [] : [instance]), ...configurations.map((c) => c.iri)]);
  const citations = [...targets].flatMap((target) =>
    read.subjects(CITO.cites, target).map((work) => ({
      iri: work,
      kind: recordKindOf(data, work),
      title: read.literal(work, DCTERMS.title) ?? read.literal(work, SCHEMA.name),
      cites: target,
    })),
  );
  const datasets = configurations.flatMap((c) =>
    read.subjects(PHD.acquiredWith, c.iri).map((dataset) => ({
      iri: dataset,
      title: read.literal(dataset, DCTERMS.title),
      created: read.literal(dataset, DCTERMS.created),
      configuration: c.iri,
    })),
  );
  return {
    instance,
    lifecycle: lifecycleOf(read, instance, configurations),
    instanceStatus: instance === undefined ? 'absent' : read.status(instance),
    name: instance === undefined ? undefined : read.literal(instance, SCHEMA.name),
    description: instance === undefined ? undefined : (read.literal(instance, DCTERMS.description) ?? read.literal(instance, SCHEMA.description)),
    serialNumber: instance === undefined ? undefined : read.literal(instance, PHD.serialNumber),
    techniques: [...new Set([...(instance === undefined ? [] : read.literals(instance, PHD.technique)), ...(model?.techniques ?? [])])],
    facility,
    model,
    configurations,
    citations: dedupe(citations, (c) => `${c.iri} ${c.cites}`),
    datasets: dedupe(datasets, (d) => d.iri),
  };
}

/** The status and life-cycle dates of an instance. */
function lifecycleOf(read: GraphReader, instance: string | undefined, configurations: readonly ConfigurationFacts[]): InstrumentLifecycle {
  const status = instance === undefined ? undefined : read.object(instance, PHD.instrumentStatus);
  const date = (predicate: string) => (instance === undefined ? undefined : dateOnly(read.literal(instance, predicate)));
  const stated = date(PHD.commissioned);
  const first = new ConfigurationTimeline(configurations).firstValidFrom;
  return {
    status: status === undefined ? undefined : instrumentStatusOf(status),
    statusSince: date(PHD.statusSince),
    commissioned: stated ?? first,
    commissionedFrom: stated !== undefined ? 'stated' : first !== undefined ? 'first-configuration' : undefined,
    decommissioned: date(PHD.decommissioned),
  };
}

/** Orders the versions in time and derives validUntil and the revision neighbours. */
function configurationHistory(read: GraphReader, iris: readonly string[], exported: string): ConfigurationFacts[] {
  const live = [...new Set([...iris, ...(read.kind(exported) === 'configuration' ? [exported] : [])])]
    .filter((iri) => read.status(iri) === 'live')
    .map((iri) => {
      const number = read.literal(iri, PHD.versionNumber);
      return {
        iri,
        label: read.literal(iri, RDFS.label),
        description: read.literal(iri, DCTERMS.description),
        versionNumber: number === undefined || !/^[0-9]+$/.test(number) ? undefined : Number(number),
        validFrom: dateOnly(read.literal(iri, PHD.validFrom)),
        stated: read.object(iri, PROV.wasRevisionOf),
        sourceIdentifier: read.literal(iri, PHD.sourceIdentifier),
        components: iri === exported ? read.objects(iri, PHD.hasComponent).map((c) => read.literal(c, RDFS.label) ?? c) : [],
      };
    });
  // The same timeline as the landing page and the importers.
  const versions = new ConfigurationTimeline(live).dated();
  const previous = versions.map((v, i) => v.stated ?? versions[i - 1]?.iri);
  return versions.map((v, i) => ({
    iri: v.iri,
    label: v.label,
    description: v.description,
    versionNumber: v.versionNumber,
    validFrom: v.validFrom,
    validUntil: v.validUntil,
    previous: previous[i],
    next: versions.filter((_, j) => previous[j] === v.iri).map((n) => n.iri),
    sourceIdentifier: v.sourceIdentifier,
    components: v.components,
  }));
}

/** Typed reads over an export graph. */
class GraphReader {
  private readonly data: ExportGraph;

  public constructor(data: ExportGraph) {
    this.data = data;
  }

  public kind(iri: string): RecordKind | undefined {
    return recordKindOf(this.data, iri);
  }

  public status(iri: string): RecordStatus {
    const meta = this.data.meta.get(iri);
    if (meta === undefined) return this.data.graph.countQuads(namedNode(iri), namedNode(RDF.type), null, null) > 0 ? 'live' : 'absent';
    return meta.deletedAt === undefined ? 'live' : 'withdrawn';
  }

  public objects(subject: string, predicate: string): string[] {
    return this.data.graph.getObjects(namedNode(subject), namedNode(predicate), null).filter((t) => t.termType === 'NamedNode').map((t) => t.value).sort();
  }

  public object(subject: string, predicate: string): string | undefined {
    return this.objects(subject, predicate)[0];
  }

  public subjects(predicate: string, object: string): string[] {
    return this.data.graph.getSubjects(namedNode(predicate), namedNode(object), null).filter((t) => t.termType === 'NamedNode').map((t) => t.value).sort();
  }

  public subject(predicate: string, object: string): string | undefined {
    return this.subjects(predicate, object)[0];
  }

  /** Non-empty literal values, trimmed; blank strings count as absent (they cannot name anything). */
  public literals(subject: string, predicate: string): string[] {
    return this.data.graph.getObjects(namedNode(subject), namedNode(predicate), null)
      .filter((t) => t.termType === 'Literal')
      .map((t) => t.value.trim())
      .filter((v) => v !== '')
      .sort();
  }

  public literal(subject: string, predicate: string): string | undefined {
    return this.literals(subject, predicate)[0];
  }
}

function mapOptional<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value);
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/**
 * The `YYYY-MM-DD` part of an xsd:date or xsd:dateTime lexical form.
 * @param value - a date literal's value.
 * @returns the calendar date, or undefined when the value does not start with one.
 */
export function dateOnly(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1] ?? undefined;
}

/**
 * Instrument type names from the techniques and the stand, as a microscopist would name the kind of
 * instrument ("confocal laser scanning microscope", "inverted microscope"); "other" says nothing.
 * @param facts - the instrument facts.
 * @returns the names, without duplicates.
 */
export function instrumentTypeNames(facts: InstrumentFacts): string[] {
  const asInstrument = (term: string) => (/microscope$/i.test(term) ? term : /microscopy$/i.test(term) ? term.replace(/microscopy$/i, 'microscope') : `${term} microscope`);
  const stand = facts.model?.standType;
  const names = [...facts.techniques.map(asInstrument), ...(stand === undefined || stand === 'other' ? [] : [asInstrument(stand)])];
  return [...new Set(names)];
}

/**
 * A one-paragraph description from the facts, for instances whose record has none: what the
 * instrument is, who operates it, and how its hardware is documented.
 * @param facts - the instrument facts (required ones present).
 * @param hostName - the host institution's name.
 * @returns the description.
 */
export function generatedDescription(facts: InstrumentFacts, hostName: string): string {
  const model = facts.model;
  const what = model?.name === undefined ? 'An instrument' : `${/^[AEIOU]/i.test(model.name) ? 'An' : 'A'} ${model.name}`;
  const by = model?.manufacturer?.name === undefined ? '' : ` by ${model.manufacturer.name}`;
  const types = instrumentTypeNames(facts);
  const kind = types.length === 0 ? '' : ` (${types.join('; ')})`;
  const facility = facts.facility?.name === undefined ? '' : ` by ${facts.facility.name}`;
  const versions = facts.configurations;
  const current = new ConfigurationTimeline(versions).latest;
  const documented = current === undefined
    ? ''
    : ` Its hardware is documented in ${versions.length} configuration version${versions.length === 1 ? '' : 's'}` +
      `${current.validFrom === undefined ? '' : `, the current one valid from ${current.validFrom}`}.`;
  return `${what}${by}${kind}, operated${facility} at ${hostName}.${documented}`;
}

/**
 * The landing page registered for a record's PID: `{baseUrl}/pid/{pid}` (DESIGN §1), with the PID
 * written as its compact form and the slashes inside it percent-encoded (`doi:10.5072%2Fphd.ecc.sp8`).
 * The encoded form is what the PID path rules read unambiguously whatever the suffix holds, which
 * matters for a URL registered once and for good. An IRI minted by this service is its own landing
 * page; any other IRI is looked up through `/pid/` as a whole.
 *
 * @param baseUrl - PHD_BASE_URL.
 * @param iri - the record's canonical IRI.
 * @returns the landing page URL.
 */
export function landingPageOf(baseUrl: string, iri: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const pid = pidFromIri(iri);
  if (pid !== undefined) {
    const prefix = pid.curie.slice(0, pid.curie.length - pid.id.length);
    return `${base}/pid/${prefix}${encodeURIComponent(pid.id)}`;
  }
  if (iri.startsWith(`${base}/`)) return iri;
  return `${base}/pid/${encodeURIComponent(iri)}`;
}

/** How an IRI is written as a related identifier (both formats share these type names). */
export interface IdentifierOf {
  readonly type: 'DOI' | 'Handle' | 'URL';
  readonly value: string;
}

/**
 * Writes an IRI the way DataCite and PIDINST write related identifiers: a DOI or handle as its bare
 * `prefix/suffix` with its type, anything else as a URL.
 * @param iri - a canonical IRI.
 * @returns the identifier and its type.
 */
export function identifierOf(iri: string): IdentifierOf {
  const pid = pidFromIri(iri);
  if (pid?.scheme === 'doi') return { type: 'DOI', value: pid.id };
  if (pid?.scheme === 'handle') return { type: 'Handle', value: pid.id };
  return { type: 'URL', value: iri };
}

/**
 * A related identifier as DataCite and PIDINST both write it (the same three fields), before what
 * each format adds to it.
 * @param iri - the related record's canonical IRI.
 * @param relationType - the format's relation type.
 * @returns the identifier, its type and the relation.
 */
export function relatedIdentifierOf<R extends string>(iri: string, relationType: R): { relatedIdentifier: string; relatedIdentifierType: IdentifierOf['type']; relationType: R } {
  const id = identifierOf(iri);
  return { relatedIdentifier: id.value, relatedIdentifierType: id.type, relationType };
}
