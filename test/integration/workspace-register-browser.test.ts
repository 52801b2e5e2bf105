import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInInBrowser } from '../support/workspace-browser.js';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await app.close();
});

/** The step is shown, passes axe, and fits the viewport. */
async function checkStep(page: Page, title: string, width: number): Promise<void> {
  await expect(page.locator('.steps [aria-current="step"]').textContent()).resolves.toBe(title);
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

/** Presses Tab until the element with this id has the focus (keyboard only). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 60; presses += 1) {
    if (await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""') === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Presses Tab until the form's submit button has the focus (past whatever fields the viewer is offered). */
async function tabToSubmit(page: Page): Promise<void> {
  for (let presses = 0; presses < 20; presses += 1) {
    if (await page.evaluate<boolean>('document.activeElement instanceof HTMLButtonElement && document.activeElement.type === "submit"')) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the submit button');
}

const VIEWPORTS = [
  { width: 1280, height: 900, ror: '04b08hq31', host: 'Instituto Gulbenkian de Ciência', serial: 'W-1280' },
  { width: 390, height: 844, ror: '01pxwe438', host: 'McGill University', serial: 'N-390' },
];

describe('The guided registration flow in a browser', () => {
  for (const viewport of VIEWPORTS) {
    it(`registers an organization, a facility, a model and an instrument at ${viewport.width} px, then edits it, each page without serious axe violations.`, async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      try {
        await signInInBrowser(page, app.url, ADMIN_TOKEN, '/workspace/register/organization');
        await page.goto(`${app.url}/workspace/register/organization`);
        await checkStep(page, '1. Organization', viewport.width);

        // Keyboard only: Tab to the fields, type, Enter on the button.
        await tabTo(page, 'f-ror');
        await page.keyboard.type(viewport.ror);
        await page.keyboard.press('Tab');
        await page.keyboard.type(viewport.host);
        await tabTo(page, 'f-website');
        await tabToSubmit(page);
        await Promise.all([page.waitForURL(/\/workspace\/register\/facility\?/), page.keyboard.press('Enter')]);
        await checkStep(page, '2. Facility', viewport.width);
        await expect(page.getByLabel('Host organization').inputValue()).resolves.toBe(`https://ror.org/${viewport.ror}`);

        // The manufacturer, registered at the first step without a ROR ID.
        await page.getByRole('link', { name: '1. Organization' }).click();
        await page.getByLabel('Name').fill(`Maker for ${viewport.width}`);
        await Promise.all([page.waitForURL(/\/register\/facility/), page.getByRole('button', { name: 'Register the organization' }).click()]);
        await page.getByLabel('Host organization').selectOption({ label: viewport.host });

        await page.getByLabel('Name', { exact: true }).fill(`Imaging core ${viewport.width}`);
        await Promise.all([page.waitForURL(/\/register\/model\?/), page.getByRole('button', { name: 'Register the facility' }).click()]);
        await checkStep(page, '3. Instrument model', viewport.width);

        await page.getByLabel('Manufacturer').selectOption({ label: `Maker for ${viewport.width}` });
        await page.getByLabel('Model name').fill(`Scope ${viewport.width}`);
        await page.getByLabel('Stand type').selectOption('inverted');
        await Promise.all([page.waitForURL(/\/register\/instance\?/), page.getByRole('button', { name: 'Register the instrument model' }).click()]);
        await checkStep(page, '4. Instrument', viewport.width);

        // An error first: a status without its date, named beside the field.
        await page.getByLabel('Name', { exact: true }).fill(`<script>alert(1)</script> ${viewport.width}`);
        await page.getByLabel('Serial number').fill(viewport.serial);
        await page.locator('#f-status').selectOption({ label: 'active' });
        await page.getByRole('button', { name: 'Register the instrument' }).click();
        await expect(page.locator('#f-statusSince-error').textContent()).resolves.toBe('Enter the date the status took effect.');
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByLabel('Status since').fill('2024-05-01');
        await Promise.all([page.waitForURL(/\/register\/configuration\?/), page.getByRole('button', { name: 'Register the instrument' }).click()]);
        await checkStep(page, '5. Hardware configuration', viewport.width);
        await expect(page.getByText(`<script>alert(1)</script> ${viewport.width}`).first().isVisible()).resolves.toBe(true);
        await expect(page.getByRole('link', { name: /Upload its configuration/ }).getAttribute('href')).resolves.toMatch(/^\/workspace\/upload\?instance=/);

        // The instrument's edit form, prefilled, and a form outside the flow.
        const instance = new URL(page.url()).searchParams.get('instance') ?? '';
        await page.goto(`${app.url}/workspace/edit?iri=${encodeURIComponent(instance)}`);
        await expect(page.getByLabel('Serial number').inputValue()).resolves.toBe(viewport.serial);
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByLabel('Serial number').fill(`${viewport.serial}-b`);
        await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save changes' }).click()]);
        await expect(page.getByRole('status').textContent()).resolves.toBe('Saved.');
        await expect(page.getByLabel('Serial number').inputValue()).resolves.toBe(`${viewport.serial}-b`);
        await page.goto(`${app.url}/workspace/new?kind=person`);
        expect(await seriousViolations(page)).toEqual([]);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      } finally {
        await context.close();
      }
    });
  }
});
