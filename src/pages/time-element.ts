import { html } from './html.js';
import type { Html } from './html.js';

/**
 * A `<time>` element for an ISO date or date-time (shown as `2024-05-02 09:12 UTC`); other text
 * is shown as it is, escaped.
 * @param value - the date as recorded.
 * @returns the markup.
 */
export function timeElement(value: string): Html {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (match === null) return html`${value}`;
  const [, date = '', clock, zone] = match;
  const shown = clock === undefined ? date : `${date} ${clock}${zone === 'Z' ? ' UTC' : zone === undefined ? '' : ` ${zone}`}`;
  return html`<time datetime="${value}">${shown}</time>`;
}
