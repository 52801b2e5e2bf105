import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { upgradedMacred } from '../support/micrometa-variants.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInInBrowser } from '../support/workspace-browser.js';

const MACRED = 'https://doi.org/10.5072/phd.igc.macred';

/** The Macred upgrade as a file to upload: its new objective `name`, without its magnification when `broken`. */
function upgraded(name: string, broken: boolean): Buffer {
  return Buffer.from(JSON.stringify(upgradedMacred({ name, broken })));
}

let app: TestApp;
let browser: Browser;
const shots = join(tmpdir(), 'phd-upload-screens');

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Whether the page scrolls sideways (it must not at 390 px: wide tables scroll in their own region). */
async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth > root.clientWidth + 1;
  });
}

/** Fills the upload form for Macred and sends it. */
async function sendUpload(page: Page, file: { name: string; buffer: Buffer }, validFrom: string): Promise<void> {
  await page.getByLabel('Format').selectOption('micrometa');
  await page.getByLabel('Valid from').fill(validFrom);
  await page.getByLabel('File').setInputFiles({ name: file.name, mimeType: 'application/json', buffer: file.buffer });
  await Promise.all([page.waitForURL(/\/workspace\/upload\?upload=/), page.getByRole('button', { name: 'Preview' }).click()]);
}

describe('Uploading a Micro-Meta App file in a real browser', () => {
  for (const [width, height, validFrom] of [[1280, 900, '2024-03-01'], [390, 844, '2024-09-01']] as const) {
    it(`at ${width} px: an upload with an error is said in words, the corrected file is previewed and confirmed, with no serious axe violation on any page.`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      try {
        await signInInBrowser(page, app.url, ADMIN_TOKEN, `/workspace/upload?instance=${encodeURIComponent(MACRED)}`);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Upload a file');
        expect(await page.getByLabel('Instrument').inputValue()).toBe(MACRED);
        expect(await seriousViolations(page)).toEqual([]);
        expect(await overflowsSideways(page)).toBe(false);
        await page.screenshot({ path: join(shots, `upload-form-${width}.png`), fullPage: true });

        const name = `Plan 20x ${width}`;
        await sendUpload(page, { name: 'macred.json', buffer: upgraded(name, true) }, validFrom);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check before storing');
        await expect(page.locator('#issues').textContent()).resolves.toContain(`Objective “${name}”: Magnification is missing — add it (tier 1).`);
        expect(await page.getByRole('button', { name: 'Confirm and store' }).count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
        expect(await overflowsSideways(page)).toBe(false);
        await page.screenshot({ path: join(shots, `upload-error-${width}.png`), fullPage: true });

        await Promise.all([page.waitForURL(/\/workspace\/upload\?/), page.getByRole('link', { name: 'Upload a corrected file' }).click()]);
        expect(await page.getByLabel('Instrument').inputValue()).toBe(MACRED);
        await sendUpload(page, { name: 'macred-fixed.json', buffer: upgraded(name, false) }, validFrom);
        await expect(page.locator('#summary').textContent()).resolves.toContain('a new version of');
        await expect(page.locator('#issues').count()).resolves.toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
        expect(await overflowsSideways(page)).toBe(false);
        await page.screenshot({ path: join(shots, `upload-preview-${width}.png`), fullPage: true });

        await Promise.all([page.waitForURL(/\/id\/configuration\//), page.getByRole('button', { name: 'Confirm and store' }).click()]);
        // The new version's landing page (not a workspace page) shows the corrected objective.
        await expect(page.content()).resolves.toContain(name);
      } finally {
        await context.close();
      }
    });
  }
});
