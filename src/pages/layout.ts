import { SITE_PATHS } from '../domain/index.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { SITE_STYLESHEET } from './site-stylesheet.js';

/** What a page puts into the layout. */
export interface LayoutParts {
  /** The document title (the layout adds nothing to it). */
  readonly title: string;
  /** Extra elements of `<head>`: description, robots, alternates, embedded JSON-LD. */
  readonly head?: Html;
  /** The content of `<main>`. */
  readonly main: Html;
  /** The content of the footer; a line naming the service when absent. */
  readonly footer?: Html;
}

/** The site navigation: the entry points a person can use in a browser. */
const NAVIGATION: readonly (readonly [string, string])[] = [
  [SITE_PATHS.home, 'Home'], [SITE_PATHS.search, 'Search'], [SITE_PATHS.sparql, 'SPARQL'], [SITE_PATHS.ontology, 'Ontology'], ['/workspace', 'Workspace'],
];

/**
 * The one layout of every page: head (charset, viewport, the site stylesheet), a skip link, the
 * site header with its navigation, `<main id="content">` and the footer. Pages give their title,
 * head extras, content and footer; only this function writes the document frame.
 * @param parts - title, head extras, main content, footer.
 * @returns the complete HTML5 document.
 * @example
 * res.type('html').send(layout({ title: 'Search · imaging-phd', main: html`<h1>Search</h1>` }));
 */
export function layout(parts: LayoutParts): string {
  const navigation = NAVIGATION.map(([href, label]) => html`<a href="${href}">${label}</a>`);
  const footer = parts.footer ?? html`<p>imaging-phd · Persistent Hardware Descriptors for microscopy</p>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${parts.title}</title>
${parts.head}
<link rel="stylesheet" href="${SITE_STYLESHEET.path}">
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><div class="wrap"><a href="/">imaging-phd</a><span>Persistent Hardware Descriptors for microscopy</span><nav aria-label="Site">${navigation}</nav></div></header>
<main id="content" class="wrap">
${parts.main}
</main>
<footer class="site"><div class="wrap">${footer}</div></footer>
</body>
</html>
`.toString();
}
