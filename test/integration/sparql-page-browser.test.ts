import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await app.close();
});

const FACILITIES = `PREFIX phd: <https://w3id.org/imaging-phd/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?facility ?name WHERE { ?facility a phd:Facility ; schema:name ?name } ORDER BY ?name`;
// More than two pages of 50 rows, in a stable order.
const TRIPLES = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 120';
const CONSTRUCT = `PREFIX phd: <https://w3id.org/imaging-phd/ns#>
CONSTRUCT { ?f phd:operates ?i } WHERE { ?f phd:operates ?i }`;
const CONFOCAL_CORE = 'https://identifiers.org/RRID:SCR_999003';

/** A page in a new browser context (closed with the browser), with or without JavaScript. */
async function pageIn(javaScriptEnabled: boolean): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

/** Types a query into the page's form and runs it as a table in the page. */
async function runQuery(page: Page, query: string): Promise<void> {
  await page.getByLabel('Query', { exact: true }).fill(query);
  await page.getByLabel('Result format').selectOption('html');
  await page.getByRole('button', { name: 'Run query' }).click();
}

/** The rows of the results table, as text. */
async function rows(page: Page): Promise<string[][]> {
  const trs = await page.locator('#results tbody tr').all();
  return Promise.all(trs.map((tr) => tr.locator('td').allTextContents()));
}

/** Follows the record link of the confocal core in the results to its landing page. */
async function followRecordLink(page: Page): Promise<void> {
  const link = page.locator('#results a', { hasText: CONFOCAL_CORE });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/pid\//);
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/pid/')), link.click()]);
  await expect(page.locator('h1').innerText()).resolves.toContain('Example Confocal Core');
  await page.goBack();
}

/** Checks that each download link answers in the media type it names. */
async function checkDownloads(page: Page, expected: readonly string[]): Promise<void> {
  const links = await Promise.all((await page.locator('#results .downloads a').all()).map(async (a) => ({ href: await a.getAttribute('href') ?? '', type: await a.getAttribute('type') ?? '' })));
  expect(links.map((l) => l.type)).toEqual(expected);
  for (const link of links) {
    const res = await page.request.get(new URL(link.href, page.url()).toString());
    expect(res.status(), link.href).toBe(200);
    expect(res.headers()['content-type'], link.href).toBe(`${link.type}; charset=utf-8`);
  }
}

const SOLUTION_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'];

describe('The SPARQL page in a real browser', () => {
  describe('with JavaScript', () => {
    let page: Page;
    beforeAll(async () => {
      page = await pageIn(true);
    });

    it('runs a typed query in place and shows a table whose record IRIs lead to landing pages.', async () => {
      await page.goto(`${app.url}/sparql`);
      const queries: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST') queries.push(request.headers().accept ?? '');
      });
      await runQuery(page, FACILITIES);
      await page.locator('#results table').waitFor();
      // The page stayed: the query went to the endpoint from the script.
      expect(new URL(page.url()).pathname).toBe('/sparql');
      expect(queries).toContain('application/sparql-results+json');
      expect(await page.locator('#results thead th').allInnerTexts()).toEqual(['?facility', '?name']);
      expect((await rows(page)).map((r) => r[1])).toContain('Example Confocal Core (fictional facility)');
      expect(await page.locator('#results').getAttribute('aria-live')).toBe('polite');
      expect(await page.locator('#results caption').innerText()).toContain('rows 1–3 of 3');
      // The same landing-page path as the server-rendered table gives it (see "without JavaScript").
      expect(await page.locator('#results a', { hasText: CONFOCAL_CORE }).getAttribute('href')).toBe('/pid/RRID:SCR_999003');
      expect(await seriousViolations(page)).toEqual([]);
      await checkDownloads(page, SOLUTION_TYPES);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#results .downloads a', { hasText: 'CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('results.csv');
      await followRecordLink(page);
    });

    it('draws javascript: and data: IRIs of a result as plain text, never as links.', async () => {
      await page.goto(`${app.url}/sparql`);
      await runQuery(page, 'SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <data:text/html,hi> <https://example.org/safe> } }');
      await page.locator('#results table').waitFor();
      expect(new URL(page.url()).pathname).toBe('/sparql');
      expect((await rows(page)).flat()).toEqual(['javascript:alert(1)', 'data:text/html,hi', 'https://example.org/safe']);
      const hrefs = await Promise.all((await page.locator('#results table a').all()).map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['https://example.org/safe']);
    });

    it('pages the results 50 rows at a time.', async () => {
      await page.goto(`${app.url}/sparql`);
      await runQuery(page, TRIPLES);
      await page.locator('#results table').waitFor();
      expect(await page.locator('#results .summary').innerText()).toBe('120 results · page 1 of 3');
      const first = await rows(page);
      expect(first).toHaveLength(50);
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.locator('#results .summary', { hasText: 'page 2 of 3' }).waitFor();
      const second = await rows(page);
      expect(second).toHaveLength(50);
      expect(second[0]).not.toEqual(first[0]);
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.locator('#results .summary', { hasText: 'page 3 of 3' }).waitFor();
      expect(await rows(page)).toHaveLength(20);
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.locator('#results .summary', { hasText: 'page 2 of 3' }).waitFor();
      expect(await rows(page)).toEqual(second);
    });

    it('shows a syntax error in words, with the offending line.', async () => {
      await page.goto(`${app.url}/sparql`);
      await runQuery(page, 'SELECT *\nWHERE {\n  ?s ?p\n}');
      await page.locator('#results .error').waitFor();
      const text = await page.locator('#results .error').innerText();
      expect(text).toContain('Bad Request');
      expect(text).toContain('Line 4');
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('shows a CONSTRUCT result as a table of triples with the graph formats to download.', async () => {
      await page.goto(`${app.url}/sparql`);
      await runQuery(page, CONSTRUCT);
      await page.locator('#results table').waitFor();
      expect(await page.locator('#results thead th').allInnerTexts()).toEqual(['subject', 'predicate', 'object']);
      const types = await Promise.all((await page.locator('#results .downloads a').all()).map(async (a) => await a.getAttribute('type') ?? ''));
      expect(types).toEqual(expect.arrayContaining(['text/turtle', 'application/n-triples', 'application/ld+json']));
      await checkDownloads(page, types);
    });

    it('runs queries in place on the federated endpoint\'s page too.', async () => {
      await page.goto(`${app.url}/federated/sparql`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Federated SPARQL endpoint');
      await runQuery(page, FACILITIES);
      await page.locator('#results table').waitFor();
      expect(new URL(page.url()).pathname).toBe('/federated/sparql');
      expect(await rows(page)).toHaveLength(3);
      await followRecordLink(page);
    });
  });

  describe('without JavaScript', () => {
    let page: Page;
    beforeAll(async () => {
      page = await pageIn(false);
    });

    it('renders the results table on the server, with record links and downloads.', async () => {
      await page.goto(`${app.url}/sparql`);
      await Promise.all([page.waitForURL(/format=html/), runQuery(page, FACILITIES)]);
      expect(await page.locator('#results thead th').allInnerTexts()).toEqual(['?facility', '?name']);
      expect(await page.locator('#results a', { hasText: CONFOCAL_CORE }).getAttribute('href')).toBe('/pid/RRID:SCR_999003');
      expect(await page.getByLabel('Query', { exact: true }).inputValue()).toBe(FACILITIES);
      // axe runs as a script: the same server-rendered page, checked in a context that runs it.
      const checker = await browser.newPage();
      await checker.goto(page.url());
      expect(await checker.locator('#results caption').innerText()).toContain('rows 1–3 of 3');
      expect(await seriousViolations(checker)).toEqual([]);
      await checker.close();
      await checkDownloads(page, SOLUTION_TYPES);
      await followRecordLink(page);
    });

    it('pages the server-rendered results with previous and next links.', async () => {
      await page.goto(`${app.url}/sparql`);
      await Promise.all([page.waitForURL(/format=html/), runQuery(page, TRIPLES)]);
      expect(await page.locator('#results .summary').innerText()).toBe('120 results · page 1 of 3');
      const first = await rows(page);
      await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: 'Next page' }).click()]);
      expect(await page.locator('#results .summary').innerText()).toBe('120 results · page 2 of 3');
      const second = await rows(page);
      expect(second).toHaveLength(50);
      expect(second[0]).not.toEqual(first[0]);
      await Promise.all([page.waitForURL(/page=1/), page.getByRole('link', { name: 'Previous page' }).click()]);
      expect(await rows(page)).toEqual(first);
    });

    it('shows an error on the page, keeping the query in the form.', async () => {
      await page.goto(`${app.url}/sparql`);
      const res = await Promise.all([page.waitForResponse(/format=html/), runQuery(page, 'SELECT *\nWHERE {\n  ?s ?p\n}')]);
      expect(res[0].status()).toBe(400);
      expect(await page.locator('#results .error').innerText()).toContain('Line 4');
      expect(await page.getByLabel('Query', { exact: true }).inputValue()).toContain('?s ?p');
    });
  });

  describe('from a page on another origin', () => {
    let other: Server;
    let otherUrl: string;
    beforeAll(async () => {
      // A tool on another origin (another loopback port): its script calls the service through CORS.
      other = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="en"><head><title>A SPARQL tool</title></head><body><pre id="out">running</pre>
<script>
const app = ${JSON.stringify(app.url)};
const out = {};
async function main() {
  const query = 'SELECT ?f WHERE { ?f a <https://w3id.org/imaging-phd/ns#Facility> }';
  const sparql = await fetch(app + '/sparql?query=' + encodeURIComponent(query), { headers: { Accept: 'application/sparql-results+json' } });
  out.sparql = (await sparql.json()).results.bindings.length;
  const posted = await fetch(app + '/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: 'text/csv' }, body: query });
  out.posted = (await posted.text()).trim().split('\\n').length;
  const record = await fetch(app + '/pid/RRID:SCR_999003', { headers: { Accept: 'application/ld+json' } });
  out.recordType = record.headers.get('Content-Type');
  out.link = record.headers.get('Link');
  out.etag = record.headers.get('ETag');
  out.name = JSON.stringify(await record.json()).includes('Example Confocal Core');
  try {
    await fetch(app + '/records', { method: 'POST', headers: { 'Content-Type': 'text/turtle' }, body: '<http://a.example/s> <http://a.example/p> "o" .' });
    out.write = 'allowed';
  } catch (error) {
    out.write = 'blocked';
  }
}
main().catch((error) => { out.error = String(error); }).then(() => { document.getElementById('out').textContent = JSON.stringify(out); });
</script></body></html>`);
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', () => resolve()));
      otherUrl = `http://localhost:${(other.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    });

    it('reads /sparql and /pid with their Link and ETag headers through CORS, while a write to /records is blocked.', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('requestfailed', (request) => {
        if (request.url().endsWith('/records')) failed.push(request.method());
      });
      await page.goto(otherUrl);
      await page.locator('#out', { hasText: 'write' }).waitFor();
      const out = JSON.parse(await page.locator('#out').innerText()) as Record<string, unknown>;
      await context.close();
      expect(out.error).toBeUndefined();
      expect(out.sparql).toBe(3);
      expect(out.posted).toBe(4);
      expect(out.recordType).toContain('application/ld+json');
      expect(out.link).toContain('rel="cite-as"');
      expect(out.etag).toMatch(/^(W\/)?"/);
      expect(out.name).toBe(true);
      expect(out.write).toBe('blocked');
      // The browser blocked it, not the network: the service answers the same POST from a program.
      expect(failed).toContain('POST');
      const direct = await fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: '<http://a.example/s> <http://a.example/p> "o" .' });
      expect(direct.status).toBe(401);
    });
  });
});
