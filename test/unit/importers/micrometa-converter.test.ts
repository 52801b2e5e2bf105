import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS } from '../../../src/domain/namespaces.js';
import { convertMicrometa } from '../../../src/importers/micrometa-converter.js';
import { loadNboqMapping } from '../../../src/importers/nbo-q-mapping.js';
import type { NboqMapping } from '../../../src/importers/nbo-q-mapping.js';
import { FIXTURES } from '../../support/rdf-files.js';

const CONFIG = 'https://example.org/id/configuration/test';
let mapping: NboqMapping;

function convert(file: string): { store: N3.Store; warnings: string[] } {
  const json = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', file), 'utf8')) as Record<string, never>;
  const result = convertMicrometa(json, mapping, { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/x', validFrom: '2024-01-01' });
  return { store: new N3.Store(result.quads), warnings: result.warnings };
}

const values = (store: N3.Store, subject: string, property: string) =>
  store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(property), null).map((o) => o.value);

beforeAll(() => {
  mapping = loadNboqMapping();
});

describe('convertMicrometa', () => {
  it('types components with their NBO-Q class and names them under the configuration.', () => {
    const { store, warnings } = convert('IGC_Limelight.json');
    expect(warnings).toEqual([]);
    const camera = `${CONFIG}/component/66315d06-994d-4552-b092-1cfa5d044258`;
    expect(values(store, camera, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type')).toEqual([`${NBOQ_NS}CMOS`]);
    expect(values(store, CONFIG, `${PHD_NS}hasComponent`)).toContain(camera);
  });

  it('cleans real-file quirks: trailing spaces and "na" links; keeps enumerated values such as "16bit".', () => {
    const { store } = convert('IGC_Limelight.json');
    const camera = `${CONFIG}/component/66315d06-994d-4552-b092-1cfa5d044258`;
    expect(values(store, camera, `${NBOQ_NS}manufacturer`)).toEqual(['Hamamatsu']);
    expect(values(store, camera, `${NBOQ_NS}maxBitDepth`)).toEqual(['16bit']);
    expect(values(store, camera, `${NBOQ_NS}relayLens`)).toEqual([]);
  });

  it('keeps units as IRIs and adds the canonical value.', () => {
    const { store } = convert('ABIF_axiovert1.json');
    const led = `${CONFIG}/component/ac3523c7-20da-47f4-83c5-aa7b2e98c1e7/ledModule/1`;
    expect(values(store, led, `${NBOQ_NS}peakWavelength`)).toEqual(['535']);
    expect(values(store, led, `${NBOQ_NS}peakWavelengthUnit`)).toEqual(['https://w3id.org/imaging-phd/unit/NanoM']);
    expect(values(store, led, `${NBOQ_NS}peakWavelength_nm`)).toEqual(['5.35E2']);
  });

  it('turns "Schema/uuid" references into links between components.', () => {
    const { store } = convert('ABIF_axiovert1.json');
    const cube = `${CONFIG}/component/91318a05-57c9-44bd-aac8-7e5c519c4119`;
    expect(values(store, cube, `${NBOQ_NS}excitationFilter`)).toEqual([`${CONFIG}/component/110538d1-4506-4ac5-a6b7-6d70b32fc7c4`]);
  });

  it('reports unknown schemas and fields instead of dropping them silently.', () => {
    const result = convertMicrometa(
      { Name: 'x', Tier: 1, components: [{ Schema_ID: 'Teleporter.json', ID: 'u1' }, { Schema_ID: 'Objective.json', ID: 'u2', Sparkle: 3 }] },
      mapping,
      { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/x', validFrom: '2024-01-01' },
    );
    expect(result.warnings).toEqual([
      expect.stringContaining('unknown schema "Teleporter.json"'),
      expect.stringContaining('unknown field "Sparkle"'),
    ]);
  });
});
