/**
 * The SQLite schema of the embedded store (the record of truth).
 *
 * `records` holds the current state of every record: its graph as N-Triples (the named graph's
 * name is the record IRI), or a tombstone (`deleted_at` set, `ntriples` empty). `revisions` keeps
 * the history of every write. `tokens` holds hashed access tokens. One write = one transaction.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
  iri          TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  ntriples     TEXT NOT NULL,
  triples      INTEGER NOT NULL,
  etag         TEXT NOT NULL,
  version      INTEGER NOT NULL,
  facility     TEXT,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind);
-- Covers the record and triple counts (/health): without it they scan every record's N-Triples
-- (45 ms at 1M triples). Like every statement here it runs on each open, so older files get it.
CREATE INDEX IF NOT EXISTS records_stats ON records(deleted_at, triples);
CREATE TABLE IF NOT EXISTS revisions (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  iri       TEXT NOT NULL,
  version   INTEGER NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  actor     TEXT NOT NULL,
  at        TEXT NOT NULL,
  added     TEXT NOT NULL,
  removed   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS revisions_iri ON revisions(iri, version);
CREATE TABLE IF NOT EXISTS tokens (
  id          TEXT PRIMARY KEY,
  hash        TEXT NOT NULL UNIQUE,
  facility    TEXT,
  label       TEXT,
  created_at  TEXT NOT NULL,
  expires_at  TEXT,
  revoked_at  TEXT
);
`;

/**
 * Columns added after the first schema, each `table.column TYPE`: added on open where missing, so a
 * store file written by an older version gains them (ALTER TABLE ADD COLUMN is instant in SQLite).
 * - `records.team`: the facility whose team owns a shared record (the creator's facility).
 * - `revisions.note`: why a revision was made, in words (a withdrawal's reason, a change note, a restore).
 * - `tokens.created_by`: who created an API token (an actor: `admin`, `person:{id}`).
 */
export const ADDED_COLUMNS: readonly (readonly [table: string, column: string, type: string])[] = [
  ['records', 'team', 'TEXT'],
  ['revisions', 'note', 'TEXT'],
  ['tokens', 'created_by', 'TEXT'],
];

/**
 * Adds the {@link ADDED_COLUMNS} a database lacks.
 * @param db - an open database with {@link SCHEMA_SQL} applied.
 * @param db.prepare - the statement factory.
 * @param db.exec - runs SQL.
 */
export function addMissingColumns(db: { prepare: (sql: string) => { all: () => unknown[] }; exec: (sql: string) => unknown }): void {
  for (const [table, column, type] of ADDED_COLUMNS) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

/** SQL that yields the live graphs to index: one row per record, `(iri, ntriples)`. */
export const LIVE_GRAPHS_SQL = 'SELECT iri, ntriples FROM records WHERE deleted_at IS NULL';

/**
 * The text index of the records' string literals (see text-literals.ts): one row per distinct
 * literal (lexical form and language tag, `''` for none) held by at least one live record, with
 * how many records hold it, and an FTS5 trigram index over its folded text, so a SPARQL filter
 * "label contains a word" finds its candidates without scanning every label. Kept in the same
 * transaction as the record writes; built from the records when an older file is opened.
 */
export const TEXT_INDEX_SQL = `
CREATE TABLE IF NOT EXISTS text_literals (
  id       INTEGER PRIMARY KEY,
  lexical  TEXT NOT NULL,
  lang     TEXT NOT NULL,
  folded   TEXT NOT NULL,
  refs     INTEGER NOT NULL,
  UNIQUE (lexical, lang)
);
CREATE VIRTUAL TABLE IF NOT EXISTS text_search USING fts5(
  folded, content = 'text_literals', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
`;
