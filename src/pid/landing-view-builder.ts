import N3 from 'n3';
import { ConfigurationTimeline, instrumentStatusOf, pidFromIri } from '../domain/index.js';
import { humanize, notMappedText, parseNotMapped } from '../domain/index.js';
import { CITO, DCTERMS, OWL, PHD, RDFS } from '../domain/index.js';
import { formatNameOf, mediaTypeFor } from '../representation/index.js';
import type { RecordLink, RecordStore, StoredRecord } from '../store/index.js';
import { acquisitionSettings } from './acquisition-settings.js';
import { componentRows } from './component-rows.js';
import { diffConfigurations } from './configuration-diff.js';
import { inboundLinks } from './inbound-links.js';
import type { ConfigurationVersionView, InstrumentLifecycleView, LandingView } from './landing-view.js';
import { linkGroups } from './link-groups.js';
import type { LinkedResource } from './linked-resource.js';
import { diffHref, recordHref } from './record-href.js';
import { labelOf, localName } from './record-labels.js';
import type { RecordResolver } from './record-resolver.js';
import { RECORD_FORMATS } from './record-serializer.js';
import { schemaTypeOf } from './schema-type.js';
import { versionChangeSummary } from './version-changes.js';

/** What {@link buildLandingView} reads. */
export interface LandingViewContext {
  readonly store: RecordStore;
  readonly resolver: RecordResolver;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
}

/**
 * Everything the landing page of a record shows, as data (the page layer writes the markup): its
 * facts and identifiers, its place in the tier chain with the configuration timeline, its
 * components or acquisition settings, the datasets, publications and people linked to it, its
 * machine-readable alternates and its schema.org description.
 * @param record - the record.
 * @param self - the path it was asked at.
 * @param context - the store, the resolver and the base URL.
 * @returns the view.
 */
export async function buildLandingView(record: StoredRecord, self: string, context: LandingViewContext): Promise<LandingView> {
  const { store: records, resolver, baseUrl } = context;
  const hrefOf = (iri: string) => recordHref(iri, baseUrl);
  const named = async (iri: string): Promise<LinkedResource> => {
    const parsed = await resolver.parsed(iri);
    return { iri, label: parsed === undefined ? (pidFromIri(iri)?.curie ?? iri) : labelOf(parsed.store, iri), href: hrefOf(iri) };
  };
  const linked = async (iri: string | undefined): Promise<LinkedResource | undefined> => (iri === undefined ? undefined : named(iri));
  const linkingRecords = async (predicate: string, object: string) => (await records.links({ predicate, object })).map((l) => l.record);

  const store = new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples));
  const node = N3.DataFactory.namedNode(record.iri);
  const objects = (predicate: string) => store.getObjects(node, N3.DataFactory.namedNode(predicate), null);

  let instance: string | undefined;
  let configuration: string | undefined;
  if (record.kind === 'instance') instance = record.iri;
  if (record.kind === 'configuration') configuration = record.iri;
  if (record.kind === 'dataset') configuration = objects(PHD.acquiredWith)[0]?.value;
  if (configuration !== undefined) instance = await resolver.linkSubject(PHD.hasConfiguration, configuration);
  const facility = record.kind === 'facility' ? record.iri : instance === undefined ? undefined : await resolver.linkSubject(PHD.operates, instance);
  const model = record.kind === 'model' ? record.iri : instance === undefined ? undefined : await resolver.linkObject(instance, PHD.instanceOf);
  const organization = facility === undefined ? undefined : await resolver.linkObject(facility, PHD.hostedBy);

  const configurations = instance === undefined ? [] : await withChanges(await resolver.configurations(instance), context);
  const datasetIris = record.kind === 'dataset' ? [record.iri]
    : record.kind === 'configuration' ? await linkingRecords(PHD.acquiredWith, record.iri)
      : record.kind === 'instance' ? (await Promise.all(configurations.map((c) => linkingRecords(PHD.acquiredWith, c.iri)))).flat()
        : record.kind === 'person' ? await linkingRecords(DCTERMS.creator, record.iri)
          : [];
  const datasets = await Promise.all([...new Set(datasetIris)].filter((iri) => iri !== record.iri || record.kind === 'dataset').map(async (iri) => {
    const parsed = await resolver.parsed(iri);
    return {
      iri, href: hrefOf(iri),
      label: parsed === undefined ? iri : labelOf(parsed.store, iri),
      created: parsed?.store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode(DCTERMS.created), null)[0]?.value,
    };
  }));
  const publicationIris = record.kind === 'publication' ? [] : (await Promise.all(datasets.map((d) => linkingRecords(CITO.citesAsDataSource, d.iri)))).flat();
  const publications = (await Promise.all([...new Set(publicationIris)].map(linked))).filter((p): p is LinkedResource => p !== undefined);
  const peopleIris = [...objects(DCTERMS.creator), ...objects(PHD.contact)].map((t) => t.value);
  const people = (await Promise.all(peopleIris.map(linked))).filter((p): p is LinkedResource => p !== undefined);

  const facts: { name: string; values: string[] }[] = [];
  for (const quad of store.getQuads(node, null, null, null)) {
    // The presentation of an imported file (layout, spellings) is for the export, not for people;
    // the life-cycle dates have a section of their own.
    if (quad.object.termType !== 'Literal' || quad.predicate.value === PHD.presentation || LIFECYCLE_DATES.has(quad.predicate.value)) continue;
    // A configuration's rdfs:comment is the change note of its version (what changed and why).
    const name = record.kind === 'configuration' && quad.predicate.value === RDFS.comment ? 'change note' : humanize(localName(quad.predicate.value));
    // What an import left out is a JSON list: one line in words per entry, not the raw JSON.
    const notMapped = quad.predicate.value === PHD.notMapped ? parseNotMapped(quad.object.value) : undefined;
    const values = notMapped === undefined ? [quad.object.value] : notMapped.map(notMappedText);
    const existing = facts.find((f) => f.name === name);
    if (existing === undefined) facts.push({ name, values });
    else existing.values.push(...values);
  }
  const pid = pidFromIri(record.iri);
  const identifiers = [record.iri, ...(pid === undefined ? [] : [pid.curie]), ...objects(DCTERMS.identifier).map((t) => t.value)];
  const title = labelOf(store, record.iri);
  const lifecycle = record.kind === 'instance' ? lifecycleOf((predicate) => objects(predicate)[0]?.value) : undefined;
  const serialNumber = record.kind === 'instance' ? objects(PHD.serialNumber)[0]?.value : undefined;
  const acquisition = record.kind === 'dataset'
    ? await acquisitionSettings(store, record.iri, configuration, { parsed: (iri) => resolver.parsed(iri), hrefOf })
    : undefined;
  return {
    iri: record.iri,
    kind: record.kind,
    title,
    identifiers: [...new Set(identifiers)],
    formerly: objects(OWL.sameAs).filter((t) => t.termType === 'NamedNode').map((t) => t.value),
    description: objects(DCTERMS.description)[0]?.value,
    facts,
    chain: {
      ...(facility === undefined ? {} : { facility: await linked(facility) }),
      ...(organization === undefined ? {} : { organization: await linked(organization) }),
      ...(model === undefined ? {} : { model: await linked(model) }),
      ...(instance === undefined ? {} : { instance: await linked(instance) }),
      configurations,
      ...(configuration === undefined ? {} : { current: await linked(configuration) }),
    },
    components: record.kind === 'configuration' ? componentRows(store, record.iri) : [],
    ...(lifecycle === undefined ? {} : { lifecycle }),
    ...(serialNumber === undefined ? {} : { serialNumber }),
    ...(acquisition === undefined ? {} : { acquisition }),
    datasets,
    publications,
    people,
    linksTo: await linkGroups(record.iri, await ownLinks(records, record.iri), named),
    linkedFrom: await linkGroups(record.iri, await inboundLinks(records, record.iri), named),
    alternates: RECORD_FORMATS.map((format) => ({ mediaType: mediaTypeFor(format), href: `${self}?format=${formatNameOf(format)}` })),
    schemaOrg: {
      '@context': 'https://schema.org',
      '@type': schemaTypeOf(record.kind),
      '@id': record.iri,
      name: title,
      identifier: identifiers[0],
      url: `${baseUrl}${self}`,
      ...(record.kind === 'dataset' ? { isBasedOn: configuration } : {}),
    },
    version: record.version,
    updatedAt: record.updatedAt,
  };
}

/** The predicates of an instance's life-cycle dates, shown in its status section rather than its facts. */
const LIFECYCLE_DATES: ReadonlySet<string> = new Set([PHD.statusSince, PHD.commissioned, PHD.decommissioned]);

/** An instance's status and dates, or undefined when its record states none of them. */
function lifecycleOf(value: (predicate: string) => string | undefined): InstrumentLifecycleView | undefined {
  const status = value(PHD.instrumentStatus);
  const view = {
    status: status === undefined ? undefined : instrumentStatusOf(status),
    since: value(PHD.statusSince),
    commissioned: value(PHD.commissioned),
    decommissioned: value(PHD.decommissioned),
  };
  return Object.values(view).every((v) => v === undefined) ? undefined : view;
}

/**
 * The versions of a timeline, each after the first with what changed since its predecessor: the
 * diff's link and its summary in words.
 * @param versions - the versions in time order.
 * @param context - the resolver (the versions' graphs) and the base URL.
 * @returns the versions with `changes`.
 */
async function withChanges(versions: readonly ConfigurationVersionView[], context: LandingViewContext): Promise<ConfigurationVersionView[]> {
  const timeline = new ConfigurationTimeline(versions);
  return Promise.all(timeline.versions.map(async (version) => {
    const previous = timeline.predecessor(version);
    if (previous === undefined) return version;
    const [from, to] = await Promise.all([context.resolver.configurationQuads(previous.iri), context.resolver.configurationQuads(version.iri)]);
    const diff = diffConfigurations({ iri: previous.iri, quads: from.quads }, { iri: version.iri, quads: to.quads });
    return {
      ...version,
      changes: {
        previous: { iri: previous.iri, label: previous.label, href: previous.href },
        diffHref: diffHref(previous.iri, version.iri, context.baseUrl),
        summary: versionChangeSummary(diff),
      },
    };
  }));
}

/**
 * The links between records that a record's own graph holds and that name it: its outbound links
 * (a model's manufacturer), and those it keeps for a parent (`<facility> phd:operates <instance>`).
 * @param store - the record store.
 * @param iri - the record.
 * @returns the links.
 */
async function ownLinks(store: RecordStore, iri: string): Promise<RecordLink[]> {
  const rows = [...(await store.links({ subject: iri })), ...(await store.links({ object: iri }))];
  return rows.filter((row) => row.record === iri && row.subject !== row.object);
}
