import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordKind } from '../domain/index.js';
import { PHD, SHARED_KINDS } from '../domain/index.js';
import { ConflictError, GoneError, NotFoundError, PreconditionFailedError } from '../errors/index.js';
import type { ChangeListener, HistoryEntry, RecordLink, RecordMeta, RecordStore, RecordWrite, RenameResult, StoreHealth, StoredRecord } from './record-store.js';
import { notifyListeners } from './record-store.js';
import { formerName, graphWrite, mentions, renamedGraph } from './renamed-graph.js';
import { addMissingColumns, SCHEMA_SQL, SCHEMA_VERSION } from './sqlite-schema.js';
import type { TextIndexLogger } from './text-literals.js';
import { TextLiterals } from './text-literals.js';

interface RecordRow {
  iri: string;
  kind: string;
  ntriples: string;
  triples: number;
  etag: string;
  version: number;
  facility: string | null;
  team: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const HAS_CONFIGURATION = PHD.hasConfiguration;
/** The meta key set once shared records of an older file got their creator token's team. */
const TEAMS_BACKFILLED = 'teams_backfilled';
const ACQUIRED_WITH = PHD.acquiredWith;

const TYPES_SQL = `
CREATE TABLE IF NOT EXISTS subject_types (
  record   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  type     TEXT NOT NULL,
  PRIMARY KEY (subject, type, record)
);
CREATE INDEX IF NOT EXISTS subject_types_record ON subject_types(record);
CREATE TABLE IF NOT EXISTS links (
  record     TEXT NOT NULL,
  subject    TEXT NOT NULL,
  predicate  TEXT NOT NULL,
  object     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS links_record ON links(record);
CREATE INDEX IF NOT EXISTS links_subject ON links(predicate, subject);
CREATE INDEX IF NOT EXISTS links_object ON links(predicate, object);
-- The old names of renamed records (a PID adopted later): each is also a tombstone in records, so
-- it is never reused, and resolves to its canonical name (301, SPARQL rewriting).
CREATE TABLE IF NOT EXISTS aliases (
  alias      TEXT PRIMARY KEY,
  canonical  TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_canonical ON aliases(canonical);
`;

/**
 * Tables of other layers in the same database whose `facility` column names a facility: the
 * workspace's memberships and sign-in links (src/accounts) and the PID registry's registrations
 * (src/minting). Each exists only where its layer opened the database.
 */
const FACILITY_KEYED_TABLES = ['memberships', 'signin_links', 'pid_registrations'] as const;

/** How many aliases {@link SqliteRecordStore.canonicalOf} follows before it gives up (a cycle cannot be written, but a hand-edited file might hold one). */
const MAX_ALIAS_HOPS = 16;

/**
 * An entity tag for a graph: a hash of its canonical N-Triples.
 * @param ntriples - canonical N-Triples.
 * @returns a strong ETag value, quoted.
 */
export function etagOf(ntriples: string): string {
  return `"${createHash('sha256').update(ntriples).digest('base64url').slice(0, 27)}"`;
}

function lines(text: string): Set<string> {
  return new Set(text.split('\n').filter(Boolean));
}

function diff(before: string, after: string): { added: string; removed: string } {
  const a = lines(before);
  const b = lines(after);
  return {
    added: [...b].filter((l) => !a.has(l)).map((l) => `${l}\n`).join(''),
    removed: [...a].filter((l) => !b.has(l)).map((l) => `${l}\n`).join(''),
  };
}

function meta(row: Omit<RecordRow, 'ntriples'>): RecordMeta {
  return {
    iri: row.iri,
    kind: row.kind as RecordKind,
    etag: row.etag,
    version: row.version,
    facility: row.facility ?? undefined,
    team: row.team ?? undefined,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at ?? undefined,
    triples: row.triples,
  };
}

/**
 * The embedded record store: SQLite in WAL mode with `synchronous=FULL`, one transaction per write,
 * so an acknowledged write survives a crash of the process or the machine.
 */
export class SqliteRecordStore implements RecordStore {
  public readonly path: string;
  private readonly db: Database.Database;
  private readonly listeners: ChangeListener[] = [];
  /** The text index of the records' literals, kept in each write's transaction. */
  private readonly text: TextLiterals;
  /** Prepared statements of fixed SQL, kept: preparing one per row cost a bulk load a tenth of its time. */
  private readonly statements = new Map<string, Database.Statement>();

  /**
   * Opens (or creates) the store.
   * @param path - the SQLite file (its directory is created).
   * @param options - `maxMb`: cap the file at this many MiB (0 or absent: no cap); `logger`: where
   *   the first build of the text index of an older file reports.
   */
  public constructor(path: string, options: { maxMb?: number; logger?: TextIndexLogger } = {}) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.capSize(options.maxMb ?? 0);
    this.db.exec(SCHEMA_SQL);
    addMissingColumns(this.db);
    this.backfillTeams();
    this.db.exec(TYPES_SQL);
    this.text = new TextLiterals(this.db, options.logger);
    this.db.prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
  }

  /**
   * Gives the shared records of a file written before teams the team of the token that created
   * them, once (a meta key marks it done): without it, a colleague's token of the same facility
   * could not change the model the first token registered.
   */
  private backfillTeams(): void {
    if (this.db.prepare('SELECT 1 FROM meta WHERE key = ?').get(TEAMS_BACKFILLED) !== undefined) return;
    this.db.transaction(() => {
      this.db.prepare(`UPDATE records SET team = (SELECT tokens.facility FROM tokens WHERE tokens.id = records.created_by)
        WHERE team IS NULL AND facility IS NULL AND kind IN (${[...SHARED_KINDS].map(() => '?').join(', ')})`).run(...SHARED_KINDS);
      this.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(TEAMS_BACKFILLED, new Date().toISOString());
    })();
  }

  /** The underlying database, for the token registry (same file, same transactions). */
  public get database(): Database.Database {
    return this.db;
  }

  public onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Runs after commit: a listener that throws must not turn a committed write into an error. */
  private notify(iri: string, ntriples: string | null): void {
    notifyListeners(this.listeners, iri, ntriples, (message) => process.emitWarning(message));
  }

  /** The prepared statement of a fixed SQL text, prepared once per store. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private row(iri: string): RecordRow | undefined {
    return this.statement('SELECT * FROM records WHERE iri = ?').get(iri) as RecordRow | undefined;
  }

  public get(iri: string): Promise<StoredRecord | undefined> {
    const row = this.row(iri);
    return Promise.resolve(row === undefined ? undefined : { ...meta(row), ntriples: row.ntriples });
  }

  private writeTypes(write: RecordWrite): void {
    this.statement('DELETE FROM subject_types WHERE record = ?').run(write.iri);
    const insert = this.statement('INSERT OR IGNORE INTO subject_types(record, subject, type) VALUES (?, ?, ?)');
    for (const [subject, types] of write.types) for (const type of types) insert.run(write.iri, subject, type);
    this.statement('DELETE FROM links WHERE record = ?').run(write.iri);
    const link = this.statement('INSERT INTO links(record, subject, predicate, object) VALUES (?, ?, ?, ?)');
    for (const l of write.links) link.run(write.iri, l.subject, l.predicate, l.object);
  }

  public links(pattern: Partial<RecordLink>): Promise<(RecordLink & { record: string })[]> {
    const where: string[] = [];
    const args: string[] = [];
    for (const key of ['subject', 'predicate', 'object'] as const) {
      const value = pattern[key];
      if (value !== undefined) {
        where.push(`${key} = ?`);
        args.push(value);
      }
    }
    const sql = `SELECT record, subject, predicate, object FROM links${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY record`;
    return Promise.resolve(this.db.prepare(sql).all(...args) as (RecordLink & { record: string })[]);
  }

  public create(write: RecordWrite): Promise<StoredRecord> {
    return Promise.resolve(this.createSync(write));
  }

  public createAll(writes: readonly RecordWrite[]): Promise<StoredRecord[]> {
    const records = this.db.transaction((batch: readonly RecordWrite[]) => batch.map((write) => this.insert(write)))(writes);
    for (const write of writes) this.notify(write.iri, write.ntriples);
    return Promise.resolve(records);
  }

  /**
   * Creates many records in one transaction (bulk load, seeding).
   * @param writes - the records.
   * @returns how many were written.
   */
  /** An operator's cap on the store file (PHD_STORE_MAX_MB): past it, writes fail with SQLITE_FULL as on a full disk. */
  private capSize(maxMb: number): void {
    if (maxMb <= 0) return;
    const pageSize = Number(this.db.pragma('page_size', { simple: true }));
    this.db.pragma(`max_page_count = ${Math.max(1, Math.floor((maxMb * 1024 * 1024) / pageSize))}`);
  }

  public createMany(writes: readonly RecordWrite[]): Promise<number> {
    const run = this.db.transaction((batch: readonly RecordWrite[]) => {
      for (const write of batch) this.insert(write, false);
    });
    run(writes);
    for (const write of writes) this.notify(write.iri, write.ntriples);
    return Promise.resolve(writes.length);
  }

  public meta(iri: string): Promise<RecordMeta | undefined> {
    // Not the graph: the bulk loader asks this of every record it reads.
    const row = this.statement(`SELECT iri, kind, triples, etag, version, facility, team, created_by, created_at, updated_at, deleted_at
      FROM records WHERE iri = ?`).get(iri) as Omit<RecordRow, 'ntriples'> | undefined;
    return Promise.resolve(row === undefined ? undefined : meta(row));
  }

  /**
   * Throws what {@link create} would throw for this IRI (ConflictError), without writing.
   * @param iri - the record IRI.
   */
  public assertCreatable(iri: string): void {
    const existing = this.row(iri);
    if (existing !== undefined) {
      throw new ConflictError(
        existing.deleted_at === null
          ? `${iri} exists already: change it with PUT /records/{id} (If-Match its ETag).`
          : `${iri} was withdrawn on ${existing.deleted_at}; a withdrawn PID is not reused.`,
      );
    }
  }

  /**
   * Throws what {@link update} or {@link delete} would throw (NotFound, Gone, PreconditionFailed), without writing.
   * @param iri - the record IRI.
   * @param ifMatch - the client's If-Match.
   * @returns the record as it stands.
   */
  public assertLive(iri: string, ifMatch: string | undefined): StoredRecord {
    const row = this.live(iri, ifMatch);
    return { ...meta(row), ntriples: row.ntriples };
  }

  /**
   * Throws what {@link revive} would throw (ConflictError), without writing.
   * @param iri - the record IRI.
   */
  public assertRevivable(iri: string): void {
    const row = this.row(iri);
    if (row?.deleted_at === null || row === undefined) throw new ConflictError(`${iri} is not withdrawn; nothing to restore.`);
  }

  /**
   * Inserts a new record (in the caller's transaction).
   * @param write - the record.
   * @param readBack - whether to read the stored record back (a bulk load does not need the copy).
   * @returns the stored record, or undefined when not read back.
   */
  private insert(write: RecordWrite, readBack: false): undefined;
  private insert(write: RecordWrite, readBack?: true): StoredRecord;
  private insert(write: RecordWrite, readBack = true): StoredRecord | undefined {
    this.assertCreatable(write.iri);
    const now = new Date().toISOString();
    const etag = etagOf(write.ntriples);
    this.statement(`INSERT INTO records(iri, kind, ntriples, triples, etag, version, facility, team, created_by, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULL)`).run(write.iri, write.kind, write.ntriples, write.triples, etag, write.facility ?? null, write.team ?? null, write.actor, now, now);
    this.statement('INSERT INTO revisions(iri, version, action, actor, at, added, removed, note) VALUES (?, 1, ?, ?, ?, ?, ?, ?)')
      .run(write.iri, 'create', write.actor, now, write.ntriples, '', write.note ?? null);
    this.writeTypes(write);
    this.text.change('', write.ntriples);
    if (!readBack) return undefined;
    const row = this.row(write.iri);
    if (row === undefined) throw new Error('insert vanished');
    return { ...meta(row), ntriples: row.ntriples };
  }

  private createSync(write: RecordWrite): StoredRecord {
    const record = this.db.transaction(() => this.insert(write))();
    this.notify(write.iri, write.ntriples);
    return record;
  }

  private live(iri: string, ifMatch: string | undefined): RecordRow {
    const row = this.row(iri);
    if (row === undefined) throw new NotFoundError(`No record ${iri}.`);
    if (row.deleted_at !== null) throw new GoneError(`${iri} was withdrawn on ${row.deleted_at}.`);
    if (ifMatch !== undefined && ifMatch !== '*' && !ifMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(row.etag)) {
      throw new PreconditionFailedError(`${iri} has changed: its ETag is ${row.etag}, not ${ifMatch}. GET it again and retry.`, { details: { etag: row.etag } });
    }
    return row;
  }

  /**
   * An instance changed hands: its configurations and the datasets acquired on them now belong to
   * the new facility (same transaction), so the old facility's token no longer writes them.
   */
  private moveInstance(instance: string, facility: string | null): void {
    const configurations = (this.db.prepare('SELECT object FROM links WHERE subject = ? AND predicate = ?').all(instance, HAS_CONFIGURATION) as { object: string }[]).map((r) => r.object);
    const setFacility = this.db.prepare('UPDATE records SET facility = ? WHERE iri = ?');
    for (const configuration of configurations) {
      setFacility.run(facility, configuration);
      for (const { record } of this.db.prepare('SELECT record FROM links WHERE predicate = ? AND object = ?').all(ACQUIRED_WITH, configuration) as { record: string }[]) {
        setFacility.run(facility, record);
      }
    }
  }

  public revive(write: RecordWrite): Promise<StoredRecord> {
    const record = this.db.transaction(() => {
      this.assertRevivable(write.iri);
      const row = this.row(write.iri);
      if (row === undefined) throw new Error('revive vanished');
      const now = new Date().toISOString();
      const version = row.version + 1;
      this.db.prepare('UPDATE records SET ntriples = ?, triples = ?, etag = ?, version = ?, facility = ?, updated_at = ?, deleted_at = NULL WHERE iri = ?')
        .run(write.ntriples, write.triples, etagOf(write.ntriples), version, write.facility ?? null, now, write.iri);
      this.db.prepare('INSERT INTO revisions(iri, version, action, actor, at, added, removed, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(write.iri, version, 'create', write.actor, now, write.ntriples, '', write.note ?? null);
      this.writeTypes(write);
      this.text.change(row.ntriples, write.ntriples);
      const revived = this.row(write.iri);
      if (revived === undefined) throw new Error('revive vanished');
      return { ...meta(revived), ntriples: revived.ntriples };
    })();
    this.notify(write.iri, write.ntriples);
    return Promise.resolve(record);
  }

  public update(write: RecordWrite, ifMatch?: string): Promise<StoredRecord> {
    const record = this.db.transaction(() => {
      const row = this.live(write.iri, ifMatch);
      const now = new Date().toISOString();
      const version = row.version + 1;
      const { added, removed } = diff(row.ntriples, write.ntriples);
      this.db.prepare('UPDATE records SET ntriples = ?, triples = ?, etag = ?, version = ?, facility = ?, updated_at = ? WHERE iri = ?')
        .run(write.ntriples, write.triples, etagOf(write.ntriples), version, write.facility ?? row.facility, now, write.iri);
      this.db.prepare('INSERT INTO revisions(iri, version, action, actor, at, added, removed, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(write.iri, version, 'update', write.actor, now, added, removed, write.note ?? null);
      this.writeTypes(write);
      this.text.change(row.ntriples, write.ntriples);
      if (write.kind === 'instance' && (write.facility ?? null) !== row.facility) this.moveInstance(write.iri, write.facility ?? null);
      const updated = this.row(write.iri);
      if (updated === undefined) throw new Error('update vanished');
      return { ...meta(updated), ntriples: updated.ntriples };
    })();
    this.notify(write.iri, write.ntriples);
    return Promise.resolve(record);
  }

  public delete(iri: string, actor: string, ifMatch?: string, note?: string): Promise<RecordMeta> {
    const result = this.db.transaction(() => {
      const row = this.live(iri, ifMatch);
      const now = new Date().toISOString();
      const version = row.version + 1;
      this.db.prepare('UPDATE records SET ntriples = \'\', triples = 0, etag = ?, version = ?, updated_at = ?, deleted_at = ? WHERE iri = ?')
        .run(etagOf(`deleted ${iri} ${now}`), version, now, now, iri);
      this.db.prepare('INSERT INTO revisions(iri, version, action, actor, at, added, removed, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(iri, version, 'delete', actor, now, '', row.ntriples, note ?? null);
      this.text.change(row.ntriples, '');
      this.db.prepare('DELETE FROM subject_types WHERE record = ?').run(iri);
      this.db.prepare('DELETE FROM links WHERE record = ?').run(iri);
      const deleted = this.row(iri);
      if (deleted === undefined) throw new Error('delete vanished');
      return meta(deleted);
    })();
    this.notify(iri, null);
    return Promise.resolve(result);
  }

  public rename(from: string, to: string, actor: string): Promise<RenameResult> {
    let result: RenameResult;
    try {
      result = this.db.transaction(() => this.commitRename(from, to, actor, this.planRename(from, to, actor)))();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.notifyRename(from, result);
    return Promise.resolve(result);
  }

  /** The listeners of a rename: the new graph, the old one withdrawn, each relinked record. */
  private notifyRename(from: string, result: RenameResult): void {
    this.notify(result.record.iri, result.record.ntriples);
    this.notify(from, null);
    for (const iri of result.relinked) {
      const row = this.row(iri);
      if (row !== undefined) this.notify(iri, row.ntriples);
    }
  }

  /**
   * The writes a rename makes (see {@link RecordStore.rename}), checked against the catalogue
   * without writing: first the record under its new name, then each record relinked.
   * @param from - the record's IRI.
   * @param to - its new name.
   * @param actor - who renames.
   * @returns the writes.
   */
  public planRename(from: string, to: string, actor: string): RecordWrite[] {
    const row = this.live(from, undefined);
    this.assertCreatable(to);
    const alias = this.db.prepare('SELECT canonical FROM aliases WHERE alias = ?').get(to) as { canonical: string } | undefined;
    if (alias !== undefined) throw new ConflictError(`${to} is the former name of ${alias.canonical}; a record cannot take it.`);
    if ((this.db.prepare('SELECT 1 FROM subject_types WHERE subject = ? LIMIT 1').get(to)) !== undefined) throw new ConflictError(`${to} is a node of another record.`);
    // A record named under the old IRI would see its own name rewritten in its graph but not in the catalogue.
    const under = this.db.prepare('SELECT iri FROM records WHERE substr(iri, 1, ?) IN (?, ?) LIMIT 1').get(from.length + 1, `${from}/`, `${from}#`) as { iri: string } | undefined;
    if (under !== undefined) throw new ConflictError(`${under.iri} is a record named under ${from}; ${from} cannot be renamed while it is.`);
    const record = graphWrite(to, row.kind as RecordKind, [...renamedGraph(row.ntriples, from, to), formerName(from, to)], row.facility ?? undefined, actor);
    const naming = this.db.prepare(`SELECT * FROM records WHERE deleted_at IS NULL AND iri <> ?
      AND (instr(ntriples, ?) > 0 OR instr(ntriples, ?) > 0 OR instr(ntriples, ?) > 0) ORDER BY iri`).all(from, `<${from}>`, `<${from}/`, `<${from}#`) as RecordRow[];
    const relinked = naming
      .filter((r) => mentions(r.ntriples, from))
      .map((r) => graphWrite(r.iri, r.kind as RecordKind, renamedGraph(r.ntriples, from, to), r.facility ?? undefined, actor));
    return [record, ...relinked];
  }

  /**
   * Writes a planned rename ({@link planRename}) in one transaction: the new record (keeping the
   * creator and creation date of the old one), the old one's tombstone and alias, and a new
   * revision of each relinked record. Listeners are not called (the caller does).
   * @param from - the record's old IRI.
   * @param to - its new name.
   * @param actor - who renames.
   * @param writes - the plan: the new record first, then the relinked ones.
   * @returns the new record and the records relinked.
   */
  public commitRename(from: string, to: string, actor: string, writes: readonly RecordWrite[]): RenameResult {
    return this.db.transaction(() => {
      const [write, ...relinked] = writes;
      if (write?.iri !== to) throw new Error(`a rename plan starts with ${to}`);
      const old = this.live(from, undefined);
      this.assertCreatable(to);
      const now = new Date().toISOString();
      this.db.prepare(`INSERT INTO records(iri, kind, ntriples, triples, etag, version, facility, team, created_by, created_at, updated_at, deleted_at)
        VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULL)`).run(to, write.kind, write.ntriples, write.triples, etagOf(write.ntriples), old.facility === from ? to : old.facility, old.team, old.created_by, old.created_at, now);
      const revision = this.db.prepare('INSERT INTO revisions(iri, version, action, actor, at, added, removed) VALUES (?, ?, ?, ?, ?, ?, ?)');
      revision.run(to, 1, 'create', actor, now, write.ntriples, '');
      this.writeTypes(write);
      this.text.change('', write.ntriples);
      this.db.prepare('UPDATE records SET ntriples = \'\', triples = 0, etag = ?, version = ?, updated_at = ?, deleted_at = ? WHERE iri = ?')
        .run(etagOf(`renamed ${from} ${to} ${now}`), old.version + 1, now, now, from);
      revision.run(from, old.version + 1, 'delete', actor, now, '', old.ntriples);
      this.text.change(old.ntriples, '');
      this.db.prepare('DELETE FROM subject_types WHERE record = ?').run(from);
      this.db.prepare('DELETE FROM links WHERE record = ?').run(from);
      this.db.prepare('UPDATE aliases SET canonical = ? WHERE canonical = ?').run(to, from);
      this.db.prepare('INSERT INTO aliases(alias, canonical, at) VALUES (?, ?, ?)').run(from, to, now);
      for (const other of relinked) {
        const row = this.live(other.iri, undefined);
        const { added, removed } = diff(row.ntriples, other.ntriples);
        // The facility stays: only names change.
        this.db.prepare('UPDATE records SET ntriples = ?, triples = ?, etag = ?, version = ?, updated_at = ? WHERE iri = ?')
          .run(other.ntriples, other.triples, etagOf(other.ntriples), row.version + 1, now, other.iri);
        revision.run(other.iri, row.version + 1, 'update', actor, now, added, removed);
        this.writeTypes(other);
        this.text.change(row.ntriples, other.ntriples);
      }
      if (old.kind === 'facility') this.moveFacility(from, to);
      const renamed = this.row(to);
      if (renamed === undefined) throw new Error('rename vanished');
      return { record: { ...meta(renamed), ntriples: renamed.ntriples }, relinked: relinked.map((w) => w.iri) };
    })();
  }

  /**
   * Moves what is keyed by a renamed facility's IRI to its new name, inside the rename's transaction:
   * the facility of its records and the team of shared records (tombstones too, so a withdrawn
   * record stays the facility's), its tokens, and — where the workspace's tables are in this
   * database — its team's memberships, its pending sign-in links and the PIDs registered with its
   * own account. A bare store without those tables renames all the same.
   */
  private moveFacility(from: string, to: string): void {
    this.db.prepare('UPDATE records SET facility = ? WHERE facility = ?').run(to, from);
    this.db.prepare('UPDATE records SET team = ? WHERE team = ?').run(to, from);
    this.db.prepare('UPDATE tokens SET facility = ? WHERE facility = ?').run(to, from);
    const tables = new Set((this.db.prepare('SELECT name FROM sqlite_master WHERE type = \'table\'').all() as { name: string }[]).map((t) => t.name));
    for (const table of FACILITY_KEYED_TABLES) {
      if (tables.has(table)) this.db.prepare(`UPDATE ${table} SET facility = ? WHERE facility = ?`).run(to, from);
    }
  }

  public canonicalOf(iri: string): Promise<string | undefined> {
    const next = this.db.prepare('SELECT canonical FROM aliases WHERE alias = ?');
    let current: string | undefined;
    for (let hop = 0; hop < MAX_ALIAS_HOPS; hop += 1) {
      const row = next.get(current ?? iri) as { canonical: string } | undefined;
      if (row === undefined) break;
      current = row.canonical;
    }
    return Promise.resolve(current);
  }

  public aliases(): Promise<ReadonlyMap<string, string>> {
    const rows = this.db.prepare('SELECT alias, canonical FROM aliases').all() as { alias: string; canonical: string }[];
    return Promise.resolve(new Map(rows.map((r) => [r.alias, r.canonical])));
  }

  public history(iri: string): Promise<HistoryEntry[]> {
    const rows = this.db.prepare('SELECT version, action, actor, at, added, removed, note FROM revisions WHERE iri = ? ORDER BY version').all(iri) as (Omit<HistoryEntry, 'note'> & { note: string | null })[];
    return Promise.resolve(rows.map((row) => ({ ...row, note: row.note ?? undefined })));
  }

  public revisionGraph(iri: string, version: number): Promise<string | undefined> {
    const rows = this.db.prepare('SELECT version, added, removed FROM revisions WHERE iri = ? AND version <= ? ORDER BY version').all(iri, version) as { version: number; added: string; removed: string }[];
    if (rows.at(-1)?.version !== version) return Promise.resolve(undefined);
    // Each revision stores its change as whole N-Triples lines, so replaying them in order rebuilds the graph.
    const graph = new Set<string>();
    for (const row of rows) {
      for (const line of lines(row.removed)) graph.delete(line);
      for (const line of lines(row.added)) graph.add(line);
    }
    return Promise.resolve([...graph].sort().map((line) => `${line}\n`).join(''));
  }

  public typesOf(subjects: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    const query = this.statement('SELECT type FROM subject_types WHERE subject = ?');
    for (const subject of new Set(subjects)) {
      const types = (query.all(subject) as { type: string }[]).map((r) => r.type);
      if (types.length > 0) result.set(subject, types);
    }
    return Promise.resolve(result);
  }

  public list(kind?: RecordKind): Promise<RecordMeta[]> {
    const rows = (kind === undefined
      ? this.db.prepare('SELECT * FROM records WHERE deleted_at IS NULL ORDER BY iri').all()
      : this.db.prepare('SELECT * FROM records WHERE deleted_at IS NULL AND kind = ? ORDER BY iri').all(kind)) as RecordRow[];
    return Promise.resolve(rows.map(meta));
  }

  public countByKind(): Promise<ReadonlyMap<RecordKind, number>> {
    const rows = this.db.prepare('SELECT kind, COUNT(*) AS n FROM records WHERE deleted_at IS NULL GROUP BY kind').all() as { kind: RecordKind; n: number }[];
    return Promise.resolve(new Map(rows.map((r) => [r.kind, r.n])));
  }

  public stats(): Promise<{ records: number; tombstones: number; triples: number }> {
    const row = this.db.prepare(`SELECT
        SUM(CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END) AS records,
        SUM(CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END) AS tombstones,
        COALESCE(SUM(triples), 0) AS triples FROM records`).get() as { records: number | null; tombstones: number | null; triples: number };
    return Promise.resolve({ records: row.records ?? 0, tombstones: row.tombstones ?? 0, triples: row.triples });
  }

  /** @returns `embedded`: the records and the catalogue are this file. */
  public health(): StoreHealth {
    return 'embedded';
  }

  public close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
