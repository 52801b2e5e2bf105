import type Database from 'better-sqlite3';
import type { TeamRole } from '../domain/index.js';
import type { Membership, PeopleRegistry, Person } from './account-types.js';
import { ACCOUNTS_SQL } from './accounts-schema.js';
import { newId } from './secrets.js';

interface PersonRow {
  id: string;
  name: string;
  orcid: string | null;
  issuer: string | null;
  subject: string | null;
  created_at: string;
  disabled_at: string | null;
}

interface MembershipRow {
  facility: string;
  person: string;
  role: TeamRole;
  since: string;
  added_by: string;
}

function personOf(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    orcid: row.orcid ?? undefined,
    issuer: row.issuer ?? undefined,
    subject: row.subject ?? undefined,
    createdAt: row.created_at,
    disabledAt: row.disabled_at ?? undefined,
  };
}

function membershipOf(row: MembershipRow): Membership {
  return { facility: row.facility, person: row.person, role: row.role, since: row.since, addedBy: row.added_by };
}

/** {@link PeopleRegistry} in the store's SQLite database. */
export class SqlitePeopleRegistry implements PeopleRegistry {
  private readonly db: Database.Database;

  /** @param db - the store's database (the tables are created if missing). */
  public constructor(db: Database.Database) {
    this.db = db;
    this.db.exec(ACCOUNTS_SQL);
  }

  public create(person: { name: string; orcid?: string; issuer?: string; subject?: string }): Person {
    const id = newId();
    this.db.prepare('INSERT INTO people(id, name, orcid, issuer, subject, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, NULL)')
      .run(id, person.name, person.orcid ?? null, person.issuer ?? null, person.subject ?? null, new Date().toISOString());
    return this.must(id);
  }

  public get(id: string): Person | undefined {
    const row = this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
    return row === undefined ? undefined : personOf(row);
  }

  public byIdentity(issuer: string, subject: string): Person | undefined {
    const row = this.db.prepare('SELECT * FROM people WHERE issuer = ? AND subject = ?').get(issuer, subject) as PersonRow | undefined;
    return row === undefined ? undefined : personOf(row);
  }

  public byOrcid(orcid: string): Person | undefined {
    const row = this.db.prepare('SELECT * FROM people WHERE orcid = ?').get(orcid) as PersonRow | undefined;
    return row === undefined ? undefined : personOf(row);
  }

  public list(): Person[] {
    return (this.db.prepare('SELECT * FROM people ORDER BY name COLLATE NOCASE, id').all() as PersonRow[]).map(personOf);
  }

  public update(id: string, changes: { name?: string; orcid?: string; issuer?: string; subject?: string }): Person {
    const current = this.must(id);
    this.db.prepare('UPDATE people SET name = ?, orcid = ?, issuer = ?, subject = ? WHERE id = ?').run(
      changes.name ?? current.name,
      changes.orcid ?? current.orcid ?? null,
      changes.issuer ?? current.issuer ?? null,
      changes.subject ?? current.subject ?? null,
      id,
    );
    return this.must(id);
  }

  public disable(id: string): boolean {
    return this.db.prepare('UPDATE people SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').run(new Date().toISOString(), id).changes > 0;
  }

  public memberships(person: string): Membership[] {
    return (this.db.prepare('SELECT * FROM memberships WHERE person = ? ORDER BY facility').all(person) as MembershipRow[]).map(membershipOf);
  }

  public members(facility: string): Membership[] {
    return (this.db.prepare('SELECT * FROM memberships WHERE facility = ? ORDER BY since, person').all(facility) as MembershipRow[]).map(membershipOf);
  }

  public setMembership(facility: string, person: string, role: TeamRole, addedBy: string): Membership {
    this.db.prepare(`INSERT INTO memberships(facility, person, role, since, added_by) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(facility, person) DO UPDATE SET role = excluded.role`).run(facility, person, role, new Date().toISOString(), addedBy);
    const row = this.db.prepare('SELECT * FROM memberships WHERE facility = ? AND person = ?').get(facility, person) as MembershipRow;
    return membershipOf(row);
  }

  public removeMembership(facility: string, person: string): boolean {
    return this.db.prepare('DELETE FROM memberships WHERE facility = ? AND person = ?').run(facility, person).changes > 0;
  }

  private must(id: string): Person {
    const person = this.get(id);
    if (person === undefined) throw new Error(`No person ${id}`);
    return person;
  }
}
