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

/**
 * The two-command default (`npm start`: no provider, no PHD_ADMIN_TOKEN) would leave nobody able to
 * sign in. So `serve` makes a one-time administrator link and writes it to the log, once, at info
 * level: whoever can read the service's console is its operator. Nothing is done when a provider or
 * an admin token is configured.
 * @param deps - config, sessions, logger.
 * @returns the link's URL, or undefined when none was needed.
 */
export function announceAdminLink(deps: { readonly config: Config; readonly sessions: SessionStore; readonly logger: Logger }): string | undefined {
  const { config } = deps;
  if (config.workspace.oidc !== undefined || config.adminToken !== undefined) return undefined;
  const { url, expiresAt } = createSigninLink(deps.sessions, adminLinkGrant('serve'), { baseUrl: config.baseUrl, ttlMs: config.workspace.linkTtlMs });
  deps.logger.info({ url, expiresAt }, 'No PHD_ADMIN_TOKEN and no sign-in provider: open this one-time link to sign in to the workspace as the administrator (it works once; `imaging-phd signin-link` makes another)');
  return url;
}
