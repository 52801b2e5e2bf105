import type { RecordKind } from '../domain/index.js';

/** What the store knows about a record, without its graph. */
export interface RecordMeta {
  readonly iri: string;
  readonly kind: RecordKind;
  readonly etag: string;
  readonly version: number;
  /** The facility whose token may write it; undefined for shared records. */
  readonly facility: string | undefined;
  /**
   * For a shared record: the facility whose team owns it (its creator's facility, set on create and
   * never changed); undefined for records of a facility and shared records created outside a team.
   * Optional so that records built by hand (tests, doubles) need not name it.
   */
  readonly team?: string | undefined;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set on a tombstone. */
  readonly deletedAt: string | undefined;
  readonly triples: number;
}

/** A record with its graph as canonical N-Triples. */
export interface StoredRecord extends RecordMeta {
  readonly ntriples: string;
}

/** One entry of a record's history. */
export interface HistoryEntry {
  readonly version: number;
  readonly action: 'create' | 'update' | 'delete';
  readonly actor: string;
  readonly at: string;
  /** Triples added by this write, as N-Triples. */
  readonly added: string;
  /** Triples removed by this write, as N-Triples. */
  readonly removed: string;
  /** Why the revision was made, in words (a withdrawal's reason, "restored version 2"…); undefined when none was given. */
  readonly note: string | undefined;
}

/** A write of one record's whole graph. */
export interface RecordWrite {
  readonly iri: string;
  readonly kind: RecordKind;
  /** Canonical N-Triples of the new graph. */
  readonly ntriples: string;
  readonly triples: number;
  readonly facility: string | undefined;
  /** On create, the team owning a shared record (see {@link RecordMeta.team}); ignored by updates. */
  readonly team?: string | undefined;
  /** Who writes: a token id, `admin`, or `seed`. */
  readonly actor: string;
  /** Subject → rdf:type IRIs in the new graph, for reference lookups. */
  readonly types: ReadonlyMap<string, readonly string[]>;
  /** The record's links between records (see {@link LINK_PREDICATES}), for navigation. */
  readonly links: readonly RecordLink[];
  /** Why this revision is made, in words, kept in its history entry (e.g. "restored version 2"). */
  readonly note?: string | undefined;
}

/** A link triple between records, indexed for navigation (the chain, datasets of a configuration…). */
export interface RecordLink {
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
}

/** What a rename wrote: the record under its new name, and the records whose triples named the old one. */
export interface RenameResult {
  readonly record: StoredRecord;
  /** Records rewritten as a new revision because they named the old IRI or one of its nodes. */
  readonly relinked: readonly string[];
}

/** Called after each committed write, in commit order (the query index listens). */
export type ChangeListener = (iri: string, ntriples: string | null) => void;

/**
 * Calls every listener after a commit. A listener that throws must not turn a committed write into
 * an error: its failure is reported and the others still run.
 * @param listeners - the store's listeners.
 * @param iri - the record written.
 * @param ntriples - its new graph, or null when withdrawn.
 * @param report - where a listener's failure goes.
 */
export function notifyListeners(listeners: readonly ChangeListener[], iri: string, ntriples: string | null, report: (message: string) => void): void {
  for (const listener of listeners) {
    try {
      listener(iri, ntriples);
    } catch (error) {
      report(`change listener failed for ${iri}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** What /health reports about the store: `embedded`, or the external store's endpoint and its writes not yet settled there. */
export type StoreHealth = 'embedded' | { readonly endpoint: string; readonly pendingWrites: number };

/**
 * The record of truth. Every write replaces one record's graph atomically and durably: when a
 * method resolves, the write survives a crash. Implementations: {@link SqliteRecordStore} (embedded)
 * and {@link ExternalRecordStore} (graphs in a SPARQL store, the catalogue in SQLite).
 */
export interface RecordStore {
  /** @returns the record or its tombstone, or undefined when never written. */
  get: (iri: string) => Promise<StoredRecord | undefined>;
  /** Creates a record. Throws ConflictError if it exists (or existed: tombstones keep their IRI). */
  create: (write: RecordWrite) => Promise<StoredRecord>;
  /** What the store knows about a record (or its tombstone) without reading its graph. */
  meta: (iri: string) => Promise<RecordMeta | undefined>;
  /** Creates several records in one transaction: all are stored, or none (an import's records). */
  createAll: (writes: readonly RecordWrite[]) => Promise<StoredRecord[]>;
  /** Like {@link createAll} without reading the records back (bulk loads). @returns how many were written. */
  createMany: (writes: readonly RecordWrite[]) => Promise<number>;
  /** Restores a withdrawn record with a new graph, as its next version (the administrator's repair). */
  revive: (write: RecordWrite) => Promise<StoredRecord>;
  /** Replaces a live record's graph. Throws NotFound/Gone, PreconditionFailed when `ifMatch` differs. */
  update: (write: RecordWrite, ifMatch?: string) => Promise<StoredRecord>;
  /** Withdraws a record, leaving a tombstone; `note` (the reason, in words) is kept in its history entry. */
  delete: (iri: string, actor: string, ifMatch?: string, note?: string) => Promise<RecordMeta>;
  history: (iri: string) => Promise<HistoryEntry[]>;
  /**
   * The record's graph as it stood after one of its revisions, rebuilt by replaying the history
   * (each revision's added and removed triples) up to it.
   * @returns canonical N-Triples (empty for a revision that withdrew the record), or undefined when the record has no such revision.
   */
  revisionGraph: (iri: string, version: number) => Promise<string | undefined>;
  /**
   * Renames a live record in one transaction (a PID adopted later): the record moves to `to` with
   * its nodes (`{from}/…` → `{to}/…`) and `<to> owl:sameAs <from>`; every live record naming the
   * old IRI or its nodes gets a new revision by `actor` whose only change is the rename; `from`
   * becomes a tombstone kept as an alias of `to`. Each record keeps its facility.
   * Throws NotFound/Gone for `from`, ConflictError when `to` is or was used, or names a node.
   * @returns the renamed record and the records relinked.
   */
  rename: (from: string, to: string, actor: string) => Promise<RenameResult>;
  /** @returns the name an alias (a renamed record's old IRI) now stands for, following chains; undefined when not an alias. */
  canonicalOf: (iri: string) => Promise<string | undefined>;
  /** @returns every alias with the name it stands for. */
  aliases: () => Promise<ReadonlyMap<string, string>>;
  /** rdf:type IRIs of the given subjects, across live records. */
  typesOf: (subjects: readonly string[]) => Promise<Map<string, string[]>>;
  /**
   * Links in live records matching a pattern (undefined = any).
   * @returns the links with the record that holds each.
   */
  links: (pattern: Partial<RecordLink>) => Promise<(RecordLink & { record: string })[]>;
  /** Live records of a kind, or all. */
  list: (kind?: RecordKind) => Promise<RecordMeta[]>;
  stats: () => Promise<{ records: number; tombstones: number; triples: number }>;
  /** @returns how many live records of each kind the catalogue holds (kinds without records are absent); no record body is read. */
  countByKind: () => Promise<ReadonlyMap<RecordKind, number>>;
  /** @returns which store this is, for /health. */
  health: () => StoreHealth;
  onChange: (listener: ChangeListener) => void;
  close: () => Promise<void>;
}
