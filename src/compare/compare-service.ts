import N3 from 'n3';
import type { Quad } from 'n3';
import { PHD, RDF, RDFS, SCHEMA } from '../domain/index.js';
import { BadRequestError, NotFoundError, PhdError, UnprocessableError } from '../errors/index.js';
import { PeerFetch } from '../federation/index.js';
import type { Logger } from '../logging/index.js';
import type { PidService } from '../pid/index.js';
import { firstLiteral, parsePidPath, recordIri } from '../pid/index.js';
import { mediaTypeFor } from '../representation/index.js';
import type { ComparedConfiguration } from './compare-configurations.js';
import { compareConfigurations } from './compare-configurations.js';
import type { CompareColumn, CompareLink, CompareView } from './compare-view.js';
import { peerRecordUrl } from './peer-record-url.js';

/** The fewest and most configurations one comparison shows. */
export const COMPARE_LIMITS = { min: 2, max: 6 } as const;

/** Options of {@link CompareService}. */
export interface CompareServiceOptions {
  /** This core's records. */
  readonly pids: Pick<PidService, 'get' | 'configurationAt'>;
  /** PHD_BASE_URL. */
  readonly baseUrl: string;
  /** The peers (PHD_PEERS) and the limits every federated request keeps. */
  readonly peers: readonly string[];
  readonly peerTimeoutMs: number;
  readonly peerMaxBytes: number;
  /** PHD_PEER_TOKEN, presented to the peers. */
  readonly peerToken?: string | undefined;
  readonly logger?: Logger | undefined;
}

/** Reads a record's graph from one source (this core, or one peer); undefined when the source lacks it. */
type Describe = (iri: string) => Promise<Quad[] | undefined>;

/** A record found for a `c=` value: the source that has it and its graph. */
interface Found {
  readonly source: string;
  readonly describe: Describe;
  readonly kind: 'configuration' | 'instance' | 'other';
  readonly quads: Quad[];
}

const THIS_CORE = 'this core';

/** Columns loaded at once: each may ask every peer, so one comparison keeps to this many × peers requests. */
const COLUMNS_AT_ONCE = 2;

/** `items.map(work)` awaited, with at most `limit` pieces of work running at once; results in order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const NAMES = [SCHEMA.name, RDFS.label] as const;

function kindOf(quads: readonly Quad[], iri: string): Found['kind'] {
  const types = new Set(quads.filter((q) => q.subject.value === iri && q.predicate.value === RDF.type).map((q) => q.object.value));
  return types.has(PHD.HardwareConfiguration) ? 'configuration' : types.has(PHD.InstrumentInstance) ? 'instance' : 'other';
}

/**
 * The configuration of a peer's instance in effect on a date: of those its record links with
 * `phd:hasConfiguration`, the latest valid from that date or before, each read from the same peer.
 * @returns the configuration and its quads, or undefined when the record names none in effect.
 */
async function currentOnPeer(found: Found, instance: string, date: string): Promise<{ iri: string; quads: Quad[] } | undefined> {
  const linked = [...new Set(found.quads.filter((q) => q.subject.value === instance && q.predicate.value === PHD.hasConfiguration).map((q) => q.object.value))];
  const read = await Promise.all(linked.map(async (iri) => ({ iri, quads: (await found.describe(iri)) ?? [] })));
  const dated = read
    .filter((r) => kindOf(r.quads, r.iri) === 'configuration')
    .map((r) => ({ ...r, validFrom: firstLiteral(r.quads, r.iri, PHD.validFrom) ?? '' }))
    .filter((r) => r.validFrom <= date)
    .sort((x, y) => (x.validFrom < y.validFrom ? -1 : x.validFrom > y.validFrom ? 1 : 0));
  return dated.at(-1);
}

/**
 * Builds comparisons (`GET /compare?c=…`): reads each asked-for configuration from this core, or
 * else dereferences it on the peers (`/pid/…` as N-Triples, through the federation's guard: only
 * the configured peers, one time budget and size limit each, no redirects), takes an instance's
 * configuration in effect today, names each column's instance, model and facility, and lines them
 * up ({@link compareConfigurations}).
 */
export class CompareService {
  public constructor(private readonly options: CompareServiceOptions) {}

  /**
   * The comparison of the configurations named by `c`.
   * @param requested - the `c=` values, in column order (PIDs in any accepted form, `/pid/…` paths, IRIs).
   * @param onlyDifferences - list only what differs.
   * @returns the view; throws 400 (count or a malformed PID, naming `c`), 404 (unknown, naming it),
   * 422 (neither a configuration nor an instance), 502 (a peer that might know it did not answer).
   */
  public async compare(requested: readonly string[], onlyDifferences: boolean): Promise<CompareView> {
    if (requested.length < COMPARE_LIMITS.min || requested.length > COMPARE_LIMITS.max) {
      throw new BadRequestError(`Parameter c: give ${COMPARE_LIMITS.min} to ${COMPARE_LIMITS.max} configurations to compare (c=…&c=…); ${requested.length} given.`, { code: 'compare-count', details: { parameter: 'c', count: requested.length } });
    }
    const iris = requested.map((text) => this.iriOf(text));
    const configurations = await mapBounded(iris, COLUMNS_AT_ONCE, (iri, i) => this.load(requested[i] ?? iri, iri));
    return compareConfigurations(configurations, onlyDifferences);
  }

  /** The IRI a `c=` value names: a `/pid/…` or `/id/…` path (of this service), a PID in any form, an IRI. */
  private iriOf(text: string): string {
    const { baseUrl } = this.options;
    const value = text.trim().startsWith(`${baseUrl}/`) ? text.trim().slice(baseUrl.length) : text.trim();
    try {
      if (value.startsWith('/id/')) return `${baseUrl}${value}`;
      if (value.startsWith('/pid/')) {
        const request = parsePidPath(value.slice('/pid/'.length), baseUrl);
        if (request.kind !== 'single') throw new BadRequestError(`${text} names a ${request.kind}, not one record.`, { code: 'bad-pid' });
        return request.iri;
      }
      return recordIri(value, baseUrl);
    } catch (error) {
      if (!PhdError.isInstance(error) || error.status !== 400) throw error;
      throw new BadRequestError(`Parameter c: "${text}" is not a PID, IRI or /pid/ path: ${error.message}`, { code: 'bad-pid', details: { parameter: 'c', value: text }, cause: error });
    }
  }

  private readonly local: Describe = async (iri) => {
    try {
      const record = await this.options.pids.get(iri);
      return new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };

  private remote(peer: string, guard: PeerFetch): Describe {
    return async (iri) => {
      const response = await guard.fetch(peerRecordUrl(iri, peer), { headers: { accept: mediaTypeFor('n-triples') } });
      const text = await response.text();
      if (!response.ok || text.trim() === '') return undefined;
      try {
        return new N3.Parser({ format: 'N-Triples' }).parse(text);
      } catch {
        guard.markFailed(peer, 'the answer is not N-Triples');
        return undefined;
      }
    };
  }

  /**
   * Finds a record: this core first, then every peer at once (the first in PHD_PEERS order that
   * has it). Each lookup has its own guard: a peer's 404 for one record must not keep it from
   * being asked for another, as a federated query's guard would.
   */
  private async find(requested: string, iri: string): Promise<Found> {
    const own = await this.local(iri);
    if (own !== undefined && own.length > 0) return { source: THIS_CORE, describe: this.local, kind: kindOf(own, iri), quads: own };
    const guard = new PeerFetch({
      peers: this.options.peers,
      timeoutMs: this.options.peerTimeoutMs,
      maxBytes: this.options.peerMaxBytes,
      ...(this.options.peerToken === undefined ? {} : { credential: () => this.options.peerToken }),
    });
    const answers = await Promise.all(this.options.peers.map(async (peer) => {
      const describe = this.remote(peer, guard);
      return { peer, describe, quads: await describe(iri) };
    }));
    const hit = answers.find((a) => a.quads !== undefined && a.quads.some((q) => q.subject.value === iri));
    if (hit?.quads !== undefined) return { source: hit.peer, describe: hit.describe, kind: kindOf(hit.quads, iri), quads: hit.quads };
    // A peer that answered 404/410 does not know the record; any other failure leaves it unknown whether it does.
    const down = guard.statuses().filter((s) => s.status !== 'ok' && !/^HTTP 4(04|10)\b/.test(s.detail ?? ''));
    if (down.length > 0) {
      // What a peer said stays in the log: its problem detail may name its internals.
      this.options.logger?.warn({ iri, peers: down }, 'compare: peers did not answer');
      const names = down.map((d) => d.peer);
      throw new PhdError(502, 'peer-unavailable', `Parameter c: ${requested} is not on this core, and peer ${names.join(', ')} did not answer; try again later.`, { details: { parameter: 'c', value: requested, peers: down.map(({ peer, status }) => ({ peer, status })) } });
    }
    throw new NotFoundError(`Parameter c: ${requested} is not known to this core${this.options.peers.length === 0 ? '' : ' nor to its peers'}; search for configurations at /search.`, { details: { parameter: 'c', value: requested } });
  }

  private async load(requested: string, iri: string): Promise<ComparedConfiguration> {
    let found = await this.find(requested, iri);
    let configuration = iri;
    const viaInstance = found.kind === 'instance';
    if (found.kind === 'instance') {
      const today = new Date().toISOString().slice(0, 10);
      if (found.source === THIS_CORE) {
        configuration = await this.options.pids.configurationAt(iri, today);
        found = await this.find(requested, configuration);
      } else {
        const current = await currentOnPeer(found, iri, today);
        if (current === undefined) {
          throw new UnprocessableError(`Parameter c: ${requested} is an instrument instance on ${found.source} whose record names no configuration in effect today; give the PID of its configuration to compare it.`, { code: 'not-a-configuration', details: { parameter: 'c', value: requested } });
        }
        configuration = current.iri;
        found = { ...found, kind: 'configuration', quads: current.quads };
      }
    }
    if (found.kind !== 'configuration') {
      throw new UnprocessableError(`Parameter c: ${requested} is neither a hardware configuration nor an instrument instance; only those can be compared.`, { code: 'not-a-configuration', details: { parameter: 'c', value: requested } });
    }
    return { column: await this.column(requested, configuration, found, viaInstance), quads: found.quads };
  }

  private async column(requested: string, iri: string, found: Found, viaInstance: boolean): Promise<CompareColumn> {
    const quads = found.quads;
    const instanceIri = quads.filter((q) => q.predicate.value === PHD.hasConfiguration && q.object.value === iri).map((q) => q.subject.value).sort()[0];
    const link = (target: string | undefined, graph: readonly Quad[] | undefined): CompareLink | null =>
      (target === undefined ? null : { iri: target, label: (graph === undefined ? undefined : firstLiteral(graph, target, NAMES)) ?? target });
    const instanceQuads = instanceIri === undefined ? undefined : await found.describe(instanceIri);
    const modelIri = instanceQuads?.find((q) => q.subject.value === instanceIri && q.predicate.value === PHD.instanceOf)?.object.value;
    const facilityIri = instanceQuads?.find((q) => q.predicate.value === PHD.operates && q.object.value === instanceIri)?.subject.value;
    const describe = async (target: string | undefined): Promise<Quad[] | undefined> => (target === undefined ? undefined : found.describe(target));
    const [modelQuads, facilityQuads] = await Promise.all([describe(modelIri), describe(facilityIri)]);
    return {
      requested,
      iri,
      title: firstLiteral(quads, iri, NAMES) ?? iri,
      validFrom: firstLiteral(quads, iri, PHD.validFrom) ?? null,
      instance: link(instanceIri, instanceQuads),
      model: link(modelIri, modelQuads),
      facility: link(facilityIri, facilityQuads),
      source: found.source,
      viaInstance,
    };
  }
}
