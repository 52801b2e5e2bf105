import { createHash } from 'node:crypto';
import jsonld from 'jsonld';
import N3 from 'n3';
import type { Quad } from 'n3';
import oxigraph from 'oxigraph';
import { ConfigurationTimeline } from '../domain/configuration-timeline.js';
import { NBOQ_NS, PREFIXES, UNIT_NS, vocabulary } from '../domain/namespaces.js';
import { pidFromIri } from '../domain/pid.js';
import { PHD } from '../domain/vocabulary.js';
import { plainNumber, UNITS } from '../domain/units.js';
import { GoneError, NotFoundError } from '../errors/phd-error.js';
import type { RecordStore, StoredRecord } from '../store/record-store.js';
import { PHD_CONTEXT } from './context.js';
import { componentAnchor } from './landing-view.js';
import type { AcquisitionSettings, AppliedSettings, ChannelSettings, ComponentRow, ConfigurationVersionView, LandingView, LinkedResource, UsedComponent } from './landing-view.js';
import { humanize } from '../domain/labels.js';

/** The machine-readable serializations of a record, by short name. */
export const RDF_SERIALIZATIONS = {
  jsonld: 'application/ld+json',
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  rdfxml: 'application/rdf+xml',
} as const;
export type RdfSerialization = keyof typeof RDF_SERIALIZATIONS;

const RDF_TYPE = `${PREFIXES.rdf}type`;
const LABEL_PREDICATES = [`${PREFIXES.schema}name`, `${PREFIXES.rdfs}label`, `${PREFIXES.dcterms}title`];
const SCHEMA_TYPES: Readonly<Record<string, string>> = {
  facility: 'Organization', organization: 'Organization', model: 'ProductModel', instance: 'IndividualProduct',
  configuration: 'CreativeWork', dataset: 'Dataset', publication: 'ScholarlyArticle', person: 'Person',
};

/** NBO-Q terms of a dataset's acquisition settings, as the OME-XML importer writes them. */
const NQ = vocabulary(NBOQ_NS, [
  'Channel', 'ObjectiveSettings', 'LightSourceSettings', 'CameraSettings', 'PointDetectorSettings', 'GenericDetectorSettings',
  'illuminationType', 'contrastMethod', 'excitationWavelength', 'emissionWavelength',
] as const);
const DETECTOR_SETTINGS: ReadonlySet<string> = new Set([NQ.CameraSettings, NQ.PointDetectorSettings, NQ.GenericDetectorSettings]);
/** Bookkeeping of a settings node, not a setting: never shown as a value. */
const NOT_SETTINGS: ReadonlySet<string> = new Set([RDF_TYPE, `${PREFIXES.rdfs}label`, `${PREFIXES.dcterms}identifier`]);

/** A cached answer of /pid. */
export interface PidResponse {
  readonly link: string;
  readonly body: Buffer;
  readonly etag: string;
}

/** A parsed record, for navigation. */
interface Parsed {
  readonly record: StoredRecord;
  readonly store: N3.Store;
}


function localName(iri: string): string {
  return iri.replace(/^.*[#/]/, '');
}

/** The symbol of a unit IRI (`%`, `MHz`), or its local name for a unit this service does not list. */
function unitSymbol(unitIri: string): string {
  return UNITS.find((u) => `${UNIT_NS}${u.local}` === unitIri)?.symbol ?? localName(unitIri);
}

/** The human label of an NBO-Q class: light sources drop the `_LightSource_` infix (`fluorescence laser`). */
function classLabelOf(classIri: string): string {
  return humanize(localName(classIri).replace(/^(Fluorescence|Transmitted)_LightSource_/, '$1 '));
}

/**
 * The unit of a value on a settings node: the object of `{property}Unit`. NBO-Q spells one unit
 * property without its first letter (`lluminationPowerSettingsUnit` for `illuminationPowerSettings`),
 * so a unit property whose name, less `Unit`, ends the value property's name counts too.
 */
function unitOf(quads: readonly Quad[], property: string): string | undefined {
  const name = localName(property);
  const unit = quads.find((q) => q.predicate.value === `${property}Unit`)
    ?? quads.find((q) => {
      const unitName = localName(q.predicate.value);
      return q.object.termType === 'NamedNode' && unitName.endsWith('Unit') && unitName.length > 5 && name.endsWith(unitName.slice(0, -4));
    });
  return unit?.object.value;
}


/**
 * Resolution of records for `/pid/…` and `/id/…`: lookup with 404/410, serializations cached per
 * record version, the landing-page view (the record's place in the tier chain), the chain check,
 * and "the configuration in effect on a date".
 */
export class PidService {
  private readonly store: RecordStore;
  private readonly baseUrl: string;
  private readonly cache = new Map<string, string>();
  private readonly records = new Map<string, StoredRecord>();
  private readonly responses = new Map<string, PidResponse>();
  private responseBytes = 0;

  /**
   * @param store - the record store.
   * @param baseUrl - PHD_BASE_URL.
   */
  public constructor(store: RecordStore, baseUrl: string) {
    this.store = store;
    this.baseUrl = baseUrl;
  }

  /**
   * A live record.
   * @param iri - canonical IRI.
   * @returns the record; throws NotFoundError (unknown) or GoneError (withdrawn, with the date).
   */
  public async get(iri: string): Promise<StoredRecord> {
    const cached = this.records.get(iri);
    if (cached !== undefined) return cached;
    const record = await this.store.get(iri);
    if (record === undefined) throw new NotFoundError(`${iri} is not known here. Check the identifier, or search with /sparql.`, { details: { iri } });
    if (record.deletedAt !== undefined) {
      throw new GoneError(`${iri} was withdrawn on ${record.deletedAt}. Its history stays available.`, {
        details: { iri, deletedAt: record.deletedAt, history: `/records/${encodeURIComponent(iri)}/history` },
      });
    }
    if (this.records.size > 10_000) this.records.clear();
    this.records.set(iri, record);
    return record;
  }

  /**
   * Forgets cached records and responses. Called after every committed write: a response carries
   * links to other records (Signposting, the chain), so any write may change it.
   */
  public invalidate(): void {
    this.records.clear();
    this.responses.clear();
    this.responseBytes = 0;
  }

  /**
   * The full answer for a record in a format: Signposting links, body and an entity tag over both,
   * cached until the next write (keyed by record and format, never by the spelling of the request,
   * and bounded in bytes).
   * @param record - the record.
   * @param format - a serialization, or `html` for the landing page.
   * @param render - renders the landing page from its view (the HTTP layer owns HTML).
   * @returns the Link header value, the body bytes and their ETag.
   */
  public async response(record: StoredRecord, format: RdfSerialization | 'html', render: (view: LandingView) => string): Promise<PidResponse> {
    const key = `${record.iri} ${record.etag} ${format}`;
    const cached = this.responses.get(key);
    if (cached !== undefined) return cached;
    const self = this.hrefOf(record.iri);
    // Header values must be ASCII: IRIs with other characters are written as URIs (RFC 3987 §3.1).
    const link = (await this.signposting(record, self)).join(', ').replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
    const text = format === 'html' ? render(await this.landingView(record, self)) : await this.serialize(record, format);
    const body = Buffer.from(text, 'utf8');
    // The ETag covers the body and the links, which also depend on other records.
    const etag = `"${createHash('sha256').update(link).update(body).digest('base64url').slice(0, 27)}"`;
    const entry = { link, body, etag };
    if (this.responseBytes + body.length > 64 * 1024 * 1024 || this.responses.size > 5000) {
      this.responses.clear();
      this.responseBytes = 0;
    }
    this.responses.set(key, entry);
    this.responseBytes += body.length;
    return entry;
  }

  /**
   * The path on this service that dereferences an IRI.
   * @param iri - a record or PID IRI.
   * @returns `/id/{kind}/{id}` for minted IRIs, `/pid/{curie}` for PIDs.
   */
  public hrefOf(iri: string): string {
    if (iri.startsWith(`${this.baseUrl}/id/`)) return iri.slice(this.baseUrl.length);
    const pid = pidFromIri(iri);
    if (pid !== undefined) return `/pid/${pid.curie.replace(/[^\x21-\x7e]|%/gu, (c) => encodeURIComponent(c))}`;
    return `/pid/${encodeURIComponent(iri)}`;
  }

  /**
   * A serialization of a record, computed once per record version (ETag) and format.
   * @param record - the record.
   * @param format - which serialization.
   * @returns the document.
   */
  public async serialize(record: StoredRecord, format: RdfSerialization): Promise<string> {
    const key = `${record.iri} ${record.etag} ${format}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let body: string;
    if (format === 'ntriples') body = record.ntriples;
    else if (format === 'rdfxml') {
      const store = new oxigraph.Store();
      store.load(record.ntriples, { format: 'application/n-triples' });
      body = store.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.defaultGraph() });
    } else if (format === 'turtle') {
      body = await new Promise<string>((resolve, reject) => {
        const writer = new N3.Writer({ prefixes: { ...PREFIXES } });
        writer.addQuads(new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples));
        writer.end((error, text: string) => (error ? reject(error) : resolve(text)));
      });
    } else {
      // jsonld.compact is slow (~1.4 ms a record): done once per version, with the context object
      // in memory (the document loader is never asked to fetch anything).
      const expanded = await jsonld.fromRDF(record.ntriples, { format: 'application/n-quads' });
      const compacted = await jsonld.compact(expanded, PHD_CONTEXT as unknown as Parameters<typeof jsonld.compact>[1], {
        documentLoader: (url: string) => Promise.reject(new Error(`no remote documents are loaded (${url})`)),
      });
      body = JSON.stringify({ ...compacted, '@context': `${this.baseUrl}/context.jsonld` }, null, 2);
    }
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(key, body);
    return body;
  }

  private async parsed(iri: string | undefined): Promise<Parsed | undefined> {
    if (iri === undefined) return undefined;
    const record = await this.store.get(iri);
    if (record === undefined || record.deletedAt !== undefined) return undefined;
    return { record, store: new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples)) };
  }

  private labelOf(store: N3.Store, iri: string): string {
    for (const predicate of LABEL_PREDICATES) {
      const value = store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode(predicate), null)[0]?.value;
      if (value !== undefined) return value;
    }
    return pidFromIri(iri)?.curie ?? iri;
  }

  private async linked(iri: string | undefined): Promise<LinkedResource | undefined> {
    if (iri === undefined) return undefined;
    const parsed = await this.parsed(iri);
    return { iri, label: parsed === undefined ? (pidFromIri(iri)?.curie ?? iri) : this.labelOf(parsed.store, iri), href: this.hrefOf(iri) };
  }

  private async linkSubject(predicate: string, object: string): Promise<string | undefined> {
    return (await this.store.links({ predicate, object }))[0]?.subject;
  }

  private async linkObject(subject: string, predicate: string): Promise<string | undefined> {
    return (await this.store.links({ subject, predicate }))[0]?.object;
  }

  /**
   * The live configuration versions of an instance, in time order, with validUntil derived.
   * @param instance - the instance IRI.
   * @returns the versions.
   */
  public async configurations(instance: string): Promise<ConfigurationVersionView[]> {
    return (await this.timeline(instance)).dated();
  }

  /**
   * The timeline of an instance's live configuration versions.
   * @param instance - the instance IRI.
   * @returns the timeline.
   */
  private async timeline(instance: string): Promise<ConfigurationTimeline<Omit<ConfigurationVersionView, 'validUntil'>>> {
    const links = await this.store.links({ subject: instance, predicate: PHD.hasConfiguration });
    const versions = await Promise.all(links.map(async (link) => {
      const parsed = await this.parsed(link.object);
      const node = N3.DataFactory.namedNode(link.object);
      const value = (predicate: string) => parsed?.store.getObjects(node, N3.DataFactory.namedNode(predicate), null)[0]?.value;
      const version = value(PHD.versionNumber);
      return {
        iri: link.object,
        label: parsed === undefined ? link.object : this.labelOf(parsed.store, link.object),
        href: this.hrefOf(link.object),
        versionNumber: version === undefined ? undefined : Number(version),
        validFrom: value(PHD.validFrom),
        withdrawn: parsed === undefined,
      };
    }));
    return new ConfigurationTimeline(versions.filter((v) => !v.withdrawn));
  }

  /**
   * The configuration of an instance in effect on a date: the latest version with validFrom ≤ date.
   * @param instance - the instance IRI.
   * @param date - YYYY-MM-DD.
   * @returns the configuration IRI.
   */
  public async configurationAt(instance: string, date: string): Promise<string> {
    const record = await this.get(instance);
    if (record.kind !== 'instance') throw new NotFoundError(`?at= applies to instrument instances; ${instance} is a ${record.kind}.`);
    const timeline = await this.timeline(instance);
    const inEffect = timeline.inEffectOn(date);
    if (inEffect === undefined) {
      const first = timeline.firstValidFrom;
      throw new NotFoundError(`${instance} has no configuration in effect on ${date}${first === undefined ? '' : `: its first version is valid from ${first}`}.`);
    }
    return inEffect.iri;
  }

  /**
   * Checks the tier chain facility → model → instance → descriptor.
   * @param iris - the four IRIs.
   * @returns the descriptor record; throws NotFoundError naming the first broken link.
   */
  public async chain(iris: readonly [string, string, string, string]): Promise<StoredRecord> {
    const [facility, model, instance, descriptor] = iris;
    const expect = async (iri: string, kind: string, role: string) => {
      const record = await this.get(iri);
      if (record.kind !== kind) throw new NotFoundError(`Broken chain: ${iri} is a ${record.kind}, not the ${role} expected at this position.`, { details: { link: role } });
      return record;
    };
    await expect(facility, 'facility', 'facility');
    await expect(model, 'model', 'instrument model');
    await expect(instance, 'instance', 'instrument instance');
    const record = await expect(descriptor, 'configuration', 'hardware configuration');
    if ((await this.linkSubject(PHD.operates, instance)) !== facility) {
      throw new NotFoundError(`Broken chain: ${facility} does not operate ${instance}.`, { details: { link: 'facility operates instance' } });
    }
    if ((await this.linkObject(instance, PHD.instanceOf)) !== model) {
      throw new NotFoundError(`Broken chain: ${instance} is not an instance of ${model}.`, { details: { link: 'instance of model' } });
    }
    const configurations = await this.store.links({ subject: instance, predicate: PHD.hasConfiguration, object: descriptor });
    if (configurations.length === 0) {
      throw new NotFoundError(`Broken chain: ${descriptor} is not a configuration of ${instance}.`, { details: { link: 'instance has configuration' } });
    }
    return record;
  }

  /**
   * FAIR Signposting links for a record (`Link` header entries).
   * @param record - the record.
   * @param self - the path it was asked at (for describedby URLs).
   * @returns `<url>; rel=…` strings.
   */
  public async signposting(record: StoredRecord, self: string): Promise<string[]> {
    const links = [`<${record.iri}>; rel="cite-as"`];
    for (const [name, type] of Object.entries(RDF_SERIALIZATIONS)) links.push(`<${this.baseUrl}${self}?format=${name}>; rel="describedby"; type="${type}"`);
    links.push(`<https://schema.org/${SCHEMA_TYPES[record.kind] ?? 'Thing'}>; rel="type"`, '<https://schema.org/AboutPage>; rel="type"');
    const authors = [
      ...(await this.store.links({ subject: record.iri, predicate: `${PREFIXES.dcterms}creator` })),
      ...(await this.store.links({ subject: record.iri, predicate: PHD.contact })),
    ];
    for (const author of authors) links.push(`<${author.object}>; rel="author"`);
    if (record.kind === 'configuration') {
      const instance = await this.linkSubject(PHD.hasConfiguration, record.iri);
      if (instance !== undefined) links.push(`<${this.baseUrl}${this.hrefOf(instance)}>; rel="collection"`);
    }
    if (record.kind === 'instance') {
      for (const version of await this.configurations(record.iri)) links.push(`<${this.baseUrl}${version.href}>; rel="item"`);
    }
    const license = (await this.store.links({ subject: record.iri, predicate: `${PREFIXES.dcterms}license` }))[0];
    if (license !== undefined) links.push(`<${license.object}>; rel="license"`);
    return links;
  }

  /**
   * Everything the landing page shows.
   * @param record - the record.
   * @param self - the path it was asked at.
   * @returns the view.
   */
  public async landingView(record: StoredRecord, self: string): Promise<LandingView> {
    const store = new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples));
    const node = N3.DataFactory.namedNode(record.iri);
    const objects = (predicate: string) => store.getObjects(node, N3.DataFactory.namedNode(predicate), null);

    let instance: string | undefined;
    let configuration: string | undefined;
    if (record.kind === 'instance') instance = record.iri;
    if (record.kind === 'configuration') configuration = record.iri;
    if (record.kind === 'dataset') configuration = objects(PHD.acquiredWith)[0]?.value;
    if (configuration !== undefined) instance = await this.linkSubject(PHD.hasConfiguration, configuration);
    const facility = record.kind === 'facility' ? record.iri : instance === undefined ? undefined : await this.linkSubject(PHD.operates, instance);
    const model = record.kind === 'model' ? record.iri : instance === undefined ? undefined : await this.linkObject(instance, PHD.instanceOf);
    const organization = facility === undefined ? undefined : await this.linkObject(facility, PHD.hostedBy);

    const configurations = instance === undefined ? [] : await this.configurations(instance);
    const datasetIris = record.kind === 'dataset' ? [record.iri]
      : record.kind === 'configuration' ? (await this.store.links({ predicate: PHD.acquiredWith, object: record.iri })).map((l) => l.record)
        : record.kind === 'instance' ? (await Promise.all(configurations.map(async (c) => (await this.store.links({ predicate: PHD.acquiredWith, object: c.iri })).map((l) => l.record)))).flat()
          : record.kind === 'person' ? (await this.store.links({ predicate: `${PREFIXES.dcterms}creator`, object: record.iri })).map((l) => l.record)
            : [];
    const datasets = await Promise.all([...new Set(datasetIris)].filter((iri) => iri !== record.iri || record.kind === 'dataset').map(async (iri) => {
      const parsed = await this.parsed(iri);
      return {
        iri, href: this.hrefOf(iri),
        label: parsed === undefined ? iri : this.labelOf(parsed.store, iri),
        created: parsed?.store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode(`${PREFIXES.dcterms}created`), null)[0]?.value,
      };
    }));
    const publicationIris = record.kind === 'publication' ? [] : (await Promise.all(datasets.map(async (d) => (await this.store.links({ predicate: `${PREFIXES.cito}citesAsDataSource`, object: d.iri })).map((l) => l.record)))).flat();
    const publications = (await Promise.all([...new Set(publicationIris)].map((iri) => this.linked(iri)))).filter((p): p is LinkedResource => p !== undefined);
    const peopleIris = [...objects(`${PREFIXES.dcterms}creator`), ...objects(PHD.contact)].map((t) => t.value);
    const people = (await Promise.all(peopleIris.map((iri) => this.linked(iri)))).filter((p): p is LinkedResource => p !== undefined);

    const facts: { name: string; values: string[] }[] = [];
    for (const quad of store.getQuads(node, null, null, null)) {
      // The presentation of an imported file (layout, spellings) is for the export, not for people.
      if (quad.object.termType !== 'Literal' || quad.predicate.value === PHD.presentation) continue;
      const name = humanize(localName(quad.predicate.value));
      const existing = facts.find((f) => f.name === name);
      if (existing === undefined) facts.push({ name, values: [quad.object.value] });
      else existing.values.push(quad.object.value);
    }
    const pid = pidFromIri(record.iri);
    const identifiers = [record.iri, ...(pid === undefined ? [] : [pid.curie]), ...objects(`${PREFIXES.dcterms}identifier`).map((t) => t.value)];
    const title = this.labelOf(store, record.iri);
    const acquisition = record.kind === 'dataset' ? await this.acquisition(store, record.iri, configuration) : undefined;
    return {
      iri: record.iri,
      kind: record.kind,
      title,
      identifiers: [...new Set(identifiers)],
      description: objects(`${PREFIXES.dcterms}description`)[0]?.value,
      facts,
      chain: {
        ...(facility === undefined ? {} : { facility: await this.linked(facility) }),
        ...(organization === undefined ? {} : { organization: await this.linked(organization) }),
        ...(model === undefined ? {} : { model: await this.linked(model) }),
        ...(instance === undefined ? {} : { instance: await this.linked(instance) }),
        configurations,
        ...(configuration === undefined ? {} : { current: await this.linked(configuration) }),
      },
      components: record.kind === 'configuration' ? this.components(store, record.iri) : [],
      ...(acquisition === undefined ? {} : { acquisition }),
      datasets,
      publications,
      people,
      alternates: Object.entries(RDF_SERIALIZATIONS).map(([name, mediaType]) => ({ mediaType, href: `${self}?format=${name}` })),
      schemaOrg: {
        '@context': 'https://schema.org',
        '@type': SCHEMA_TYPES[record.kind] ?? 'Thing',
        '@id': record.iri,
        name: title,
        identifier: identifiers[0],
        url: `${this.baseUrl}${self}`,
        ...(record.kind === 'dataset' ? { isBasedOn: configuration } : {}),
      },
      version: record.version,
      updatedAt: record.updatedAt,
    };
  }

  /**
   * A dataset's acquisition settings (see imageToDataset in the OME-XML importer): the objective
   * settings and the channels it `phd:hasSettings`, each channel with its fluorophore, light-source
   * and detector settings, and every component a setting `phd:usesComponent` resolved to its row on
   * the landing page of the configuration that holds it.
   * @param store - the dataset's graph.
   * @param dataset - the dataset IRI.
   * @param configuration - the configuration it was acquired with (where its components are looked up first).
   * @returns the settings, or undefined when the dataset records none.
   */
  private async acquisition(store: N3.Store, dataset: string, configuration: string | undefined): Promise<AcquisitionSettings | undefined> {
    const { namedNode } = N3.DataFactory;
    const objectsOf = (subject: string, predicate: string) => store.getObjects(namedNode(subject), namedNode(predicate), null);
    const isA = (subject: string, cls: string) => store.has(N3.DataFactory.quad(namedNode(subject), namedNode(RDF_TYPE), namedNode(cls)));
    const settings = objectsOf(dataset, PHD.hasSettings).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
    if (settings.length === 0) return undefined;

    // Parse each configuration once: a dataset's settings mostly use components of one configuration.
    const configurations = new Map<string, Promise<Parsed | undefined>>();
    const configurationOf = (iri: string) => {
      let parsed = configurations.get(iri);
      if (parsed === undefined) {
        parsed = this.parsed(iri);
        configurations.set(iri, parsed);
      }
      return parsed;
    };
    const component = async (iri: string): Promise<UsedComponent> => {
      // The acquisition's configuration first; else the one the IRI names (`{configuration}/component/…`).
      const owner = iri.includes('/component/') ? iri.slice(0, iri.lastIndexOf('/component/')) : undefined;
      for (const candidate of [configuration, owner]) {
        if (candidate === undefined) continue;
        const parsed = await configurationOf(candidate);
        const node = namedNode(iri);
        if (parsed === undefined || parsed.record.kind !== 'configuration' || !parsed.store.has(N3.DataFactory.quad(namedNode(candidate), namedNode(PHD.hasComponent), node))) continue;
        const cls = parsed.store.getObjects(node, namedNode(RDF_TYPE), null).map((t) => t.value).find((t) => t.startsWith(NBOQ_NS));
        return {
          iri,
          label: this.labelOf(parsed.store, iri),
          classLabel: cls === undefined ? undefined : classLabelOf(cls),
          href: `${this.hrefOf(candidate)}#${componentAnchor(iri, candidate)}`,
        };
      }
      return { iri, label: pidFromIri(iri)?.curie ?? iri, classLabel: undefined, href: undefined };
    };
    const components = async (subject: string) => Promise.all(objectsOf(subject, PHD.usesComponent).map((t) => component(t.value)));
    /** The literal values set on a node, labelled and with their units; canonical copies (`_nm`) left out. */
    const values = (subject: string) => {
      const quads = store.getQuads(namedNode(subject), null, null, null);
      return quads
        .filter((q) => q.object.termType === 'Literal' && !NOT_SETTINGS.has(q.predicate.value) && !/_[a-zA-Z]+$/.test(localName(q.predicate.value)))
        .map((q) => {
          const unit = unitOf(quads, q.predicate.value);
          return { name: humanize(localName(q.predicate.value)), value: unit === undefined ? q.object.value : `${q.object.value} ${unitSymbol(unit)}` };
        });
    };
    const applied = async (subject: string): Promise<AppliedSettings> => ({ components: await components(subject), values: values(subject) });
    /** A wavelength in nm from its canonical value, else as recorded with its unit. */
    const wavelength = (subject: string | undefined, property: string) => {
      if (subject === undefined) return undefined;
      const nm = objectsOf(subject, `${property}_nm`)[0]?.value;
      if (nm !== undefined) return `${plainNumber(nm)} nm`;
      const value = objectsOf(subject, property)[0]?.value;
      if (value === undefined) return undefined;
      const unit = unitOf(store.getQuads(namedNode(subject), null, null, null), property);
      return unit === undefined ? value : `${value} ${unitSymbol(unit)}`;
    };
    const literal = (subject: string, property: string) => objectsOf(subject, property).find((t) => t.termType === 'Literal')?.value;

    const objectiveIri = settings.find((iri) => isA(iri, NQ.ObjectiveSettings));
    const channels = await Promise.all(settings.filter((iri) => isA(iri, NQ.Channel)).map(async (iri): Promise<ChannelSettings> => {
      const own = objectsOf(iri, PHD.hasSettings).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
      const fluorophore = objectsOf(iri, PHD.fluorophore).find((t) => t.termType === 'NamedNode')?.value;
      const number = /\/channel\/(\d+)$/.exec(iri)?.[1];
      return {
        iri,
        number: number === undefined ? undefined : Number(number),
        name: this.labelOf(store, iri),
        fluorophore: fluorophore === undefined ? undefined : literal(fluorophore, `${PREFIXES.rdfs}label`),
        excitation: wavelength(fluorophore, NQ.excitationWavelength),
        emission: wavelength(fluorophore, NQ.emissionWavelength),
        lightSources: await Promise.all(own.filter((s) => isA(s, NQ.LightSourceSettings)).map(applied)),
        detectors: await Promise.all(own.filter((s) => [...DETECTOR_SETTINGS].some((cls) => isA(s, cls))).map(applied)),
        lightPath: await components(iri),
        illuminationType: literal(iri, NQ.illuminationType),
        contrastMethod: literal(iri, NQ.contrastMethod),
      };
    }));
    // Channel n before n + 1 (not 10 before 2); channels without a number after, by name.
    channels.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.name.localeCompare(b.name));
    const objective = objectiveIri === undefined ? undefined : await applied(objectiveIri);
    if (objective === undefined && channels.length === 0) return undefined;
    return { objective, channels };
  }

  /** Components of a configuration as display rows, values joined with their units. */
  private components(store: N3.Store, configuration: string): ComponentRow[] {
    const rows: ComponentRow[] = [];
    const describe = (subject: N3.Term, prefix: string, fields: { name: string; value: string }[]) => {
      const quads = store.getQuads(subject, null, null, null);
      const byPredicate = new Map(quads.map((q) => [q.predicate.value, q.object]));
      for (const quad of quads) {
        const predicate = quad.predicate.value;
        if (predicate === RDF_TYPE || predicate === `${PREFIXES.rdfs}label` || predicate.endsWith('Unit') || /_[a-zA-Z]+$/.test(localName(predicate))) continue;
        if (quad.object.termType === 'NamedNode' && quad.object.value.startsWith(`${subject.value}/`)) {
          describe(quad.object, `${prefix}${humanize(localName(predicate))} › `, fields);
          continue;
        }
        const unit = byPredicate.get(`${predicate}Unit`);
        const value = quad.object.termType === 'NamedNode'
          ? this.labelOf(store, quad.object.value)
          : unit === undefined ? quad.object.value : `${quad.object.value} ${unitSymbol(unit.value)}`;
        fields.push({ name: `${prefix}${predicate === `${PREFIXES.dcterms}identifier` ? 'identifier' : humanize(localName(predicate))}`, value });
      }
    };
    for (const component of store.getObjects(N3.DataFactory.namedNode(configuration), N3.DataFactory.namedNode(PHD.hasComponent), null)) {
      const cls = store.getObjects(component, N3.DataFactory.namedNode(RDF_TYPE), null).map((t) => t.value).find((t) => t.startsWith(NBOQ_NS)) ?? '';
      const fields: { name: string; value: string }[] = [];
      describe(component, '', fields);
      rows.push({
        iri: component.value,
        classLocal: localName(cls),
        classLabel: classLabelOf(cls),
        label: this.labelOf(store, component.value),
        fields,
      });
    }
    return rows.sort((a, b) => a.classLabel.localeCompare(b.classLabel) || a.label.localeCompare(b.label));
  }

  /**
   * Parses a configuration's graph, for the diff.
   * @param iri - configuration IRI.
   * @returns its quads.
   */
  public async configurationQuads(iri: string): Promise<{ record: StoredRecord; quads: Quad[] }> {
    const record = await this.get(iri);
    if (record.kind !== 'configuration') throw new NotFoundError(`${iri} is a ${record.kind}, not a hardware configuration.`);
    return { record, quads: new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples) };
  }
}
