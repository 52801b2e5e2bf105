import type { NamedNode, Quad, Store } from 'oxigraph';
import { ConfigurationTimeline, DERIVED_GRAPH, PHD } from '../domain/index.js';
import type { ConfigurationVersion } from '../domain/index.js';
import { freeEngineObject as free, oxigraph } from '../rdf/index.js';

/** A configuration as the intervals need it: its validFrom kept as the literal it was written as (N-Triples syntax). */
interface DatedConfiguration extends ConfigurationVersion {
  readonly from: string;
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
   *
   * What the scans find is copied to plain strings and the engine's objects freed at once, and the
   * intervals go in as one N-Quads load. Why: each time the engine's memory grows, V8 counts the
   * whole memory again as external memory and runs a full collection, which must mark every live
   * JavaScript object. Holding the scans' hundreds of thousands of wrapper objects while adding
   * triples one by one (each add may grow the memory) took a 10M-triple first start past 15
   * minutes, all of it in the collector.
   */
  public deriveAll(): void {
    this.store.update(`DROP SILENT GRAPH <${DERIVED_GRAPH}>`);
    // A configuration's own date and number: stated in its own graph (subject = graph name).
    const own = (predicate: NamedNode): Map<string, { value: string; nt: string }> => {
      const values = new Map<string, { value: string; nt: string }>();
      scan(this.store.match(null, predicate, null, null), (quad) => {
        const subject = quad.subject.value;
        const graph = quad.graph;
        if (graph.termType === 'NamedNode' && graph.value === subject && !values.has(subject)) {
          const object = quad.object;
          if (object.termType === 'Literal') values.set(subject, { value: object.value, nt: object.toString() });
          free(object);
        }
        free(graph);
      });
      return values;
    };
    const froms = own(VALID_FROM);
    const numbers = own(VERSION_NUMBER);
    const byInstance = new Map<string, Map<string, DatedConfiguration | undefined>>();
    scan(this.store.match(null, HAS_CONFIGURATION, null, null), (link) => {
      const object = link.object;
      const cfg = object.termType === 'NamedNode' ? object.value : undefined;
      free(object);
      if (cfg === undefined) return;
      const instance = link.subject.value;
      let versions = byInstance.get(instance);
      if (versions === undefined) byInstance.set(instance, versions = new Map<string, DatedConfiguration | undefined>());
      if (versions.has(cfg)) return;
      const from = froms.get(cfg);
      versions.set(cfg, from === undefined ? undefined : { iri: cfg, from: from.nt, validFrom: from.value, versionNumber: numberOf(numbers.get(cfg)?.value) });
    });
    const lines: string[] = [];
    for (const versions of byInstance.values()) lines.push(...intervalLines(versions.values()));
    byInstance.clear();
    if (lines.length > 0) this.store.load(lines.join(''), { format: 'application/n-quads', no_transaction: true });
  }

  /** Recomputes one instance's intervals from its versions' own graphs. */
  private deriveInstance(instance: string): void {
    const versions = new Map<string, DatedConfiguration | undefined>();
    for (const link of this.store.match(oxigraph.namedNode(instance), HAS_CONFIGURATION, null, null)) {
      if (link.object.termType !== 'NamedNode' || versions.has(link.object.value)) continue;
      this.forget(link.object);
      versions.set(link.object.value, this.versionOf(link.object));
    }
    const lines = intervalLines(versions.values());
    if (lines.length > 0) this.store.load(lines.join(''), { format: 'application/n-quads' });
  }

  /** A configuration's date and number, from its own graph; undefined when it states no date (or is withdrawn). */
  private versionOf(cfg: NamedNode): DatedConfiguration | undefined {
    const from = this.store.match(cfg, VALID_FROM, null, cfg)[0]?.object;
    if (from?.termType !== 'Literal') return undefined;
    return { iri: cfg.value, from: from.toString(), validFrom: from.value, versionNumber: numberOf(this.store.match(cfg, VERSION_NUMBER, null, cfg)[0]?.object.value) };
  }

  /** Deletes a configuration's derived validUntil. */
  private forget(cfg: NamedNode): void {
    for (const quad of this.store.match(cfg, VALID_UNTIL, null, DERIVED)) this.store.delete(quad);
  }
}

/**
 * The derived graph's N-Quads for one instance's versions: each version but the latest is valid
 * until the next one's validFrom, the same literal.
 */
function intervalLines(versions: Iterable<DatedConfiguration | undefined>): string[] {
  const timeline = new ConfigurationTimeline([...versions].filter((v) => v !== undefined));
  return timeline.versions.flatMap((version, i) => {
    const next = timeline.versions[i + 1];
    return next === undefined ? [] : [`<${version.iri}> <${PHD.validUntil}> ${next.from} <${DERIVED_GRAPH}> .\n`];
  });
}

/** Visits each quad of a match, then frees it in the engine at once (terms read from it are separate wrappers). */
function scan(quads: Quad[], visit: (quad: Quad) => void): void {
  for (const quad of quads) {
    visit(quad);
    free(quad);
  }
}

/** A `phd:versionNumber` value as a number; undefined when absent or not a number. */
function numberOf(value: string | undefined): number | undefined {
  const number = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(number) ? number : undefined;
}
