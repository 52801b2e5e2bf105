import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/accounts/account-types.js';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInInBrowser } from '../support/workspace-browser.js';

// The team page (and the dashboard and people pages) in Chromium at desktop and phone widths: no
// serious or critical axe violation, nothing wider than the screen, and a manager creates an API
// token and an invitation with the keyboard alone.

const FACILITY = 'https://identifiers.org/RRID:SCR_999001';
const TEAM = `/workspace/team?facility=${encodeURIComponent(FACILITY)}`;
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 390, height: 844 }] as const;

let app: TestApp;
let browser: Browser;
let manager: Person;

/** A page signed in as the manager: a session opened in the session store, its cookie in the browser. */
async function managerPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const { token } = app.services.sessions.create({ kind: 'person', person: manager.id }, { ttlMs: 3_600_000 });
  await context.addCookies([{ name: 'phd_session', value: token, url: app.url }]);
  return context.newPage();
}

/** Presses Tab until the element with this id has the focus. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id) === id) return;
  }
  throw new Error(`#${id} was never reached with Tab`);
}

async function fitsTheScreen(page: Page, width: number): Promise<boolean> {
  return page.evaluate((w) => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth <= w, width);
}

beforeAll(async () => {
  app = await startTestApp();
  manager = app.services.people.create({ name: 'Mara Manager', orcid: 'https://orcid.org/0000-0002-1825-0097' });
  const editor = app.services.people.create({ name: 'Eddie Editor' });
  app.services.people.setMembership(FACILITY, manager.id, 'manager', 'admin');
  app.services.people.setMembership(FACILITY, editor.id, 'editor', 'admin');
  app.tokens.create({ facility: FACILITY, label: 'old script', createdBy: 'admin' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await app.close();
});

describe.each(VIEWPORTS)('The team page at $width px', (viewport) => {
  it('passes axe and fits the screen, and a manager creates an API token with the keyboard alone, shown once.', async () => {
    const page = await managerPage(viewport);
    await page.goto(`${app.url}${TEAM}`);
    expect(await page.title()).toContain('Team of');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsTheScreen(page, viewport.width)).toBe(true);

    await tabTo(page, 'f-label');
    await page.keyboard.type(`script ${viewport.width}`);
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(/\/workspace\/team\?.*shown=/), page.keyboard.press('Enter')]);
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(app.tokens.check(secret)).toMatchObject({ ok: true, principal: { facility: FACILITY } });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsTheScreen(page, viewport.width)).toBe(true);
    await page.context().close();
  });

  it('lets a manager make an invitation link with the keyboard alone, and revoke a token.', async () => {
    const page = await managerPage(viewport);
    await page.goto(`${app.url}${TEAM}`);
    await tabTo(page, 'f-role');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/workspace\/team\?.*shown=/), page.keyboard.press('Enter')]);
    expect(await page.locator('code.secret').textContent()).toMatch(/^http:\/\/phd\.test\/signin\/link\//);
    expect(await seriousViolations(page)).toEqual([]);

    const pc = app.tokens.create({ facility: FACILITY, label: `microscope PC ${viewport.width}`, createdBy: 'admin' });
    await page.goto(`${app.url}${TEAM}`);
    await page.getByRole('button', { name: `Revoke the token microscope PC ${viewport.width}` }).focus();
    await Promise.all([page.waitForURL((url) => url.pathname === '/workspace/team' && url.search.includes('done=revoked')), page.keyboard.press('Enter')]);
    expect(await page.getByRole('status').textContent()).toContain('revoked');
    expect(app.tokens.check(pc.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe.each(VIEWPORTS)('The dashboard and people pages at $width px', (viewport) => {
  it('pass axe and fit the screen for the administrator.', async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signInInBrowser(page, app.url, ADMIN_TOKEN);
    for (const path of ['/workspace', '/workspace/people']) {
      await page.goto(`${app.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
      expect(await fitsTheScreen(page, viewport.width), path).toBe(true);
    }
    await context.close();
  });
});
