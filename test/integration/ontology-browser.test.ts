import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// A researcher on a configuration page (the SP8, data/configuration-ecc-sp8.ttl) wonders what an
// "objective" is in this model and follows the component kind to its documentation.
const SP8 = '/pid/doi:10.5072/phd.ecc.sp8.v2';

describe('The ontology documentation in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    // The pages have no script; JavaScript is on for axe only.
    context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('leads from a component kind on a configuration page to the term page, which shows its shapes and instances from this store.', async () => {
    expect((await page.goto(`${app.url}${SP8}`))?.status()).toBe(200);
    await page.getByRole('link', { name: 'nboq:Objective' }).first().click();
    await page.waitForURL('**/ontology/nboq/Objective');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Objective nboq:Objective');
    expect(await page.getByRole('link', { name: /phdsh:Objective-tier1/ }).count()).toBeGreaterThan(0);
    // The instances found in the records link back to them, the SP8 among them.
    const examples = page.locator('ul.examples li');
    expect(await examples.count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    // A column heading of the component table leads to the property's page.
    await page.goBack();
    await page.getByRole('columnheader').getByRole('link', { name: 'Working distance' }).first().click();
    await page.waitForURL('**/ontology/nboq/workingDistance');
    expect(await page.getByRole('link', { name: /nboq:workingDistanceUnit/ }).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('has an index and namespace documents without serious accessibility violations, a term reached by its anchor.', async () => {
    expect((await page.goto(`${app.url}/ontology`))?.status()).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await page.goto(`${app.url}/ns#Facility`))?.status()).toBe(200);
    expect(await page.locator('#Facility').getByRole('link', { name: 'phd:Facility' }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
