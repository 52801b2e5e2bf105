import N3 from 'n3';
import type { Quad } from 'n3';
import { ConfigurationTimeline } from '../domain/configuration-timeline.js';
import { pidFromIri } from '../domain/pid.js';
import { KIND_OF_CLASS, type RecordKind } from '../domain/records.js';
import { CITO, DCTERMS, PHD, PROV, RDF, RDFS, SCHEMA } from '../domain/vocabulary.js';
import { GoneError, NotFoundError, UnprocessableError } from '../errors/phd-error.js';
import type { RecordMeta, RecordStore, StoredRecord } from '../store/record-store.js';

/** The record kinds that can be exported for minting: PIDINST and DataCite describe instruments. */
export const EXPORTABLE_KINDS: readonly RecordKind[] = ['instance', 'configuration'];

/**
 * Everything an export of one instrument instance or configuration needs, read from the store once:
 * the union of the relevant records' graphs, and what the store knows about each record.
 */
export interface ExportGraph {
  /** The triples of the exported record and of the records around it (default graph). */
  readonly graph: N3.Store;
  /**
   * Record IRI → what the store knows about it, for every record the export looked at, live or
   * withdrawn (a tombstone's triples are not in `graph`, but its `deletedAt` explains why).
   */
  readonly meta: ReadonlyMap<string, RecordMeta>;
}

const { namedNode } = N3.DataFactory;

/**
 * Collects the graph of an instrument instance or hardware configuration and of the records an
 * export of it refers to: for an instance, its record, the facility operating it (stated in the
 * instance's record), the facility's host institution and contacts (with their affiliations), the
 * model and its manufacturer, every configuration version of the instance, the publications citing
 * the instance or one of its configurations, and the datasets acquired with its configurations.
 * For a configuration, the same around its instance.
 *
 * Configuration records other than the exported one contribute only their own node's triples: an
 * export needs their label, version and dates, not their components, and a long history of large
 * configurations would otherwise multiply the graph. Records that are referenced but withdrawn, or
 * never created (a ROR IRI without an organization record), are simply absent from the graph; the
 * exporters then say what is missing and how to add it.
 *
 * @param store - the record store.
 * @param iri - the canonical IRI of an instrument instance or hardware configuration record.
 * @returns the graph and the metadata of every record looked at.
 * @throws NotFoundError when no record has this IRI; GoneError when it was withdrawn;
 *   UnprocessableError (`not-exportable`) when it is another kind of record.
 * @example
 * ```ts
 * const data = await exportGraph(store, 'https://doi.org/10.5072/phd.ecc.sp8');
 * const json = pidinstOf(data, 'https://doi.org/10.5072/phd.ecc.sp8', { baseUrl });
 * ```
 */
export async function exportGraph(store: RecordStore, iri: string): Promise<ExportGraph> {
  const root = await store.get(iri);
  if (root === undefined) {
    throw new NotFoundError(`${iri} is not known here. Check the identifier, or search with /sparql.`, { details: { iri } });
  }
  if (root.deletedAt !== undefined) {
    throw new GoneError(`${iri} was withdrawn on ${root.deletedAt}, so it cannot be exported for minting. Its history stays available.`, {
      details: { iri, deletedAt: root.deletedAt },
    });
  }
  if (!EXPORTABLE_KINDS.includes(root.kind)) {
    throw new UnprocessableError(
      `${iri} is ${article(root.kind)} record; only instrument instances and hardware configurations can be exported ` +
        '(PIDINST: instances; DataCite: instances and configurations). Export the instrument instance or one of its configurations instead.',
      { code: 'not-exportable', details: { iri, kind: root.kind, exportable: EXPORTABLE_KINDS } },
    );
  }

  const collector = new RecordCollector(store);
  collector.addRecord(root, () => true);
  const instance = root.kind === 'instance' ? iri : collector.subjectOf(PHD.hasConfiguration, iri);
  const configurations = new Set<string>(root.kind === 'configuration' ? [iri] : []);

  if (instance !== undefined) {
    await collector.load(instance);
    const facilities = collector.subjectsOf(PHD.operates, instance);
    await collector.loadAll(facilities);
    const hosts = facilities.flatMap((f) => collector.objectsOf(f, PHD.hostedBy));
    const contacts = facilities.flatMap((f) => collector.objectsOf(f, PHD.contact));
    const models = collector.objectsOf(instance, PHD.instanceOf);
    await collector.loadAll([...hosts, ...contacts, ...models]);
    const manufacturers = models.flatMap((m) => collector.objectsOf(m, PHD.manufacturer));
    const affiliations = contacts.flatMap((p) => collector.objectsOf(p, SCHEMA.affiliation));
    await collector.loadAll([...manufacturers, ...affiliations]);

    for (const link of await store.links({ subject: instance, predicate: PHD.hasConfiguration })) configurations.add(link.object);
    // Other versions: their own node only (label, version, dates, revision link), not their components.
    await collector.loadAll(
      [...configurations].filter((c) => c !== iri),
      (q, record) => (q.subject.value === record && q.predicate.value !== PHD.hasComponent) || q.object.value === record,
    );
  }

  // Works that cite the instance or a configuration, and datasets acquired with a configuration.
  const cited = instance === undefined ? [...configurations] : [instance, ...configurations];
  const citing = await Promise.all(cited.map((target) => store.links({ predicate: CITO.cites, object: target })));
  const acquired = await Promise.all([...configurations].map((c) => store.links({ predicate: PHD.acquiredWith, object: c })));
  await collector.loadAll([...citing.flat(), ...acquired.flat()].map((link) => link.record));
  return { graph: collector.graph, meta: collector.meta };
}

/** Reads records into one graph, each at most once, remembering the metadata of all of them. */
class RecordCollector {
  public readonly graph = new N3.Store();
  public readonly meta = new Map<string, RecordMeta>();
  private readonly store: RecordStore;

  public constructor(store: RecordStore) {
    this.store = store;
  }

  public addRecord(record: StoredRecord, keep: (quad: Quad, record: string) => boolean): void {
    const { ntriples, ...meta } = record;
    this.meta.set(record.iri, meta);
    if (record.deletedAt !== undefined) return;
    const quads = new N3.Parser({ format: 'N-Triples' }).parse(ntriples);
    this.graph.addQuads(quads.filter((q) => keep(q, record.iri)));
  }

  public async load(iri: string, keep: (quad: Quad, record: string) => boolean = () => true): Promise<void> {
    if (this.meta.has(iri)) return;
    const record = await this.store.get(iri);
    if (record !== undefined && !this.meta.has(iri)) this.addRecord(record, keep);
  }

  public async loadAll(iris: readonly string[], keep?: (quad: Quad, record: string) => boolean): Promise<void> {
    await Promise.all([...new Set(iris)].map((iri) => this.load(iri, keep)));
  }

  public objectsOf(subject: string, predicate: string): string[] {
    return this.graph.getObjects(namedNode(subject), namedNode(predicate), null).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  }

  public subjectsOf(predicate: string, object: string): string[] {
    return this.graph.getSubjects(namedNode(predicate), namedNode(object), null).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  }

  public subjectOf(predicate: string, object: string): string | undefined {
    return this.subjectsOf(predicate, object)[0];
  }
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

// ------------------------------------------------------------------------------------------------
// Reading the facts both exporters map, so that PIDINST and DataCite agree on what an instrument is.
// ------------------------------------------------------------------------------------------------

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
  readonly citations: readonly CitationFacts[];
  readonly datasets: readonly DatasetFacts[];
}

/**
 * Reads the facts about the instrument an exported record belongs to.
 * @param data - the export graph.
 * @param iri - the instance, or one of its configurations.
 * @returns the facts; missing parts are `undefined` (see {@link requireInstrumentMetadata}).
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

/**
 * The kind of a record in an export graph: from the store's metadata, else from its `rdf:type`
 * (a graph assembled by hand, in tests or by a caller, may carry no metadata).
 * @param data - the export graph.
 * @param iri - a record IRI.
 * @returns the kind, or undefined when the graph does not say.
 */
export function recordKindOf(data: ExportGraph, iri: string): RecordKind | undefined {
  const known = data.meta.get(iri)?.kind;
  if (known !== undefined) return known;
  for (const type of data.graph.getObjects(namedNode(iri), namedNode(RDF.type), null)) {
    const kind = KIND_OF_CLASS.get(type.value);
    if (kind !== undefined) return kind;
  }
  return undefined;
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

// ------------------------------------------------------------------------------------------------
// What both formats require.
// ------------------------------------------------------------------------------------------------

/** One piece of required metadata the graph lacks, with where and how to add it. */
export interface MissingMetadata {
  /** The exported field, e.g. `owner` or `manufacturer`. */
  readonly field: string;
  /** The record that has to change. */
  readonly record: string;
  /** The property to add to it. */
  readonly property: string;
  /** The whole sentence: what is missing and how to add it. */
  readonly fix: string;
}

/**
 * Checks what PIDINST and DataCite both require of an instrument: a name, an owner (the operating
 * facility's host institution, with a name), a model and its manufacturer (with a name). Both
 * formats need the same facts, so they refuse for the same reasons, in the same words.
 *
 * @param facts - the instrument facts.
 * @param format - the format's name for the message, e.g. `PIDINST 1.0`.
 * @param iri - the exported record.
 * @returns nothing: it returns only when every required fact is present.
 * @throws UnprocessableError (`incomplete-metadata`) listing every missing piece, each with the
 *   record and property to add; `details.missing` holds them as {@link MissingMetadata}.
 */
export function requireInstrumentMetadata(facts: InstrumentFacts, format: string, iri: string): void {
  const missing: MissingMetadata[] = [];
  const add = (field: string, record: string, property: string, fix: string) => missing.push({ field, record, property, fix });
  const unavailable = (what: string, target: string, status: RecordStatus, fix: string, field: string, record: string, property: string) => {
    const why = status === 'withdrawn' ? 'was withdrawn' : 'has no record here';
    add(field, record, property, `${what} ${target} ${why}, so its metadata is unknown: ${fix}`);
  };

  const instance = facts.instance;
  if (instance === undefined) {
    add('instance', iri, PHD.hasConfiguration,
      `Configuration ${iri} belongs to no instrument instance: add \`<instance> phd:hasConfiguration <${iri}>\` to the configuration's record.`);
    throwIncomplete(missing, format, iri);
    return;
  }
  if (facts.instanceStatus !== 'live') {
    unavailable('The instrument instance', instance, facts.instanceStatus,
      'restore the instance record (administrator) before exporting its configurations.', 'instance', instance, RDF.type);
    throwIncomplete(missing, format, iri);
    return;
  }
  if (facts.name === undefined) {
    add('name', instance, SCHEMA.name, `The instrument instance ${instance} has no name: add \`schema:name "…"\` to the instance's record.`);
  }

  const facility = facts.facility;
  if (facility === undefined) {
    add('owner', instance, PHD.operates,
      `No facility operates ${instance}, so the instrument has no owner: add \`<facility RRID IRI> phd:operates <${instance}>\` to the instance's record.`);
  } else if (facility.status !== 'live') {
    unavailable('The facility', facility.iri, facility.status,
      `create or restore the facility's record, or name another facility with \`phd:operates\` in the instance's record ${instance}.`, 'owner', instance, PHD.operates);
  } else if (facility.host === undefined) {
    add('owner', facility.iri, PHD.hostedBy,
      `The facility ${facility.iri} names no host institution, the instrument's owner: add \`phd:hostedBy <https://ror.org/…>\` to the facility's record.`);
  } else if (facility.host.status !== 'live') {
    unavailable('The host institution', facility.host.iri, facility.host.status,
      `create its organization record (\`<${facility.host.iri}> a phd:Organization; schema:name "…"\`), or point \`phd:hostedBy\` of facility ${facility.iri} to an organization that has one.`,
      'owner', facility.host.iri, SCHEMA.name);
  } else if (facility.host.name === undefined) {
    add('owner', facility.host.iri, SCHEMA.name,
      `The host institution ${facility.host.iri} has no name: add \`schema:name "…"\` to its organization record.`);
  }

  const model = facts.model;
  if (model === undefined) {
    add('manufacturer', instance, PHD.instanceOf,
      `The instrument instance ${instance} names no model, so its manufacturer is unknown: add \`phd:instanceOf <model>\` to the instance's record.`);
  } else if (model.status !== 'live') {
    unavailable('The instrument model', model.iri, model.status,
      `create or restore the model's record, or point \`phd:instanceOf\` of ${instance} to another model.`, 'manufacturer', instance, PHD.instanceOf);
  } else if (model.manufacturer === undefined) {
    add('manufacturer', model.iri, PHD.manufacturer,
      `The instrument model ${model.iri} names no manufacturer: add \`phd:manufacturer <organization>\` to the model's record.`);
  } else if (model.manufacturer.status !== 'live') {
    unavailable('The manufacturer', model.manufacturer.iri, model.manufacturer.status,
      `create or restore its organization record (\`<${model.manufacturer.iri}> a phd:Organization; schema:name "…"\`), or point \`phd:manufacturer\` of model ${model.iri} to another organization.`,
      'manufacturer', model.manufacturer.iri, SCHEMA.name);
  } else if (model.manufacturer.name === undefined) {
    add('manufacturer', model.manufacturer.iri, SCHEMA.name,
      `The manufacturer ${model.manufacturer.iri} has no name: add \`schema:name "…"\` to its organization record.`);
  }
  throwIncomplete(missing, format, iri);
}

function throwIncomplete(missing: readonly MissingMetadata[], format: string, iri: string): void {
  if (missing.length === 0) return;
  const list = missing.map((m, i) => (missing.length === 1 ? m.fix : `(${i + 1}) ${m.fix}`)).join(' ');
  throw new UnprocessableError(
    `Cannot export ${iri} as ${format}: required metadata is missing. ${list}`,
    { code: 'incomplete-metadata', details: { iri, format, missing } },
  );
}
