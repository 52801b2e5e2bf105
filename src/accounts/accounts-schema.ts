/**
 * The workspace's tables, in the store's SQLite database (the embedded store's file, or the external
 * store's catalogue), so that a person, their teams and their sessions live beside the records they
 * write. Each statement runs on every open, so older files get the tables.
 */
export const ACCOUNTS_SQL = `
CREATE TABLE IF NOT EXISTS people (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  orcid        TEXT UNIQUE,
  issuer       TEXT,
  subject      TEXT,
  created_at   TEXT NOT NULL,
  disabled_at  TEXT,
  UNIQUE (issuer, subject)
);
CREATE TABLE IF NOT EXISTS memberships (
  facility   TEXT NOT NULL,
  person     TEXT NOT NULL REFERENCES people(id),
  role       TEXT NOT NULL CHECK (role IN ('manager', 'editor')),
  since      TEXT NOT NULL,
  added_by   TEXT NOT NULL,
  PRIMARY KEY (facility, person)
);
CREATE INDEX IF NOT EXISTS memberships_person ON memberships(person);
CREATE TABLE IF NOT EXISTS sessions (
  id          TEXT PRIMARY KEY,
  hash        TEXT NOT NULL UNIQUE,
  subject     TEXT NOT NULL,
  csrf        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  ended_at    TEXT,
  user_agent  TEXT
);
CREATE INDEX IF NOT EXISTS sessions_subject ON sessions(subject);
CREATE TABLE IF NOT EXISTS signin_links (
  hash        TEXT PRIMARY KEY,
  person      TEXT,
  facility    TEXT,
  role        TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT
);
`;
