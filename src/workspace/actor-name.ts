import type { PeopleRegistry } from '../accounts/index.js';
import { personOfActor } from '../domain/index.js';
import type { TokenInfo } from '../store/index.js';

/** Actors that are not a person nor a token: the operator's tools and the sample data, in words. */
const NAMED_ACTORS: Readonly<Record<string, string>> = {
  admin: 'Administrator',
  seed: 'the sample data loaded at first start',
  import: 'the command-line importer (imaging-phd import)',
  load: 'a bulk load (imaging-phd load)',
};

/**
 * Who an actor recorded in a history (`createdBy`, a revision's actor) is, in words: a signed-in
 * person (`person:{id}`) by their name, an API token as `API token {label} ({facility})` to those
 * who may see its label (members of its facility, the administrator) and as `an API token of
 * {facility}` to anyone else (a token's label names a machine or a person of that facility), the
 * administrator and the operator's tools by what they are. An actor no longer known is shown as
 * recorded, so a history never hides who wrote.
 * @param actor - the actor as recorded.
 * @param people - the people (only `get` is used).
 * @param tokens - the API tokens (`TokenRegistry.list()`), revoked ones too.
 * @param facilityName - names a facility IRI (e.g. by its record's name); default: the IRI itself.
 * @param labelShown - whether the viewer may see the label of a token of this facility (undefined:
 *   a token of shared records only); default: yes (a page only that facility's managers see).
 * @returns the name to show.
 * @example
 * actorName('person:ab12cd34ef56', deps.people, deps.tokens.list()) // 'Ada Lovelace'
 */
export function actorName(actor: string, people: Pick<PeopleRegistry, 'get'>, tokens: readonly TokenInfo[], facilityName: (iri: string) => string = (iri) => iri, labelShown: (facility: string | undefined) => boolean = () => true): string {
  const named = NAMED_ACTORS[actor];
  if (named !== undefined) return named;
  const person = personOfActor(actor);
  if (person !== undefined) return people.get(person)?.name ?? `a person no longer known (${person})`;
  const token = tokens.find((t) => t.id === actor);
  if (token === undefined) return actor;
  const facility = token.facility === undefined ? undefined : facilityName(token.facility);
  if (!labelShown(token.facility)) return facility === undefined ? 'an API token for shared records only' : `an API token of ${facility}`;
  return `API token ${token.label ?? token.id} (${facility ?? 'shared records only'})`;
}
