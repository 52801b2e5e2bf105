import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The search page on the service's own app, seeded from data/, so the result links are followed
// to real landing pages.
let app: TestApp | undefined;
let url: string;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp();
  url = app.url;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Fills the example search (63x, NA ≥ 1.4, oil, 405 nm) and submits it. */
async function searchForTheExample(page: Page): Promise<void> {
  await page.getByLabel('Magnification').fill('63');
  await page.getByLabel('NA at least').fill('1.4');
  await page.getByLabel('Immersion').selectOption('oil');
  await page.getByLabel('Wavelengths (nm)').fill('405');
  await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('button', { name: 'Search' }).click()]);
}

describe('The search page in a real browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    describe(`with JavaScript ${javaScriptEnabled ? 'enabled' : 'disabled'}`, () => {
      let context: BrowserContext;
      let page: Page;

      beforeAll(async () => {
        context = await browser.newContext({ javaScriptEnabled });
        page = await context.newPage();
      });
      afterAll(async () => {
        await context?.close();
      });

      it('finds the SP8 at the Example Confocal Core from the form, and its link opens the landing page.', async () => {
        const response = await page.goto(`${url}/search`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['content-type']).toContain('text/html');
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Search');

        await searchForTheExample(page);
        const address = new URL(page.url());
        expect(address.searchParams.get('magnification')).toBe('63');
        expect(address.searchParams.get('immersion')).toBe('oil');

        // The form keeps what was asked.
        expect(await page.getByLabel('Magnification').inputValue()).toBe('63');
        expect(await page.getByLabel('Immersion').inputValue()).toBe('oil');

        const results = page.locator('ol.results > li');
        await expect(results.count()).resolves.toBe(2);
        const instrument = page.locator('li.result[data-type="instrument"]');
        const text = await instrument.innerText();
        expect(text).toContain('SP8 confocal, room 4.12');
        expect(text).toContain('Example Confocal Core');
        expect(text).toContain('HC PL APO 63x/1.40 OIL CS2');
        expect(text).toContain('405 nm diode laser (405 nm)');
        const body = await page.locator('main').innerText();
        expect(body).not.toContain('Limelight');
        expect(body).not.toContain('Axiovert1');

        const link = instrument.getByRole('link', { name: 'SP8 confocal, room 4.12' });
        expect(await link.getAttribute('href')).toBe('/pid/doi:10.5072/phd.ecc.sp8');
        const [landing] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/pid/doi:10.5072/phd.ecc.sp8')), link.click()]);
        expect(landing.status()).toBe(200);
        await page.waitForURL(/\/pid\/doi:10\.5072\/phd\.ecc\.sp8$/);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('SP8 confocal, room 4.12');
      });

      it('shows the error in the page for a bad value, with the field marked and its value kept.', async () => {
        await page.goto(`${url}/search`);
        await page.getByLabel('NA at least').fill('high');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().includes('/search?')),
          page.getByRole('button', { name: 'Search' }).click(),
        ]);
        expect(response.status()).toBe(400);
        expect(response.headers()['content-type']).toContain('text/html');
        const alert = page.getByRole('alert');
        await expect(alert.innerText()).resolves.toContain('naMin must be a number (e.g. 1.4), not "high"');
        const field = page.getByLabel('NA at least');
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        expect(await field.inputValue()).toBe('high');
      });

      it('says so when nothing matches, and filters by type with the checkboxes.', async () => {
        await page.goto(`${url}/search`);
        await page.getByLabel('Wavelengths (nm)').fill('420');
        await Promise.all([page.waitForURL(/wavelength=420/), page.getByRole('button', { name: 'Search' }).click()]);
        await expect(page.locator('.empty').innerText()).resolves.toContain('No record matches');

        await page.goto(`${url}/search`);
        await page.getByLabel('Keywords').fill('axio');
        await page.getByLabel('Instrument models').check();
        await Promise.all([page.waitForURL(/type=model/), page.getByRole('button', { name: 'Search' }).click()]);
        const types = await Promise.all((await page.locator('li.result').all()).map((item) => item.getAttribute('data-type')));
        expect(types).toEqual(['model', 'model']);
        expect(await page.locator('ol.results').innerText()).toContain('ZEISS Axio Imager');
      });
    });
  }

  it('labels every form control and groups the facets in fieldsets.', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    try {
      await page.goto(`${url}/search`);
      // Each control has a <label for> or sits inside its <label> (the check boxes and radio buttons).
      const unlabelled: string[] = [];
      for (const control of await page.locator('form input, form select').all()) {
        const id = await control.getAttribute('id');
        const byFor = id === null ? 0 : await page.locator(`label[for="${id}"]`).count();
        const wrapped = await control.locator('xpath=ancestor::label').count();
        if (byFor + wrapped === 0) unlabelled.push(await control.getAttribute('name') ?? '?');
      }
      expect(unlabelled).toEqual([]);
      expect(await page.locator('form input, form select').count()).toBeGreaterThan(10);
      const legends = await page.locator('form fieldset > legend').allInnerTexts();
      expect(legends.join(' | ')).toMatch(/Result types.*Instrument.*Objective.*Light sources.*Detector/);
      expect(await page.getByRole('search').count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
