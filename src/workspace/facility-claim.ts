import type { WorkspaceDeps } from './workspace-deps.js';

/**
 * Why a person (not the administrator) may not register a facility under this IRI, in words, or
 * undefined when they may. Registering a facility makes the person its manager, so an IRI that
 * something here already belongs to — API tokens, team members, records naming it as their
 * facility or team, a withdrawn facility record — would hand those to whoever registers it first
 * (with ORCID sign-in: anyone). Such a facility is registered by the administrator, who invites its
 * first manager.
 * @param deps - the store, the token registry and the people registry.
 * @param iri - the IRI the new facility would have.
 * @returns the refusal, or undefined.
 */
export async function facilityClaimRefusal(deps: Pick<WorkspaceDeps, 'store' | 'tokens' | 'people'>, iri: string): Promise<string | undefined> {
  const meta = await deps.store.meta(iri);
  const owned = meta !== undefined && meta.deletedAt !== undefined
    ? 'was registered here and withdrawn'
    : deps.tokens.listFor(iri).length > 0
      ? 'already has API tokens here'
      : deps.people.members(iri).length > 0
        ? 'already has a team here'
        : (await deps.store.list()).some((m) => m.facility === iri || m.team === iri)
          ? 'is already named by records here as their facility'
          : undefined;
  return owned === undefined
    ? undefined
    : `The facility ${iri} ${owned}, so it cannot be registered from the workspace: ask the administrator to register it and to invite its first manager.`;
}
