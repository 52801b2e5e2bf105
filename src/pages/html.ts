import { escapeHtml } from './escape-html.js';

/**
 * Markup that is safe to put in a page as it is: built by {@link html} (every value in it escaped)
 * or by {@link raw} (fixed markup written in this code). Only this class is trusted, so a string —
 * data from a record, a peer, a request — is always escaped, whatever it contains.
 */
export class Html {
  readonly #markup: string;

  /** @param markup - markup, escaped already (use {@link html} or {@link raw}, not this constructor). */
  private constructor(markup: string) {
    this.#markup = markup;
  }

  /**
   * Wraps markup without escaping it. Reached through {@link raw}.
   * @param markup - the markup.
   * @returns it, trusted.
   */
  public static trust(markup: string): Html {
    return new Html(markup);
  }

  /**
   * Whether a value is markup built here (not a look-alike object).
   * @param value - any value.
   * @returns true for an {@link Html}.
   */
  public static isInstance(value: unknown): value is Html {
    return value instanceof Html;
  }

  /** @returns the markup. */
  public toString(): string {
    return this.#markup;
  }
}

/**
 * What may stand in a `${…}` of {@link html}: text and numbers (escaped), markup (kept), arrays of
 * these (joined without separator), and `false`/`null`/`undefined` (nothing, for `${cond && html`…`}`).
 */
export type HtmlValue = Html | string | number | false | null | undefined | readonly HtmlValue[];

function markupOf(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (Html.isInstance(value)) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(markupOf).join('');
  return escapeHtml(value as string | number);
}

/**
 * The escape-by-default template of the page layer: every interpolated value is HTML-escaped
 * (`& < > " '`, so it is safe in element content and in quoted attribute values) unless it is
 * already {@link Html} — a nested `html` template or an explicit {@link raw}. Arrays are joined.
 * @param strings - the template's literal parts (trusted: written in this code).
 * @param values - the interpolated values.
 * @returns the markup.
 * @example
 * html`<a href="${href}">${label}</a>`; // label '<b>' becomes '&lt;b&gt;'
 * html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`; // nested templates are not escaped twice
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += markupOf(value) + (strings[index + 1] ?? '');
  });
  return Html.trust(markup);
}

/**
 * Markup that is not escaped: only for fixed markup written in this code (an advice sentence with
 * a `<code>`), never for data. Every use is a visible, reviewable exception.
 * @param markup - the markup.
 * @returns it, as {@link Html}.
 */
export function raw(markup: string): Html {
  return Html.trust(markup);
}

/**
 * Joins markup with a separator that is itself markup (`<br>`, `\n`, ` · `).
 * @param items - the parts (strings are escaped).
 * @param separator - trusted separator markup.
 * @returns the joined markup.
 */
export function joinHtml(items: readonly HtmlValue[], separator: string): Html {
  return Html.trust(items.map(markupOf).join(separator));
}
