import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInInBrowser } from '../support/workspace-browser.js';

// The instrument page and the new-version form in Chromium, at desktop width and at 390 px, with axe.

const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const WIDTHS = [1280, 390] as const;

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
});

afterAll(async () => {
  await browser.close();
  await app.close();
});

/** A page at a width, signed in as the administrator. */
async function signedInPage(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await signInInBrowser(page, app.url, ADMIN_TOKEN);
  return page;
}

/** Whether the page needs no horizontal scrolling at its width. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth <= root.clientWidth + 1;
  });
}

describe.each(WIDTHS)('The instrument page at %i px', (width) => {
  it('shows the timeline and the actions, fits the width, and has no serious axe violation.', async () => {
    const page = await signedInPage(width);
    await page.goto(`${app.url}/workspace/instrument?iri=${encodeURIComponent(SP8)}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('SP8 confocal, room 4.12');
    expect(await page.getByRole('heading', { name: /Version 2:/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Make a new configuration version' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save status' }).isVisible()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('has a new-version form that fits the width, with no serious axe violation, also when it shows errors.', async () => {
    const page = await signedInPage(width);
    await page.goto(`${app.url}/workspace/instrument/version?iri=${encodeURIComponent(SP8)}`);
    expect(await page.getByRole('checkbox').count()).toBeGreaterThan(3);
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Store the new version' }).click()]);
    await page.waitForSelector('#form-errors');
    expect(await page.locator('#form-errors').textContent()).toContain('Give the day the new version takes effect.');
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('The new-version form in a browser', () => {
  it('adds a laser as a new version from the keyboard and mouse, and the instrument page then lists it.', async () => {
    const page = await signedInPage(1280);
    await page.goto(`${app.url}/workspace/instrument?iri=${encodeURIComponent(MACRED)}`);
    await Promise.all([page.waitForURL(/\/workspace\/instrument\/version/), page.getByRole('link', { name: 'Make a new configuration version' }).click()]);
    await page.locator('#f-laser-label').fill('561 nm DPSS laser');
    await page.locator('#f-laser-type').selectOption('DiodePumpedSolidState (DPSS)');
    await page.locator('#f-laser-wavelength').fill('561');
    await page.locator('#f-laser-power').fill('20');
    await page.locator('#f-laser-manufacturer').fill('Cobolt');
    await page.locator('#f-laser-model').fill('Jive 561');
    await page.locator('#f-laser-catalogNumber').fill('J-561-20');
    await page.getByLabel('Name of the new version').fill('Macred with a 561 nm laser');
    await page.getByLabel('Valid from').fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel('Change note').fill('Added a 561 nm laser.');
    await Promise.all([page.waitForURL(/done=version/), page.getByRole('button', { name: 'Store the new version' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('The new configuration version is stored.');
    expect(await page.getByRole('heading', { name: /Version 2: Macred with a 561 nm laser/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
