import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { FIXTURES } from '../support/rdf-files.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The sample data (data/), and beside it a model named by its RRID with an instance, a
// configuration and a dataset (test/fixtures/citation/): no sample model has an RRID.
const SP8_V2 = { path: '/pid/doi:10.5072/phd.ecc.sp8.v2', doi: '10.5072/phd.ecc.sp8.v2', title: 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)', year: 2022 };
const SP8_DATASET = { path: '/pid/doi:10.5072/phd.data.sp8-2023-mitochondria', doi: '10.5072/phd.data.sp8-2023-mitochondria', title: 'Mitochondrial network in HeLa cells, 63x confocal with HyD (2023)', year: 2023 };
const STELLARIS_V1 = '/pid/doi:10.5072/phd.ecc.stellaris.v1';
const STELLARIS_DATASET = '/pid/doi:10.5072/phd.data.stellaris-actin';

let app: TestApp;
let seed: string;

const get = (path: string, accept: string) => fetch(`${app.url}${path}`, { headers: { accept } });

/** The text of the page's methods sentence, unescaped. */
function methodsSentenceOf(page: string): string {
  const escaped = /<h3 id="cite-methods">Methods sentence<\/h3>\s*<pre class="citation">([^<]*)<\/pre>/u.exec(page)?.[1];
  if (escaped === undefined) throw new Error('the page has no methods sentence');
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return escaped.replace(/&(?:amp|lt|gt|quot|#39);/gu, (e) => entities[e] ?? e);
}

/** The year of a CSL item's issued date. */
function yearOf(item: Record<string, unknown>): unknown {
  return (item.issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0]?.[0];
}

beforeAll(async () => {
  seed = await mkdtemp(join(tmpdir(), 'phd-cite-seed-'));
  for (const name of (await readdir(DATA_DIR)).filter((n) => n.endsWith('.ttl'))) await copyFile(join(DATA_DIR, name), join(seed, name));
  await copyFile(join(FIXTURES, 'citation/model-with-rrid.ttl'), join(seed, 'model-with-rrid.ttl'));
  app = await startTestApp({ seedDir: seed });
});
afterAll(async () => {
  await app.close();
  await rm(seed, { recursive: true, force: true });
});

describe('Citations by content negotiation on /pid', () => {
  it('answers each citation media type with that media type, Vary, an ETag and the Signposting links.', async () => {
    for (const accept of ['application/x-bibtex', 'application/x-research-info-systems', 'application/vnd.citationstyles.csl+json', 'text/x-bibliography']) {
      const res = await get(SP8_V2.path, accept);
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-type'), accept).toBe(`${accept}; charset=utf-8`);
      expect(res.headers.get('vary')).toBe('Accept');
      expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/u);
      expect(res.headers.get('link')).toContain(`<https://doi.org/${SP8_V2.doi}>; rel="cite-as"`);
    }
  });

  it('writes BibTeX that a citation parser reads back with the DOI, URL, title and year.', async () => {
    const res = await get(SP8_V2.path, 'application/x-bibtex');
    const [item] = new Cite(await res.text()).data;
    expect(item).toMatchObject({ DOI: SP8_V2.doi, URL: `https://doi.org/${SP8_V2.doi}`, title: SP8_V2.title });
    expect(yearOf(item ?? {})).toBe(SP8_V2.year);
    expect(res.headers.get('content-disposition')).toBe('inline; filename="10.5072_phd.ecc.sp8.v2.bib"');
  });

  it('writes CSL-JSON that a citation parser reads, with the hardware identifiers in custom.', async () => {
    const body = await (await get(SP8_V2.path, 'application/vnd.citationstyles.csl+json')).json();
    const [item] = new Cite(body).data;
    expect(item).toMatchObject({
      type: 'document', genre: 'Microscope hardware configuration', DOI: SP8_V2.doi, URL: `https://doi.org/${SP8_V2.doi}`, title: SP8_V2.title, version: '2',
      author: [{ literal: 'Example Confocal Core (fictional facility)' }], publisher: 'Massachusetts Institute of Technology',
      custom: { facilityRrid: 'RRID:SCR_999003', instancePid: 'doi:10.5072/phd.ecc.sp8', descriptorPid: `doi:${SP8_V2.doi}` },
    });
    expect(yearOf(item ?? {})).toBe(SP8_V2.year);
  });

  it('writes RIS that the RIS parser reads back whole, long values included.', async () => {
    const ris = await (await get(STELLARIS_DATASET, 'application/x-research-info-systems')).text();
    const items = new Cite(ris).data;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ type: 'dataset', DOI: '10.5072/phd.data.stellaris-actin', URL: 'https://doi.org/10.5072/phd.data.stellaris-actin', title: 'Actin in U2OS cells, 63x confocal (STELLARIS)' });
    expect(yearOf(items[0] ?? {})).toBe(2024);
    expect(items[0]?.note).toContain('Instrument model: RRID:SCR_999201.');
    expect(items[1]).toMatchObject({ type: 'document', DOI: '10.5072/phd.ecc.stellaris.v1', title: 'STELLARIS 8, 2024 set-up' });
  });

  it('cites a dataset with the hardware it was acquired with.', async () => {
    const items = new Cite(await (await get(SP8_DATASET.path, 'application/x-bibtex')).text()).data;
    expect(items.map((i) => i.title)).toEqual([SP8_DATASET.title, SP8_V2.title]);
    expect(items[0]).toMatchObject({ DOI: SP8_DATASET.doi, author: [{ family: 'Dana Sample' }, { family: 'Carberry', given: 'Josiah' }] });
    expect(yearOf(items[0] ?? {})).toBe(SP8_DATASET.year);
  });

  it('names a record without a DOI by its resolver URL: a handle, or the landing page here.', async () => {
    const handle = (await (await get('/pid/hdl:21.t11998/phd-abif-axiovert1', 'application/vnd.citationstyles.csl+json')).json() as { URL: string; DOI?: string }[])[0];
    expect(handle?.URL).toBe('https://hdl.handle.net/21.t11998/phd-abif-axiovert1');
    expect(handle?.DOI).toBeUndefined();
    const local = (await (await get('/id/configuration/igc-limelight-v1', 'application/vnd.citationstyles.csl+json')).json() as { URL: string }[])[0];
    expect(local?.URL).toBe(`${app.baseUrl}/id/configuration/igc-limelight-v1`);
  });

  it('formats the citation in the style asked for, by Accept parameter or query, APA by default.', async () => {
    const apa = await (await get(SP8_V2.path, 'text/x-bibliography')).text();
    expect(apa).toContain(`(${SP8_V2.year}). ${SP8_V2.title} (Version 2) [Microscope hardware configuration]`);
    expect(apa).toContain(`https://doi.org/${SP8_V2.doi}`);
    expect(await (await get(SP8_V2.path, 'text/x-bibliography; style=apa')).text()).toBe(apa);
    const vancouver = await (await get(SP8_V2.path, 'text/x-bibliography; style=vancouver')).text();
    expect(vancouver).not.toBe(apa);
    expect(vancouver).toContain(SP8_V2.title);
    expect(await (await fetch(`${app.url}${SP8_V2.path}?format=bibliography&style=vancouver`)).text()).toBe(vancouver);
    const german = await (await get(SP8_V2.path, 'text/x-bibliography; style=harvard1; locale=de-DE')).text();
    expect(german).toContain('„');
  });

  it('refuses an unknown style with a 400 problem listing the styles.', async () => {
    const res = await get(SP8_V2.path, 'text/x-bibliography; style=chicago-nonexistent');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json() as { styles: string[]; detail: string };
    expect(problem.styles).toEqual(['apa', 'vancouver', 'harvard1']);
    expect(problem.detail).toContain('chicago-nonexistent');
    expect((await fetch(`${app.url}${SP8_V2.path}?format=bibliography&style=nope`)).status).toBe(400);
  });

  it('keeps JSON-LD for clients that accept anything or JSON, and the page for browsers.', async () => {
    for (const accept of ['*/*', 'application/json', 'application/ld+json', 'application/*']) {
      expect((await get(SP8_V2.path, accept)).headers.get('content-type'), accept).toBe('application/ld+json; charset=utf-8');
    }
    const browser = await get(SP8_V2.path, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('answers 304 to a revalidation with the citation\'s ETag.', async () => {
    const first = await get(SP8_V2.path, 'application/x-bibtex');
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${app.url}${SP8_V2.path}`, { headers: { accept: 'application/x-bibtex', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(etag).not.toBe((await get(SP8_V2.path, 'application/x-research-info-systems')).headers.get('etag'));
  });

  it('cites facilities, models and publications too, and refuses a citation of a person with 406.', async () => {
    const facility = await (await get('/pid/RRID:SCR_999003', 'application/vnd.citationstyles.csl+json')).json() as Record<string, unknown>[];
    expect(facility[0]).toMatchObject({ title: 'Example Confocal Core (fictional facility)', URL: 'https://identifiers.org/RRID:SCR_999003', custom: { facilityRrid: 'RRID:SCR_999003' } });
    const model = await (await get('/pid/RRID:SCR_999201', 'application/x-bibtex')).text();
    expect(new Cite(model).data[0]).toMatchObject({ title: 'Leica STELLARIS 8', author: [{ family: 'Leica Microsystems CMS GmbH' }] });
    const publication = await (await get('/pid/doi:10.5072/phd.pub.mito-2024', 'application/vnd.citationstyles.csl+json')).json() as Record<string, unknown>[];
    expect(publication[0]).toMatchObject({ type: 'article-journal', DOI: '10.5072/phd.pub.mito-2024' });
    const person = await get('/pid/orcid:0000-0002-1825-0097', 'application/x-bibtex');
    expect(person.status).toBe(406);
    expect(((await person.json()) as { available: string[] }).available).not.toContain('application/x-bibtex');
    expect((await fetch(`${app.url}/pid/orcid:0000-0002-1825-0097?format=bibtex`)).status).toBe(400);
  });
});

describe('The Cite this hardware section of a landing page', () => {
  it('gives a configuration\'s methods sentence naming the facility RRID, the model RRID, the instance PID and the descriptor PID.', async () => {
    const page = await (await get(STELLARIS_V1, 'text/html')).text();
    expect(page).toContain('<h2 id="cite">Cite this hardware</h2>');
    expect(methodsSentenceOf(page)).toBe('Images were acquired with a Leica STELLARIS 8 (Leica Microsystems CMS GmbH, RRID:SCR_999201), '
      + 'instrument “STELLARIS, room 4.14” (PIDINST doi:10.5072/phd.ecc.stellaris), configured as described by doi:10.5072/phd.ecc.stellaris.v1 '
      + '(version 1, in effect from 2024-03-01), at the Example Confocal Core (fictional facility) (RRID:SCR_999003, Massachusetts Institute of Technology).');
    expect(page).not.toContain('The records do not name');
  });

  it('gives a dataset\'s methods sentence with its acquisition date, and both references.', async () => {
    const page = await (await get(STELLARIS_DATASET, 'text/html')).text();
    const sentence = methodsSentenceOf(page);
    expect(sentence).toMatch(/^Images were acquired on 2024-05-06 with a Leica STELLARIS 8 /u);
    for (const id of ['RRID:SCR_999201', 'PIDINST doi:10.5072/phd.ecc.stellaris)', 'doi:10.5072/phd.ecc.stellaris.v1', 'RRID:SCR_999003']) expect(sentence).toContain(id);
    expect(page).toContain('<h3 id="cite-reference-0">This dataset (APA)</h3>');
    expect(page).toContain('<h3 id="cite-reference-1">The hardware it was acquired with (APA)</h3>');
    expect(page).toContain('Carberry, J. (2024). Actin in U2OS cells, 63x confocal (STELLARIS) [Data set].');
  });

  it('names what a sample configuration lacks (its model has no RRID) and links the downloads.', async () => {
    const page = await (await get(SP8_V2.path, 'text/html')).text();
    const sentence = methodsSentenceOf(page);
    for (const id of ['RRID:SCR_999003', 'PIDINST doi:10.5072/phd.ecc.sp8)', `doi:${SP8_V2.doi}`]) expect(sentence).toContain(id);
    expect(page).toContain('The records do not name the instrument model’s RRID');
    for (const [format, type] of [['bibtex', 'application/x-bibtex'], ['ris', 'application/x-research-info-systems'], ['csl', 'application/vnd.citationstyles.csl+json']]) {
      expect(page).toContain(`<a href="${SP8_V2.path}?format=${format}" type="${type}" download>`);
      const res = await fetch(`${app.url}${SP8_V2.path}?format=${format}`);
      expect(res.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
    }
  });

  it('is on instance pages, not on facility pages.', async () => {
    expect(await (await get('/pid/doi:10.5072/phd.ecc.stellaris', 'text/html')).text()).toContain('<h2 id="cite">Cite this hardware</h2>');
    expect(await (await get('/pid/RRID:SCR_999003', 'text/html')).text()).not.toContain('id="cite"');
  });
});
