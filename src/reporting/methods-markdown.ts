import type { MethodsSentence, MethodsView } from './methods-view.js';

/**
 * Escapes what Markdown would read as markup in running text (`_` only counts at word edges in
 * CommonMark, and identifiers such as `RRID:SCR_999003` must stay as written). The `[missing: …]`
 * markers are written as is: they are no link without a definition of that name.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`);
}

/** A sentence in Markdown: facts as written, `[missing: …]` markers, then its citations as links. */
function sentence(s: MethodsSentence, absolute: (href: string) => string): string {
  const body = s.segments.map((seg) => ('text' in seg ? escapeMarkdown(seg.text) : 'fact' in seg ? escapeMarkdown(seg.fact) : `[missing: ${seg.missing}]`)).join('').trim();
  if (s.cites.length === 0) return body;
  const cites = s.cites.map((c) => `[${escapeMarkdown(c.label)}](<${absolute(c.href)}>)`).join('; ');
  return `${body} (${cites})`;
}

/**
 * The methods view as Markdown, to paste into a manuscript: the text with its citations and
 * `[missing: …]` markers, then the reporting checklist as a table.
 * @param view - the methods view.
 * @param baseUrl - PHD_BASE_URL, to make the links absolute.
 * @returns the Markdown document.
 */
export function methodsMarkdown(view: MethodsView, baseUrl: string): string {
  const absolute = (href: string) => (/^https?:\/\//.test(href) ? href : `${baseUrl}${href}`);
  const cell = (text: string) => escapeMarkdown(text).replace(/\n/g, ' ');
  const lines = [
    `# Methods: ${escapeMarkdown(view.title)}`,
    '',
    ...view.paragraphs.flatMap((p) => [p.map((s) => sentence(s, absolute)).join(' '), '']),
    '## Reporting checklist',
    '',
    '| Item | LiMi fields | Status | Value found |',
    '| --- | --- | --- | --- |',
    ...view.checklist.map((row) => `| ${cell(row.item)} | ${row.fields.map((f) => `\`${f.replace(/^.*[#/]/, '')}\``).join(', ')} | ${row.status} | ${cell(row.values.join('; '))} |`),
    '',
    `Source: <${absolute(view.href)}>`,
    '',
  ];
  return lines.join('\n');
}
