/**
 * How a query worker gets its index at start: from the snapshot of a previous run when it is
 * still that of this database, caught up with the writes made since; otherwise rebuilt from SQLite.
 *
 * Consistency with SQLite rests on the `revisions` table: every write of a record's triples
 * (create, update, delete, restore, rename, bulk load) adds a row in the same transaction, and its
 * AUTOINCREMENT id never goes back. A snapshot records the last revision id it holds and that
 * revision's iri, version and action. At start, in one read transaction:
 * - a snapshot whose revision is not in this database as recorded (another or a restored file),
 *   ahead of it, for another engine build, truncated or corrupted
 *   (CRC-32) is not used: the index is rebuilt from SQLite;
 * - otherwise it is restored, and every record with a revision after it (written by the service
 *   after the snapshot, by `imaging-phd load` while stopped, or just before a crash) is read again
 *   from SQLite and replaced in the index. Past {@link MAX_CATCH_UP} records a rebuild is cheaper.
 * So a stale index is never served.
 */
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { LIVE_GRAPHS_SQL } from '../store/index.js';
import type { CapturedInstance } from '../workers/index.js';
import { openIndexSnapshot, restoreIndexSnapshot, writeIndexSnapshot } from './index-snapshot.js';
import type { SnapshotPosition } from './index-snapshot.js';
import { QueryIndex } from './query-index.js';
import type { IndexLoadReport, RecordGraph } from './query-index.js';

/** Records changed since a snapshot past which the index is rebuilt rather than caught up. */
export const MAX_CATCH_UP = 20_000;
/** Records caught up past which the worker writes a new snapshot, so the next start has less to do. */
export const RESNAPSHOT_AFTER = 1_000;

/**
 * The snapshot file of a store's query index: beside its SQLite file.
 * @param dbPath - the SQLite file.
 * @returns the snapshot's path.
 */
export function indexSnapshotPath(dbPath: string): string {
  return join(dirname(dbPath), 'query-index.snapshot');
}

/** How the index was obtained, beside what it holds. */
export interface IndexStartReport extends IndexLoadReport {
  /** `snapshot`: restored and caught up; `database`: rebuilt from SQLite. */
  readonly source: 'snapshot' | 'database';
  /** Why the snapshot was not used (`missing` when there was none); absent when it was. */
  readonly snapshotRejected?: string | undefined;
  /** Records read again from SQLite because they changed after the snapshot. */
  readonly caughtUp: number;
  /** The last revision id the index holds. */
  readonly revision: number;
}

/** A started index, and whether a new snapshot of it is worth writing. */
export interface StartedIndex {
  readonly index: QueryIndex;
  readonly report: IndexStartReport;
  readonly position: SnapshotPosition;
  readonly snapshotStale: boolean;
}

/** The restored engine is unusable (its memory was overwritten, then the store failed its checks). */
export class SnapshotRestoreError extends Error {}

/**
 * Gets a worker's index: from the snapshot at `snapshotPath` when it is usable, else from SQLite.
 * @param dbPath - the SQLite file, opened read-only.
 * @param vocabulary - graphs loaded beside the records.
 * @param snapshot - the snapshot file and this thread's (fresh) Oxigraph instance; absent: always rebuild.
 * @returns the index, how it was obtained, and the revision it holds.
 * @throws SnapshotRestoreError when a restore failed after overwriting the engine's memory (the worker must exit).
 */
export function startQueryIndex(dbPath: string, vocabulary: readonly RecordGraph[], snapshot?: { path: string; instance: CapturedInstance }): StartedIndex {
  const started = performance.now();
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    // One read transaction: the revision read here and the records read below are the same state.
    db.exec('BEGIN');
    const position = positionOf(db, vocabulary);
    let rejected = 'no snapshot configured';
    if (snapshot !== undefined) {
      const restored = restore(db, snapshot, position);
      if ('index' in restored) {
        const caughtUp = catchUp(db, restored.index, restored.revision, position.revision);
        // The vocabulary is loaded anew: its N-Triples (blank node labels) differ from run to run.
        for (const iri of restored.vocabularyGraphs) restored.index.replace(iri, null);
        const recordQuads = restored.index.size;
        restored.index.loadVocabulary(vocabulary);
        const report = { source: 'snapshot', caughtUp, revision: position.revision, records: countLive(db), quads: recordQuads, vocabularyQuads: restored.index.size - recordQuads, ms: Math.round(performance.now() - started) } as const;
        return { index: restored.index, report, position, snapshotStale: caughtUp >= RESNAPSHOT_AFTER };
      }
      rejected = restored.reason;
    }
    const index = new QueryIndex();
    const records = index.loadRecords(db.prepare<[], RecordGraph>(LIVE_GRAPHS_SQL).iterate());
    const quads = index.size;
    index.loadVocabulary(vocabulary);
    const report = { source: 'database', snapshotRejected: rejected, caughtUp: 0, revision: position.revision, records, quads, vocabularyQuads: index.size - quads, ms: Math.round(performance.now() - started) } as const;
    return { index, report, position, snapshotStale: snapshot !== undefined };
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
}

/**
 * Writes the snapshot of a started index (in its worker, before it handles any write).
 * @param path - the snapshot file.
 * @param instance - this thread's Oxigraph instance.
 * @param started - the index and the position it holds.
 * @returns the bytes written.
 */
export function snapshotQueryIndex(path: string, instance: CapturedInstance, started: Pick<StartedIndex, 'index' | 'position' | 'report'>): number {
  return writeIndexSnapshot(path, instance, started.index.oxigraphStore, started.position);
}

function restore(db: Database.Database, snapshot: { path: string; instance: CapturedInstance }, position: SnapshotPosition): { index: QueryIndex; revision: number; vocabularyGraphs: readonly string[] } | { reason: string } {
  const file = openIndexSnapshot(snapshot.path, snapshot.instance.moduleDigest);
  if ('reason' in file) return file;
  const { header } = file;
  const problem = header.revision > position.revision ? `it holds revision ${header.revision}, ahead of the database (${position.revision})`
      : fingerprintOf(db, header.revision) !== header.fingerprint ? `revision ${header.revision} is not the one it was taken at (another database)`
        : changedSince(db, header.revision, position.revision) > MAX_CATCH_UP ? `more than ${MAX_CATCH_UP} records changed since`
          : undefined;
  if (problem !== undefined) {
    file.close();
    return { reason: problem };
  }
  const restored = restoreIndexSnapshot(file, snapshot.instance);
  if (!restored.ok) {
    if (restored.touched) throw new SnapshotRestoreError(`the index snapshot ${snapshot.path} could not be restored: ${restored.reason}`);
    return { reason: restored.reason };
  }
  return { index: new QueryIndex(restored.store), revision: header.revision, vocabularyGraphs: header.vocabularyGraphs };
}

/** Replaces, from SQLite, every record with a revision in (`from`, `to`]. @returns how many. */
function catchUp(db: Database.Database, index: QueryIndex, from: number, to: number): number {
  if (to <= from) return 0;
  const rows = db.prepare<[number, number], { iri: string; ntriples: string; deleted_at: string | null }>(
    'SELECT iri, ntriples, deleted_at FROM records WHERE iri IN (SELECT iri FROM revisions WHERE id > ? AND id <= ?)').iterate(from, to);
  let count = 0;
  for (const row of rows) {
    index.replace(row.iri, row.deleted_at === null ? row.ntriples : null);
    count += 1;
  }
  return count;
}

function changedSince(db: Database.Database, from: number, to: number): number {
  return db.prepare<[number, number], { n: number }>('SELECT COUNT(DISTINCT iri) AS n FROM revisions WHERE id > ? AND id <= ?').get(from, to)?.n ?? 0;
}

function countLive(db: Database.Database): number {
  return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM records WHERE deleted_at IS NULL').get()?.n ?? 0;
}

function positionOf(db: Database.Database, vocabulary: readonly RecordGraph[]): SnapshotPosition {
  const last = db.prepare<[], { id: number }>('SELECT MAX(id) AS id FROM revisions').get()?.id ?? 0;
  return { revision: last, fingerprint: fingerprintOf(db, last) ?? '', vocabularyGraphs: vocabulary.map((g) => g.iri) };
}

function fingerprintOf(db: Database.Database, revision: number): string | undefined {
  if (revision === 0) return '';
  const row = db.prepare<[number], { iri: string; version: number; action: string }>('SELECT iri, version, action FROM revisions WHERE id = ?').get(revision);
  return row === undefined ? undefined : `${row.iri} ${row.version} ${row.action}`;
}
