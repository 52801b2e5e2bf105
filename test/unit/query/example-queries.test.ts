import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_BASE, EXAMPLE_QUERIES, rebaseExampleQueries } from '../../../src/query/example-queries.js';
import { QueryIndex } from '../../../src/query/query-index.js';
import { analyzeQuery } from '../../../src/query/sparql-request.js';
import { createSampleDatabase } from '../../support/sample-record-db.js';
import type { SampleDatabase } from '../../support/sample-record-db.js';

type Row = Record<string, string>;

let db: SampleDatabase;
let index: QueryIndex;

beforeAll(async () => {
  db = await createSampleDatabase();
  index = QueryIndex.fromDatabase(db.path).index;
});
afterAll(() => db.remove());

function rows(id: string): Row[] {
  const example = EXAMPLE_QUERIES.find((e) => e.id === id);
  if (example === undefined) throw new Error(`no example ${id}`);
  const analyzed = analyzeQuery(example.query, { maxResults: 1000 });
  const body = index.execute({ text: analyzed.text, type: analyzed.type, format: 'application/sparql-results+json', maxResults: 1000, mustCount: analyzed.mustCount });
  const json = JSON.parse(body) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

const list = (value: string | undefined) => (value ?? '').split(', ').filter((s) => s !== '').sort();

describe('The example queries', () => {
  it('have unique kebab-case ids, a title, a question and a query that parses.', () => {
    expect(EXAMPLE_QUERIES.map((e) => e.id)).toEqual([
      'hardware-of-dataset', 'instances-of-model', 'configuration-history', 'datasets-around-detector-change',
      'cores-with-63x-oil-405', 'datasets-and-publications-of-model',
    ]);
    for (const example of EXAMPLE_QUERIES) {
      expect(example.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(example.title.length).toBeGreaterThan(5);
      expect(example.question).toMatch(/\?$/);
      expect(analyzeQuery(example.query).type).toBe('SELECT');
    }
  });

  it('hardware-of-dataset lists the SP8 version 2 hardware of the 2023 dataset, HyD included.', () => {
    const result = rows('hardware-of-dataset');
    expect(result).toHaveLength(7);
    for (const row of result) {
      expect(row).toMatchObject({
        facilityName: 'Example Confocal Core (fictional facility)',
        instance: 'https://doi.org/10.5072/phd.ecc.sp8',
        modelName: 'Leica TCS SP8',
        manufacturerName: 'Leica Microsystems CMS GmbH',
        configuration: 'https://doi.org/10.5072/phd.ecc.sp8.v2',
        version: '2',
        validFrom: '2022-06-15',
      });
    }
    const byName = new Map(result.map((r) => [r.componentName, r]));
    expect([...byName.keys()].sort()).toEqual(['405 nm diode laser', '488 nm OPSL', 'DMi8 stand', 'HC PL APO 20x/0.75 IMM CORR CS2', 'HC PL APO 63x/1.40 OIL CS2', 'HyD 2', 'PMT 1']);
    expect(byName.get('HyD 2')).toMatchObject({ class: 'https://w3id.org/imaging-phd/nbo-q#HybridPhotoDetector', classLabel: 'HybridPhotoDetector', componentModel: 'HyD SMD', componentManufacturer: 'Leica Microsystems' });
    expect(byName.get('405 nm diode laser')?.wavelengths_nm).toBe('405');
    expect(byName.get('488 nm OPSL')?.wavelengths_nm).toBe('488');
    const objective = byName.get('HC PL APO 63x/1.40 OIL CS2');
    expect(objective).toMatchObject({ magnification: '63', immersion: 'Mineral Oil' });
    expect(Number(objective?.numericalAperture)).toBe(1.4);
    expect(byName.has('PMT 2')).toBe(false);
  });

  it('instances-of-model finds both Axio Imagers of the IGC with their current configuration.', () => {
    expect(rows('instances-of-model')).toEqual([
      expect.objectContaining({ rrid: 'RRID:SCR_999001', instance: 'https://doi.org/10.5072/phd.igc.limelight', serialNumber: '3524001234', currentConfiguration: `${EXAMPLE_BASE}/id/configuration/igc-limelight-v1` }),
      expect.objectContaining({ rrid: 'RRID:SCR_999001', instance: 'https://doi.org/10.5072/phd.igc.macred', serialNumber: '3524005678', currentConfiguration: `${EXAMPLE_BASE}/id/configuration/igc-macred-v1` }),
    ]);
  });

  it('configuration-history orders the SP8 versions and derives validUntil from the next version.', () => {
    const result = rows('configuration-history');
    expect(result.map((r) => [r.configuration, r.version, r.validFrom, r.validUntil, r.revisionOf])).toEqual([
      ['https://doi.org/10.5072/phd.ecc.sp8.v1', '1', '2019-03-01', '2022-06-15', undefined],
      ['https://doi.org/10.5072/phd.ecc.sp8.v2', '2', '2022-06-15', undefined, 'https://doi.org/10.5072/phd.ecc.sp8.v1'],
    ]);
  });

  it('datasets-around-detector-change shows the PMT 2 → HyD 2 swap with a dataset on each side.', () => {
    const result = rows('datasets-around-detector-change');
    expect(result.map((r) => [r.period, r.dataset, r.changedOn, r.removedDetectors, r.addedDetectors])).toEqual([
      ['before', 'https://doi.org/10.5072/phd.data.sp8-2020-mitochondria', '2022-06-15', 'PMT 2', 'HyD 2'],
      ['after', 'https://doi.org/10.5072/phd.data.sp8-2023-mitochondria', '2022-06-15', 'PMT 2', 'HyD 2'],
    ]);
    expect(list(result[0]?.detectors)).toEqual(['PMT 1', 'PMT 2']);
    expect(list(result[1]?.detectors)).toEqual(['HyD 2', 'PMT 1']);
  });

  it('cores-with-63x-oil-405 finds the Example Confocal Core and not the IGC, whose 63x oil has no 405 nm source.', () => {
    const result = rows('cores-with-63x-oil-405');
    expect(result).toEqual([
      expect.objectContaining({
        facility: 'https://identifiers.org/RRID:SCR_999003', rrid: 'RRID:SCR_999003', configuration: 'https://doi.org/10.5072/phd.ecc.sp8.v2',
        objective: 'HC PL APO 63x/1.40 OIL CS2', lightSource: '405 nm diode laser', wavelength_nm: '405',
      }),
    ]);
    expect(result.some((r) => r.facility === 'https://identifiers.org/RRID:SCR_999001')).toBe(false);
  });

  it('datasets-and-publications-of-model lists both SP8 datasets and the publication citing them.', () => {
    expect(rows('datasets-and-publications-of-model').map((r) => [r.configuration, r.dataset, r.publication])).toEqual([
      ['https://doi.org/10.5072/phd.ecc.sp8.v1', 'https://doi.org/10.5072/phd.data.sp8-2020-mitochondria', 'https://doi.org/10.5072/phd.pub.mito-2024'],
      ['https://doi.org/10.5072/phd.ecc.sp8.v2', 'https://doi.org/10.5072/phd.data.sp8-2023-mitochondria', 'https://doi.org/10.5072/phd.pub.mito-2024'],
    ]);
  });
});

describe('rebaseExampleQueries', () => {
  it('moves the sample base to the service base and leaves PIDs alone.', () => {
    const rebased = rebaseExampleQueries(EXAMPLE_QUERIES, 'https://phd.core.example/');
    const instances = rebased.find((e) => e.id === 'instances-of-model')?.query ?? '';
    expect(instances).toContain('<https://phd.core.example/id/model/zeiss-axio-imager>');
    expect(instances).not.toContain(EXAMPLE_BASE);
    expect(rebased.find((e) => e.id === 'configuration-history')?.query).toContain('<https://doi.org/10.5072/phd.ecc.sp8>');
    expect(rebaseExampleQueries(EXAMPLE_QUERIES, EXAMPLE_BASE)).toBe(EXAMPLE_QUERIES);
  });
});
