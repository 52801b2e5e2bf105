import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_STYLESHEET } from '../../src/pages/site-stylesheet.js';
import { launchBrowser } from '../support/browser.js';
import { FIXTURES } from '../support/rdf-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// Two linked configuration versions of the SP8 in data/ (configuration-ecc-sp8.ttl): page A (v2,
// PMT 2 replaced by a HyD) links to page B (v1, two PMTs) through the timeline of its diagram.
// The hrefs are those the pages write for a DOI-named record: /pid/ and its CURIE.
const v1 = { label: 'SP8 confocal, 2019 set-up (2 PMTs)', href: '/pid/doi:10.5072/phd.ecc.sp8.v1' };
const v2 = { label: 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)', href: '/pid/doi:10.5072/phd.ecc.sp8.v2' };

describe('A landing page in a real browser', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shots: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    base = app.url;
    shots = await mkdtemp(join(tmpdir(), 'phd-landing-'));
    browser = await launchBrowser();
    // No JavaScript: the page must be complete as the server sends it.
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    if (shots !== undefined) await rm(shots, { recursive: true, force: true });
  });

  it('shows the record, its components with units and the chain diagram, and follows the timeline to the previous version.', async () => {
    const response = await page.goto(`${base}${v2.href}`);
    expect(response?.status()).toBe(200);

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(v2.label);
    expect(await page.title()).toContain(v2.label);
    expect(await page.getByText('Hardware configuration', { exact: true }).first().isVisible()).toBe(true);

    // A component table cell with its unit, in the objective table, under its column header.
    const objectives = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Working distance' }) });
    expect(await objectives.count()).toBe(1);
    const cell = objectives.getByRole('cell', { name: '0.14 mm', exact: true });
    expect(await cell.isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: '405 nm', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 3, name: /Hybrid photo detector/ }).isVisible()).toBe(true);
    // Channel 2's detector in v2 is the HyD; the PMT it replaced is v1's only.
    expect(await page.getByRole('rowheader', { name: 'HyD 2', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('rowheader', { name: 'PMT 2', exact: true }).count()).toBe(0);

    // The SVG is laid out with a real size, and its boxes are links with accessible names.
    const svg = page.locator('svg.chain-diagram');
    expect(await svg.isVisible()).toBe(true);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(100);
    const v1Link = svg.locator(`a[href="${v1.href}"]`);
    expect(await v1Link.count()).toBe(1);
    const v1Box = await v1Link.boundingBox();
    expect(v1Box?.width).toBeGreaterThan(0);
    expect(await svg.getByRole('link', { name: /Configuration v1 \(superseded\)/ }).count()).toBe(1);
    expect(await svg.locator('a[aria-current="page"]').getAttribute('href')).toBe(v2.href);

    const screenshot = join(shots, 'configuration-v2.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(1024);

    await v1Link.click();
    await page.waitForURL(`${base}${v1.href}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(v1.label);
    expect(await page.getByText(/It was superseded by/).isVisible()).toBe(true);
    expect(await page.getByRole('rowheader', { name: 'PMT 2', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('rowheader', { name: 'HyD 2', exact: true }).count()).toBe(0);
    expect(await page.locator('svg.chain-diagram a[aria-current="page"]').getAttribute('href')).toBe(v1.href);
    await page.screenshot({ path: join(shots, 'configuration-v1.png'), fullPage: true });
    expect((await stat(join(shots, 'configuration-v1.png'))).size).toBeGreaterThan(1024);
  });

  it('loaded nothing but the two pages and the site stylesheet, and logged no error.', () => {
    const stylesheet = `${base}${SITE_STYLESHEET.path}`;
    expect(requests.filter((url) => url !== stylesheet)).toEqual([`${base}${v2.href}`, `${base}${v1.href}`]);
    expect(requests).toContain(stylesheet);
    expect(consoleErrors).toEqual([]);
  });
});

describe('A dataset imported from OME-XML, in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows the acquisition settings per channel and links the light source to its row on the configuration page.', async () => {
    const xml = await readFile(join(FIXTURES, 'ome-xml', 'widefield-limelight.ome.xml'), 'utf8');
    const imported = await fetch(`${app.url}/import/ome-xml?instance=${encodeURIComponent('doi:10.5072/phd.igc.limelight')}`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/xml' }, body: xml,
    });
    expect(imported.status).toBe(201);
    const { datasets } = (await imported.json()) as { datasets: { iri: string }[] };
    const dataset = datasets[0]?.iri ?? '';

    const response = await page.goto(`${app.url}/pid/${encodeURIComponent(dataset)}`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 2, name: 'Acquisition settings' }).isVisible()).toBe(true);
    expect(await page.getByRole('row', { name: /Objective 40x/ }).isVisible()).toBe(true);

    const channels = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Excitation' }) });
    const dapi = channels.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^DAPI/ }) });
    expect(await dapi.count()).toBe(1);
    expect(await dapi.getByRole('cell', { name: '402 nm', exact: true }).isVisible()).toBe(true);
    expect(await dapi.getByRole('cell', { name: '455 nm', exact: true }).isVisible()).toBe(true);

    // The light source links to its component row on the configuration's landing page.
    const lightSource = dapi.getByRole('link', { name: 'Xylis' });
    const href = (await lightSource.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/id\/configuration\/igc-limelight-v1#component-/);
    await lightSource.click();
    await page.waitForURL(`${app.url}${href}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Limelight');
    const target = page.locator('tr:target');
    expect(await target.count()).toBe(1);
    expect(await target.getByRole('rowheader').textContent()).toBe('Xylis');
    expect(await target.isVisible()).toBe(true);
  });
});
