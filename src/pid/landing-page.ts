import { ConfigurationTimeline } from '../domain/configuration-timeline.js';
import type { RecordKind } from '../domain/records.js';
import { componentAnchor } from './landing-view.js';
import type { AppliedSettings, ComponentRow, ConfigurationVersionView, LandingView, LinkedResource, UsedComponent } from './landing-view.js';
import { escapeHtml } from '../html/escape-html.js';
import { diffSummary, renderDiffHtml } from './configuration-diff.js';
import type { ConfigurationDiff } from './configuration-diff.js';

/** Options of {@link renderLandingPage}. */
export interface LandingPageOptions {
  /** Public base URL of this service (`PHD_BASE_URL`), for the site links and absolute alternates. */
  readonly baseUrl: string;
}

/** An RFC 9457 problem, as much of it as the HTML error page shows. */
export interface ProblemPageInput {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** The request the problem is about (the PID or path asked for). */
  readonly instance?: string | undefined;
}

export { escapeHtml };

/**
 * Serializes a value as JSON for a `<script type="application/ld+json">` element. `</` becomes
 * `<\/` (the same JSON string) so no `</script>` inside a value can close the element, and `<!--`
 * becomes `\u003c!--` so no value can switch the HTML parser into its escaped script states.
 * @param value - a JSON-serializable value.
 * @returns JSON text that is safe inside a script element.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value, null, 2) ?? 'null')
    .replace(/<\//g, '<\\/')
    .replace(/<!--/g, '\\u003c!--')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Human names of the record kinds, as headings and labels. */
const KIND_LABELS: Readonly<Record<RecordKind, string>> = {
  facility: 'Core facility',
  organization: 'Organization',
  model: 'Instrument model',
  instance: 'Instrument instance',
  configuration: 'Hardware configuration',
  dataset: 'Dataset',
  publication: 'Publication',
  person: 'Person',
};

/** Names of the serializations the alternates offer. */
const FORMAT_NAMES: ReadonlyMap<string, string> = new Map([
  ['application/ld+json', 'JSON-LD'],
  ['text/turtle', 'Turtle'],
  ['application/n-triples', 'N-Triples'],
  ['application/n-quads', 'N-Quads'],
  ['application/trig', 'TriG'],
  ['application/rdf+xml', 'RDF/XML'],
  ['text/html', 'HTML'],
]);

/**
 * An href that is safe to put in an attribute, or undefined: absolute http(s)/mailto URLs and
 * relative references pass; any other scheme (`javascript:`, `data:`, `vbscript:`…) is refused, so
 * a hostile IRI in a record becomes plain text instead of a link.
 */
function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '') return undefined;
  // Browsers drop tabs and newlines inside a scheme ("java\tscript:"), so judge the URL without them.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed.replace(/[\t\n\r]/g, ''));
  if (scheme === null) return trimmed;
  return ['http', 'https', 'mailto'].includes((scheme[1] ?? '').toLowerCase()) ? trimmed : undefined;
}

/** `<a href>` around escaped text, or the text alone when the href is not safe. */
function link(href: string, text: string, attributes = ''): string {
  const safe = safeHref(href);
  return safe === undefined ? `<span${attributes}>${escapeHtml(text)}</span>` : `<a href="${escapeHtml(safe)}"${attributes}>${escapeHtml(text)}</a>`;
}

/** `text` cut to `max` characters with an ellipsis (for the fixed-width boxes of the diagram). */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

/** The first letter in upper case (class labels are lower case: `objective`). */
function capitalize(text: string): string {
  return text.length === 0 ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** A `<time>` element for an ISO date or date-time; other text is shown as it is. */
function time(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (match === null) return escapeHtml(value);
  const [, date = '', clock, zone] = match;
  const shown = clock === undefined ? date : `${date} ${clock}${zone === 'Z' ? ' UTC' : zone === undefined ? '' : ` ${zone}`}`;
  return `<time datetime="${escapeHtml(value)}">${escapeHtml(shown)}</time>`;
}

/** The short name of a configuration version: `v2`, or its position when it has no number. */
function versionName(version: ConfigurationVersionView, index: number): string {
  return version.versionNumber === undefined ? `#${index + 1}` : `v${version.versionNumber}`;
}

/** Configuration versions in time order. */
function inTimeOrder(versions: readonly ConfigurationVersionView[]): readonly ConfigurationVersionView[] {
  return new ConfigurationTimeline(versions).versions;
}

/** The latest version still in effect: the latest one that is not withdrawn. */
function latestOf(versions: readonly ConfigurationVersionView[]): ConfigurationVersionView | undefined {
  return new ConfigurationTimeline(versions.filter((v) => !v.withdrawn)).latest;
}

const STYLE = `
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
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; }
table.diff-fields { margin: 1rem 0; }
table.diff-fields caption { caption-side: top; color: var(--fg); font-size: 1rem; font-weight: 600; padding: 0 0 .3rem; }
td.absent { color: var(--muted); }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
footer.site .wrap { padding-top: 1rem; padding-bottom: 1.5rem; }
@media (max-width: 40rem) { ol.chain > li { grid-template-columns: 1fr; gap: 0; } table.kv th { width: auto; } h1 { font-size: 1.5rem; } }
`;

/** The shared frame of every page: head, site header, main, footer. */
function documentShell(parts: { title: string; head: string; main: string; footer: string; home: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(parts.title)}</title>
${parts.head}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><div class="wrap">${link(parts.home, 'imaging-phd')}<span>Persistent Hardware Descriptors for microscopy</span></div></header>
<main id="content" class="wrap">
${parts.main}
</main>
<footer class="site"><div class="wrap">${parts.footer}</div></footer>
</body>
</html>
`;
}

// ------------------------------------------------------------------ diagram

const SVG = {
  accent: '#0b5c8e',
  line: '#8c959f',
  muted: '#57606a',
  fg: '#1b1f24',
  box: { width: 240, height: 58, minGap: 44 },
  version: { maxWidth: 220, height: 52 },
  margin: 20,
} as const;

/** One box of the top row (facility, model, instance): a link with a kind label and a name. */
function svgNodeBox(resource: LinkedResource, kind: string, x: number, y: number, isSelf: boolean): string {
  const { width, height } = SVG.box;
  const fill = isSelf ? SVG.accent : '#ffffff';
  const text = isSelf ? '#ffffff' : SVG.fg;
  const sub = isSelf ? '#dbe9f3' : SVG.muted;
  const current = isSelf ? ' aria-current="page"' : '';
  return `${svgLinkOpen(resource.href, current)}<title>${escapeHtml(`${kind}: ${resource.label}`)}</title>`
    + `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${fill}" stroke="${SVG.accent}" stroke-width="1.5"/>`
    + `<text x="${x + 12}" y="${y + 21}" font-size="11" font-weight="600" letter-spacing="0.6" fill="${sub}">${escapeHtml(kind.toUpperCase())}</text>`
    + `<text x="${x + 12}" y="${y + 42}" font-size="14" font-weight="600" fill="${text}">${escapeHtml(truncate(resource.label, Math.floor((width - 24) / 8.4)))}</text>${svgLinkClose(resource.href)}`;
}

/** Opens an SVG link, or a plain group when the href is not safe to link. */
function svgLinkOpen(href: string, attributes: string): string {
  const safe = safeHref(href);
  return safe === undefined ? `<g${attributes}>` : `<a href="${escapeHtml(safe)}"${attributes}>`;
}

/** Closes what {@link svgLinkOpen} opened for the same href. */
function svgLinkClose(href: string): string {
  return safeHref(href) === undefined ? '</g>' : '</a>';
}

/** A right-pointing arrow between two boxes of the top row. */
function svgArrow(x1: number, x2: number, y: number): string {
  return `<line x1="${x1}" y1="${y}" x2="${x2 - 7}" y2="${y}" stroke="${SVG.line}" stroke-width="1.5"/>`
    + `<path d="M${x2 - 8} ${y - 5} L${x2} ${y} L${x2 - 8} ${y + 5} Z" fill="${SVG.line}"/>`;
}

/**
 * The chain as an inline SVG: facility → model → instance in a row, and under it the instance's
 * configuration versions on a timeline, each at its `validFrom` date, the one this page is about
 * filled. Every box is a link. Pure SVG with presentation attributes: it needs no page CSS, no
 * font and no script, and stays a few kilobytes.
 * @returns the `<svg>` element, or an empty string when the record has no chain to draw.
 */
function renderDiagram(view: LandingView): string {
  const { chain } = view;
  const nodes = [
    { resource: chain.facility, kind: 'Facility' },
    { resource: chain.model, kind: 'Model' },
    { resource: chain.instance, kind: 'Instance' },
  ].filter((n): n is { resource: LinkedResource; kind: string } => n.resource !== undefined);
  const versions = inTimeOrder(chain.configurations);
  if (nodes.length === 0 && versions.length === 0) return '';

  const { margin } = SVG;
  const slotMin = 140;
  const rowWidth = nodes.length * SVG.box.width + Math.max(0, nodes.length - 1) * SVG.box.minGap;
  // 960 fills the page's content column at about 1:1, so the text reads at its nominal size.
  const width = Math.max(960, rowWidth + 2 * margin, versions.length * slotMin + 2 * margin + 40);
  // The boxes of the top row spread over the whole width, like the timeline under them.
  const gap = nodes.length > 1 ? (width - 2 * margin - nodes.length * SVG.box.width) / (nodes.length - 1) : 0;
  const boxX = (index: number): number => margin + index * (SVG.box.width + gap);
  const parts: string[] = [];
  let y = margin;

  nodes.forEach((node, index) => {
    if (index > 0) parts.push(svgArrow(boxX(index) - gap + 6, boxX(index) - 6, y + SVG.box.height / 2));
    parts.push(svgNodeBox(node.resource, node.kind, boxX(index), y, node.resource.iri === view.iri));
  });
  if (nodes.length > 0) y += SVG.box.height;

  if (versions.length > 0) {
    const instanceIndex = nodes.findIndex((n) => n.kind === 'Instance');
    const top = y + (nodes.length > 0 ? 44 : 0);
    if (instanceIndex >= 0) {
      // The instance "has configurations": a connector from its box down to the timeline.
      const cx = boxX(instanceIndex) + SVG.box.width / 2;
      parts.push(`<line x1="${cx}" y1="${y}" x2="${cx}" y2="${top - 10}" stroke="${SVG.line}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
      parts.push(`<path d="M${cx - 5} ${top - 12} L${cx} ${top - 4} L${cx + 5} ${top - 12} Z" fill="${SVG.line}"/>`);
      parts.push(`<text x="${cx + 8}" y="${y + 24}" font-size="11" fill="${SVG.muted}">has configurations</text>`);
    }
    parts.push(`<text x="${margin}" y="${top + 4}" font-size="11" font-weight="600" letter-spacing="0.6" fill="${SVG.muted}">HARDWARE CONFIGURATIONS OVER TIME</text>`);
    const boxTop = top + 16;
    const axisY = boxTop + SVG.version.height + 18;
    const slot = (width - 2 * margin - 24) / versions.length;
    const boxWidth = Math.min(SVG.version.maxWidth, slot - 16);
    parts.push(`<line x1="${margin}" y1="${axisY}" x2="${width - margin - 8}" y2="${axisY}" stroke="${SVG.line}" stroke-width="2"/>`);
    parts.push(`<path d="M${width - margin - 10} ${axisY - 6} L${width - margin} ${axisY} L${width - margin - 10} ${axisY + 6} Z" fill="${SVG.line}"/>`);
    const latest = latestOf(versions);
    const currentIri = chain.current?.iri ?? view.iri;
    versions.forEach((version, index) => {
      const cx = margin + slot * index + slot / 2;
      const x = cx - boxWidth / 2;
      const isCurrent = version.iri === currentIri;
      const fill = isCurrent ? SVG.accent : version.withdrawn ? '#f6f8fa' : '#ffffff';
      const stroke = version.withdrawn ? SVG.line : SVG.accent;
      const dash = version.withdrawn ? ' stroke-dasharray="5 3"' : '';
      const fg = isCurrent ? '#ffffff' : version.withdrawn ? SVG.muted : SVG.fg;
      const sub = isCurrent ? '#dbe9f3' : SVG.muted;
      const name = versionName(version, chain.configurations.indexOf(version));
      const status = version.withdrawn ? 'withdrawn' : version === latest ? 'latest' : 'superseded';
      const period = `${version.validFrom ?? 'date unknown'}${version.validUntil === undefined ? '' : ` – ${version.validUntil}`}`;
      const title = `Configuration ${name} (${status}${isCurrent ? ', this page' : ''}): ${version.label}, valid ${period}`;
      const maxChars = Math.max(4, Math.floor((boxWidth - 16) / 6.2));
      parts.push(
        `${svgLinkOpen(version.href, isCurrent ? ' aria-current="page"' : '')}<title>${escapeHtml(title)}</title>`
        + `<rect x="${x}" y="${boxTop}" width="${boxWidth}" height="${SVG.version.height}" rx="7" fill="${fill}" stroke="${stroke}" stroke-width="1.5"${dash}/>`
        + `<text x="${x + 10}" y="${boxTop + 20}" font-size="14" font-weight="700" fill="${fg}">${escapeHtml(name)}`
        + `<tspan font-size="11" font-weight="500" fill="${sub}"> · ${escapeHtml(status)}</tspan></text>`
        + `<text x="${x + 10}" y="${boxTop + 39}" font-size="11.5" fill="${fg}">${escapeHtml(truncate(version.label, maxChars))}</text>${svgLinkClose(version.href)}`,
        `<line x1="${cx}" y1="${boxTop + SVG.version.height}" x2="${cx}" y2="${axisY}" stroke="${isCurrent ? SVG.accent : SVG.line}" stroke-width="1.5"/>`,
        `<circle cx="${cx}" cy="${axisY}" r="5" fill="${isCurrent ? SVG.accent : '#ffffff'}" stroke="${isCurrent ? SVG.accent : SVG.line}" stroke-width="2"/>`,
        `<text x="${cx}" y="${axisY + 20}" font-size="12" text-anchor="middle" fill="${SVG.muted}">${escapeHtml(version.validFrom === undefined ? 'undated' : `from ${version.validFrom}`)}</text>`,
      );
    });
    y = axisY + 28;
  }

  const height = y + margin / 2;
  // A long history would shrink to illegible text in the content column: scroll it instead.
  const wide = width > 960 ? ` style="min-width: ${Math.round(width * 0.75)}px"` : '';
  const description = [
    ...nodes.map((n) => `${n.kind}: ${n.resource.label}.`),
    ...versions.map((v, i) => `Configuration ${versionName(v, i)}: ${v.label}, valid from ${v.validFrom ?? 'an unknown date'}${v.validUntil === undefined ? '' : ` until ${v.validUntil}`}${v.withdrawn ? ' (withdrawn)' : ''}.`),
  ].join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chain-diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"${wide} role="group" aria-labelledby="diagram-title diagram-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`
    + `<title id="diagram-title">${escapeHtml(`Where ${view.title} sits in the chain`)}</title>`
    + `<desc id="diagram-desc">${escapeHtml(description)}</desc>\n${parts.join('\n')}\n</svg>`;
}

// ------------------------------------------------------------------ sections

/** The PIDs: the canonical IRI as a link, the compact form, and the identifiers as written. */
function renderIdentifiers(view: LandingView): string {
  const rows = [`<tr><th scope="row">Canonical IRI (cite as)</th><td>${link(view.iri, view.iri)}</td></tr>`];
  const others = [...new Set(view.identifiers)].filter((id) => id !== view.iri);
  let curieShown = false;
  for (const id of others) {
    const isUrl = /^https?:\/\//i.test(id);
    const isCurie = !isUrl && /^[a-z][a-z0-9.+-]*:\S/i.test(id);
    const name = isUrl ? 'Also resolves as' : isCurie && !curieShown ? 'Compact identifier (CURIE)' : 'Identifier as recorded';
    if (isCurie) curieShown = true;
    rows.push(`<tr><th scope="row">${escapeHtml(name)}</th><td>${isUrl ? link(id, id) : `<code>${escapeHtml(id)}</code>`}</td></tr>`);
  }
  return `<section aria-labelledby="identifiers">
<h2 id="identifiers">Persistent identifiers</h2>
<table class="kv"><tbody>
${rows.join('\n')}
</tbody></table>
</section>`;
}

/** The record's own facts as a two-column table; URL values become links. */
function renderFacts(view: LandingView): string {
  if (view.facts.length === 0) return '';
  const rows = view.facts.map((fact) => {
    const values = fact.values.map((v) => (/^https?:\/\//i.test(v) ? link(v, v) : escapeHtml(v)));
    return `<tr><th scope="row">${escapeHtml(fact.name)}</th><td>${values.join('<br>')}</td></tr>`;
  });
  return `<section aria-labelledby="facts">
<h2 id="facts">Facts</h2>
<table class="kv"><tbody>
${rows.join('\n')}
</tbody></table>
</section>`;
}

/** For a configuration page: which version this is, and a notice when it is no longer in effect. */
function renderVersionNotice(view: LandingView): string {
  if (view.kind !== 'configuration') return '';
  const versions = inTimeOrder(view.chain.configurations);
  const self = versions.find((v) => v.iri === view.iri);
  if (self === undefined) return '';
  const name = versionName(self, view.chain.configurations.indexOf(self));
  const period = `${self.validFrom === undefined ? 'from an unknown date' : `from ${time(self.validFrom)}`}${self.validUntil === undefined ? '' : ` until ${time(self.validUntil)}`}`;
  const latest = latestOf(versions);
  if (self.withdrawn) {
    return `<p class="notice warn"><strong>Configuration ${escapeHtml(name)} was withdrawn.</strong> It stays resolvable so existing citations keep working; do not cite it for new data.</p>`;
  }
  if (latest !== undefined && latest !== self) {
    const next = versions[versions.indexOf(self) + 1] ?? latest;
    const nextName = versionName(next, view.chain.configurations.indexOf(next));
    return `<p class="notice warn"><strong>Configuration ${escapeHtml(name)}</strong>, valid ${period}. It was superseded by ${link(next.href, `configuration ${nextName}`)}; this version stays resolvable and unchanged, for the data acquired while it was in effect.</p>`;
  }
  return `<p class="notice"><strong>Configuration ${escapeHtml(name)}</strong>, valid ${period}. This is the instrument's current hardware configuration.</p>`;
}

/** The chain as an ordered list of links (readable without the SVG, and by screen readers). */
function renderChain(view: LandingView, diagram: string): string {
  const { chain } = view;
  const item = (step: string, body: string): string => `<li><span class="step">${escapeHtml(step)}</span><div>${body}</div></li>`;
  const resource = (r: LinkedResource): string => {
    const self = r.iri === view.iri;
    return `${link(r.href, r.label, self ? ' aria-current="page"' : '')}${self ? ' <span class="tag accent">this record</span>' : ''}`;
  };
  const items: string[] = [];
  if (chain.organization !== undefined) items.push(item('Organization', resource(chain.organization)));
  if (chain.facility !== undefined) items.push(item('Facility', resource(chain.facility)));
  if (chain.model !== undefined) items.push(item('Instrument model', resource(chain.model)));
  if (chain.instance !== undefined) items.push(item('Instrument instance', resource(chain.instance)));
  const versions = inTimeOrder(chain.configurations);
  if (versions.length > 0) {
    const currentIri = chain.current?.iri ?? view.iri;
    const latest = latestOf(versions);
    const rows = versions.map((v) => {
      const name = versionName(v, chain.configurations.indexOf(v));
      const isCurrent = v.iri === currentIri;
      const period = `${v.validFrom === undefined ? 'undated' : `from ${time(v.validFrom)}`}${v.validUntil === undefined ? '' : ` until ${time(v.validUntil)}`}`;
      const tags = [
        isCurrent ? `<span class="tag accent">${view.iri === v.iri ? 'this page' : 'used here'}</span>` : '',
        v === latest ? '<span class="tag">latest</span>' : '',
        v.withdrawn ? '<span class="tag">withdrawn</span>' : '',
      ].filter((t) => t !== '').join(' ');
      return `<li${isCurrent ? ' class="current"' : ''}>${link(v.href, `${name} — ${v.label}`, isCurrent ? ' aria-current="page"' : '')} <span class="muted">${period}</span>${tags === '' ? '' : ` ${tags}`}</li>`;
    });
    items.push(item('Configuration versions', `<ol class="versions">\n${rows.join('\n')}\n</ol>`));
  } else if (chain.current !== undefined) {
    items.push(item('Configuration', resource(chain.current)));
  }
  if (view.datasets.length > 0) {
    items.push(item('Datasets', `<a href="#datasets">${escapeHtml(plural(view.datasets.length, 'dataset'))}</a> acquired with it`));
  }
  if (view.publications.length > 0) {
    items.push(item('Publications', `<a href="#publications">${escapeHtml(plural(view.publications.length, 'publication'))}</a> citing it`));
  }
  if (items.length === 0 && diagram === '') return '';
  return `<section aria-labelledby="chain">
<h2 id="chain">Place in the chain</h2>
${diagram === '' ? '' : `<figure class="diagram">${diagram}<figcaption>Facility, model and instance, and the instance’s hardware configurations by the date each took effect. The highlighted box is the configuration this page is about; every box is a link.</figcaption></figure>`}
<nav aria-label="Chain of records"><ol class="chain">
${items.join('\n')}
</ol></nav>
</section>`;
}

/** `1 dataset`, `2 datasets`. */
function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The components as one table per NBO-Q class, columns the union of the class's fields. */
function renderComponents(view: LandingView): string {
  if (view.components.length === 0) return '';
  const groups = new Map<string, ComponentRow[]>();
  for (const row of view.components) {
    const group = groups.get(row.classLocal);
    if (group === undefined) groups.set(row.classLocal, [row]);
    else group.push(row);
  }
  const tables = [...groups.values()].map((rows) => {
    const first = rows[0];
    const heading = capitalize(first?.classLabel ?? first?.classLocal ?? 'Component');
    const fields: string[] = [];
    for (const row of rows) for (const f of row.fields) if (!fields.includes(f.name)) fields.push(f.name);
    const head = ['<th scope="col">Name</th>', ...fields.map((f) => `<th scope="col">${escapeHtml(f)}</th>`)].join('');
    const body = rows.map((row) => {
      const cells = fields.map((name) => {
        const values = row.fields.filter((f) => f.name === name).map((f) => escapeHtml(f.value));
        return values.length === 0 ? '<td class="muted">—</td>' : `<td>${values.join('<br>')}</td>`;
      });
      // The id lets a dataset's acquisition settings link to the very component they used.
      return `<tr id="${escapeHtml(componentAnchor(row.iri, view.iri))}"><th scope="row">${escapeHtml(row.label)}</th>${cells.join('')}</tr>`;
    });
    const id = `components-${(first?.classLocal ?? 'component').replace(/[^A-Za-z0-9_-]/g, '-')}`;
    return `<h3 id="${escapeHtml(id)}">${escapeHtml(heading)} <span class="muted">(${escapeHtml(rows.length)})</span></h3>
<div class="scroll" role="region" aria-labelledby="${escapeHtml(id)}" tabindex="0"><table>
<caption>NBO-Q class <code>nboq:${escapeHtml(first?.classLocal ?? '')}</code>; values as recorded, with their units.</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody></table></div>`;
  });
  return `<section aria-labelledby="components">
<h2 id="components">Components</h2>
<p>${escapeHtml(plural(view.components.length, 'component'))} in ${escapeHtml(plural(groups.size, 'class', 'classes'))}, described with the NBO-Q model (QUAREP-LiMi, Micro-Meta App).</p>
${tables.join('\n')}
</section>`;
}

/** A used component: a link to its row on its configuration's page, with its class; plain text when it has no page. */
function usedComponent(component: UsedComponent): string {
  const name = component.href === undefined ? escapeHtml(component.label) : link(component.href, component.label);
  return component.classLabel === undefined ? name : `${name} <span class="muted">(${escapeHtml(component.classLabel)})</span>`;
}

/** `name: value` lines of settings values, escaped. */
function settingValues(values: AppliedSettings['values']): string[] {
  return values.map((v) => `<span class="muted">${escapeHtml(v.name)}:</span> ${escapeHtml(v.value)}`);
}

/** A table cell of markup lines (already escaped), a dash when there are none. */
function linesCell(lines: readonly string[]): string {
  return lines.length === 0 ? '<td class="muted">—</td>' : `<td>${lines.join('<br>')}</td>`;
}

/** A table cell listing settings nodes: each one's components, then its values, one per line. */
function settingsCell(settings: readonly AppliedSettings[]): string {
  return linesCell(settings.flatMap((s) => [...s.components.map(usedComponent), ...settingValues(s.values)]));
}

/** An optional text as a table cell, a dash when absent. */
function textCell(text: string | undefined): string {
  return text === undefined ? '<td class="muted">—</td>' : `<td>${escapeHtml(text)}</td>`;
}

/**
 * NBO-Q illumination types use `_` between the levels of their hierarchy
 * (`Confocal_Fluorescence_spinning disk`); spaces read better and the value stays recognisable.
 */
function enumerationText(value: string): string {
  return value.replace(/_/g, ' ').trim();
}

/**
 * A dataset's acquisition settings: the objective settings as a key–value table, and one row per
 * channel with its fluorophore, wavelengths, light source, detector, light path and illumination.
 * Hardware links lead to the component's row on its configuration's page.
 */
function renderAcquisition(view: LandingView): string {
  const acquisition = view.acquisition;
  if (acquisition === undefined || (acquisition.objective === undefined && acquisition.channels.length === 0)) return '';
  const parts: string[] = [];
  const objective = acquisition.objective;
  if (objective !== undefined) {
    const rows = [
      `<tr><th scope="row">Objective</th>${linesCell(objective.components.map(usedComponent))}</tr>`,
      ...objective.values.map((v) => `<tr><th scope="row">${escapeHtml(capitalize(v.name))}</th><td>${escapeHtml(v.value)}</td></tr>`),
    ];
    parts.push(`<h3 id="acquisition-objective">Objective settings</h3>
<table class="kv"><tbody>
${rows.join('\n')}
</tbody></table>`);
  }
  if (acquisition.channels.length > 0) {
    const head = ['Channel', 'Fluorophore', 'Excitation', 'Emission', 'Light source', 'Detector', 'Filter set and light path', 'Illumination / contrast']
      .map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
    const body = acquisition.channels.map((channel) => {
      const illumination = [
        ...(channel.illuminationType === undefined ? [] : [escapeHtml(enumerationText(channel.illuminationType))]),
        ...(channel.contrastMethod === undefined ? [] : [`<span class="muted">contrast:</span> ${escapeHtml(enumerationText(channel.contrastMethod))}`]),
      ];
      const name = channel.number === undefined ? escapeHtml(channel.name) : `${escapeHtml(channel.name)} <span class="muted">(${escapeHtml(channel.number)})</span>`;
      return `<tr><th scope="row">${name}</th>${textCell(channel.fluorophore)}${textCell(channel.excitation)}${textCell(channel.emission)}`
        + `${settingsCell(channel.lightSources)}${settingsCell(channel.detectors)}${linesCell(channel.lightPath.map(usedComponent))}${linesCell(illumination)}</tr>`;
    });
    parts.push(`<h3 id="acquisition-channels">Channels <span class="muted">(${escapeHtml(acquisition.channels.length)})</span></h3>
<div class="scroll" role="region" aria-labelledby="acquisition-channels" tabindex="0"><table>
<caption>One row per channel, in channel order. Wavelengths in nanometres; hardware links lead to the component on its configuration’s page.</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody></table></div>`);
  }
  const configuration = view.chain.current;
  const on = configuration === undefined ? '' : `, on the hardware of configuration ${link(configuration.href, configuration.label)}`;
  return `<section aria-labelledby="acquisition">
<h2 id="acquisition">Acquisition settings</h2>
<p>How this dataset was acquired, as recorded with it${on}.</p>
${parts.join('\n')}
</section>`;
}

/** A titled list of linked resources (datasets, publications, people); nothing when empty. */
function renderList(id: string, heading: string, items: readonly string[]): string {
  if (items.length === 0) return '';
  return `<section aria-labelledby="${escapeHtml(id)}">
<h2 id="${escapeHtml(id)}">${escapeHtml(heading)}</h2>
<ul class="plain">
${items.map((i) => `<li>${i}</li>`).join('\n')}
</ul>
</section>`;
}

/** Links to the other serializations, and how to ask for them by content negotiation. */
function renderAlternates(view: LandingView, base: string): string {
  if (view.alternates.length === 0) return '';
  const items = view.alternates.map((a) => {
    const name = FORMAT_NAMES.get(a.mediaType) ?? a.mediaType;
    return `<li>${link(a.href, name, ` type="${escapeHtml(a.mediaType)}"`)} <code class="muted">${escapeHtml(a.mediaType)}</code></li>`;
  });
  const example = view.alternates.find((a) => a.mediaType === 'text/turtle') ?? view.alternates[0];
  const curl = example === undefined ? ''
    : `<pre><code>curl -L -H ${escapeHtml(`'Accept: ${example.mediaType}'`)} ${escapeHtml(absolute(example.href, base))}</code></pre>`;
  return `<section aria-labelledby="formats">
<h2 id="formats">Machine-readable formats</h2>
<p>This record as linked data. The same URL answers with any of them by content negotiation (<code>Accept</code> header).</p>
<ul class="plain">
${items.join('\n')}
</ul>
${curl}
</section>`;
}

/** `href` resolved against the base URL (left as it is when it is not a URL reference). */
function absolute(href: string, base: string): string {
  try {
    return new URL(href, `${base}/`).href;
  } catch {
    return href;
  }
}

/**
 * Renders the HTML landing page of a record: what a person sees when they open a PID in a browser.
 * Server-rendered and complete without JavaScript; accessible (language, heading outline, table
 * headers, a labelled SVG with a list equivalent); every value from the view is HTML-escaped and
 * every link is restricted to http(s), mailto or relative URLs. The schema.org description is
 * embedded as JSON-LD for search engines, and Signposting `<link>`s point to the alternates.
 *
 * @param view - the record's view model (no I/O happens here).
 * @param options - `baseUrl`: the service's public base URL (site links, absolute alternates).
 * @returns a complete HTML5 document.
 * @example
 * res.type('html').send(renderLandingPage(view, { baseUrl: config.baseUrl }));
 */
export function renderLandingPage(view: LandingView, options: LandingPageOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const kind = KIND_LABELS[view.kind] ?? capitalize(view.kind);
  const diagram = renderDiagram(view);

  const head = [
    `<meta name="description" content="${escapeHtml(view.description ?? `${kind}: ${view.title}`)}">`,
    safeHref(view.iri) === undefined ? '' : `<link rel="cite-as" href="${escapeHtml(view.iri)}">`,
    ...view.alternates.map((a) => {
      const href = safeHref(a.href);
      return href === undefined ? '' : `<link rel="alternate describedby" type="${escapeHtml(a.mediaType)}" href="${escapeHtml(absolute(href, base))}">`;
    }),
    `<script type="application/ld+json">\n${jsonForScript(view.schemaOrg)}\n</script>`,
  ].filter((line) => line !== '').join('\n');

  const datasets = view.datasets.map((d) => `${link(d.href, d.label)}${d.created === undefined ? '' : ` <span class="muted">· acquired ${time(d.created)}</span>`}`);
  const publications = view.publications.map((p) => `${link(p.href, p.label)} <span class="muted">· <code>${escapeHtml(p.iri)}</code></span>`);
  const people = view.people.map((p) => link(p.href, p.label));

  const main = [
    `<p class="eyebrow">${escapeHtml(kind)}</p>`,
    `<h1>${escapeHtml(view.title)}</h1>`,
    view.description === undefined ? '' : `<p class="lead">${escapeHtml(view.description)}</p>`,
    renderVersionNotice(view),
    renderIdentifiers(view),
    renderFacts(view),
    renderChain(view, diagram),
    renderAcquisition(view),
    renderComponents(view),
    renderList('datasets', view.kind === 'publication' ? 'Datasets cited' : 'Datasets', datasets),
    renderList('publications', 'Publications', publications),
    renderList('people', 'People', people),
    renderAlternates(view, base),
  ].filter((part) => part !== '').join('\n');

  const footer = `<p>${escapeHtml(kind)} record, version ${escapeHtml(view.version)} · last updated ${time(view.updatedAt)} · `
    + `${link(`${base}/sparql`, 'SPARQL endpoint')} · ${link(`${base}/`, 'imaging-phd')}</p>`;

  return documentShell({ title: `${view.title} · ${kind} · imaging-phd`, head, main, footer, home: `${base}/` });
}

/** Options of {@link renderDiffPage}. */
export interface DiffPageOptions extends LandingPageOptions {
  /** Maps a configuration IRI to the local URL of its landing page (PidService.hrefOf). */
  readonly hrefOf: (iri: string) => string;
}

/**
 * Renders the page of a configuration diff (`/pid/{descriptor}/diff/{other}` in a browser), in
 * the same frame as the landing pages: the diff itself ({@link renderDiffHtml}), links back to
 * both versions, and the same diff as JSON.
 *
 * @param diff - the diff of two configuration versions.
 * @param options - `baseUrl` (site links) and `hrefOf` (the versions' landing pages).
 * @returns a complete HTML5 document.
 * @example
 * res.type('html').send(renderDiffPage(diff, { baseUrl: config.baseUrl, hrefOf: (iri) => pids.hrefOf(iri) }));
 */
export function renderDiffPage(diff: ConfigurationDiff, options: DiffPageOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const title = `${diff.from.label} → ${diff.to.label}`;
  const description = `${diffSummary(diff)}: ${diff.from.label} → ${diff.to.label}`;
  const main = [
    '<p class="eyebrow">Configuration diff</p>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<p class="lead">What changed in the hardware between two versions of one instrument\'s configuration. Components are matched across versions by their identifier; each links to its row on its version\'s page.</p>',
    renderDiffHtml(diff, options.hrefOf),
    '<section aria-labelledby="formats">',
    '<h2 id="formats">Machine-readable formats</h2>',
    `<p>The same URL answers with this diff as JSON (<code>Accept: application/json</code>, or ${link('?format=json', '?format=json', ' type="application/json"')}).</p>`,
    '</section>',
  ].join('\n');
  const footer = `<p>Configuration diff · ${link(`${base}/sparql`, 'SPARQL endpoint')} · ${link(`${base}/`, 'imaging-phd')}</p>`;
  const head = `<meta name="description" content="${escapeHtml(description)}">\n<meta name="robots" content="noindex">`;
  return documentShell({ title: `${title} · Configuration diff · imaging-phd`, head, main, footer, home: `${base}/` });
}

/** Headings and advice per status, for people who followed a link. */
const PROBLEM_TEXT: ReadonlyMap<number, { heading: string; advice: string }> = new Map([
  [400, { heading: 'This identifier cannot be read', advice: 'Check how the identifier is written. In a chain of PIDs, percent-encode the slashes inside each PID (<code>doi:10.1000%2Fxyz</code>).' }],
  [404, { heading: 'No record has this identifier', advice: 'Check the identifier for typing errors. If it was minted recently, the record may not be registered here yet.' }],
  [410, { heading: 'This record was withdrawn', advice: 'The record was withdrawn by the facility that kept it. Its identifier stays reserved and is never given to another record.' }],
]);

/**
 * Renders the HTML page a browser gets instead of an RFC 9457 problem document (404 unknown PID,
 * 410 withdrawn record, 400 unreadable PID, or any other status). For 410 the tombstone date is
 * taken from `detail` when it contains an ISO date.
 *
 * @param problem - the problem's status, title, detail and instance (all escaped).
 * @returns a complete HTML5 document (`noindex`).
 * @example
 * res.status(410).type('html').send(renderProblemPage({ status: 410, title: 'Gone', detail: 'Withdrawn on 2024-05-01.' }));
 */
export function renderProblemPage(problem: ProblemPageInput): string {
  const text = PROBLEM_TEXT.get(problem.status);
  const heading = text?.heading ?? problem.title;
  const parts = [
    `<p class="eyebrow">Error ${escapeHtml(problem.status)} · ${escapeHtml(problem.title)}</p>`,
    `<h1>${escapeHtml(heading)}</h1>`,
  ];
  if (problem.status === 410) {
    const date = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/.exec(problem.detail)?.[0];
    if (date !== undefined) parts.push(`<p class="notice warn"><strong>Withdrawn on ${time(date)}.</strong></p>`);
  }
  parts.push(`<p class="lead">${escapeHtml(problem.detail)}</p>`);
  if (problem.instance !== undefined) parts.push(`<p>Requested: <code>${escapeHtml(problem.instance)}</code></p>`);
  // The advice texts are fixed markup written here, not data.
  if (text !== undefined) parts.push(`<p>${text.advice}</p>`);
  parts.push('<p>Find records with the <a href="/sparql">SPARQL endpoint</a>, or go to the <a href="/">start page</a>.</p>');
  return documentShell({
    title: `${problem.status} ${problem.title} · imaging-phd`,
    head: '<meta name="robots" content="noindex">',
    main: parts.join('\n'),
    footer: '<p>imaging-phd · Persistent Hardware Descriptors for microscopy</p>',
    home: '/',
  });
}
