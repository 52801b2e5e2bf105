import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { FIXTURES } from '../support/rdf-files.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

const ADMIN = 'diff-page-admin-token-0123456789';
const BASE = 'http://phd.test';
const enc = encodeURIComponent;

interface Diff {
  from: { iri: string };
  to: { iri: string };
  added: { identifier: string }[];
  removed: { identifier: string }[];
  changed: { identifier: string }[];
}

/** Every href of a page, attribute-unescaped. */
function hrefsOf(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

let server: ServerProcess;
/** The second version of Macred, made by importing its Micro-Meta App file with a changed objective. */
let macredV2: string;
const get = (path: string, accept = 'application/json') => fetch(`${server.url}${path}`, { headers: { accept }, redirect: 'manual' });

beforeAll(async () => {
  server = await startServer({ PHD_DATA_DIR: mkdtempSync(join(tmpdir(), 'phd-diff-')), PHD_ADMIN_TOKEN: ADMIN, PHD_BASE_URL: BASE, PHD_QUERY_WORKERS: '1' });
  const file = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8')) as { components: Record<string, unknown>[] };
  const objective = file.components.find((c) => c.Schema_ID === 'Objective.json' && c.Name === '10x');
  if (objective === undefined) throw new Error('fixture changed: no 10x objective');
  Object.assign(objective, { Name: '20x', Magnification: 20, LensNA: 0.5 });
  const res = await fetch(`${server.url}/import/micrometa?instance=${enc('doi:10.5072/phd.igc.macred')}&validFrom=2024-03-01`, {
    method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(file),
  });
  expect(res.status).toBe(201);
  macredV2 = ((await res.json()) as { iri: string }).iri;
});
afterAll(async () => {
  server.child.kill('SIGKILL');
  await server.exited;
});

describe('The configuration diff (/pid/{descriptor}/diff/{other})', () => {
  it('accepts every short form /pid accepts, and each names the same diff.', async () => {
    expect(macredV2.startsWith(`${BASE}/id/configuration/`)).toBe(true);
    const v2Short = macredV2.slice(`${BASE}/id/`.length);
    const macred = [
      `configuration/igc-macred-v1/diff/${v2Short}`,
      `${enc(`${BASE}/id/configuration/igc-macred-v1`)}/diff/${enc(macredV2)}`,
      `configuration/igc-macred-v1/diff/${enc(macredV2)}`,
    ];
    const sp8 = [
      'doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.ecc.sp8.v2',
      'doi:10.5072%2Fphd.ecc.sp8.v1/diff/DOI:10.5072%2FPHD.ECC.SP8.V2',
      '10.5072/PHD.ECC.SP8.V1/diff/https://doi.org/10.5072/phd.ecc.sp8.v2',
      `${enc('https://doi.org/10.5072/phd.ecc.sp8.v1')}/diff/${enc('https://doi.org/10.5072/phd.ecc.sp8.v2')}`,
    ];
    for (const [forms, from, to] of [[macred, `${BASE}/id/configuration/igc-macred-v1`, macredV2], [sp8, 'https://doi.org/10.5072/phd.ecc.sp8.v1', 'https://doi.org/10.5072/phd.ecc.sp8.v2']] as const) {
      const bodies = new Set<string>();
      for (const form of forms) {
        const res = await get(`/pid/${form}`);
        expect(res.status, form).toBe(200);
        const diff = await res.json() as Diff;
        expect([diff.from.iri, diff.to.iri], form).toEqual([from, to]);
        bodies.add(JSON.stringify(diff));
      }
      expect(bodies.size).toBe(1);
    }
    const macredDiff = await (await get(`/pid/${macred[0] ?? ''}`)).json() as Diff;
    expect(macredDiff.changed.length + macredDiff.added.length + macredDiff.removed.length).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown short form and 400 for an unreadable PID, as problem details.', async () => {
    const unknown = await get('/pid/configuration/igc-macred-v1/diff/configuration/no-such-version');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const unreadable = await get('/pid/configuration/igc-macred-v1/diff/orcid:0000-0002-1825-0098');
    expect(unreadable.status).toBe(400);
    expect(unreadable.headers.get('content-type')).toContain('application/problem+json');
  });

  it('renders in the site layout of the landing pages, and every link on it resolves (components to their row).', async () => {
    for (const path of ['/pid/doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.ecc.sp8.v2', `/pid/configuration/igc-macred-v1/diff/${macredV2.slice(`${BASE}/id/`.length)}`]) {
      const res = await get(path, 'text/html');
      expect(res.status).toBe(200);
      const html = await res.text();
      const landing = await (await get('/pid/doi:10.5072/phd.ecc.sp8.v1', 'text/html')).text();
      // The same frame as a landing page: header, footer and the one stylesheet.
      for (const frame of ['<header class="site">', '<footer class="site">', '<a class="skip" href="#content">']) {
        expect(html).toContain(frame);
      }
      const stylesheet = (page: string) => /<link rel="stylesheet" href="([^"]+)">/.exec(page)?.[1];
      expect(stylesheet(html)).toMatch(/^\/assets\/site-[0-9a-f]+\.css$/);
      expect(stylesheet(html)).toBe(stylesheet(landing));
      expect(html).toMatch(/<h1>[^<]+<\/h1>/);

      const hrefs = hrefsOf(html).filter((h) => !h.startsWith('data:'));
      const components = hrefs.filter((h) => h.includes('#component-'));
      expect(components.length).toBeGreaterThan(0);
      for (const href of hrefs) {
        if (href.startsWith('#')) continue; // in-page anchors (the skip link)
        const url = new URL(href.replace(BASE, server.url), `${server.url}${path}`);
        const target = await fetch(url.href.replace(/#.*$/, ''), { headers: { accept: 'text/html' } });
        expect(target.status, href).toBe(200);
        const body = await target.text();
        if (url.hash !== '') expect(body, href).toContain(`id="${url.hash.slice(1)}"`);
      }
    }
  });

  describe('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser.close();
    });

    it('shows the diff with its tables, and following a removed component lands on its highlighted row.', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const res = await page.goto(`${server.url}/pid/doi:10.5072/phd.ecc.sp8.v1/diff/doi:10.5072/phd.ecc.sp8.v2`);
      expect(res?.status()).toBe(200);
      expect(await page.title()).toContain('Configuration diff');
      expect(await page.locator('header.site').isVisible()).toBe(true);
      expect(await page.locator('h1').textContent()).toContain('→');
      expect(await page.locator('.diff-removed li').allTextContents()).toEqual([expect.stringContaining('PMT 2')]);
      expect(await page.locator('.diff-added li').allTextContents()).toEqual([expect.stringContaining('HyD 2')]);
      // The table of the configuration's own fields has a header row and body rows.
      expect(await page.locator('table.diff-fields thead th').count()).toBe(3);
      await page.locator('.diff-removed a').first().click();
      await page.waitForURL(/#component-pmt2$/);
      expect(await page.locator('tr:target').count()).toBe(1);
      expect(await page.locator('tr:target').textContent()).toContain('PMT 2');
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
