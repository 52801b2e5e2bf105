import oxigraph from 'oxigraph';
import type { Literal, NamedNode, Store, Term } from 'oxigraph';
import { ConfigurationTimeline, DERIVED_GRAPH, PHD } from '../domain/index.js';
import type { ConfigurationVersion } from '../domain/index.js';

/** A configuration as the intervals need it: its validFrom kept as the literal it was written as. */
interface DatedConfiguration extends ConfigurationVersion {
  readonly from: Literal;
}

const HAS_CONFIGURATION = oxigraph.namedNode(PHD.hasConfiguration);
const VALID_FROM = oxigraph.namedNode(PHD.validFrom);
const VALID_UNTIL = oxigraph.namedNode(PHD.validUntil);
const VERSION_NUMBER = oxigraph.namedNode(PHD.versionNumber);
const DERIVED = oxigraph.namedNode(DERIVED_GRAPH);

/**
 * Keeps each configuration's derived `phd:validUntil` in {@link DERIVED_GRAPH} of an Oxigraph
 * index, so that "the configuration in effect on a date" is a lookup on one instance's few
 * versions (`?f <= D && (!BOUND(?u) || ?u > D)`) instead of a FILTER NOT EXISTS that compares
 * every pair of versions the graph holds.
 *
 * The rule is {@link ConfigurationTimeline}'s, the one the pages and `/pid?at=` use: the versions of
 * an instance are the configurations it `phd:hasConfiguration` whose own graph states a
 * `phd:validFrom`; in time order, each one is valid until the next one's validFrom (the same
 * literal); the latest has no validUntil. A withdrawn configuration has no graph, so it leaves the
 * timeline: the version before it is valid until the next live version.
 */
export class ValidityIntervals {
  /**
   * @param store - the index's store (records as named graphs).
   */
  public constructor(private readonly store: Store) {}

  /**
   * The instances whose intervals a record graph takes part in: an instance record itself, the
   * instance a configuration's graph names (`<instance> phd:hasConfiguration <cfg>`), and any
   * instance linked to the graph from elsewhere. Asked before and after a replacement, so that a
   * configuration moved from one instance to another updates both.
   * @param graph - a record IRI.
   * @returns the instance IRIs (the graph itself among them: for a non-instance it derives nothing).
   */
  public instancesOf(graph: string): Set<string> {
    const name = oxigraph.namedNode(graph);
    const instances = new Set<string>([graph]);
    for (const quad of this.store.match(null, HAS_CONFIGURATION, null, name)) instances.add(quad.subject.value);
    for (const quad of this.store.match(null, HAS_CONFIGURATION, name, null)) instances.add(quad.subject.value);
    return instances;
  }

  /**
   * Re-derives the intervals after a record graph was replaced or deleted: the graph's own
   * validUntil goes, then the intervals of every instance concerned are computed afresh (a handful
   * of triples; nothing else in the index is read).
   * @param graph - the record IRI just replaced.
   * @param before - {@link instancesOf} the graph, asked before the replacement.
   */
  public afterReplace(graph: string, before: ReadonlySet<string>): void {
    this.forget(oxigraph.namedNode(graph));
    for (const instance of new Set([...before, ...this.instancesOf(graph)])) this.deriveInstance(instance);
  }

  /**
   * Derives the intervals of every instance at once, after a bulk load: the derived graph is
   * written anew from three passes over the index (the `phd:hasConfiguration` links, every
   * validFrom, every version number), joined here: a lookup per configuration costs ~0.1 ms of
   * wasm round trip, 10 s at 3M triples, where three scans take a fraction of that.
   */
  public deriveAll(): void {
    for (const quad of this.store.match(null, null, null, DERIVED)) this.store.delete(quad);
    // A configuration's own date and number: stated in its own graph (subject = graph name).
    const own = (predicate: NamedNode): Map<string, Term> => {
      const values = new Map<string, Term>();
      for (const quad of this.store.match(null, predicate, null, null)) {
        if (quad.graph.termType === 'NamedNode' && quad.graph.value === quad.subject.value && !values.has(quad.subject.value)) values.set(quad.subject.value, quad.object);
      }
      return values;
    };
    const froms = own(VALID_FROM);
    const numbers = own(VERSION_NUMBER);
    const byInstance = new Map<string, Map<string, DatedConfiguration | undefined>>();
    for (const link of this.store.match(null, HAS_CONFIGURATION, null, null)) {
      if (link.object.termType !== 'NamedNode') continue;
      let versions = byInstance.get(link.subject.value);
      if (versions === undefined) byInstance.set(link.subject.value, versions = new Map<string, DatedConfiguration | undefined>());
      if (versions.has(link.object.value)) continue;
      const from = froms.get(link.object.value);
      versions.set(link.object.value, from?.termType === 'Literal'
        ? { iri: link.object.value, from, validFrom: from.value, versionNumber: numberOf(numbers.get(link.object.value)) }
        : undefined);
    }
    for (const versions of byInstance.values()) this.write(versions.values());
  }

  /** Recomputes one instance's intervals from its versions' own graphs. */
  private deriveInstance(instance: string): void {
    const versions = new Map<string, DatedConfiguration | undefined>();
    for (const link of this.store.match(oxigraph.namedNode(instance), HAS_CONFIGURATION, null, null)) {
      if (link.object.termType !== 'NamedNode' || versions.has(link.object.value)) continue;
      this.forget(link.object);
      versions.set(link.object.value, this.versionOf(link.object));
    }
    this.write(versions.values());
  }

  /** A configuration's date and number, from its own graph; undefined when it states no date (or is withdrawn). */
  private versionOf(cfg: NamedNode): DatedConfiguration | undefined {
    const from = this.store.match(cfg, VALID_FROM, null, cfg)[0]?.object;
    if (from?.termType !== 'Literal') return undefined;
    return { iri: cfg.value, from, validFrom: from.value, versionNumber: numberOf(this.store.match(cfg, VERSION_NUMBER, null, cfg)[0]?.object) };
  }

  /** Adds the validUntil of each version but the latest to the derived graph. */
  private write(versions: Iterable<DatedConfiguration | undefined>): void {
    const timeline = new ConfigurationTimeline([...versions].filter((v) => v !== undefined));
    timeline.versions.forEach((version, i) => {
      const next = timeline.versions[i + 1];
      if (next !== undefined) this.store.add(oxigraph.quad(oxigraph.namedNode(version.iri), VALID_UNTIL, next.from, DERIVED));
    });
  }

  /** Deletes a configuration's derived validUntil. */
  private forget(cfg: NamedNode): void {
    for (const quad of this.store.match(cfg, VALID_UNTIL, null, DERIVED)) this.store.delete(quad);
  }
}

/** A `phd:versionNumber` term as a number; undefined when absent or not a number. */
function numberOf(term: Term | undefined): number | undefined {
  const value = term === undefined ? Number.NaN : Number(term.value);
  return Number.isFinite(value) ? value : undefined;
}
