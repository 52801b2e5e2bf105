import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

describe('The methods page in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    // The page has no script of its own; JavaScript stays on only for axe, which runs in the page.
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is reached from a configuration\'s landing page and shows the text, its missing markers and the checklist, with no serious accessibility violation.', async () => {
    await page.goto(`${app.url}/pid/doi:10.5072%2Fphd.ecc.sp8.v2`);
    await page.getByRole('link', { name: 'Methods text and reporting checklist' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)');
    expect(new URL(page.url()).pathname).toBe('/pid/doi:10.5072/phd.ecc.sp8.v2/methods');

    const text = await page.locator('section[aria-labelledby="methods-text"]').innerText();
    expect(text).toContain('Images were acquired on a Leica TCS SP8 microscope');
    expect(text).toContain('[missing: acquisition software and version]');
    expect(await page.locator('mark.missing').count()).toBeGreaterThan(1);
    // A cited component links to its row on the configuration's page.
    await page.getByRole('link', { name: 'doi:10.5072/phd.ecc.sp8.v2/component/objective63x' }).click();
    expect(new URL(page.url()).hash).toBe('#component-objective63x');
    await page.goBack();

    const checklist = page.getByRole('table', { name: /Bare-minimum reporting items/ });
    const software = checklist.getByRole('row', { name: /Acquisition software and its version/ });
    expect(await software.getByRole('cell').nth(1).innerText()).toBe('missing');
    const na = checklist.getByRole('row', { name: /Numerical aperture of each objective/ });
    expect(await na.getByRole('cell').nth(1).innerText()).toBe('present');

    expect(await seriousViolations(page)).toEqual([]);
  });
});
