import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The compare page on the service's own app, seeded from data/: reached from search results and
// from a landing page (a GET form and links: the service sends no script for them), and accessible.
const started: { app?: TestApp; browser?: Browser } = {};
let url = '';
let browser: Browser;

beforeAll(async () => {
  [started.app, started.browser] = await Promise.all([startTestApp(), launchBrowser()]);
  ({ url } = started.app);
  browser = started.browser;
}, 120_000);

afterAll(async () => {
  await Promise.all([started.browser?.close(), started.app?.close()]);
});

describe('Comparing in a real browser', () => {
  it('ticks two instruments in the search results, presses Compare selected, and gets an accessible table of both.', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${url}/search?type=instrument`);
      const boxes = page.getByRole('checkbox', { name: /^Compare / });
      expect(await boxes.count()).toBeGreaterThanOrEqual(2);
      const names = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await Promise.all([page.waitForURL(/\/compare\?/), page.getByRole('button', { name: 'Compare selected' }).click()]);
      const asked = new URL(page.url()).searchParams.getAll('c');
      expect(asked).toEqual(names);
      const headers = page.locator('table.compare thead th[scope=col]');
      expect(await headers.count()).toBe(3);
      // Each column names the instrument it was asked for (its current configuration).
      expect(await page.locator('table.compare thead').textContent()).toContain('current configuration of');
      expect(await page.locator('table.compare tbody th[scope=row]').count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);

      await Promise.all([page.waitForURL(/only=differences/), page.getByRole('link', { name: 'Show only differences' }).click()]);
      const fieldRows = page.locator('table.compare tbody tr:not(.component) th[scope=row]');
      const differing = page.locator('table.compare tbody tr:not(.component) th[scope=row]:has(.tag)');
      expect(await fieldRows.count()).toBeGreaterThanOrEqual(await differing.count());
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('follows the Compare link of a configuration page to its previous version.', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${url}/pid/doi:10.5072/phd.ecc.sp8.v2`);
      await Promise.all([page.waitForURL(/\/compare\?/), page.getByRole('link', { name: /previous version/ }).click()]);
      expect(new URL(page.url()).searchParams.getAll('c')).toEqual(['https://doi.org/10.5072/phd.ecc.sp8.v1', 'https://doi.org/10.5072/phd.ecc.sp8.v2']);
      expect(await page.locator('table.compare').textContent()).toContain('HyD');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
