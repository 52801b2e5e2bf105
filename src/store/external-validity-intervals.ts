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
      const timeline = new ConfigurationTimeline(versions);
      timeline.versions.forEach((version, i) => {
        const next = timeline.versions[i + 1];
        if (next !== undefined) intervals.push([version.iri, next.from]);
      });
    }
    const forgotten = [...forget];
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
   * Derives every instance's intervals from the catalogue, when the store has none yet although
   * the catalogue holds configurations (a store written before the intervals were kept).
   * @returns whether anything was derived.
   */
  public async deriveIfMissing(): Promise<boolean> {
    const links = await this.catalogue.links({ predicate: PHD.hasConfiguration });
    if (links.length === 0) return false;
    const answer = await this.client.select(`ASK { GRAPH ${iriRef(DERIVED_GRAPH)} { ?cfg ${iriRef(PHD.validUntil)} ?until } }`) as { boolean?: boolean };
    if (answer.boolean === true) return false;
    await this.derive(new Set(links.map((link) => link.subject)), []);
    return true;
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
