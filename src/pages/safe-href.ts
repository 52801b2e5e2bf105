/**
 * The one URL filter of the page layer: an href that is safe to put in a link, or undefined. Site
 * paths, relative references and absolute `http`, `https` and `mailto` URLs pass; any other
 * scheme (`javascript:`, `data:`, `vbscript:`…) and protocol-relative `//host` references are
 * refused, so a hostile IRI in a record or a peer's answer becomes plain text instead of a link.
 * Whitespace inside the URL (browsers drop tabs and newlines, even inside a scheme: `java\tscript:`)
 * is refused as well, so the URL is judged as the browser will read it.
 * @param href - the candidate URL, as data.
 * @returns the href (trimmed), or undefined when it must not become a link.
 * @example
 * safeHref('/pid/doi:10.5072/x'); // '/pid/doi:10.5072/x'
 * safeHref(' JaVa\tScRiPt:alert(1)'); // undefined
 */
export function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || /[\s\u0000-\u001f]/.test(trimmed)) return undefined;
  if (/^[\\/][\\/]/.test(trimmed)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  if (scheme === null) return trimmed;
  return ['http', 'https', 'mailto'].includes((scheme[1] ?? '').toLowerCase()) ? trimmed : undefined;
}
