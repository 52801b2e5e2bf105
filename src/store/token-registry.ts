import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { adminPrincipal, tokenPrincipal } from '../domain/index.js';
import type { Principal } from '../domain/index.js';

/** A token as listed (never its secret). */
export interface TokenInfo {
  readonly id: string;
  readonly facility: string | undefined;
  readonly label: string | undefined;
  readonly createdAt: string;
  readonly expiresAt: string | undefined;
  readonly revokedAt: string | undefined;
  /** Who created it (an actor: `admin`, `person:{id}`); undefined for tokens made before this was recorded. */
  readonly createdBy: string | undefined;
}

interface TokenRow {
  id: string;
  hash: string;
  facility: string | null;
  label: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  created_by: string | null;
}

function tokenInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    facility: row.facility ?? undefined,
    label: row.label ?? undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
    createdBy: row.created_by ?? undefined,
  };
}

const TOKEN_FORMAT = /^phd_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Outcome of checking a bearer token. */
export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'revoked' };

/**
 * Per-facility write tokens, stored hashed (SHA-256) beside the records. A token is
 * `phd_{id}_{secret}`; only its hash is kept, so the database never holds a usable token.
 */
export class TokenRegistry {
  private readonly db: Database.Database;
  private readonly adminHash: string | undefined;

  /**
   * @param db - the store's database.
   * @param adminToken - the PHD_ADMIN_TOKEN, if set.
   */
  public constructor(db: Database.Database, adminToken: string | undefined) {
    this.db = db;
    this.adminHash = adminToken === undefined ? undefined : hash(adminToken);
  }

  /**
   * Creates a token.
   * @param options - the facility it may write (canonical IRI), a label, an expiry date, who creates it (an actor).
   * @returns its id and the token itself, shown once.
   */
  public create(options: { facility?: string; label?: string; expiresAt?: string; createdBy?: string } = {}): { id: string; token: string } {
    const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12).padEnd(12, '0');
    const token = `phd_${id}_${randomBytes(32).toString('base64url')}`;
    this.db.prepare('INSERT INTO tokens(id, hash, facility, label, created_at, expires_at, revoked_at, created_by) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)')
      .run(id, hash(token), options.facility ?? null, options.label ?? null, new Date().toISOString(), options.expiresAt ?? null, options.createdBy ?? null);
    return { id, token };
  }

  /**
   * Revokes a token.
   * @param id - token id.
   * @returns whether a live token was revoked.
   */
  public revoke(id: string): boolean {
    return this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id).changes > 0;
  }

  /**
   * Revokes a token of one facility (a manager's revocation): a token of another facility, or of
   * none, is left alone.
   * @param facility - the facility whose token it must be.
   * @param id - token id.
   * @returns whether a live token of that facility was revoked.
   */
  public revokeFor(facility: string, id: string): boolean {
    return this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND facility = ? AND revoked_at IS NULL').run(new Date().toISOString(), id, facility).changes > 0;
  }

  /** @returns every token, without secrets. */
  public list(): TokenInfo[] {
    return (this.db.prepare('SELECT * FROM tokens ORDER BY created_at').all() as TokenRow[]).map(tokenInfo);
  }

  /**
   * @param facility - a facility IRI.
   * @returns that facility's tokens (revoked and expired ones too), without secrets, oldest first.
   */
  public listFor(facility: string): TokenInfo[] {
    return (this.db.prepare('SELECT * FROM tokens WHERE facility = ? ORDER BY created_at').all(facility) as TokenRow[]).map(tokenInfo);
  }

  /**
   * Checks a bearer token.
   * @param token - the presented token.
   * @returns the principal, or why the token is refused.
   */
  public check(token: string): TokenCheck {
    const presented = hash(token);
    if (this.adminHash !== undefined && timingSafeEqual(Buffer.from(presented), Buffer.from(this.adminHash))) {
      return { ok: true, principal: adminPrincipal('admin') };
    }
    const match = TOKEN_FORMAT.exec(token);
    if (match === null) return { ok: false, reason: 'malformed' };
    const row = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(match[1]) as TokenRow | undefined;
    if (row === undefined || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(presented))) return { ok: false, reason: 'unknown' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    if (row.expires_at !== null && Date.parse(row.expires_at) <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, principal: tokenPrincipal(row.id, row.facility ?? undefined) };
  }
}
