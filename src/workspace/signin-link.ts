import type { LinkGrant, SessionStore } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/**
 * The grant of an administrator's one-time sign-in link: neither a person nor a facility. (A link
 * for a person names them; an invitation names a facility and a role; a grant naming neither would
 * otherwise mean nothing, so it is the administrator's.) Only the operator makes these: at `serve`
 * start without PHD_ADMIN_TOKEN or a provider, and with `imaging-phd signin-link`.
 * @param createdBy - who made it (`serve`, `cli`).
 * @returns the grant.
 */
export function adminLinkGrant(createdBy: string): LinkGrant {
  return { person: undefined, facility: undefined, role: undefined, createdBy };
}

/**
 * @param grant - a redeemed grant.
 * @returns whether it signs in as the administrator (see {@link adminLinkGrant}).
 */
export function isAdminGrant(grant: LinkGrant): boolean {
  return grant.person === undefined && grant.facility === undefined;
}

/**
 * @param baseUrl - PHD_BASE_URL.
 * @param token - a link's secret.
 * @returns the link to hand over: `{baseUrl}/signin/link/{token}`.
 */
export function signinLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${WORKSPACE_PATHS.signinLink}/${token}`;
}

/**
 * Creates a one-time link and gives its URL.
 * @param sessions - the session store.
 * @param grant - what it grants.
 * @param options - base URL and lifetime.
 * @returns the URL (shown once: only its hash is stored) and its expiry.
 */
export function createSigninLink(sessions: SessionStore, grant: LinkGrant, options: { baseUrl: string; ttlMs: number }): { url: string; expiresAt: string } {
  const { token, expiresAt } = sessions.createLink(grant, options.ttlMs);
  return { url: signinLinkUrl(options.baseUrl, token), expiresAt };
}

/** How long the administrator link `serve` makes at start stays valid: long enough to open it, no longer. */
export const SERVE_ADMIN_LINK_TTL_MS = 15 * 60_000;

/**
 * The two-command default (`npm start`: no provider, no PHD_ADMIN_TOKEN) would leave nobody able to
 * sign in. So `serve` makes a one-time administrator link, valid for 15 minutes, and writes it as a
 * plain line to stderr — the console of whoever started the service, its operator — never into the
 * structured log, which is kept and shipped elsewhere; the log only says a link was written. The
 * unused links earlier starts made are cancelled first, so at most one works. (Links the operator
 * asked for with `imaging-phd signin-link` are made by `cli` and are left alone.) No link is made
 * when a provider or an admin token is configured.
 * @param deps - config, sessions, logger.
 * @param writeLine - where the line goes (stderr).
 * @returns the link's URL, or undefined when none was needed.
 */
export function announceAdminLink(deps: { readonly config: Config; readonly sessions: SessionStore; readonly logger: Logger }, writeLine: (line: string) => void): string | undefined {
  const { config } = deps;
  // Cancelled whatever this start does: a link of an earlier start is no use once the service has a token or a provider.
  const cancelled = deps.sessions.cancelAdminLinks(SERVE_CREATOR);
  if (config.workspace.oidc !== undefined || config.adminToken !== undefined) return undefined;
  const { url, expiresAt } = createSigninLink(deps.sessions, adminLinkGrant(SERVE_CREATOR), { baseUrl: config.baseUrl, ttlMs: SERVE_ADMIN_LINK_TTL_MS });
  writeLine(`No PHD_ADMIN_TOKEN and no sign-in provider. To sign in to the workspace as the administrator, open this one-time link (it works once, until ${expiresAt}; \`imaging-phd signin-link\` makes another): ${url}`);
  deps.logger.info({ expiresAt, cancelled }, 'an administrator sign-in link was written to stderr');
  return url;
}

/** The creator of the links `serve` makes at start (see {@link announceAdminLink}). */
const SERVE_CREATOR = 'serve';
