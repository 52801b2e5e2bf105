/**
 * The addresses of the workspace, in one place: routers mount them, pages link to them, tests visit
 * them. Record-keyed pages take the record's IRI as the `iri` query parameter (IRIs hold slashes);
 * team pages take the facility's IRI as `facility`.
 */
export const WORKSPACE_PATHS = {
  /** GET the sign-in page (admin token form; the OIDC button); POST the admin token. */
  signin: '/signin',
  /** POST: start an OpenID Connect sign-in (redirects to the provider). */
  signinOidc: '/signin/oidc',
  /** GET: the provider's redirect back (`{PHD_BASE_URL}/signin/callback` is the redirect URI to register). */
  signinCallback: '/signin/callback',
  /** GET `/signin/link/{token}` shows a button; POST redeems the one-time link (sign-in or invitation). */
  signinLink: '/signin/link',
  /** POST: end this session. */
  signout: '/signout',
  /** POST: end every session of the signed-in person. */
  signoutEverywhere: '/signout/everywhere',

  /** GET: the dashboard — my teams, what to do next. */
  home: '/workspace',
  /** GET the people (administrator); POST adds a person. */
  people: '/workspace/people',
  /** POST `person`: a new one-time sign-in link for a person (administrator). */
  personLink: '/workspace/people/link',
  /** POST `person`: disable a person and end their sessions (administrator). */
  personDisable: '/workspace/people/disable',
  /** GET `?facility=`: the team — members, invitations, API tokens. */
  team: '/workspace/team',
  /** POST `facility`, `role`: an invitation link into the team (manager). */
  teamInvite: '/workspace/team/invite',
  /** POST `facility`, `person`, `role` (or `remove=1`): change a member (manager). */
  teamMember: '/workspace/team/member',
  /** POST `facility`, `label`, `expires`: a new API token, shown once (manager). */
  teamTokens: '/workspace/team/tokens',
  /** POST `facility`, `token`: revoke an API token (manager). */
  teamTokenRevoke: '/workspace/team/tokens/revoke',

  /** GET/POST `/workspace/register/{organization|facility|model|instance|configuration}`: the guided flow. */
  register: '/workspace/register',
  /** GET/POST `?iri=`: the form of a record (organization, facility, model, instance, person, publication, dataset). */
  edit: '/workspace/edit',
  /** GET `?kind=person|publication|dataset`: a form for a new record outside the flow. */
  create: '/workspace/new',

  /** GET the upload form; POST a file → the preview (nothing stored). */
  upload: '/workspace/upload',
  /** POST `upload` (the preview's id): store what the preview showed. */
  uploadConfirm: '/workspace/upload/confirm',

  /** GET `?iri=` (an instance): its life — versions, status, PIDs, withdraw. */
  instrument: '/workspace/instrument',
  /** GET/POST `?iri=` (an instance): a new configuration version from the one in effect, with a change note. */
  newVersion: '/workspace/instrument/version',
  /** POST `iri`, `status`, `since`: the instrument's status. */
  status: '/workspace/instrument/status',
  /** GET/POST `?iri=`: withdraw a record with a reason (tombstone) — manager. */
  withdraw: '/workspace/withdraw',
  /** POST `iri`, `version`: restore an earlier revision of a record (not a configuration) as a new revision. */
  restore: '/workspace/restore',
  /** POST `iri`: mint the record's PID; `/workspace/publish`: make it findable — manager, minting configured. */
  mint: '/workspace/mint',
  publish: '/workspace/publish',
  /** GET `?iri=`: the record's history, who changed what. */
  history: '/workspace/history',
} as const;

/**
 * @param path - a workspace path.
 * @param params - query parameters (undefined values are left out).
 * @returns the path with its query string.
 * @example
 * workspaceHref(WORKSPACE_PATHS.edit, { iri: 'https://ror.org/02jx3x895' }) // '/workspace/edit?iri=https%3A%2F%2Fror.org%2F02jx3x895'
 */
export function workspaceHref(path: string, params: Readonly<Record<string, string | undefined>> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
