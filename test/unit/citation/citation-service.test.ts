import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { beforeAll, describe, expect, it } from 'vitest';
import { CitationService } from '../../../src/citation/citation-service.js';
import type { StoredRecord } from '../../../src/store/record-store.js';
import { citationRecords, SAMPLE_BASE } from './citation-records.js';

let records: Map<string, StoredRecord>;
const withdrawn = new Set<string>();
const service = new CitationService({ baseUrl: SAMPLE_BASE, read: (iri) => Promise.resolve(withdrawn.has(iri) ? undefined : records.get(iri)) });

/** The citation view of a record by IRI. */
async function viewOf(iri: string) {
  const record = records.get(iri);
  if (record === undefined) throw new Error(`no record ${iri}`);
  return service.view(record);
}

beforeAll(async () => {
  records = await citationRecords();
});

describe('A CitationService', () => {
  it('cites a configuration from its chain: facility as author, host as publisher, validFrom as issued, its version.', async () => {
    const view = await viewOf('https://doi.org/10.5072/phd.ecc.sp8.v1');
    expect(view?.items).toEqual([{
      id: 'https://doi.org/10.5072/phd.ecc.sp8.v1', type: 'document', genre: 'Microscope hardware configuration',
      title: 'SP8 confocal, 2019 set-up (2 PMTs)', author: [{ literal: 'Example Confocal Core (fictional facility)' }],
      publisher: 'Massachusetts Institute of Technology', issued: { 'date-parts': [[2019, 3, 1]] },
      DOI: '10.5072/phd.ecc.sp8.v1', URL: 'https://doi.org/10.5072/phd.ecc.sp8.v1', version: '1',
      note: 'Facility: RRID:SCR_999003. Instrument (PIDINST): doi:10.5072/phd.ecc.sp8. Hardware configuration: doi:10.5072/phd.ecc.sp8.v1.',
      custom: { facilityRrid: 'RRID:SCR_999003', instancePid: 'doi:10.5072/phd.ecc.sp8', descriptorPid: 'doi:10.5072/phd.ecc.sp8.v1' },
    }]);
    expect(view?.href).toBe('/pid/doi:10.5072/phd.ecc.sp8.v1');
    expect(view?.references).toEqual([{ cites: 'record', text: expect.stringContaining('Example Confocal Core (fictional facility). (2019). SP8 confocal, 2019 set-up (2 PMTs) (Version 1) [Microscope hardware configuration].') as unknown }]);
  });

  it('cites a dataset by its creators, with ORCID iDs in the note, followed by its hardware configuration.', async () => {
    const view = await viewOf('https://doi.org/10.5072/phd.data.stellaris-actin');
    expect(view?.items.map((i) => [i.type, i.title])).toEqual([['dataset', 'Actin in U2OS cells, 63x confocal (STELLARIS)'], ['document', 'STELLARIS 8, 2024 set-up']]);
    expect(view?.items[0]).toMatchObject({
      author: [{ family: 'Carberry', given: 'Josiah' }], issued: { 'date-parts': [[2024, 5, 6]] },
      custom: { facilityRrid: 'RRID:SCR_999003', modelRrid: 'RRID:SCR_999201', instancePid: 'doi:10.5072/phd.ecc.stellaris', descriptorPid: 'doi:10.5072/phd.ecc.stellaris.v1' },
    });
    expect(view?.items[0]?.note).toContain('ORCID iDs: Josiah Carberry (ORCID 0000-0002-1825-0097).');
    expect(view?.references.map((r) => r.cites)).toEqual(['record', 'hardware']);
    expect(view?.missing).toEqual([]);
  });

  it('dates an instance by its commissioning, else by when its record was created, and names no descriptor.', async () => {
    const commissioned = await viewOf('https://doi.org/10.5072/phd.igc.macred');
    expect(commissioned?.items[0]).toMatchObject({ genre: 'Microscope', issued: { 'date-parts': [[2022, 8, 15]] } });
    expect(commissioned?.items[0]?.custom).toEqual({ facilityRrid: 'RRID:SCR_999001', instancePid: 'doi:10.5072/phd.igc.macred' });
    const created = await viewOf('https://doi.org/10.5072/phd.ecc.sp8');
    expect(created?.items[0]?.issued).toEqual({ 'date-parts': [[2025, 7, 1]] });
  });

  it('names a record without a PID by its landing page and lists its missing PID.', async () => {
    const view = await viewOf(`${SAMPLE_BASE}/id/configuration/igc-limelight-v1`);
    expect(view?.items[0]?.URL).toBe(`${SAMPLE_BASE}/id/configuration/igc-limelight-v1`);
    expect(view?.items[0]?.DOI).toBeUndefined();
    expect(view?.methods).toContain(`configured as described by ${SAMPLE_BASE}/id/configuration/igc-limelight-v1 (version 1, in effect from 2022-09-01)`);
    expect(view?.missing).toEqual(['the instrument model’s RRID', 'a PID for the hardware configuration']);
  });

  it('cites a model by its manufacturer and a facility with its contact and host.', async () => {
    const model = await viewOf('https://identifiers.org/RRID:SCR_999201');
    expect(model?.items[0]).toMatchObject({ author: [{ literal: 'Leica Microsystems CMS GmbH' }], publisher: 'Leica Microsystems CMS GmbH', custom: { modelRrid: 'RRID:SCR_999201' } });
    expect(model?.methods).toBe('Images were acquired with a Leica STELLARIS 8 (Leica Microsystems CMS GmbH, RRID:SCR_999201).');
    const facility = await viewOf('https://identifiers.org/RRID:SCR_999003');
    expect(facility?.items[0]).toMatchObject({ author: [{ literal: 'Example Confocal Core (fictional facility)' }, { family: 'Carberry', given: 'Josiah' }], publisher: 'Massachusetts Institute of Technology' });
    expect(facility?.methods).toBe('Images were acquired at the Example Confocal Core (fictional facility) (RRID:SCR_999003, Massachusetts Institute of Technology).');
  });

  it('cites a publication as an article, without hardware or a methods sentence.', async () => {
    const view = await viewOf('https://doi.org/10.5072/phd.pub.nuclei-2023');
    expect(view?.items).toHaveLength(1);
    expect(view?.items[0]).toMatchObject({ type: 'article-journal', DOI: '10.5072/phd.pub.nuclei-2023', issued: { 'date-parts': [[2023]] } });
    expect(view?.items[0]?.custom).toBeUndefined();
    expect(view?.methods).toBeUndefined();
  });

  it('has no citation of a person or an organization.', async () => {
    expect(await viewOf('https://orcid.org/0000-0002-1825-0097')).toBeUndefined();
    expect(await viewOf('https://ror.org/042nb2s44')).toBeUndefined();
  });

  it('leaves out a withdrawn record of the chain, naming it by its PID where it is linked.', async () => {
    withdrawn.add('https://doi.org/10.5072/phd.ecc.sp8');
    try {
      const view = await viewOf('https://doi.org/10.5072/phd.ecc.sp8.v2');
      // The configuration still names its instance; the instance's own links (model, facility) are unknown.
      expect(view?.methods).toBe('Images were acquired with the instrument PIDINST doi:10.5072/phd.ecc.sp8, configured as described by doi:10.5072/phd.ecc.sp8.v2 (version 2, in effect from 2022-06-15).');
      expect(view?.missing).toEqual(['the instrument model', 'the facility']);
      expect(view?.items[0]?.publisher).toBe('imaging-phd (imaging-phd.example)');
    } finally {
      withdrawn.delete('https://doi.org/10.5072/phd.ecc.sp8');
    }
  });

  it('renders BibTeX that citation-js reads back as the same references.', async () => {
    const view = await viewOf('https://doi.org/10.5072/phd.data.sp8-2020-mitochondria');
    if (view === undefined) throw new Error('no citation');
    const parsed = new Cite(await service.render(view, 'bibtex')).data;
    expect(parsed.map((i) => [i.type, i.DOI, i.title])).toEqual(view.items.map((i) => [i.type === 'dataset' ? 'document' : i.type, i.DOI, i.title]));
  });
});
