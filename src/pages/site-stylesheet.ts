import { createHash } from 'node:crypto';

const CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5c8e; --accent-soft: #e7f1f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: #fff; }
.wrap { max-width: 66rem; margin: 0 auto; padding: 0 1.25rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .4rem .6rem; z-index: 1; }
header.site { background: var(--soft); border-bottom: 1px solid var(--line); }
header.site .wrap { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; padding-top: .7rem; padding-bottom: .7rem; }
header.site a { font-weight: 700; color: var(--fg); text-decoration: none; }
header.site span { color: var(--muted); font-size: .9rem; }
header.site nav { margin-left: auto; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
header.site nav a { font-weight: 500; color: var(--accent); }
header.site nav a:hover { text-decoration: underline; }
main.wrap { padding-top: 1.75rem; padding-bottom: 2rem; }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
.eyebrow { margin: 0; color: var(--accent); font-size: .8rem; font-weight: 650; letter-spacing: .06em; text-transform: uppercase; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: .25rem 0 .75rem; }
h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.lead { font-size: 1.1rem; color: #30363d; margin-top: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .4rem .65rem; text-align: left; vertical-align: top; }
td a { overflow-wrap: anywhere; }
thead th { background: var(--soft); font-weight: 650; white-space: nowrap; }
tbody th { font-weight: 600; }
table.kv th { width: 15rem; background: var(--soft); }
tr:target > * { background: var(--accent-soft); }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: .85rem; padding-top: .3rem; }
.scroll { overflow-x: auto; }
main.wrap p, main.wrap li, main.wrap dd, main.wrap h1, main.wrap h2 { overflow-wrap: anywhere; }
.notice { border-left: 4px solid var(--accent); background: var(--accent-soft); padding: .6rem .9rem; margin: 1rem 0; }
.notice.warn { border-left-color: #9a6700; background: #fff8c5; }
ol.chain { list-style: none; padding: 0; margin: 0; }
ol.chain > li { display: grid; grid-template-columns: 11rem 1fr; gap: .75rem; padding: .4rem 0; border-bottom: 1px dashed var(--line); }
ol.chain > li:last-child { border-bottom: 0; }
.step { color: var(--muted); font-size: .9rem; }
ol.versions { margin: 0; padding: 0; list-style: none; }
ol.versions li { margin: .1rem 0; }
ol.chain .current, ol.chain [aria-current] { font-weight: 650; }
.tag { display: inline-block; font-size: .75rem; font-weight: 600; padding: 0 .45rem; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); vertical-align: .1em; }
.tag.accent { border-color: var(--accent); color: var(--accent); }
figure.diagram { margin: 1.25rem 0; border: 1px solid var(--line); border-radius: 8px; padding: .75rem; overflow-x: auto; }
figure.diagram svg { display: block; width: 100%; min-width: 600px; height: auto; }
figure.diagram figcaption { color: var(--muted); font-size: .85rem; margin-top: .4rem; }
figure.diagram a:hover rect, figure.diagram a:focus rect { stroke-width: 2.5; }
ul.plain { padding-left: 1.2rem; }
ul.plain li { margin: .25rem 0; }
.muted { color: var(--muted); }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
table.diff-fields { margin: 1rem 0; }
table.diff-fields caption { caption-side: top; color: var(--fg); font-size: 1rem; font-weight: 600; padding: 0 0 .3rem; }
td.absent { color: var(--muted); }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
footer.site .wrap { padding-top: 1rem; padding-bottom: 1.5rem; }
/* search form and results */
form fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 .75rem; padding: .5rem .75rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.row { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: flex-end; }
.field { display: flex; flex-direction: column; }
.field label { font-size: .9rem; }
.hint { font-size: .8rem; color: var(--muted); }
input[type=search] { width: 100%; font-size: 1rem; padding: .3rem; }
[aria-invalid=true] { border: 2px solid #b00020; }
.error { border-left: 4px solid #b00020; background: #fdecee; padding: .5rem 1rem; margin-bottom: 1rem; }
.error h2 { border-bottom: 0; margin-top: .5rem; }
.results { padding-left: 1.5rem; }
.result { margin-bottom: 1rem; }
.result h3 { margin: 0; font-size: 1.05rem; }
.meta { margin: 0; color: #444; font-size: .9rem; }
.matched { margin: .25rem 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem; font-size: .9rem; }
.matched dt { font-weight: 600; }
.matched dd { margin: 0; }
.type { display: inline-block; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; background: #eef; border-radius: 3px; padding: 0 .3rem; margin-right: .4rem; }
nav.pages a { margin-right: 1rem; }
/* workspace forms */
.ws-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: .4rem .75rem; margin-bottom: 1rem; font-size: .95rem; }
.ws-bar form { display: inline; margin: 0; }
.field { margin: 0 0 1rem; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: .2rem; }
.field .hint { display: block; color: var(--muted); font-size: .9rem; margin-bottom: .25rem; }
.field input[type=text], .field input[type=url], .field input[type=date], .field input[type=number], .field input[type=password], .field input[type=file], .field select, .field textarea { width: 100%; max-width: 36rem; font: inherit; padding: .35rem .45rem; border: 1px solid #8c959f; border-radius: 4px; }
.field textarea { min-height: 6rem; }
.field.invalid input, .field.invalid select, .field.invalid textarea { border-color: #b00020; border-width: 2px; }
.field .field-error { display: block; color: #b00020; font-weight: 600; margin-bottom: .25rem; }
button, .button { font: inherit; padding: .4rem .9rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #b00020; border-color: #b00020; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.steps { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
.steps li[aria-current=step] { font-weight: 700; }
.secret { font-family: ui-monospace, Menlo, Consolas, monospace; background: #fff8c5; padding: .5rem; overflow-wrap: anywhere; display: block; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.registered { padding-left: 1.1rem; }
.registered li { margin-bottom: .5rem; overflow-wrap: anywhere; }
@media (max-width: 30rem) { .wrap { padding: 0 .75rem; } h1 { font-size: 1.5rem; } header.site nav { margin-left: 0; } table { display: block; overflow-x: auto; } }
@media (max-width: 30rem) { .scroll > table { display: table; } } /* a table in its own focusable scroll region stays a table: the region scrolls */

/* SPARQL form and examples */
textarea { width: 100%; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
.query-form label { font-weight: 600; }
.query-form p { margin: .5rem 0; }
.example { margin-bottom: 1.5rem; }
.example h3 { margin-bottom: .25rem; }
@media (max-width: 40rem) { ol.chain > li { grid-template-columns: 1fr; gap: 0; } table.kv th { width: auto; } h1 { font-size: 1.5rem; } }
.status { font-weight: 650; }
.status-active { color: #1a7f37; }
.status-inactive, .status-planned, .status-commissioned { color: #9a6700; }
.status-decommissioned { color: var(--muted); }
.instrument-label { display: flex; gap: 5mm; align-items: flex-start; width: 100mm; max-width: 100%; padding: 4mm; border: 1px solid var(--fg); border-radius: 2mm; background: #fff; }
.instrument-label .qr { width: 30mm; height: 30mm; flex: none; }
.instrument-label h1 { font-size: 1.1rem; margin: 0 0 .3rem; }
.instrument-label dl { margin: 0; font-size: .8rem; line-height: 1.35; }
.instrument-label dl div { display: flex; gap: .4rem; }
.instrument-label dt { font-weight: 650; min-width: 5.5rem; }
.instrument-label dd { margin: 0; overflow-wrap: anywhere; }
.instrument-label .resolves { margin: .3rem 0 0; font-size: .7rem; }
@media print {
  header.site, footer.site, .skip, .no-print { display: none !important; }
  main.wrap { padding: 0; max-width: none; }
  .instrument-label { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}

/* Home page */
.home-search label { display: block; font-weight: 600; margin-bottom: .3rem; }
.home-search .row { display: flex; gap: .5rem; max-width: 40rem; }
.home-search input { flex: 1; font: inherit; padding: .45rem .6rem; border: 1px solid #8c959f; border-radius: 4px; }
.home-counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; list-style: none; padding: 0; }
.home-browse { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 2rem; }
.muted { color: var(--muted); }

/* SPARQL results in the page */
.results { margin-top: 1.5rem; }
.results .dt { color: var(--muted); font-size: .8rem; margin-left: .3rem; }
.results nav.pager { display: flex; gap: 1rem; align-items: center; margin: .75rem 0; }
.results .downloads a { margin-right: .75rem; }
.results .error pre { white-space: pre-wrap; }
`;

/** The one stylesheet of the site, and where it is served. */
export interface SiteStylesheet {
  /** The CSS text. */
  readonly css: string;
  /** Its URL path, named by a hash of its content, so a changed stylesheet gets a new URL and the old one may be cached for good. */
  readonly path: string;
  /** Its strong entity tag (the same hash). */
  readonly etag: string;
}

const HASH = createHash('sha256').update(CSS).digest('hex').slice(0, 12);

/**
 * The stylesheet of every page, linked by the layout and served by the asset router: the site
 * frame (header, navigation, footer), the landing and diff pages (tables, chain, diagram, notices),
 * the search form and results and the SPARQL form. Written as a module, not a `.css` file, so the
 * TypeScript build carries it to `dist/` with no copy step.
 */
export const SITE_STYLESHEET: SiteStylesheet = Object.freeze({ css: CSS, path: `/assets/site-${HASH}.css`, etag: `"${HASH}"` });
