import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

describe('Links both ways in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows a facility\'s instruments in an accessible "Linked from" section, and follows one to its page.', async () => {
    expect((await page.goto(`${app.url}/pid/rrid:SCR_999003`))?.status()).toBe(200);
    const section = page.getByRole('region', { name: 'Linked from other records' });
    const instruments = section.getByRole('list', { name: /Instruments it operates/ });
    await instruments.getByRole('link', { name: 'SP8 confocal, room 4.12' }).click();
    await page.waitForURL(/\/pid\/doi:10\.5072\/phd\.ecc\.sp8$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('SP8 confocal, room 4.12');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('follows an instance\'s timeline from a version to the diff with its predecessor.', async () => {
    await page.goto(`${app.url}/pid/doi:10.5072/phd.ecc.sp8`);
    const versions = page.locator('ol.versions');
    expect(await versions.textContent()).toContain('1 component added: HyD 2; 1 removed: PMT 2');
    await versions.getByRole('link', { name: 'Changes since v1' }).click();
    await page.waitForURL(/\/diff\//);
    expect(await page.locator('.diff-added').textContent()).toContain('HyD 2');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('gives a model page its instances and manufacturer, with no serious accessibility violation.', async () => {
    await page.goto(`${app.url}/id/model/leica-tcs-sp8`);
    const section = page.getByRole('region', { name: 'Linked from other records' });
    expect(await section.getByRole('list', { name: /Instances of this model/ }).getByRole('link').allTextContents()).toEqual(['SP8 confocal, room 4.12']);
    const to = page.getByRole('region', { name: 'Links to other records' });
    expect(await to.getByRole('list', { name: /Manufacturer/ }).getByRole('link').allTextContents()).toEqual(['Leica Microsystems CMS GmbH']);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
