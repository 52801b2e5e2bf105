import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

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
  await browser.close();
  await app.close();
});

describe('The home page in a real browser', () => {
  it('is a page for people, accessible, with the counts of what the service holds.', async () => {
    const res = await page.goto(`${app.url}/`);
    expect(res?.headers()['content-type']).toContain('text/html');
    await expect(page.locator('h1').innerText()).resolves.toBe('Find the microscope behind the data');
    const counts = await page.locator('.home-counts li').allInnerTexts();
    expect(counts).toEqual(expect.arrayContaining(['3 facilities']));
    expect(counts.some((c) => /^\d+ instruments$/.test(c))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('searches from its search box.', async () => {
    await page.goto(`${app.url}/`);
    await page.getByLabel('Search facilities, instruments, configurations and datasets').fill('SP8');
    await Promise.all([page.waitForURL(/\/search\?q=SP8/), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.locator('main').innerText()).toContain('SP8 confocal, room 4.12');
  });

  it('leads from a facility, with its instrument count, to its landing page and back home.', async () => {
    await page.goto(`${app.url}/`);
    const facility = page.locator('section[aria-labelledby="by-facility"] li', { hasText: 'Example Confocal Core' });
    expect(await facility.innerText()).toContain('1 instrument');
    await Promise.all([page.waitForURL(/\/pid\/RRID:SCR_999003$/), facility.getByRole('link').click()]);
    await expect(page.locator('h1').innerText()).resolves.toContain('Example Confocal Core');
    // Every page links home through the layout.
    await Promise.all([page.waitForURL(`${app.url}/`), page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Home' }).click()]);
  });

  it('leads from an instrument type to the search listing those instruments.', async () => {
    await page.goto(`${app.url}/`);
    const type = page.locator('section[aria-labelledby="by-type"] li', { hasText: 'confocal laser scanning' });
    expect(await type.innerText()).toContain('1 instrument');
    await Promise.all([page.waitForURL(/\/search\?/), type.getByRole('link').click()]);
    const url = new URL(page.url());
    expect(url.searchParams.get('technique')).toBe('confocal laser scanning');
    expect(await page.locator('main').innerText()).toContain('SP8 confocal, room 4.12');
  });

  it('links SPARQL and the API description, which stays JSON.', async () => {
    await page.goto(`${app.url}/`);
    await Promise.all([page.waitForURL(/\/sparql$/), page.locator('main').getByRole('link', { name: 'SPARQL endpoint' }).click()]);
    await expect(page.locator('h1').innerText()).resolves.toBe('SPARQL 1.1 endpoint');
    await page.goto(`${app.url}/`);
    const [json] = await Promise.all([page.waitForResponse(/format=json/), page.getByRole('link', { name: 'API description' }).click()]);
    expect(json.headers()['content-type']).toContain('application/json');
    expect(((await json.json()) as { service: string }).service).toBe('imaging-phd');
  });
});
