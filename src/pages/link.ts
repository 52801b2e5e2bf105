import { html } from './html.js';
import type { Html, HtmlValue } from './html.js';
import { safeHref } from './safe-href.js';

/**
 * A link whose href passed {@link safeHref}, or its text alone in a `<span>` (with the same
 * attributes) when the href must not become a link. Every link of every page goes through here.
 * @param href - the URL, as data.
 * @param text - the link text (escaped unless it is markup).
 * @param attributes - further attributes, as markup starting with a space (` type="text/turtle"`).
 * @returns the markup.
 * @example
 * link(record.href, record.label); // <a href="/pid/…">…</a>
 */
export function link(href: string, text: HtmlValue, attributes?: Html): Html {
  const safe = safeHref(href);
  return safe === undefined ? html`<span${attributes}>${text}</span>` : html`<a href="${safe}"${attributes}>${text}</a>`;
}
