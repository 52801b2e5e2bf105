import N3 from 'n3';
import type { Literal } from 'n3';
import { ConfigurationTimeline, DERIVED_GRAPH, PHD } from '../domain/index.js';
import type { ConfigurationVersion } from '../domain/index.js';
import { iriRef } from '../rdf/index.js';
import type { SparqlClient } from './sparql-client.js';
import type { SqliteRecordStore } from './sqlite-record-store.js';

/** A configuration as the intervals need it: its validFrom as the literal it was written as. */
interface DatedConfiguration extends ConfigurationVersion {
  readonly from: Literal;
}

/** Configurations whose intervals go in one Update request (Virtuoso refuses large ones). */
const CONFIGURATIONS_PER_UPDATE = 100;

/**
 * Keeps each configuration's derived `phd:validUntil` in {@link DERIVED_GRAPH} of an external store,
 * so that SPARQL sent to it answers as the embedded index does (see query/validity-intervals.ts, the
 * same rule): the versions of an instance in {@link ConfigurationTimeline} order, each valid until
 * the next live version's validFrom. The versions and their dates are read from the catalogue (its
 * link index and last acknowledged graphs), never from the store.
 */
export class ExternalValidityIntervals {
  /**
   * @param catalogue - the external store's catalogue.
   * @param client - the external store.
   */
  public constructor(private readonly catalogue: SqliteRecordStore, private readonly client: SparqlClient) {}

  /**
   * The instances whose intervals a record graph takes part in: the record itself (when it is an
   * instance) and the instances linked to it by `phd:hasConfiguration`. Asked before and after a
   * write, so that a configuration moved to another instance updates both.
   * @param graphs - the records a write touches.
   * @returns the instance IRIs (others among them derive nothing).
   */
  public async instancesOf(graphs: Iterable<string>): Promise<Set<string>> {
    const instances = new Set<string>();
    for (const graph of graphs) {
      instances.add(graph);
      for (const link of await this.catalogue.links({ predicate: PHD.hasConfiguration, object: graph })) instances.add(link.subject);
    }
    return instances;
  }

  /**
   * Writes the intervals of instances afresh, in a few Update requests: the old validUntil of each
   * of their configurations (and of the records written, which may have left them) is deleted and
   * the new ones inserted.
   * @param instances - the instances to derive (see {@link instancesOf}).
   * @param written - the records just written or withdrawn.
   */
  public async derive(instances: Iterable<string>, written: Iterable<string>): Promise<void> {
    const forget = new Set(written);
    const intervals: [string, Literal][] = [];
    for (const instance of instances) {
      const versions: DatedConfiguration[] = [];
      for (const link of await this.catalogue.links({ subject: instance, predicate: PHD.hasConfiguration })) {
        if (versions.some((v) => v.iri === link.object)) continue;
        forget.add(link.object);
        const version = await this.version(link.object);
        if (version !== undefined) versions.push(version);
      }
      intervals.push(...intervalsOf(versions));
    }
    await this.send([...forget], intervals);
  }

  /** Sends deletions of old validUntil and insertions of new ones, in Update requests of bounded size. */
  private async send(forgotten: readonly string[], intervals: readonly (readonly [string, Literal])[]): Promise<void> {
    for (let start = 0; start < Math.max(forgotten.length, intervals.length); start += CONFIGURATIONS_PER_UPDATE) {
      const operations = forgotten.slice(start, start + CONFIGURATIONS_PER_UPDATE)
        .map((cfg) => `DELETE WHERE { GRAPH ${iriRef(DERIVED_GRAPH)} { ${iriRef(cfg)} ${iriRef(PHD.validUntil)} ?until } }`);
      const inserted = intervals.slice(start, start + CONFIGURATIONS_PER_UPDATE);
      if (inserted.length > 0) {
        const writer = new N3.Writer({ format: 'N-Triples' });
        const triples = inserted.map(([cfg, until]) => writer.quadToString(N3.DataFactory.namedNode(cfg), N3.DataFactory.namedNode(PHD.validUntil), until)).join('');
        operations.push(`INSERT DATA { GRAPH ${iriRef(DERIVED_GRAPH)} {\n${triples}} }`);
      }
      await this.client.update(operations.join(' ;\n'));
    }
  }

  /**
   * Derives every instance's intervals when the store has none yet (a store written before the
   * intervals were kept, or graphs written straight into it): from the store's own graphs, as the
   * embedded index does after its bulk load — one query, then the insertions.
   * @returns whether anything was derived.
   */
  public async deriveIfMissing(): Promise<boolean> {
    const derived = await this.client.select(`ASK { GRAPH ${iriRef(DERIVED_GRAPH)} { ?cfg ${iriRef(PHD.validUntil)} ?until } }`);
    if (derived.boolean === true) return false;
    const answer = await this.client.select(`SELECT ?instance ?cfg ?from ?number WHERE {
  ?instance ${iriRef(PHD.hasConfiguration)} ?cfg .
  GRAPH ?cfg { ?cfg ${iriRef(PHD.validFrom)} ?from OPTIONAL { ?cfg ${iriRef(PHD.versionNumber)} ?number } }
}`);
    const byInstance = new Map<string, Map<string, DatedConfiguration>>();
    for (const row of answer.results?.bindings ?? []) {
      const instance = row.instance?.value;
      const cfg = row.cfg?.value;
      const from = row.from;
      if (instance === undefined || cfg === undefined || from === undefined || from.type === 'uri' || from.type === 'bnode') continue;
      let versions = byInstance.get(instance);
      if (versions === undefined) byInstance.set(instance, versions = new Map<string, DatedConfiguration>());
      const literal = N3.DataFactory.literal(from.value, from['xml:lang'] ?? (from.datatype === undefined ? undefined : N3.DataFactory.namedNode(from.datatype)));
      const number = Number(row.number?.value ?? Number.NaN);
      if (!versions.has(cfg)) versions.set(cfg, { iri: cfg, from: literal, validFrom: from.value, versionNumber: Number.isFinite(number) ? number : undefined });
    }
    const intervals = [...byInstance.values()].flatMap((versions) => intervalsOf(versions.values()));
    await this.send([], intervals);
    return intervals.length > 0;
  }

  /** A live configuration's date and number, from its acknowledged graph in the catalogue. */
  private async version(iri: string): Promise<DatedConfiguration | undefined> {
    const record = await this.catalogue.get(iri);
    if (record === undefined || record.deletedAt !== undefined) return undefined;
    const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
    const value = (predicate: string) => quads.find((q) => q.subject.value === iri && q.predicate.value === predicate)?.object;
    const from = value(PHD.validFrom);
    if (from?.termType !== 'Literal') return undefined;
    const number = Number(value(PHD.versionNumber)?.value ?? Number.NaN);
    return { iri, from, validFrom: from.value, versionNumber: Number.isFinite(number) ? number : undefined };
  }
}

/**
 * The validUntil of each version but the latest ({@link ConfigurationTimeline} order).
 * @param versions - one instance's dated versions.
 * @returns configuration IRI and the next version's validFrom literal.
 */
function intervalsOf(versions: Iterable<DatedConfiguration>): [string, Literal][] {
  const timeline = new ConfigurationTimeline(versions);
  return timeline.versions.flatMap((version, i) => {
    const next = timeline.versions[i + 1];
    return next === undefined ? [] : [[version.iri, next.from] as [string, Literal]];
  });
}
