import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let app: TestApp;
let browser: Browser;
let page: Page;
const shots = mkdtempSync(join(tmpdir(), 'phd-pages-'));

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  page = await browser.newPage({ javaScriptEnabled: false });
});
afterAll(async () => {
  await browser.close();
  await app.close();
  rmSync(shots, { recursive: true, force: true });
});

describe('The service\'s landing pages in a real browser', () => {
  it('walk the chain from a dataset to its configuration, instance and facility.', async () => {
    const dataset = await page.goto(`${app.url}/pid/doi:10.5072/phd.data.sp8-2023-mitochondria`);
    expect(dataset?.status()).toBe(200);
    expect(dataset?.headers()['content-type']).toContain('text/html');
    await expect(page.locator('h1').innerText()).resolves.toContain('Mitochondrial network in HeLa cells');

    await page.locator('main a[href="/pid/doi:10.5072/phd.ecc.sp8.v2"]').first().click();
    await page.waitForURL(/phd\.ecc\.sp8\.v2$/);
    await expect(page.locator('h1').innerText()).resolves.toContain('SP8 confocal, 2022');
    const tables = await page.locator('table').allInnerTexts();
    expect(tables.join('\n')).toContain('HyD 2');
    expect(tables.join('\n')).toMatch(/405(\.0)? ?nm|4\.05E2/);
    const svg = page.locator('svg').first();
    const box = await svg.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    await page.screenshot({ path: join(shots, 'configuration.png'), fullPage: true });
    expect(statSync(join(shots, 'configuration.png')).size).toBeGreaterThan(1024);

    await page.locator('main a[href="/pid/doi:10.5072/phd.ecc.sp8"]').first().click();
    await page.waitForURL(/phd\.ecc\.sp8$/);
    const instanceText = await page.locator('main').innerText();
    expect(instanceText).toContain('SP8 confocal, room 4.12');
    expect(instanceText).toContain('2019-03-01');
    expect(instanceText).toContain('2022-06-15');

    await page.locator('main a[href="/pid/RRID:SCR_999003"]').first().click();
    await page.waitForURL(/SCR_999003$/);
    await expect(page.locator('h1').innerText()).resolves.toContain('Example Confocal Core');
  });

  it('shows a readable page for an unknown PID.', async () => {
    const res = await page.goto(`${app.url}/pid/doi:10.5072/nothing-here`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('body').innerText()).toContain('10.5072/nothing-here');
  });
});
