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

/** What an invitation page says and asks. */
export interface InvitationPageOptions {
  readonly action: string;
  readonly csrf: string;
  /** The team's facility, by name. */
  readonly team: string;
  readonly role: string;
  /** Ask the invited person's name on this page (no provider, nobody signed in): the link is used only once the name is valid. */
  readonly askName: boolean;
  /** The provider's name, when the person signs in there first. */
  readonly provider?: string | undefined;
  readonly name?: string;
  readonly error?: string | undefined;
}

/**
 * The page an invitation link opens: which team, which role, and one button — with the name field
 * when the person is new and there is no provider, so the link is not used up before the name is given.
 * @param options - action, CSRF token, team, role, whether to ask the name.
 * @returns the page's main content.
 */
export function invitationPage(options: InvitationPageOptions): Html {
  const what = options.role === 'manager' ? 'a manager (members, API tokens, PIDs, withdrawals)' : 'an editor (you write its records)';
  const button = options.askName ? 'Join and sign in' : options.provider === undefined ? 'Join the team' : `Sign in with ${options.provider} and join`;
  return html`<h1>Join the team of ${options.team}</h1>${errorSummary(options.error === undefined ? {} : { name: options.error })}<p>You are invited to the team of <strong>${options.team}</strong> as ${what}. This link works once.</p>${options.askName && html`<p>Give the name your colleagues know you by: it is shown beside what you change.</p>`}<form method="post" action="${options.action}">${csrfField(options.csrf)}${options.askName && inputField({ name: 'name', label: 'Your name', value: options.name ?? '', required: true, autocomplete: 'name', error: options.error })}<button type="submit">${button}</button></form>`;
}

/**
 * The page of an invitation without a provider: the invited person gives their name.
 * @param options - action, CSRF token, the name given so far, what is wrong with it.
 * @returns the page's main content.
 */
export function invitationNamePage(options: { action: string; csrf: string; name: string; error: string | undefined }): Html {
  return html`<h1>Join the team</h1>${errorSummary(options.error === undefined ? {} : { name: options.error })}<p>You were invited to a facility's team. Give the name your colleagues know you by: it is shown beside what you change.</p><form method="post" action="${options.action}">${csrfField(options.csrf)}${inputField({ name: 'name', label: 'Your name', value: options.name, required: true, autocomplete: 'name', error: options.error })}<button type="submit">Join and sign in</button></form>`;
}
