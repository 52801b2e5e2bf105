import type Database from 'better-sqlite3';
import type { MintingConfig } from '../config/index.js';
import { LINK_PREDICATES, pidFromIri } from '../domain/index.js';
import type { Pid } from '../domain/index.js';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import { accountFor } from './minting-accounts.js';
import type { PidRegistration, SyncState } from './pid-minting.js';
import { isServiceSuffix } from './pid-suffix.js';
import type { ProviderName, ProviderState, TargetState } from './pid-provider.js';

const REGISTRY_SQL = `
CREATE TABLE IF NOT EXISTS pid_registrations (
  pid                TEXT PRIMARY KEY,
  id                 TEXT NOT NULL,
  record             TEXT NOT NULL,
  provider           TEXT NOT NULL CHECK (provider IN ('datacite', 'handle')),
  facility           TEXT,
  target             TEXT NOT NULL CHECK (target IN ('draft', 'findable', 'hidden')),
  provider_state     TEXT,
  generation         INTEGER NOT NULL,
  synced_generation  INTEGER NOT NULL DEFAULT 0,
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    TEXT,
  last_error         TEXT,
  last_status        INTEGER,
  failure            TEXT CHECK (failure IS NULL OR failure IN ('failed', 'dead')),
  published_at       TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pid_registrations_record ON pid_registrations(record);
CREATE INDEX IF NOT EXISTS pid_registrations_due ON pid_registrations(failure, next_attempt_at);
`;

/** The `meta` key of the consumer's cursor: the id of the last revision turned into marks. */
export const PID_SYNC_CURSOR = 'pid_sync_revision';

/** The kinds of record that get a PID registered. */
const REGISTERED_KINDS: ReadonlySet<string> = new Set(['instance', 'configuration']);

/** IRIs in N-Triples that may name a registered record (records registered here are named by their PID). */
const PID_IRIS = /<(https:\/\/(?:doi\.org|hdl\.handle\.net)\/[^>]*)>/g;

/** The sync state of a row, in SQL (see {@link SyncState}). */
const SYNC_SQL: Readonly<Record<SyncState, string>> = {
  synced: 'failure IS NULL AND generation <= synced_generation',
  pending: 'failure IS NULL AND generation > synced_generation',
  failed: 'failure = \'failed\'',
  dead: 'failure = \'dead\'',
};

interface RegistrationRow {
  pid: string;
  id: string;
  record: string;
  provider: ProviderName;
  facility: string | null;
  target: TargetState;
  provider_state: ProviderState | null;
  generation: number;
  synced_generation: number;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_status: number | null;
  failure: 'failed' | 'dead' | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

interface RevisionRow {
  id: number;
  iri: string;
  action: 'create' | 'update' | 'delete';
  added: string;
  removed: string;
  kind: string | null;
  facility: string | null;
}

/** A registration the pusher should send now, with the generation it sends. */
export interface DueRegistration {
  readonly pid: string;
  readonly id: string;
  readonly record: string;
  readonly provider: ProviderName;
  readonly facility: string | undefined;
  readonly target: TargetState;
  /** The generation read before the push: recorded as synced when the push succeeds. */
  readonly generation: number;
  /** Failed tries so far. */
  readonly attempts: number;
}

/** How a push failed, as the pusher decided (see PidSync). */
export type PushFailure =
  | { readonly kind: 'retry'; readonly nextAttemptAt: Date }
  | { readonly kind: 'dead' }
  | { readonly kind: 'failed' };

/** Counts of the registrations, by sync state. */
export interface RegistrationCounts {
  readonly registrations: number;
  readonly pending: number;
  readonly failed: number;
  readonly dead: number;
}

/** Options of {@link PidRegistry}. */
export interface PidRegistryOptions {
  /** Revisions read per transaction (default 200). */
  readonly batchSize?: number;
  /** The clock (tests). */
  readonly now?: () => Date;
}

/** Who registers a PID: the provider of its prefix and the facility whose account it is (undefined: the service's). */
export interface Registrar {
  readonly provider: ProviderName;
  readonly facility: string | undefined;
}

/**
 * Which account registers a new PID: none when its prefix is not the prefix of the account that
 * mints for the record's facility ({@link accountFor}: the facility's own DataCite repository, else
 * the service's; the handle server for a handle). A facility never registers under another
 * facility's prefix, which that facility's repository alone may hold.
 * @param minting - the minting configuration.
 * @param pid - the PID (a DOI or handle).
 * @param recordFacility - the facility of the record it names.
 * @returns the registrar, or undefined.
 */
export function registrarOf(minting: MintingConfig, pid: Pid, recordFacility: string | undefined): Registrar | undefined {
  if (pid.scheme !== 'doi' && pid.scheme !== 'handle') return undefined;
  const account = accountFor(minting, recordFacility, pid.scheme === 'doi' ? 'datacite' : 'handle');
  // Handle prefixes are case-insensitive like DOI prefixes (Handle.Net resolves them so).
  if (account?.account.prefix.toLowerCase() !== pid.id.slice(0, pid.id.indexOf('/')).toLowerCase()) return undefined;
  const own = account.provider === 'datacite' && recordFacility !== undefined && minting.facilityDatacite.has(recordFacility);
  return { provider: account.provider, facility: own ? recordFacility : undefined };
}

/**
 * The prefixes a facility may register new PIDs under.
 * @param minting - the minting configuration.
 * @param facility - the record's facility.
 * @param provider - only this provider's (both when undefined).
 * @returns them.
 */
export function prefixesFor(minting: MintingConfig, facility: string | undefined, provider?: ProviderName): string[] {
  const providers: ProviderName[] = provider === undefined ? ['datacite', 'handle'] : [provider];
  return providers.map((p) => accountFor(minting, facility, p)?.account.prefix).filter((p) => p !== undefined);
}

function syncOf(row: RegistrationRow): SyncState {
  if (row.failure !== null) return row.failure;
  return row.generation > row.synced_generation ? 'pending' : 'synced';
}

function registration(row: RegistrationRow): PidRegistration {
  return {
    pid: row.pid,
    id: row.id,
    provider: row.provider,
    facility: row.facility ?? undefined,
    target: row.target,
    providerState: row.provider_state ?? undefined,
    sync: syncOf(row),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at ?? undefined,
    lastError: row.last_error ?? undefined,
    lastStatus: row.last_status ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The PIDs this service registers (`pid_registrations`, in the store's own SQLite database) and the
 * consumer that keeps them marked dirty: the durable outbox of PID pushes.
 *
 * The store writes a revision in every write's own transaction, for the embedded and the external
 * store alike; the revisions are the log of changes. {@link consume} reads them after a cursor kept
 * in `meta` and turns each into marks, in one transaction per batch with the cursor's advance, so a
 * crash anywhere leaves either the whole batch applied or none of it. A mark is a new *generation*
 * of the registration; the pusher sends the record as it stands and then records the generation it
 * read as synced, so a change during a push is sent again and a push lost in a crash is sent again.
 *
 * Marks: a created instance or configuration named by a DOI or handle under its facility's prefix,
 * with a name the service chose (a `phd-xxxx-xxxx` suffix, or an adopted PID), gets a draft registration; a withdrawn record's registration targets `hidden`; any change of a
 * record bumps the registrations of that record and of the records one link away (a new
 * configuration version bumps its instance and the version it revises; an edited model bumps its
 * instances), since their registered metadata names it.
 */
export class PidRegistry {
  private readonly db: Database.Database;
  private readonly minting: MintingConfig;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private readonly linkPredicates = [...LINK_PREDICATES];
  /** {@link batch} in one immediate transaction: the cursor is read and advanced by one writer at a time. */
  private readonly consumeBatch: Database.Transaction<() => number>;
  /** The consumer's statements, prepared once: it runs several per revision. */
  private readonly sql: Readonly<Record<'cursor' | 'advance' | 'revisions' | 'bump' | 'hide' | 'restore' | 'insert' | 'adopted' | 'linksOf' | 'linkedBySubject' | 'linkedByObject', Database.Statement>>;

  /**
   * Creates the table if needed. The first time (no cursor yet) the cursor starts at the latest
   * revision: records written before minting was configured are registered only by `mint`, since
   * their PIDs may already be registered by hand.
   * @param database - the store's database (the embedded store's file, or the external store's catalogue).
   * @param minting - the minting configuration (prefixes and accounts).
   * @param options - batch size, clock.
   */
  public constructor(database: Database.Database, minting: MintingConfig, options: PidRegistryOptions = {}) {
    this.db = database;
    this.minting = minting;
    this.batchSize = options.batchSize ?? 200;
    this.now = options.now ?? (() => new Date());
    this.db.exec(REGISTRY_SQL);
    this.consumeBatch = this.db.transaction(() => this.batch());
    const marks = this.linkPredicates.map(() => '?').join(', ');
    this.sql = {
      cursor: this.db.prepare('SELECT value FROM meta WHERE key = ?'),
      advance: this.db.prepare('UPDATE meta SET value = ? WHERE key = ?'),
      revisions: this.db.prepare(`SELECT v.id, v.iri, v.action, v.added, v.removed, r.kind, r.facility
      FROM revisions v LEFT JOIN records r ON r.iri = v.iri WHERE v.id > ? ORDER BY v.id LIMIT ?`),
      bump: this.db.prepare(`UPDATE pid_registrations SET generation = generation + 1,
      attempts = CASE WHEN failure = 'failed' THEN 0 ELSE attempts END,
      failure = CASE WHEN failure = 'failed' THEN NULL ELSE failure END, updated_at = ? WHERE record = ?`),
      hide: this.db.prepare('UPDATE pid_registrations SET target = \'hidden\', updated_at = ? WHERE record = ?'),
      restore: this.db.prepare('UPDATE pid_registrations SET target = CASE WHEN published_at IS NULL THEN \'draft\' ELSE \'findable\' END, updated_at = ? WHERE record = ? AND target = \'hidden\''),
      insert: this.db.prepare(`INSERT OR IGNORE INTO pid_registrations(pid, id, record, provider, facility, target, generation, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'draft', 1, ?, ?)`),
      adopted: this.db.prepare('SELECT 1 FROM aliases WHERE canonical = ? LIMIT 1'),
      linksOf: this.db.prepare('SELECT subject, object FROM links WHERE record = ?'),
      linkedBySubject: this.db.prepare(`SELECT record FROM links WHERE predicate IN (${marks}) AND subject = ?`),
      linkedByObject: this.db.prepare(`SELECT record FROM links WHERE predicate IN (${marks}) AND object = ?`),
    };
    this.db.prepare('INSERT OR IGNORE INTO meta(key, value) SELECT ?, CAST(COALESCE(MAX(id), 0) AS TEXT) FROM revisions').run(PID_SYNC_CURSOR);
  }

  /** The id of the last revision consumed. */
  public get cursor(): number {
    return Number((this.sql.cursor.get(PID_SYNC_CURSOR) as { value: string }).value);
  }

  /**
   * Turns every revision after the cursor into marks, batch by batch.
   * @returns how many revisions were consumed.
   */
  public consume(): number {
    let total = 0;
    for (;;) {
      const consumed = this.consumeBatch.immediate();
      total += consumed;
      if (consumed < this.batchSize) return total;
    }
  }

  /** One batch and the cursor's advance (run in one transaction by {@link consume}). */
  private batch(): number {
    const rows = this.sql.revisions.all(this.cursor, this.batchSize) as RevisionRow[];
    const at = this.now().toISOString();
    for (const row of rows) this.apply(row, at);
    const last = rows.at(-1);
    if (last !== undefined) this.sql.advance.run(String(last.id), PID_SYNC_CURSOR);
    return rows.length;
  }

  private apply(revision: RevisionRow, at: string): void {
    for (const record of this.neighbours(revision)) this.sql.bump.run(at, record);
    if (revision.action === 'delete') {
      this.sql.hide.run(at, revision.iri);
    } else if (revision.action === 'create' && revision.kind !== null && REGISTERED_KINDS.has(revision.kind)) {
      // A create of a record that has a registration is a withdrawn record restored: back to what it was.
      this.sql.restore.run(at, revision.iri);
      if (this.chosenHere(revision.iri)) this.insert(revision.iri, revision.facility ?? undefined, at);
    }
  }

  /**
   * Whether the service chose a created record's name: a new suffix (`<>`), or a PID a record
   * adopted (a crash between the adoption and its registration leaves it to the consumer). A name
   * written by hand is registered only by `mint`: it may be registered elsewhere already.
   */
  private chosenHere(record: string): boolean {
    const suffix = pidFromIri(record)?.id.split('/').slice(1).join('/');
    return (suffix !== undefined && isServiceSuffix(suffix)) || this.sql.adopted.get(record) !== undefined;
  }

  /** The record of a revision and the records one link away from it (before and after the change). */
  private neighbours(revision: RevisionRow): Set<string> {
    const records = new Set([revision.iri]);
    for (const row of this.sql.linksOf.all(revision.iri) as { subject: string; object: string }[]) {
      records.add(row.subject).add(row.object);
    }
    for (const query of [this.sql.linkedBySubject, this.sql.linkedByObject]) {
      for (const row of query.all(...this.linkPredicates, revision.iri) as { record: string }[]) records.add(row.record);
    }
    // A withdrawal removed the record's links with it: the triples it removed name what it linked to.
    for (const text of [revision.added, revision.removed]) for (const match of text.matchAll(PID_IRIS)) records.add(match[1] ?? '');
    return records;
  }

  private insert(record: string, facility: string | undefined, at: string): boolean {
    const pid = pidFromIri(record);
    const registrar = pid === undefined ? undefined : registrarOf(this.minting, pid, facility);
    if (pid === undefined || registrar === undefined) return false;
    this.sql.insert.run(pid.iri, pid.id, record, registrar.provider, registrar.facility ?? null, at, at);
    return true;
  }

  /**
   * Registers a record named by a PID under a prefix minted here, as a draft; a registered one that failed or died is queued again.
   * @param record - the record IRI (its PID).
   * @param facility - the record's facility.
   * @returns the registration.
   * @throws BadRequestError `pid-outside-prefix` when it is not registered and its name is not a PID under a prefix of the facility's.
   */
  public ensure(record: string, facility: string | undefined): PidRegistration {
    // An existing registration keeps the facility it was registered for.
    if (this.row(record) !== undefined) {
      // Minting again sends again what had failed or died.
      this.retry(record);
    } else if (!this.insert(record, facility, this.now().toISOString())) {
      throw new BadRequestError(`${record} is not a DOI or handle under a prefix this facility mints under (${prefixesFor(this.minting, facility).join(', ')}).`, { code: 'pid-outside-prefix', details: { pid: record, prefixes: prefixesFor(this.minting, facility) } });
    }
    return this.required(record);
  }

  private row(pid: string): RegistrationRow | undefined {
    return this.db.prepare('SELECT * FROM pid_registrations WHERE pid = ? OR record = ? ORDER BY pid = ? DESC LIMIT 1').get(pid, pid, pid) as RegistrationRow | undefined;
  }

  private required(pid: string): PidRegistration {
    const row = this.row(pid);
    if (row === undefined) throw new NotFoundError(`${pid} has no PID registered here: mint it first.`);
    return registration(row);
  }

  /**
   * @param pid - the PID IRI or the record it names.
   * @returns its registration, if any.
   */
  public get(pid: string): PidRegistration | undefined {
    const row = this.row(pid);
    return row === undefined ? undefined : registration(row);
  }

  /**
   * @param sync - only those in this state.
   * @param facility - only those of this facility's records (the record's facility in the store, the same database).
   * @returns the registrations, oldest first.
   */
  public list(sync?: SyncState, facility?: string): PidRegistration[] {
    const where = [
      ...(sync === undefined ? [] : [SYNC_SQL[sync]]),
      ...(facility === undefined ? [] : ['record IN (SELECT iri FROM records WHERE facility = ?)']),
    ];
    const rows = this.db.prepare(`SELECT * FROM pid_registrations${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY created_at, rowid`)
      .all(...(facility === undefined ? [] : [facility])) as RegistrationRow[];
    return rows.map(registration);
  }

  /**
   * Another spelling of a PID, registered or naming a record: Handle.Net compares handles
   * case-insensitively, so two spellings would be one handle pointed at by two records.
   * @param pid - the PID IRI.
   * @returns the other spelling found, if any.
   */
  public spelledOtherwise(pid: string): string | undefined {
    const row = this.db.prepare(`SELECT pid AS iri FROM pid_registrations WHERE pid = ? COLLATE NOCASE AND pid <> ?
      UNION ALL SELECT iri FROM records WHERE iri = ? COLLATE NOCASE AND iri <> ? LIMIT 1`).get(pid, pid, pid, pid) as { iri: string } | undefined;
    return row?.iri;
  }

  /** @returns how many registrations there are, and how many are pending, failed, dead. */
  public counts(): RegistrationCounts {
    const row = this.db.prepare(`SELECT COUNT(*) AS registrations,
        COALESCE(SUM(CASE WHEN ${SYNC_SQL.pending} THEN 1 ELSE 0 END), 0) AS pending,
        COALESCE(SUM(CASE WHEN ${SYNC_SQL.failed} THEN 1 ELSE 0 END), 0) AS failed,
        COALESCE(SUM(CASE WHEN ${SYNC_SQL.dead} THEN 1 ELSE 0 END), 0) AS dead FROM pid_registrations`).get() as RegistrationCounts;
    return { registrations: row.registrations, pending: row.pending, failed: row.failed, dead: row.dead };
  }

  /**
   * Makes a registration findable (a change: the pusher sends it), and queues it again when it failed or died.
   * @param pid - the PID IRI or its record.
   * @returns the registration.
   */
  public publish(pid: string): PidRegistration {
    const at = this.now().toISOString();
    this.db.prepare(`UPDATE pid_registrations SET target = 'findable', published_at = COALESCE(published_at, ?), generation = generation + 1,
      attempts = CASE WHEN failure = 'failed' THEN 0 ELSE attempts END,
      failure = CASE WHEN failure = 'failed' THEN NULL ELSE failure END, updated_at = ?
      WHERE (pid = ? OR record = ?) AND target = 'draft'`).run(at, at, pid, pid);
    // An explicit publish sends again what had failed or died.
    this.retry(pid);
    return this.required(pid);
  }

  /**
   * Queues failed and dead registrations again, from a first attempt.
   * @param pid - one PID (or its record); all when undefined.
   * @returns how many were queued.
   */
  public retry(pid?: string): number {
    const where = pid === undefined ? '' : ' AND (pid = ? OR record = ?)';
    const args = pid === undefined ? [] : [pid, pid];
    return this.db.prepare(`UPDATE pid_registrations SET failure = NULL, attempts = 0, next_attempt_at = NULL, updated_at = ? WHERE failure IS NOT NULL${where}`)
      .run(this.now().toISOString(), ...args).changes;
  }

  /**
   * The registrations to push now: changed since their last successful push, not failed or dead, their backoff over.
   * @param limit - at most this many.
   * @returns them: first those never tried, then by the end of their backoff.
   */
  public due(limit = 100): DueRegistration[] {
    const rows = this.db.prepare(`SELECT * FROM pid_registrations WHERE ${SYNC_SQL.pending} AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
      ORDER BY COALESCE(next_attempt_at, ''), created_at, rowid LIMIT ?`).all(this.now().toISOString(), limit) as RegistrationRow[];
    return rows.map((row) => ({
      pid: row.pid, id: row.id, record: row.record, provider: row.provider, facility: row.facility ?? undefined,
      target: row.target, generation: row.generation, attempts: row.attempts,
    }));
  }

  /** @returns when the next pending registration is due (now, when one has no backoff), or undefined when none is pending. */
  public nextDue(): Date | undefined {
    const row = this.db.prepare(`SELECT COUNT(*) AS n, MIN(COALESCE(next_attempt_at, '')) AS next FROM pid_registrations WHERE ${SYNC_SQL.pending}`).get() as { n: number; next: string | null };
    if (row.n === 0) return undefined;
    return row.next === null || row.next === '' ? this.now() : new Date(row.next);
  }

  /**
   * Records a successful push of a generation.
   * @param pid - the PID IRI.
   * @param generation - the generation read before the push.
   * @param state - the provider's state after it.
   */
  public recordSuccess(pid: string, generation: number, state: ProviderState): void {
    this.db.prepare(`UPDATE pid_registrations SET synced_generation = MAX(synced_generation, ?), provider_state = ?, attempts = 0,
      next_attempt_at = NULL, last_error = NULL, last_status = NULL, updated_at = ? WHERE pid = ?`).run(generation, state, this.now().toISOString(), pid);
  }

  /**
   * Records a failed push: to be tried again later, dead, or failed (a refusal). A refusal of a
   * generation that has since changed is not marked failed: the change is pushed instead.
   * @param pid - the PID IRI.
   * @param generation - the generation read before the push.
   * @param failure - what the pusher decided.
   * @param message - the provider's message, or the local reason.
   * @param status - the provider's HTTP status, when it answered.
   */
  public recordFailure(pid: string, generation: number, failure: PushFailure, message: string, status: number | undefined): void {
    const at = this.now().toISOString();
    switch (failure.kind) {
      case 'retry':
        this.db.prepare('UPDATE pid_registrations SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_status = ?, updated_at = ? WHERE pid = ?')
          .run(failure.nextAttemptAt.toISOString(), message, status ?? null, at, pid);
        return;
      case 'dead':
        this.db.prepare('UPDATE pid_registrations SET attempts = attempts + 1, next_attempt_at = NULL, failure = \'dead\', last_error = ?, last_status = ?, updated_at = ? WHERE pid = ?')
          .run(message, status ?? null, at, pid);
        return;
      case 'failed':
        this.db.prepare(`UPDATE pid_registrations SET failure = CASE WHEN generation = ? THEN 'failed' ELSE NULL END, next_attempt_at = NULL,
          last_error = ?, last_status = ?, updated_at = ? WHERE pid = ?`).run(generation, message, status ?? null, at, pid);
        return;
    }
  }
}
