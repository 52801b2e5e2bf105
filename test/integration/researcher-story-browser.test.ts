import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { readCitation, STORY, tabThrough } from '../support/researcher-story.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The researcher's story of issue 20, in Chromium, on the sample data: a researcher looking for a
// 63x/1.4 oil objective and a 405 nm laser starts at the home page, searches, opens the facility
// that has one, its instrument, the instrument's configuration timeline, what changed between two
// versions, a dataset acquired with the newer one, cites that hardware (the BibTeX and CSL-JSON
// downloads are read by citation-js), reads its methods text, compares two instruments with such an
// objective, and runs a SPARQL query in the page. Every step follows links and buttons as a person
// does (only the start is typed), says what the person sees, and passes axe.
//
// The steps share one page and run in order. When a step fails, the next one starts from the page
// the failed step should have reached, opened by its address, so that each step's own finding is
// reported and one missing link does not hide the rest of the story; the last step fails if any
// page had to be opened so.

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // A missing link or button fails its step within seconds rather than at the test's timeout.
  page.setDefaultTimeout(5_000);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

/** The page's path and query. */
const here = (): string => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

/** The pages the story had to open by their address because the step before did not reach them. */
const reopened: string[] = [];

/**
 * Makes sure the story is where the previous step should have left it: when that step failed, the
 * page is opened by its address (the story's recovery, not a step of it; step 12 counts them).
 * @param path - the page's path (its query is not compared).
 */
async function resumeAt(path: string): Promise<void> {
  // The timeline's diff link percent-encodes the PIDs in the path (doi%3A10.5072%2F…): the same page.
  if (decodeURIComponent(new URL(page.url()).pathname) === path) return;
  reopened.push(`${path} (the story was at ${here()})`);
  await page.goto(`${app.url}${path}`);
}

/** The page passes axe (serious and critical findings). */
async function expectAccessible(name: string): Promise<void> {
  expect.soft(await seriousViolations(page), `${name}: ${here()}`).toEqual([]);
}

/** The text of the page's main content. */
const mainText = async (): Promise<string> => page.getByRole('main').innerText();

/** Clicks a control that loads another page, and waits for it. */
async function follow(control: Locator): Promise<void> {
  await control.waitFor();
  await Promise.all([page.waitForEvent('load'), control.click()]);
}

describe('The researcher story: from the home page to a cited, described, compared and queried instrument', () => {
  it('1. the home page shows a search box, the counts, browsing by facility and by instrument type, and links to SPARQL, the API and the ontology.', async () => {
    const response = await page.goto(`${app.url}/`);
    expect(response?.headers()['content-type']).toContain('text/html');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Find the microscope behind the data');
    await page.getByRole('search').getByRole('searchbox').or(page.getByRole('search').getByRole('textbox')).first().waitFor();
    const text = await mainText();
    // The sample data: three facilities, four instruments.
    expect(text).toMatch(/\b3\b[^\n]*facilit/i);
    expect(text).toMatch(/\b4\b[^\n]*instrument/i);
    const main = page.getByRole('main');
    await main.getByRole('link', { name: STORY.facility.name }).waitFor();
    await main.getByRole('link', { name: /confocal/i }).first().waitFor();
    await main.getByRole('link', { name: /SPARQL/ }).first().waitFor();
    await main.getByRole('link', { name: /API/ }).first().waitFor();
    await main.getByRole('link', { name: /ontology/i }).first().waitFor();
    await expectAccessible('home');
  });

  it('2. the search for a 63x/1.4 oil objective and a 405 nm laser finds the Example Confocal Core and its SP8.', async () => {
    await resumeAt('/');
    await follow(page.getByRole('navigation').getByRole('link', { name: 'Search', exact: true }));
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('Search');
    await page.getByLabel('Magnification').fill('63');
    await page.getByLabel('NA at least').fill('1.4');
    await page.getByLabel('Immersion').selectOption('oil');
    await page.getByLabel('Wavelengths (nm)').fill('405');
    await follow(page.getByRole('button', { name: 'Search' }));
    const results = page.locator('ol.results');
    const text = await results.innerText();
    expect(text).toContain(STORY.facility.name);
    expect(text).toContain(STORY.instrument.name);
    expect(text).toContain(STORY.objective);
    expect(text).toContain(`${STORY.laser} (405 nm)`);
    expect(text).not.toContain(STORY.other.name);
    await expectAccessible('search results');
    await follow(results.getByRole('link', { name: STORY.facility.name }).first());
  });

  it('3. the facility page lists the instruments it operates, and the SP8 link opens the instrument.', async () => {
    await resumeAt('/pid/RRID:SCR_999003');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(STORY.facility.name);
    expect(await mainText()).toContain(STORY.facility.rrid);
    await page.getByRole('heading', { name: /Instruments it operates/ }).waitFor();
    await expectAccessible('facility');
    await follow(page.getByRole('main').getByRole('link', { name: STORY.instrument.name, exact: true }).first());
    expect(here()).toBe(`/pid/doi:${STORY.instrument.doi}`);
  });

  it('4. the instrument page shows its configuration timeline; version 2 says what changed and links to the diff.', async () => {
    await resumeAt(`/pid/doi:${STORY.instrument.doi}`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(STORY.instrument.name);
    const main = page.getByRole('main');
    await main.getByRole('link', { name: `v1 — ${STORY.v1.label}` }).waitFor();
    const v2 = main.getByRole('listitem').filter({ has: page.getByRole('link', { name: `v2 — ${STORY.v2.label}` }) }).last();
    // The summary of the change, on the timeline itself.
    // (The version's own label names PMT 2, so the summary is read without it.)
    const summary = (await v2.innerText()).replace(`v2 — ${STORY.v2.label}`, '');
    expect(summary).toContain(`added: ${STORY.added}`);
    expect(summary).toContain(`removed: ${STORY.removed}`);
    await expectAccessible('instrument');
    await follow(v2.getByRole('link', { name: 'Changes since v1' }));
  });

  it('5. the diff shows the HyD added and the PMT removed between the 2019 and the 2022 set-up.', async () => {
    await resumeAt(`/pid/doi:${STORY.v1.doi}/diff/doi:${STORY.v2.doi}`);
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    expect(heading).toContain(STORY.v1.label);
    expect(heading).toContain(STORY.v2.label);
    const main = page.getByRole('main');
    await main.getByRole('link', { name: STORY.added, exact: true }).waitFor();
    await main.getByRole('link', { name: STORY.removed, exact: true }).waitFor();
    await expectAccessible('diff');
    // The newer set-up, from the diff's heading.
    await follow(main.getByRole('link', { name: STORY.v2.label, exact: true }).first());
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(STORY.v2.label);
    await expectAccessible('configuration v2');
  });

  it('6. on the 2022 set-up, the kind of a component links to its ontology term page, with examples from this store.', async () => {
    await resumeAt(`/pid/doi:${STORY.v2.doi}`);
    await follow(page.getByRole('main').getByRole('link', { name: 'nboq:Objective', exact: true }).first());
    expect(here()).toBe('/ontology/nboq/Objective');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('nboq:Objective');
    await page.getByRole('region', { name: /examples/i }).waitFor();
    await expectAccessible('ontology term');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(STORY.v2.label);
  });

  it('7. the 2022 set-up lists the dataset acquired with it, and its page names the hardware chain.', async () => {
    await resumeAt(`/pid/doi:${STORY.v2.doi}`);
    await follow(page.getByRole('main').getByRole('link', { name: STORY.dataset.title }).first());
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(STORY.dataset.title);
    const text = await mainText();
    expect(text).toContain(STORY.facility.name);
    expect(text).toContain(STORY.instrument.name);
    expect(text).toContain(STORY.v2.label);
    await expectAccessible('dataset');
  });

  it('8. the dataset page cites its hardware, and the BibTeX and CSL-JSON downloads parse with citation-js and carry the descriptor DOI.', async () => {
    await resumeAt(`/pid/doi:${STORY.dataset.doi}`);
    const section = page.getByRole('region', { name: /cite this hardware/i });
    const text = await section.innerText();
    // The ready citation and the methods sentence name the facility (RRID), the instance and the descriptor PID.
    expect(text).toContain(`https://doi.org/${STORY.dataset.doi}`);
    expect(text).toContain(`https://doi.org/${STORY.v2.doi}`);
    expect(text).toContain(STORY.facility.rrid);
    expect(text).toContain(STORY.instrument.doi);
    await expectAccessible('dataset with its citation');

    for (const [name, kind] of [[/BibTeX/, 'bibtex'], [/CSL[- ]JSON/, 'csl-json']] as const) {
      const href = await section.getByRole('link', { name }).first().getAttribute('href');
      expect(href, `a ${kind} link`).not.toBeNull();
      const download = await page.request.get(new URL(href ?? '', page.url()).href);
      expect(download.status(), `${kind}: ${href}`).toBe(200);
      const { items, bibliography } = readCitation(await download.text(), kind);
      expect(items.length, kind).toBeGreaterThanOrEqual(1);
      // The dataset itself, and the hardware configuration it was acquired with.
      expect(items.map((item) => (item.DOI ?? '').toLowerCase()), kind).toEqual([STORY.dataset.doi, STORY.v2.doi]);
      expect(bibliography.toLowerCase(), kind).toContain(`https://doi.org/${STORY.dataset.doi}`);
      expect(bibliography.toLowerCase(), kind).toContain(`https://doi.org/${STORY.v2.doi}`);
    }
  });

  it('9. the methods text of the dataset names its objective, lasers and detectors, marks what is missing, and has the reporting checklist.', async () => {
    await resumeAt(`/pid/doi:${STORY.dataset.doi}`);
    await follow(page.getByRole('main').getByRole('link', { name: /methods text/i }).first());
    expect(here()).toBe(`/pid/doi:${STORY.dataset.doi}/methods`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(STORY.dataset.title);
    // The paragraph for the manuscript: the hardware with its units, each fact with its PID, and what is missing.
    const methods = page.getByRole('region', { name: 'Materials and Methods', exact: true });
    const text = await methods.innerText();
    for (const fact of [STORY.objective, 'NA 1.4', '405 nm', '50 mW', 'HyD', 'PMT', STORY.facility.rrid, '[missing: image pixel size]']) expect(text).toContain(fact);
    await methods.getByRole('link', { name: `doi:${STORY.v2.doi}/component/objective63x` }).waitFor();
    await methods.getByRole('link', { name: `doi:${STORY.v2.doi}/component/hyd2` }).waitFor();
    // The checklist says, item by item, what this record holds and what it lacks.
    const checklist = page.getByRole('region', { name: 'Reporting checklist' }).getByRole('table');
    await checklist.getByRole('row').filter({ hasText: 'Numerical aperture of each objective' }).filter({ hasText: 'present' }).waitFor();
    await checklist.getByRole('row').filter({ hasText: 'Pixel size in the sample plane' }).filter({ hasText: 'missing' }).waitFor();
    await page.getByRole('link', { name: 'Markdown' }).waitFor();
    await expectAccessible('methods');
  });

  it('10. from the search results, the two instruments with a 63x/1.4 oil objective are compared side by side.', async () => {
    await resumeAt(`/pid/doi:${STORY.dataset.doi}/methods`);
    await follow(page.getByRole('navigation').getByRole('link', { name: 'Search', exact: true }));
    await page.getByLabel('Magnification').fill('63');
    await page.getByLabel('NA at least').fill('1.4');
    await page.getByLabel('Immersion').selectOption('oil');
    await follow(page.getByRole('button', { name: 'Search' }));
    const results = page.locator('ol.results');
    expect(await results.innerText()).toContain(STORY.other.name);
    for (const name of [STORY.instrument.name, STORY.other.name]) {
      await page.locator('li.result[data-type="instrument"]').filter({ hasText: name }).getByRole('checkbox', { name: `Compare ${name}` }).check();
    }
    await follow(page.getByRole('button', { name: 'Compare selected' }));
    expect(new URL(page.url()).pathname).toBe('/compare');
    // The columns: each instrument's current configuration.
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    expect(heading).toMatch(/^Compare /);
    expect(heading).toContain(STORY.v2.label);
    expect(heading).toContain('ABIF Axiovert1');
    // The two 63x/1.4 oil objectives line up on one row.
    const row = page.getByRole('main').getByRole('table').getByRole('row').filter({ hasText: STORY.objective }).first();
    expect(await row.innerText()).toContain(STORY.other.objective);
    await expectAccessible('compare');
  });

  it('11. the SPARQL page runs a query in place and shows the results as a table with linked IRIs.', async () => {
    await resumeAt('/compare');
    await follow(page.getByRole('navigation').getByRole('link', { name: 'SPARQL', exact: true }));
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/SPARQL/);
    await page.getByLabel('Query').fill([
      'PREFIX phd: <https://w3id.org/imaging-phd/ns#>',
      'PREFIX schema: <https://schema.org/>',
      'SELECT ?facility ?name WHERE { ?facility a phd:Facility ; schema:name ?name } ORDER BY ?name',
    ].join('\n'));
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await page.getByRole('button', { name: 'Run query' }).click();
    const table = page.getByRole('table').filter({ hasText: STORY.facility.name });
    await table.waitFor();
    expect(downloads).toEqual([]);
    expect(await table.getByRole('row').count()).toBe(4);
    // The results in every format, and the IRIs lead to their records.
    for (const format of ['SPARQL JSON', 'SPARQL XML', 'CSV', 'TSV']) await page.getByRole('link', { name: format, exact: true }).waitFor();
    await expectAccessible('SPARQL results');
    await follow(table.getByRole('link', { name: `https://identifiers.org/${STORY.facility.rrid}` }));
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(STORY.facility.name);
  });

  it('12. the whole story was walked by links and buttons: no page had to be opened by its address.', () => {
    expect(reopened).toEqual([]);
  });
});

describe('The researcher story by keyboard only', () => {
  it('Tab on the home page reaches the search box and the main links, each with a visible focus.', async () => {
    const response = await page.goto(`${app.url}/`);
    expect(response?.headers()['content-type']).toContain('text/html');
    const stops = await tabThrough(page, 30);
    expect(stops[0]?.name).toBe('Skip to content');
    expect(stops.some((s) => s.tag === 'input' && s.type !== 'hidden'), 'the search box').toBe(true);
    const names = stops.map((s) => s.name);
    for (const name of [/^Search$/, /SPARQL/, /ontology/i, new RegExp(STORY.facility.name.replace(/[()]/g, '\\$&'))]) {
      expect(names.some((n) => name.test(n)), `${name} in ${names.join(' | ')}`).toBe(true);
    }
    expect(stops.filter((s) => !s.visible).map((s) => s.name)).toEqual([]);
  });

  it('Tab on the instrument page skips to the content and reaches its facility, model and configuration links, each with a visible focus.', async () => {
    await page.goto(`${app.url}/pid/doi:${STORY.instrument.doi}`);
    const stops = await tabThrough(page, 40);
    expect(stops[0]?.name).toBe('Skip to content');
    const names = stops.map((s) => s.name);
    for (const name of [STORY.facility.name, STORY.instrument.model, `v1 — ${STORY.v1.label}`, `v2 — ${STORY.v2.label}`]) {
      expect(names, name).toContain(name);
    }
    expect(stops.filter((s) => !s.visible).map((s) => s.name)).toEqual([]);
    // The skip link moves the focus past the navigation, to the content.
    await page.goto(`${app.url}/pid/doi:${STORY.instrument.doi}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const after = await page.evaluate<boolean>('document.activeElement ? document.activeElement.closest("main") !== null : false');
    expect(after).toBe(true);
  });
});
