import { readFile } from 'node:fs/promises';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// A sample dataset (data/datasets-and-publications.ttl), acquired with the SP8's configuration v2.
const DATASET = { href: '/pid/doi:10.5072/phd.data.sp8-2023-mitochondria', title: 'Mitochondrial network in HeLa cells, 63x confocal with HyD (2023)' };

describe('The Cite this hardware section in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    // JavaScript on for axe only: the page carries no script of its own (the section is as the server sends it).
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), app?.close()]);
  });

  it('shows a dataset\'s references and methods sentence, passes axe, and downloads BibTeX a citation parser reads.', async () => {
    expect((await page.goto(`${app.url}${DATASET.href}`))?.status()).toBe(200);
    expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
    const section = page.getByRole('region', { name: 'Cite this hardware' });
    expect(await section.isVisible()).toBe(true);
    const dataset = section.locator('pre.citation').first();
    expect(await dataset.textContent()).toContain(`Dana Sample, & Carberry, J. (2023). ${DATASET.title} [Data set].`);
    expect(await section.getByRole('heading', { level: 3, name: 'The hardware it was acquired with (APA)' }).isVisible()).toBe(true);
    const methods = section.locator('pre.citation').nth(2);
    expect(await methods.textContent()).toMatch(/^Images were acquired on 2023-02-14 with a Leica TCS SP8 .*\(PIDINST doi:10\.5072\/phd\.ecc\.sp8\), configured as described by doi:10\.5072\/phd\.ecc\.sp8\.v2 .*\(RRID:SCR_999003, /u);
    // At 390 px the citations wrap: nothing scrolls sideways.
    const overflow = await section.locator('pre.citation').evaluateAll((nodes) => (nodes as unknown as { scrollWidth: number; clientWidth: number }[]).map((n) => n.scrollWidth - n.clientWidth));
    expect(overflow.every((extra) => extra <= 0)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'BibTeX' }).click()]);
    expect(download.suggestedFilename()).toBe('10.5072_phd.data.sp8-2023-mitochondria.bib');
    const path = await download.path();
    const items = new Cite(await readFile(path, 'utf8')).data;
    expect(items.map((i) => i.title)).toEqual([DATASET.title, 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)']);
    expect(items[0]?.DOI).toBe('10.5072/phd.data.sp8-2023-mitochondria');
  });

  it('follows the link to another style.', async () => {
    await page.goto(`${app.url}${DATASET.href}`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('style=vancouver')), page.getByRole('link', { name: 'Vancouver' }).click()]);
    expect(response.headers()['content-type']).toBe('text/x-bibliography; charset=utf-8');
    expect(await response.text()).toMatch(/^1\. +Dana Sample, Carberry J\. /u);
  });
});
