import type { LandingView } from '../pid/index.js';
import type { LinkedResource } from '../pid/index.js';
import { html, joinHtml } from './html.js';
import type { Html } from './html.js';
import { safeHref } from './safe-href.js';
import { versionTimeline } from './version-timeline.js';

const SVG = {
  accent: '#0b5c8e',
  line: '#8c959f',
  muted: '#57606a',
  fg: '#1b1f24',
  box: { width: 240, height: 58, minGap: 44 },
  version: { maxWidth: 220, height: 52 },
  margin: 20,
} as const;

/** `text` cut to `max` characters with an ellipsis (for the fixed-width boxes of the diagram). */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

/** An SVG link around `content`, or a plain group when the href is not safe to link. */
function svgLink(href: string, current: boolean, content: Html): Html {
  const safe = safeHref(href);
  const attributes = current ? html` aria-current="page"` : undefined;
  return safe === undefined ? html`<g${attributes}>${content}</g>` : html`<a href="${safe}"${attributes}>${content}</a>`;
}

/** One box of the top row (facility, model, instance): a link with a kind label and a name. */
function nodeBox(resource: LinkedResource, kind: string, x: number, y: number, isSelf: boolean): Html {
  const { width, height } = SVG.box;
  const fill = isSelf ? SVG.accent : '#ffffff';
  const text = isSelf ? '#ffffff' : SVG.fg;
  const sub = isSelf ? '#dbe9f3' : SVG.muted;
  return svgLink(resource.href, isSelf, html`${[
    html`<title>${`${kind}: ${resource.label}`}</title>`,
    html`<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${fill}" stroke="${SVG.accent}" stroke-width="1.5"/>`,
    html`<text x="${x + 12}" y="${y + 21}" font-size="11" font-weight="600" letter-spacing="0.6" fill="${sub}">${kind.toUpperCase()}</text>`,
    html`<text x="${x + 12}" y="${y + 42}" font-size="14" font-weight="600" fill="${text}">${truncate(resource.label, Math.floor((width - 24) / 8.4))}</text>`,
  ]}`);
}

/** A right-pointing arrow between two boxes of the top row. */
function arrow(x1: number, x2: number, y: number): Html {
  return html`<line x1="${x1}" y1="${y}" x2="${x2 - 7}" y2="${y}" stroke="${SVG.line}" stroke-width="1.5"/><path d="M${x2 - 8} ${y - 5} L${x2} ${y} L${x2 - 8} ${y + 5} Z" fill="${SVG.line}"/>`;
}

/**
 * The chain of a landing page as an inline SVG: facility → model → instance in a row, and under
 * it the instance's configuration versions on a timeline, each at its `validFrom` date, the one
 * the page is about filled. Every box is a link (or a plain group when its href is not safe).
 * Pure SVG with presentation attributes: it needs no CSS, no font and no script, and stays a few
 * kilobytes. It is part of the landing page, not a page of its own (no route serves it alone).
 * @param view - the record's view model.
 * @returns the `<svg>` element, or undefined when the record has no chain to draw.
 */
export function chainDiagram(view: LandingView): Html | undefined {
  const { chain } = view;
  const nodes = [
    { resource: chain.facility, kind: 'Facility' },
    { resource: chain.model, kind: 'Model' },
    { resource: chain.instance, kind: 'Instance' },
  ].filter((n): n is { resource: LinkedResource; kind: string } => n.resource !== undefined);
  const timeline = versionTimeline(chain.configurations);
  const { versions } = timeline;
  if (nodes.length === 0 && versions.length === 0) return undefined;

  const { margin } = SVG;
  const slotMin = 140;
  const rowWidth = nodes.length * SVG.box.width + Math.max(0, nodes.length - 1) * SVG.box.minGap;
  // 960 fills the page's content column at about 1:1, so the text reads at its nominal size.
  const width = Math.max(960, rowWidth + 2 * margin, versions.length * slotMin + 2 * margin + 40);
  // The boxes of the top row spread over the whole width, like the timeline under them.
  const gap = nodes.length > 1 ? (width - 2 * margin - nodes.length * SVG.box.width) / (nodes.length - 1) : 0;
  const boxX = (index: number): number => margin + index * (SVG.box.width + gap);
  const parts: Html[] = [];
  let y = margin;

  nodes.forEach((node, index) => {
    if (index > 0) parts.push(arrow(boxX(index) - gap + 6, boxX(index) - 6, y + SVG.box.height / 2));
    parts.push(nodeBox(node.resource, node.kind, boxX(index), y, node.resource.iri === view.iri));
  });
  if (nodes.length > 0) y += SVG.box.height;

  if (versions.length > 0) {
    const instanceIndex = nodes.findIndex((n) => n.kind === 'Instance');
    const top = y + (nodes.length > 0 ? 44 : 0);
    if (instanceIndex >= 0) {
      // The instance "has configurations": a connector from its box down to the timeline.
      const cx = boxX(instanceIndex) + SVG.box.width / 2;
      parts.push(html`<line x1="${cx}" y1="${y}" x2="${cx}" y2="${top - 10}" stroke="${SVG.line}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
      parts.push(html`<path d="M${cx - 5} ${top - 12} L${cx} ${top - 4} L${cx + 5} ${top - 12} Z" fill="${SVG.line}"/>`);
      parts.push(html`<text x="${cx + 8}" y="${y + 24}" font-size="11" fill="${SVG.muted}">has configurations</text>`);
    }
    parts.push(html`<text x="${margin}" y="${top + 4}" font-size="11" font-weight="600" letter-spacing="0.6" fill="${SVG.muted}">HARDWARE CONFIGURATIONS OVER TIME</text>`);
    const boxTop = top + 16;
    const axisY = boxTop + SVG.version.height + 18;
    const slot = (width - 2 * margin - 24) / versions.length;
    const boxWidth = Math.min(SVG.version.maxWidth, slot - 16);
    parts.push(html`<line x1="${margin}" y1="${axisY}" x2="${width - margin - 8}" y2="${axisY}" stroke="${SVG.line}" stroke-width="2"/>`);
    parts.push(html`<path d="M${width - margin - 10} ${axisY - 6} L${width - margin} ${axisY} L${width - margin - 10} ${axisY + 6} Z" fill="${SVG.line}"/>`);
    const currentIri = chain.current?.iri ?? view.iri;
    versions.forEach((version, index) => {
      const cx = margin + slot * index + slot / 2;
      const x = cx - boxWidth / 2;
      const isCurrent = version.iri === currentIri;
      const fill = isCurrent ? SVG.accent : version.withdrawn ? '#f6f8fa' : '#ffffff';
      const stroke = version.withdrawn ? SVG.line : SVG.accent;
      const dash = version.withdrawn ? html` stroke-dasharray="5 3"` : undefined;
      const fg = isCurrent ? '#ffffff' : version.withdrawn ? SVG.muted : SVG.fg;
      const sub = isCurrent ? '#dbe9f3' : SVG.muted;
      const name = timeline.nameOf(version);
      const status = version.withdrawn ? 'withdrawn' : version === timeline.latest ? 'latest' : 'superseded';
      const period = `${version.validFrom ?? 'date unknown'}${version.validUntil === undefined ? '' : ` – ${version.validUntil}`}`;
      const title = `Configuration ${name} (${status}${isCurrent ? ', this page' : ''}): ${version.label}, valid ${period}`;
      const maxChars = Math.max(4, Math.floor((boxWidth - 16) / 6.2));
      parts.push(
        svgLink(version.href, isCurrent, html`${[
          html`<title>${title}</title>`,
          html`<rect x="${x}" y="${boxTop}" width="${boxWidth}" height="${SVG.version.height}" rx="7" fill="${fill}" stroke="${stroke}" stroke-width="1.5"${dash}/>`,
          html`<text x="${x + 10}" y="${boxTop + 20}" font-size="14" font-weight="700" fill="${fg}">${name}`,
          html`<tspan font-size="11" font-weight="500" fill="${sub}"> · ${status}</tspan></text>`,
          html`<text x="${x + 10}" y="${boxTop + 39}" font-size="11.5" fill="${fg}">${truncate(version.label, maxChars)}</text>`,
        ]}`),
        html`<line x1="${cx}" y1="${boxTop + SVG.version.height}" x2="${cx}" y2="${axisY}" stroke="${isCurrent ? SVG.accent : SVG.line}" stroke-width="1.5"/>`,
        html`<circle cx="${cx}" cy="${axisY}" r="5" fill="${isCurrent ? SVG.accent : '#ffffff'}" stroke="${isCurrent ? SVG.accent : SVG.line}" stroke-width="2"/>`,
        html`<text x="${cx}" y="${axisY + 20}" font-size="12" text-anchor="middle" fill="${SVG.muted}">${version.validFrom === undefined ? 'undated' : `from ${version.validFrom}`}</text>`,
      );
    });
    y = axisY + 28;
  }

  const height = y + margin / 2;
  // A long history would shrink to illegible text in the content column: scroll it instead.
  const wide = width > 960 ? html` style="min-width: ${Math.round(width * 0.75)}px"` : undefined;
  const description = [
    ...nodes.map((n) => `${n.kind}: ${n.resource.label}.`),
    ...versions.map((v) => `Configuration ${timeline.nameOf(v)}: ${v.label}, valid from ${v.validFrom ?? 'an unknown date'}${v.validUntil === undefined ? '' : ` until ${v.validUntil}`}${v.withdrawn ? ' (withdrawn)' : ''}.`),
  ].join(' ');
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chain-diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"${wide} role="group" aria-labelledby="diagram-title diagram-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"><title id="diagram-title">${`Where ${view.title} sits in the chain`}</title><desc id="diagram-desc">${description}</desc>
${joinHtml(parts, '\n')}
</svg>`;
}
