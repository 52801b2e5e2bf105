import N3 from 'n3';
import type { Quad } from 'n3';
import { ConfigurationTimeline } from '../domain/index.js';
import { PHD, RDFS } from '../domain/index.js';
import { GoneError, NotFoundError } from '../errors/index.js';
import type { RecordStore, StoredRecord } from '../store/index.js';
import type { ConfigurationVersionView } from './landing-view.js';
import { recordHref } from './record-href.js';
import { labelOf } from './record-labels.js';

/** A live record with its graph parsed, for navigation. */
export interface ParsedRecord {
  readonly record: StoredRecord;
  readonly store: N3.Store;
}

/**
 * Resolution of record IRIs: a live record or 404/410 (cached until the next write), the links
 * between records, the configuration timeline of an instance, and the tier chain check.
 */
export class RecordResolver {
  private readonly records = new Map<string, StoredRecord>();

  /**
   * @param store - the record store.
   * @param baseUrl - PHD_BASE_URL.
   */
  public constructor(private readonly store: RecordStore, private readonly baseUrl: string) {}

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
      // The reason given when it was withdrawn (the last revision's note), shown on the tombstone page.
      const reason = (await this.store.history(iri)).at(-1)?.note;
      throw new GoneError(`${iri} was withdrawn on ${record.deletedAt}. Its history stays available.`, {
        details: { iri, deletedAt: record.deletedAt, history: `/records/${encodeURIComponent(iri)}/history`, ...(reason === undefined ? {} : { reason }) },
      });
    }
    if (this.records.size > 10_000) this.records.clear();
    this.records.set(iri, record);
    return record;
  }

  /** Forgets the cached records (after every committed write). */
  public invalidate(): void {
    this.records.clear();
  }

  /**
   * A live record with its graph parsed.
   * @param iri - the record IRI, if any.
   * @returns the record and its graph, or undefined when there is no live record.
   */
  public async parsed(iri: string | undefined): Promise<ParsedRecord | undefined> {
    if (iri === undefined) return undefined;
    const record = await this.store.get(iri);
    if (record === undefined || record.deletedAt !== undefined) return undefined;
    return { record, store: new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples)) };
  }

  /**
   * The subject of the first link to an object.
   * @param predicate - the link's predicate.
   * @param object - its object.
   * @returns the subject, or undefined.
   */
  public async linkSubject(predicate: string, object: string): Promise<string | undefined> {
    return (await this.store.links({ predicate, object }))[0]?.subject;
  }

  /**
   * The object of the first link from a subject.
   * @param subject - the link's subject.
   * @param predicate - its predicate.
   * @returns the object, or undefined.
   */
  public async linkObject(subject: string, predicate: string): Promise<string | undefined> {
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
        label: parsed === undefined ? link.object : labelOf(parsed.store, link.object),
        href: recordHref(link.object, this.baseUrl),
        versionNumber: version === undefined ? undefined : Number(version),
        validFrom: value(PHD.validFrom),
        changeNote: value(RDFS.comment),
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
