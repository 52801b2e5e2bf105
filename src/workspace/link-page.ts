import { html } from '../pages/index.js';
import type { Html } from '../pages/index.js';
import { csrfField, errorSummary, inputField } from './form-controls.js';

/**
 * The page a one-time link opens: a button that redeems it. Opening the link does nothing, so a
 * mail or chat program that fetches it for a preview does not use it up.
 * @param options - the form's action and CSRF token.
 * @returns the page's main content.
 */
export function linkButtonPage(options: { action: string; csrf: string }): Html {
  return html`<h1>Sign in with your one-time link</h1><p>This link works once. Press the button to sign in to the workspace; you stay signed in on this browser until you sign out.</p><form method="post" action="${options.action}">${csrfField(options.csrf)}<button type="submit">Sign in</button></form>`;
}

/**
 * The page of an invitation without a provider: the invited person gives their name.
 * @param options - action, CSRF token, the name given so far, what is wrong with it.
 * @returns the page's main content.
 */
export function invitationNamePage(options: { action: string; csrf: string; name: string; error: string | undefined }): Html {
  return html`<h1>Join the team</h1>${errorSummary(options.error === undefined ? {} : { name: options.error })}<p>You were invited to a facility's team. Give the name your colleagues know you by: it is shown beside what you change.</p><form method="post" action="${options.action}">${csrfField(options.csrf)}${inputField({ name: 'name', label: 'Your name', value: options.name, required: true, autocomplete: 'name', error: options.error })}<button type="submit">Join and sign in</button></form>`;
}
