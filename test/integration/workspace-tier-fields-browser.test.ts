import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInInBrowser } from '../support/workspace-browser.js';

// The new-version form of the tier-3 ABIF Axiovert1 configuration in Chromium at 390 px, with axe:
// its tier fields, and a laser filled in but for one tier-2 field.

const AXIOVERT = 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
});

afterAll(async () => {
  await browser.close();
  await app.close();
});

describe('The new-version form of a tier-3 configuration in a browser', () => {
  it('shows the tier fields at 390 px, fits the width, and names a missing one beside its field, with no serious axe violation.', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await signInInBrowser(page, app.url, ADMIN_TOKEN);
    await page.goto(`${app.url}/workspace/instrument/version?iri=${encodeURIComponent(AXIOVERT)}`);
    const fits = () => page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth <= root.clientWidth + 1;
    });
    expect(await page.getByLabel('Is pump', { exact: true }).count()).toBe(1);
    expect(await fits()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#f-laser-label').fill('488 nm diode laser');
    await page.locator('#f-laser-type').selectOption('SemiconductorLaserDiode');
    await page.locator('#f-laser-wavelength').fill('488');
    await page.locator('#f-laser-manufacturer').fill('Coherent');
    await page.locator('#f-laser-model').fill('OBIS 488 LX');
    await page.locator('#f-laser-catalogNumber').fill('1178764');
    await page.getByLabel('Is pump', { exact: true }).selectOption('false');
    await page.locator('#f-validFrom').fill('2026-03-01');
    await page.locator('#f-changeNote').fill('Added a 488 nm laser.');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Store the new version' }).click()]);
    await page.waitForSelector('#form-errors');
    expect(await page.locator('#form-errors').textContent()).toContain('Choose “Is pumped” for the laser: tier 2 asks for it.');
    expect(await page.locator('#f-laser-isPumped').getAttribute('aria-invalid')).toBe('true');
    expect(await fits()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
