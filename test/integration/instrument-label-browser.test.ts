import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

describe('The printable label in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    // No JavaScript: the label is complete as the server sends it.
    page = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is reached from the instance\'s page, loads its QR code, and prints the label alone.', async () => {
    await page.goto(`${app.url}/pid/doi:10.5072%2Fphd.igc.macred`);
    await page.getByRole('link', { name: 'Printable label with the QR code of this PID' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Macred (Axio Imager M2)');
    expect(new URL(page.url()).pathname).toBe('/pid/doi:10.5072/phd.igc.macred/label');

    const qr = page.getByRole('img', { name: 'QR code of https://doi.org/10.5072/phd.igc.macred' });
    expect(await qr.count()).toBe(1);
    // Loaded and decoded as an image (the tests' tsconfig has no DOM types: the check is a string).
    await expect.poll(() => page.evaluate('(() => { const img = document.querySelector("img.qr"); return img.complete && img.naturalWidth > 0; })()')).toBe(true);

    expect(await page.locator('header.site').isVisible()).toBe(true);
    expect(await page.locator('.no-print').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site').isVisible()).toBe(false);
    expect(await page.locator('footer.site').isVisible()).toBe(false);
    expect(await page.locator('.no-print').isVisible()).toBe(false);
    expect(await page.locator('article.instrument-label').isVisible()).toBe(true);
    // Printed, the QR code is 30 mm wide (CSS px at 96 per inch).
    expect((await qr.boundingBox())?.width).toBeCloseTo((30 / 25.4) * 96, 0);
  });
});
