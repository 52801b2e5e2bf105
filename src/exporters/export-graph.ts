import N3 from 'n3';
import type { Quad } from 'n3';
import { KIND_OF_CLASS, type RecordKind } from '../domain/index.js';
import { CITO, PHD, RDF, SCHEMA } from '../domain/index.js';
import { GoneError, NotFoundError, UnprocessableError } from '../errors/index.js';
import type { RecordMeta, RecordStore, StoredRecord } from '../store/index.js';

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
