import N3 from 'n3';
import type { Quad } from 'n3';
import type Database from 'better-sqlite3';
import type { RecordKind } from '../domain/index.js';
import { canonicalNTriples } from '../domain/index.js';
import { ConflictError, ServiceUnavailableError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import type { ChangeListener, HistoryEntry, RecordLink, RecordMeta, RecordStore, RecordWrite, RenameResult, StoreHealth, StoredRecord } from './record-store.js';
import { notifyListeners } from './record-store.js';
import type { SparqlClient } from './sparql-client.js';
import { etagOf, SqliteRecordStore } from './sqlite-record-store.js';
import { ExternalValidityIntervals } from './external-validity-intervals.js';
import { sameGraphByValue, Skolemizer } from './store-graphs.js';

/** Where the store reports what it repaired or found out of step. */
export type ExternalStoreLogger = Pick<Logger, 'info' | 'warn'>;

/** Options of {@link ExternalRecordStore.open}. */
export interface ExternalRecordStoreOptions {
  /** The external store. */
  readonly client: SparqlClient;
  /** The catalogue's SQLite file (record metadata, history, link index, tokens, write intents). */
  readonly catalogPath: string;
  /** PHD_BASE_URL, for the Skolem IRIs of blank nodes. */
  readonly baseUrl: string;
  readonly logger?: ExternalStoreLogger;
  /** Largest SPARQL Update request sent for a batch of new records, in characters (default 100 kB). */
  readonly maxUpdateChars?: number;
}

/** A write whose outcome in the external store is not yet reflected in the catalogue. */
type Intent =
  | { readonly op: 'create' | 'createMany' | 'revive'; readonly writes: readonly SerializedWrite[] }
  | { readonly op: 'update'; readonly writes: readonly [SerializedWrite] }
  | { readonly op: 'delete'; readonly iri: string; readonly actor: string; readonly note?: string | undefined }
  /** `writes`: the record under its new name, then the records relinked; the old graph goes. */
  | { readonly op: 'rename'; readonly from: string; readonly to: string; readonly actor: string; readonly writes: readonly SerializedWrite[] };

type SerializedWrite = Omit<RecordWrite, 'types'> & { readonly types: [string, readonly string[]][] };

/** Graph Store requests in flight for one batch of new records. */
const GSP_CONCURRENCY = 2;
/** Bounds of one SPARQL Update request (Virtuoso refuses ~1,000 triples or ~100 graphs in one). */
const MAX_UPDATE_CHARS = 100_000;
const MAX_UPDATE_GRAPHS = 20;

const INTENTS_SQL = `
CREATE TABLE IF NOT EXISTS store_intents (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       TEXT NOT NULL,
  intent   TEXT NOT NULL
);
-- Writes committed whose derived validity intervals the store may not hold yet: the instances
-- they concerned before the write (role 'instance') and the records written (role 'written').
-- Rows are added in the transaction that commits a write and removed once the intervals are sent.
CREATE TABLE IF NOT EXISTS store_stale_intervals (
  iri      TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('instance', 'written')),
  PRIMARY KEY (iri, role)
);
`;

function serialize(write: RecordWrite): SerializedWrite {
  return { ...write, types: [...write.types] };
}

function deserialize(write: SerializedWrite): RecordWrite {
  return { ...write, types: new Map(write.types) };
}

function parseNTriples(ntriples: string): Quad[] {
  // Labels as written: N3 would otherwise prefix them on every parse, and graphs are compared by label.
  return new N3.Parser({ format: 'N-Triples', blankNodePrefix: '' }).parse(ntriples);
}

/** The graphs an intent leaves in the store: record IRI → triples, or null for a withdrawn record. */
function intendedGraphs(intent: Intent): Map<string, string | null> {
  if (intent.op === 'delete') return new Map([[intent.iri, null]]);
  const graphs = new Map<string, string | null>(intent.writes.map((w) => [w.iri, w.ntriples]));
  if (intent.op === 'rename') graphs.set(intent.from, null);
  return graphs;
}

/**
 * Records kept in an external triple store (Virtuoso, Fuseki, GraphDB, Oxigraph server) through
 * the SPARQL 1.1 Protocol and Update, each record the named graph named by its IRI.
 *
 * **What lives where.** The graphs — what /sparql queries and what PIDs resolve to — are in the
 * store. The catalogue — each record's metadata (kind, owner, version, ETag, tombstone), its history,
 * the link index and the access tokens — is a local SQLite file ({@link SqliteRecordStore}), which
 * also keeps the last acknowledged graph of each record, for history diffs and repairs. Tokens must
 * never sit in a store that answers public SPARQL, and history needs transactions the store's
 * protocol does not offer across requests.
 *
 * **One write** (writes are serialized):
 * 1. check it against the catalogue (exists? If-Match?), as the embedded store would;
 * 2. record an *intent* in the catalogue (durable, before the store is touched);
 * 3. replace the record's graph in one request — a Graph Store Protocol PUT (or DELETE), or a
 *    SPARQL Update request — which the store applies atomically;
 * 4. in one catalogue transaction, write metadata and history and delete the intent; acknowledge.
 *
 * A store that answers with an error applied nothing: the intent is dropped and the client gets
 * 502. A store that does not answer (time-out, connection lost) may or may not have applied it:
 * the graph is read back at once and the intent completed or dropped; while the store cannot be
 * reached the intent stays and every write gets 503. At start-up (after a crash anywhere in 2–4)
 * each intent is settled the same way: when the store holds the intended graphs (compared by
 * value), the catalogue catches up; otherwise the store is put back to the catalogue's state.
 */
export class ExternalRecordStore implements RecordStore {
  private readonly listeners: ChangeListener[] = [];
  private readonly skolem: Skolemizer;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: ExternalStoreLogger;
  private readonly intervals: ExternalValidityIntervals;

  private constructor(
    private readonly catalogue: SqliteRecordStore,
    private readonly client: SparqlClient,
    private readonly options: ExternalRecordStoreOptions,
  ) {
    this.skolem = new Skolemizer(options.baseUrl);
    this.intervals = new ExternalValidityIntervals(catalogue, client);
    this.log = options.logger ?? { info: () => undefined, warn: (fields, msg) => process.emitWarning(`${msg ?? ''} ${JSON.stringify(fields)}`) };
    catalogue.database.exec(INTENTS_SQL);
  }

  /**
   * Opens the catalogue and settles the intents a crash may have left.
   * @param options - store client, catalogue file, base URL.
   * @returns the store, consistent with the external store.
   * @throws ServiceUnavailableError when intents are pending and the store cannot be reached.
   */
  public static async open(options: ExternalRecordStoreOptions): Promise<ExternalRecordStore> {
    const store = new ExternalRecordStore(new SqliteRecordStore(options.catalogPath), options.client, options);
    try {
      await store.settleIntents();
      if (await store.intervals.deriveIfMissing()) store.log.info({}, 'derived the validity intervals of every configuration');
      // Intervals a write could not send before the service stopped (or crashed) are sent now.
      const outstanding = store.staleIntervals;
      await store.deriveIntervals(outstanding);
      if (outstanding > 0 && store.staleIntervals === 0) store.log.info({ records: outstanding }, 'sent the validity intervals that earlier writes could not');
    } catch (error) {
      await store.catalogue.close();
      throw error;
    }
    return store;
  }

  /** The catalogue's database, for the token registry. */
  public get database(): Database.Database {
    return this.catalogue.database;
  }

  /** Intents not yet settled (0 unless the store was unreachable during a write). */
  public get pendingIntents(): number {
    return (this.catalogue.database.prepare('SELECT COUNT(*) AS n FROM store_intents').get() as { n: number }).n;
  }

  /** @returns the external store's endpoint and the intents not yet settled there. */
  public health(): StoreHealth {
    return { endpoint: this.client.queryEndpoint, pendingWrites: this.pendingIntents };
  }

  public onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  private notify(iri: string, ntriples: string | null): void {
    notifyListeners(this.listeners, iri, ntriples, (message) => this.log.warn({ iri }, message));
  }

  /** Runs write steps one at a time (the intent protocol assumes one write in flight). */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  // ── Reads ────────────────────────────────────────────────────────────────────────────────

  /**
   * Reads a record: metadata from the catalogue, the graph from the store. When the store's graph
   * equals (by value) the one acknowledged, the acknowledged spelling is served, so ETags stay
   * stable across stores that re-spell literals; when it differs (edited behind the service), the
   * store's graph is served, with its own ETag, and the difference is logged.
   */
  public async get(iri: string): Promise<StoredRecord | undefined> {
    const record = await this.catalogue.get(iri);
    if (record?.deletedAt !== undefined || record === undefined) return record;
    const stored = this.skolem.deskolemize(await this.client.readGraph(iri));
    if (sameGraphByValue(stored, parseNTriples(record.ntriples))) return record;
    const ntriples = canonicalNTriples(stored);
    this.log.warn({ iri, catalogueTriples: record.triples, storeTriples: stored.length }, 'the store holds another graph than the last one written through the service; serving the store\'s');
    return { ...record, ntriples, triples: stored.length, etag: etagOf(ntriples) };
  }

  public meta(iri: string): Promise<RecordMeta | undefined> {
    return this.catalogue.meta(iri);
  }

  public history(iri: string): Promise<HistoryEntry[]> {
    return this.catalogue.history(iri);
  }

  /** The catalogue keeps every revision's change, so the graph is rebuilt there. */
  public revisionGraph(iri: string, version: number): Promise<string | undefined> {
    return this.catalogue.revisionGraph(iri, version);
  }

  public typesOf(subjects: readonly string[]): Promise<Map<string, string[]>> {
    return this.catalogue.typesOf(subjects);
  }

  public links(pattern: Partial<RecordLink>): Promise<(RecordLink & { record: string })[]> {
    return this.catalogue.links(pattern);
  }

  public list(kind?: RecordKind): Promise<RecordMeta[]> {
    return this.catalogue.list(kind);
  }

  public countByKind(): Promise<ReadonlyMap<RecordKind, number>> {
    return this.catalogue.countByKind();
  }

  public stats(): Promise<{ records: number; tombstones: number; triples: number }> {
    return this.catalogue.stats();
  }

  // ── Writes ───────────────────────────────────────────────────────────────────────────────

  public async create(write: RecordWrite): Promise<StoredRecord> {
    const [record] = await this.createAll([write]);
    if (record === undefined) throw new Error('create wrote nothing');
    return record;
  }

  public createAll(writes: readonly RecordWrite[]): Promise<StoredRecord[]> {
    return this.exclusive(async () => {
      this.assertNew(writes);
      return this.apply({ op: 'create', writes: writes.map(serialize) }, () => this.catalogue.createAll(writes));
    });
  }

  public createMany(writes: readonly RecordWrite[]): Promise<number> {
    return this.exclusive(async () => {
      this.assertNew(writes);
      return this.apply({ op: 'createMany', writes: writes.map(serialize) }, () => this.catalogue.createMany(writes));
    });
  }

  public revive(write: RecordWrite): Promise<StoredRecord> {
    return this.exclusive(async () => {
      this.catalogue.assertRevivable(write.iri);
      return this.apply({ op: 'revive', writes: [serialize(write)] }, () => this.catalogue.revive(write));
    });
  }

  public update(write: RecordWrite, ifMatch?: string): Promise<StoredRecord> {
    return this.exclusive(async () => {
      this.catalogue.assertLive(write.iri, ifMatch);
      return this.apply({ op: 'update', writes: [serialize(write)] }, () => this.catalogue.update(write, ifMatch));
    });
  }

  public delete(iri: string, actor: string, ifMatch?: string, note?: string): Promise<RecordMeta> {
    return this.exclusive(async () => {
      this.catalogue.assertLive(iri, ifMatch);
      return this.apply({ op: 'delete', iri, actor, note }, () => this.catalogue.delete(iri, actor, ifMatch, note));
    });
  }

  public rename(from: string, to: string, actor: string): Promise<RenameResult> {
    return this.exclusive(async () => {
      const writes = this.catalogue.planRename(from, to, actor);
      return this.apply({ op: 'rename', from, to, actor, writes: writes.map(serialize) }, () => Promise.resolve(this.catalogue.commitRename(from, to, actor, writes)));
    });
  }

  public canonicalOf(iri: string): Promise<string | undefined> {
    return this.catalogue.canonicalOf(iri);
  }

  public aliases(): Promise<ReadonlyMap<string, string>> {
    return this.catalogue.aliases();
  }

  private assertNew(writes: readonly RecordWrite[]): void {
    const seen = new Set<string>();
    for (const write of writes) {
      this.catalogue.assertCreatable(write.iri);
      if (seen.has(write.iri)) throw new ConflictError(`${write.iri} appears twice in one write.`);
      seen.add(write.iri);
    }
  }

  /**
   * The write protocol (see the class comment): intent, store, catalogue.
   * @param intent - what is written.
   * @param commit - the catalogue's write, run in the transaction that deletes the intent.
   */
  private async apply<T>(intent: Intent, commit: () => Promise<T>): Promise<T> {
    await this.settleIntents();
    const db = this.catalogue.database;
    const id = Number(db.prepare('INSERT INTO store_intents(at, intent) VALUES (?, ?)').run(new Date().toISOString(), JSON.stringify(intent)).lastInsertRowid);
    try {
      await this.send(intent);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) {
        // The store answered with an error: an Update request is atomic, so nothing was applied.
        db.prepare('DELETE FROM store_intents WHERE id = ?').run(id);
        throw error;
      }
      // No answer: applied or not, the store knows. Ask it; if it cannot say, the intent stays.
      const applied = await this.storeHolds(intent).catch(() => {
        throw error;
      });
      if (!applied) {
        await this.restore(id, intent).catch(() => {
          throw error;
        });
        throw error;
      }
    }
    return this.commit(id, intent, commit);
  }

  /** Catalogue write and intent deletion in one transaction, then the listeners. */
  private async commit<T>(id: number, intent: Intent, write: () => Promise<T>): Promise<T> {
    const db = this.catalogue.database;
    const written = [...intendedGraphs(intent).keys()];
    const concerned = await this.intervals.instancesOf(written);
    let pending!: Promise<T>;
    try {
      db.transaction(() => {
        pending = write();
        db.prepare('DELETE FROM store_intents WHERE id = ?').run(id);
        const stale = db.prepare('INSERT OR IGNORE INTO store_stale_intervals(iri, role) VALUES (?, ?)');
        for (const instance of concerned) stale.run(instance, 'instance');
        for (const record of written) stale.run(record, 'written');
      })();
    } catch (error) {
      // The catalogue refused (it should not, the write was checked): put the store back.
      await this.restore(id, intent).catch(() => undefined);
      throw error;
    }
    const result = await pending;
    await this.deriveIntervals(written.length);
    for (const [graph, ntriples] of intendedGraphs(intent)) this.notify(graph, ntriples);
    return result;
  }

  /**
   * Re-derives the validity intervals a committed write concerns (see external-validity-intervals.ts),
   * with those of earlier writes still outstanding. The records are already written: when the store
   * refuses, the failure is logged and the intervals are sent with the next write, or when the
   * service next opens the store.
   * @param records - how many records the write wrote (for the log).
   */
  private async deriveIntervals(records: number): Promise<void> {
    try {
      await this.settleIntervals();
    } catch (error) {
      this.log.warn({ records, outstanding: this.staleIntervals, error: error instanceof Error ? error.message : String(error) }, 'could not update the derived validity intervals; they are sent with the next write or at the next start');
    }
  }

  /** Records whose derived intervals the store may not hold yet (see store_stale_intervals). */
  public get staleIntervals(): number {
    return (this.catalogue.database.prepare("SELECT COUNT(*) AS n FROM store_stale_intervals WHERE role = 'written'").get() as { n: number }).n;
  }

  /**
   * Sends the intervals of every write committed whose intervals were not sent yet: the instances
   * each concerned before it and after it (the catalogue as it is now), derived afresh.
   * @returns how many records' intervals were sent.
   */
  private async settleIntervals(): Promise<number> {
    const rows = this.catalogue.database.prepare('SELECT iri, role FROM store_stale_intervals').all() as { iri: string; role: 'instance' | 'written' }[];
    if (rows.length === 0) return 0;
    const written = rows.filter((r) => r.role === 'written').map((r) => r.iri);
    const concerned = new Set([...rows.filter((r) => r.role === 'instance').map((r) => r.iri), ...await this.intervals.instancesOf(written)]);
    await this.intervals.derive(concerned, written);
    const sent = this.catalogue.database.prepare('DELETE FROM store_stale_intervals WHERE iri = ? AND role = ?');
    this.catalogue.database.transaction(() => {
      for (const row of rows) sent.run(row.iri, row.role);
    })();
    return written.length;
  }

  /**
   * Sends an intent's graphs to the store: with the Graph Store Protocol, one PUT (or DELETE) per
   * graph, a few at a time; else SPARQL Update requests of a bounded size (Virtuoso compiles an
   * Update into SQL and refuses large ones). Only a batch of new records takes several requests;
   * when one fails, the new graphs already written are removed again.
   */
  private async send(intent: Intent): Promise<void> {
    // A load of many records waits out a store briefly unreachable; an interactive write answers 503 at once.
    const patience = intent.op === 'createMany' ? 'bulk' : 'interactive';
    const graphs = [...intendedGraphs(intent)].map(([graph, ntriples]) => ({ graph, ntriples, quads: ntriples === null ? null : this.skolem.skolemize(graph, parseNTriples(ntriples)) }));
    const written: string[] = [];
    let failure: unknown;
    if (this.client.hasGraphStore) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (failure === undefined && next < graphs.length) {
          const graph = graphs[next];
          next += 1;
          if (graph === undefined) break;
          try {
            await this.client.writeGraph(graph.graph, graph.quads, patience);
            written.push(graph.graph);
          } catch (error) {
            failure ??= error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(GSP_CONCURRENCY, graphs.length) }, worker));
    } else {
      const limit = this.options.maxUpdateChars ?? MAX_UPDATE_CHARS;
      let batch: typeof graphs = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        if (batch.length === 0 || failure !== undefined) return;
        try {
          const sent = batch;
          await this.client.replaceGraphs(sent, patience);
          written.push(...sent.map((g) => g.graph));
        } catch (error) {
          failure = error;
        }
        batch = [];
        size = 0;
      };
      for (const graph of graphs) {
        const chars = (graph.ntriples?.length ?? 0) + graph.graph.length;
        if (batch.length > 0 && (size + chars > limit || batch.length >= MAX_UPDATE_GRAPHS)) await flush();
        batch.push(graph);
        size += chars;
      }
      await flush();
    }
    if (failure === undefined) return;
    if (intent.op === 'create' || intent.op === 'createMany') {
      await Promise.allSettled(written.map((graph) => this.client.writeGraph(graph, null)));
    }
    // A rename spans several graphs, maybe several requests: those already written are put back.
    if (intent.op === 'rename' && written.length > 0) await this.putBack(intent).catch(() => undefined);
    throw failure instanceof Error ? failure : new Error('writing to the store failed', { cause: failure });
  }

  /**
   * Settles every intent left by a crash or an unreachable store.
   * @throws ServiceUnavailableError while the store cannot be reached.
   */
  private async settleIntents(): Promise<void> {
    const rows = this.catalogue.database.prepare('SELECT id, intent FROM store_intents ORDER BY id').all() as { id: number; intent: string }[];
    for (const row of rows) {
      const outcome = await this.settle(row.id, JSON.parse(row.intent) as Intent);
      this.log.info({ intent: row.id, outcome }, outcome === 'forward' ? 'completed a write the store had applied' : 'undid a write the store had not fully applied');
    }
  }

  /**
   * Settles one intent: when the store holds every intended graph, the catalogue catches up
   * ('forward'); otherwise the store is put back to the catalogue's graphs ('back').
   */
  private async settle(id: number, intent: Intent): Promise<'forward' | 'back'> {
    if (await this.storeHolds(intent)) {
      await this.commit(id, intent, () => this.replay(intent));
      return 'forward';
    }
    await this.restore(id, intent);
    return 'back';
  }

  /** Whether the store holds every graph of an intent (by value; a withdrawn record as no graph). */
  private async storeHolds(intent: Intent): Promise<boolean> {
    for (const [graph, ntriples] of intendedGraphs(intent)) {
      const stored = this.skolem.deskolemize(await this.client.readGraph(graph));
      if (!sameGraphByValue(stored, ntriples === null ? [] : parseNTriples(ntriples))) return false;
    }
    return true;
  }

  /** Puts an intent's graphs back to the catalogue's state in the store, and drops the intent. */
  private async restore(id: number, intent: Intent): Promise<void> {
    await this.putBack(intent);
    this.catalogue.database.prepare('DELETE FROM store_intents WHERE id = ?').run(id);
  }

  /** Puts an intent's graphs back to the catalogue's state in the store. */
  private async putBack(intent: Intent): Promise<void> {
    const graphs: { graph: string; quads: Quad[] | null }[] = [];
    for (const graph of intendedGraphs(intent).keys()) {
      const record = await this.catalogue.get(graph);
      const live = record !== undefined && record.deletedAt === undefined;
      graphs.push({ graph, quads: live ? this.skolem.skolemize(graph, parseNTriples(record.ntriples)) : null });
    }
    await this.client.replaceGraphs(graphs);
  }

  /** The catalogue write of an intent whose graphs the store already holds. */
  private replay(intent: Intent): Promise<unknown> {
    switch (intent.op) {
      case 'create':
        return this.catalogue.createAll(intent.writes.map(deserialize));
      case 'createMany':
        return this.catalogue.createMany(intent.writes.map(deserialize));
      case 'revive':
        return this.catalogue.revive(deserialize(intent.writes[0] as SerializedWrite));
      case 'update':
        return this.catalogue.update(deserialize(intent.writes[0]));
      case 'delete':
        return this.catalogue.delete(intent.iri, intent.actor, undefined, intent.note);
      case 'rename':
        return Promise.resolve(this.catalogue.commitRename(intent.from, intent.to, intent.actor, intent.writes.map(deserialize)));
    }
  }

  public async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.catalogue.close();
  }
}
