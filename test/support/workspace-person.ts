import type { TeamRole } from '../../src/domain/principal.js';
import type { TestApp } from './test-app.js';
import { WorkspaceClient } from './workspace-client.js';

/**
 * A client signed in as a new person who is a member of one facility's team (or of none): the
 * person and the membership are added through the people registry, the session through the
 * session store, as a redeemed sign-in link would open it.
 * @param app - the running test app.
 * @param name - the person's name.
 * @param team - the facility and the role in its team; undefined for a person in no team.
 * @returns the client and the person's id.
 */
export function signInAsMember(app: TestApp, name: string, team: { facility: string; role: TeamRole } | undefined): { client: WorkspaceClient; person: string } {
  const person = app.services.people.create({ name });
  if (team !== undefined) app.services.people.setMembership(team.facility, person.id, team.role, 'admin');
  const { token } = app.services.sessions.create({ kind: 'person', person: person.id }, { ttlMs: 3_600_000 });
  const client = new WorkspaceClient(app);
  client.cookies.set('phd_session', token);
  return { client, person: person.id };
}
