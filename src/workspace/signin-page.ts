import { html } from '../pages/index.js';
import { csrfField, errorSummary, inputField } from './form-controls.js';
import { WORKSPACE_PATHS } from './workspace-paths.js';

/** What the sign-in page shows. */
export interface SigninPageOptions {
  /** The signed-out form's CSRF token. */
  readonly csrf: string;
  /** Where to go once signed in (a local path). */
  readonly next: string;
  /** The OpenID Connect provider's name, when one is configured. */
  readonly providerName: string | undefined;
  /** Whether PHD_ADMIN_TOKEN is set (the administrator token form is shown). */
  readonly adminToken: boolean;
  /** What went wrong with the last attempt, in words. */
  readonly error?: string | undefined;
}

/**
 * The sign-in page: a "Sign in with {provider}" button when a provider is configured, and the
 * administrator token form (a password field). Both are POST forms carrying `next` and `_csrf`.
 * @param options - token, next, provider, error.
 * @returns the page's main content.
 */
export function signinPage(options: SigninPageOptions): ReturnType<typeof html> {
  const { csrf, next } = options;
  const provider = options.providerName !== undefined && html`<form method="post" action="${WORKSPACE_PATHS.signinOidc}" class="signin-provider">${csrfField(csrf)}<input type="hidden" name="next" value="${next}"><button type="submit">Sign in with ${options.providerName}</button></form>`;
  const admin = options.adminToken
    ? html`<h2>Administrator</h2><form method="post" action="${WORKSPACE_PATHS.signin}">${errorSummary(options.error === undefined ? {} : { token: options.error })}${csrfField(csrf)}<input type="hidden" name="next" value="${next}">${inputField({ name: 'token', label: 'Administrator token', type: 'password', required: true, autocomplete: 'current-password', hint: 'The PHD_ADMIN_TOKEN this service was started with.', error: options.error })}<button type="submit">Sign in as administrator</button></form>`
    : html`${options.error !== undefined && errorSummary({ '': options.error })}<p>The administrator signs in with a one-time link: the service writes one to its log when it starts without PHD_ADMIN_TOKEN, and <code>imaging-phd signin-link</code> prints a new one. People added in the workspace are given their own links.</p>`;
  return html`<h1>Sign in</h1>${provider}${admin}`;
}
