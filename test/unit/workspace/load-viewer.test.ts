import { describe, expect, it } from 'vitest';
import type { Membership, PeopleRegistry, Person, Session } from '../../../src/accounts/account-types.js';
import { adminSet, loadViewer } from '../../../src/workspace/load-viewer.js';

function person(changes: Partial<Person>): Person {
  return { id: 'p1', name: 'Ada', orcid: undefined, issuer: undefined, subject: undefined, createdAt: '2026-01-01T00:00:00Z', disabledAt: undefined, ...changes };
}

function registry(found: Person | undefined, memberships: Membership[] = []): PeopleRegistry {
  return { get: () => found, memberships: () => memberships } as unknown as PeopleRegistry;
}

function session(subject: Session['subject']): Session {
  return { id: 's', subject, csrf: 'c', createdAt: '', expiresAt: '' };
}

describe('loadViewer', () => {
  const admins = adminSet(['0000-0002-1825-0097', 'https://idp.example#boss']);

  it('makes the admin-token session the administrator, named so.', () => {
    expect(loadViewer(session({ kind: 'admin' }), registry(undefined), admins)).toMatchObject({ admin: true, name: 'Administrator', person: undefined, memberships: [] });
  });

  it('makes a person listed in PHD_ADMINS by ORCID iD or issuer#subject an administrator, and no one else.', () => {
    const bySubject = person({ issuer: 'https://idp.example', subject: 'boss' });
    expect(loadViewer(session({ kind: 'person', person: 'p1' }), registry(person({ orcid: 'https://orcid.org/0000-0002-1825-0097' })), admins)?.admin).toBe(true);
    expect(loadViewer(session({ kind: 'person', person: 'p1' }), registry(bySubject), admins)?.admin).toBe(true);
    expect(loadViewer(session({ kind: 'person', person: 'p1' }), registry(person({ issuer: 'https://idp.example', subject: 'staff' })), admins)?.admin).toBe(false);
  });

  it("gives a person's teams and name.", () => {
    const team: Membership = { facility: 'https://identifiers.org/RRID:SCR_1', person: 'p1', role: 'editor', since: '', addedBy: 'admin' };
    expect(loadViewer(session({ kind: 'person', person: 'p1' }), registry(person({}), [team]), admins)).toMatchObject({ name: 'Ada', admin: false, memberships: [team] });
  });

  it('makes a disabled or removed person nobody.', () => {
    expect(loadViewer(session({ kind: 'person', person: 'p1' }), registry(person({ disabledAt: '2026-02-01T00:00:00Z' })), admins)).toBeUndefined();
    expect(loadViewer(session({ kind: 'person', person: 'p1' }), registry(undefined), admins)).toBeUndefined();
  });
});
