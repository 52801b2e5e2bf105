import { termHref } from '../domain/index.js';
import { html } from './html.js';
import type { Html, HtmlValue } from './html.js';
import { link } from './link.js';

/**
 * A class or property IRI as a page shows it: a link to its documentation page (`termHref`) for a
 * term of our namespaces, else its text in `<code>`. Landing pages use it wherever they name a
 * term (component kinds, field names), so that every term leads to its definition.
 * @param iri - the term's IRI.
 * @param text - the link text (default: the IRI).
 * @returns the markup.
 * @example
 * termLink('https://w3id.org/imaging-phd/nbo-q#Objective', 'nboq:Objective'); // <a href="/ontology/nboq/Objective">…</a>
 */
export function termLink(iri: string, text: HtmlValue = iri): Html {
  const href = termHref(iri);
  return href === undefined ? html`<code>${text}</code>` : link(href, text, html` class="term"`);
}
