import type { PeopleRegistry, Person, Session } from '../accounts/index.js';
import { isPid, parsePid } from '../domain/index.js';
import type { Viewer } from './viewer.js';

/**
 * The administrators listed in PHD_ADMINS, canonical: an ORCID iD in any accepted spelling becomes
 * its `https://orcid.org/…` IRI; an `issuer#subject` entry is kept as written.
 * @param admins - the configured entries.
 * @returns the set to look people up in.
 */
export function adminSet(admins: readonly string[]): ReadonlySet<string> {
  return new Set(admins.map((entry) => (isPid(entry, 'orcid') ? parsePid(entry, 'orcid').iri : entry)));
}

/**
 * @param person - a person.
 * @param admins - {@link adminSet} of PHD_ADMINS.
 * @returns whether the person is an administrator (by ORCID iD, or by `issuer#subject`).
 */
export function isListedAdmin(person: Person, admins: ReadonlySet<string>): boolean {
  if (person.orcid !== undefined && admins.has(person.orcid)) return true;
  return person.issuer !== undefined && person.subject !== undefined && admins.has(`${person.issuer}#${person.subject}`);
}

/**
 * Who a live session is: the administrator (a session opened with the admin token or an admin
 * link), or its person with their teams. A person who was disabled, or removed, is nobody.
 * @param session - a live session.
 * @param people - the people registry.
 * @param admins - {@link adminSet} of PHD_ADMINS.
 * @returns the viewer, or undefined.
 */
export function loadViewer(session: Session, people: PeopleRegistry, admins: ReadonlySet<string>): Viewer | undefined {
  if (session.subject.kind === 'admin') return { session, person: undefined, admin: true, name: 'Administrator', memberships: [] };
  const person = people.get(session.subject.person);
  if (person === undefined || person.disabledAt !== undefined) return undefined;
  return { session, person, admin: isListedAdmin(person, admins), name: person.name, memberships: people.memberships(person.id) };
}
