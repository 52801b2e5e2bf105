import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.js';
import type { AxeViolation } from './axe.js';
import { FIXTURES } from './rdf-files.js';

/** Where the story's screenshots go (git-ignored): one PNG per page and width. */
export const STORY_SHOTS = join('test-results', 'workspace-story');

type MicrometaFile = { components: Record<string, unknown>[] } & Record<string, unknown>;

/**
 * A real Micro-Meta App file (IGC Macred), and the same file with one error a person makes: its 10x
 * objective without its magnification, which tier 1 requires.
 * @param broken - leave the objective's magnification out.
 * @returns the file's text.
 */
export function macredFile(broken: boolean): string {
  const file = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8')) as MicrometaFile;
  const objective = file.components.find((c) => c.Schema_ID === 'Objective.json' && c.Name === '10x');
  if (objective === undefined) throw new Error('the Macred fixture has no 10x objective any more');
  if (broken) delete objective.Magnification;
  return JSON.stringify(file, null, 2);
}

/** What one page of the story shows about itself: axe's serious findings and whether it scrolls sideways. */
export interface PageCheck {
  readonly path: string;
  readonly violations: readonly AxeViolation[];
  /** `document.documentElement.scrollWidth`. */
  readonly scrollWidth: number;
  /** The innermost elements that reach past the viewport's right edge (tag, id, class), when any do. */
  readonly overflowing: readonly string[];
}

/** Names the innermost elements that stick out to the right of the viewport (runs in the page). */
const OVERFLOWING = `(() => {
  const width = document.documentElement.clientWidth;
  const clipped = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
  const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e));
  return out.filter((e) => !out.some((o) => o !== e && e.contains(o))).slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' “' + (e.textContent || '').trim().slice(0, 40) + '”');
})()`;

/**
 * Checks the page a story has reached and keeps a screenshot of it, numbered in the order of the story.
 * @param page - the page.
 * @param prefix - the run's prefix (the width), so runs do not overwrite each other.
 * @param step - the step's number.
 * @param name - a short name for the file.
 * @returns the page's path, its serious axe violations and its scroll width.
 */
export async function checkPage(page: Page, prefix: string, step: number, name: string): Promise<PageCheck> {
  mkdirSync(STORY_SHOTS, { recursive: true });
  await page.screenshot({ path: join(STORY_SHOTS, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const url = new URL(page.url());
  return {
    path: `${url.pathname}${url.search}`,
    violations: await seriousViolations(page),
    scrollWidth: await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
    overflowing: await page.evaluate<string[]>(OVERFLOWING),
  };
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const decode = (text: string): string => text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
const attribute = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : decode(match[1]);
};

/**
 * The values a browser would send with a form of a page as it was served (text inputs, hidden
 * inputs, checked boxes, the selected option of each select, textareas), so a test can send the very
 * form a person sees with one field changed.
 * @param page - the page's HTML.
 * @param action - the start of the form's `action` (the first form whose action starts with it).
 * @returns the fields, `_csrf` left out.
 */
export function formFields(page: string, action: string): Record<string, string> {
  const forms = [...page.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const form = forms.find((f) => (attribute(/<form\b[^>]*>/.exec(f)?.[0] ?? '', 'action') ?? '').startsWith(action));
  if (form === undefined) throw new Error(`no form to ${action} on the page`);
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const type = attribute(tag, 'type') ?? 'text';
    if (name === undefined || name === '_csrf' || type === 'submit' || type === 'file') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
    fields[name] = attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : '');
  }
  for (const [, open = '', body = ''] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const name = attribute(open, 'name');
    const selected = /<option\b[^>]*\sselected\b[^>]*>/.exec(body)?.[0] ?? /<option\b[^>]*>/.exec(body)?.[0] ?? '';
    if (name !== undefined) fields[name] = attribute(selected, 'value') ?? '';
  }
  for (const [, open = '', body = ''] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(open, 'name');
    if (name !== undefined) fields[name] = decode(body);
  }
  return fields;
}
