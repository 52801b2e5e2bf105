import type Database from 'better-sqlite3';
import type { TeamRole } from '../domain/index.js';
import type { LinkGrant, LinkRefusal, Session, SessionStore, SessionSubject } from './account-types.js';
import { ACCOUNTS_SQL } from './accounts-schema.js';
import { hashSecret, newId, newSecret } from './secrets.js';

interface SessionRow {
  id: string;
  hash: string;
  subject: string;
  csrf: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
}

interface LinkRow {
  hash: string;
  person: string | null;
  facility: string | null;
  role: TeamRole | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** `admin`, or `person:{id}`: the subject as stored (and as the actor it writes as). */
function subjectKey(subject: SessionSubject): string {
  return subject.kind === 'admin' ? 'admin' : `person:${subject.person}`;
}

function subjectOf(key: string): SessionSubject {
  return key === 'admin' ? { kind: 'admin' } : { kind: 'person', person: key.slice('person:'.length) };
}

function sessionOf(row: SessionRow): Session {
  return { id: row.id, subject: subjectOf(row.subject), csrf: row.csrf, createdAt: row.created_at, expiresAt: row.expires_at };
}

/** {@link SessionStore} in the store's SQLite database. */
export class SqliteSessionStore implements SessionStore {
  private readonly db: Database.Database;
  private readonly now: () => number;

  /**
   * @param db - the store's database (the tables are created if missing).
   * @param now - the clock, for tests.
   */
  public constructor(db: Database.Database, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
    this.db.exec(ACCOUNTS_SQL);
  }

  public create(subject: SessionSubject, options: { ttlMs: number; userAgent?: string }): { token: string; session: Session } {
    const token = newSecret();
    const id = newId();
    const now = this.now();
    this.db.prepare('INSERT INTO sessions(id, hash, subject, csrf, created_at, expires_at, ended_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)').run(
      id, hashSecret(token), subjectKey(subject), newSecret(), new Date(now).toISOString(), new Date(now + options.ttlMs).toISOString(), options.userAgent ?? null,
    );
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow;
    return { token, session: sessionOf(row) };
  }

  public find(token: string): Session | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE hash = ?').get(hashSecret(token)) as SessionRow | undefined;
    if (row === undefined || row.ended_at !== null || Date.parse(row.expires_at) <= this.now()) return undefined;
    return sessionOf(row);
  }

  public end(token: string): void {
    this.db.prepare('UPDATE sessions SET ended_at = ? WHERE hash = ? AND ended_at IS NULL').run(new Date(this.now()).toISOString(), hashSecret(token));
  }

  public endAll(subject: SessionSubject): number {
    return this.db.prepare('UPDATE sessions SET ended_at = ? WHERE subject = ? AND ended_at IS NULL').run(new Date(this.now()).toISOString(), subjectKey(subject)).changes;
  }

  public list(subject: SessionSubject): Session[] {
    const rows = this.db.prepare('SELECT * FROM sessions WHERE subject = ? AND ended_at IS NULL AND expires_at > ? ORDER BY created_at DESC')
      .all(subjectKey(subject), new Date(this.now()).toISOString()) as SessionRow[];
    return rows.map(sessionOf);
  }

  public createLink(grant: LinkGrant, ttlMs: number): { token: string; expiresAt: string } {
    const token = newSecret();
    const now = this.now();
    const expiresAt = new Date(now + ttlMs).toISOString();
    this.db.prepare('INSERT INTO signin_links(hash, person, facility, role, created_by, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)').run(
      hashSecret(token), grant.person ?? null, grant.facility ?? null, grant.role ?? null, grant.createdBy, new Date(now).toISOString(), expiresAt,
    );
    return { token, expiresAt };
  }

  public redeemLink(token: string): { ok: true; grant: LinkGrant } | { ok: false; reason: LinkRefusal } {
    return this.db.transaction((): { ok: true; grant: LinkGrant } | { ok: false; reason: LinkRefusal } => {
      const row = this.db.prepare('SELECT * FROM signin_links WHERE hash = ?').get(hashSecret(token)) as LinkRow | undefined;
      if (row === undefined) return { ok: false, reason: 'unknown' };
      if (row.used_at !== null) return { ok: false, reason: 'used' };
      if (Date.parse(row.expires_at) <= this.now()) return { ok: false, reason: 'expired' };
      this.db.prepare('UPDATE signin_links SET used_at = ? WHERE hash = ?').run(new Date(this.now()).toISOString(), row.hash);
      return { ok: true, grant: { person: row.person ?? undefined, facility: row.facility ?? undefined, role: row.role ?? undefined, createdBy: row.created_by } };
    }).immediate();
  }

  public cancelAdminLinks(createdBy: string): number {
    return this.db.prepare('UPDATE signin_links SET used_at = ? WHERE created_by = ? AND person IS NULL AND facility IS NULL AND used_at IS NULL')
      .run(new Date(this.now()).toISOString(), createdBy).changes;
  }

  public prune(): number {
    const now = new Date(this.now()).toISOString();
    const sessions = this.db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR ended_at IS NOT NULL').run(now).changes;
    const links = this.db.prepare('DELETE FROM signin_links WHERE expires_at <= ?').run(now).changes;
    return sessions + links;
  }
}
