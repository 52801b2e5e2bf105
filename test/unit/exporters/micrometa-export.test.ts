import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { NBOQ_NS, PHD_NS } from '../../../src/domain/namespaces.js';
import { canonicalLiterals, canonicalNTriples } from '../../../src/domain/records.js';
import { MICROMETA_APP_VERSION, exportMicrometa } from '../../../src/exporters/micrometa-export.js';
import type { MicrometaComponent, MicrometaFile, MicrometaObject } from '../../../src/exporters/micrometa-export.js';
import { convertMicrometa } from '../../../src/importers/micrometa-converter.js';
import type { ConvertOptions, MicrometaConversion } from '../../../src/importers/micrometa-converter.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import type { NboqMapping } from '../../../src/domain/nbo-q-mapping.js';
import { FIXTURES } from '../../support/rdf-files.js';

const CONFIG = 'https://example.org/id/configuration/test-v2';
const OPTIONS: ConvertOptions = {
  configurationIri: CONFIG,
  instanceIri: 'https://doi.org/10.5072/instance',
  validFrom: '2024-01-01',
  versionNumber: 2,
  wasRevisionOf: 'https://example.org/id/configuration/test-v1',
};
const FILES = ['ABIF_axiovert1.json', 'IGC_Limelight.json', 'IGC_Macred.json'];
const { namedNode, literal, quad } = N3.DataFactory;

let mapping: NboqMapping;

type Json = Parameters<typeof convertMicrometa>[0];

const fixture = (file: string): Json => JSON.parse(readFileSync(join(FIXTURES, 'micrometa', file), 'utf8')) as Json;

/** What Micro-Meta App would read: the export as JSON text, parsed. */
const asJson = (file: MicrometaFile): Json => JSON.parse(JSON.stringify(file)) as Json;

/** Converts, and keeps the triples as the store does (doubles in canonical form). */
function stored(file: Json): MicrometaConversion & { graph: Quad[] } {
  const result = convertMicrometa(file, mapping, OPTIONS);
  return { ...result, graph: canonicalLiterals(result.quads) };
}

const componentById = (file: MicrometaFile | Json, id: string) => {
  const all = [file.MicroscopeStand, ...(Array.isArray(file.components) ? file.components : [])] as (MicrometaObject | undefined)[];
  return all.find((c) => typeof c?.ID === 'string' && c.ID.trim() === id);
};

beforeAll(() => {
  mapping = loadNboqMapping();
});

describe('exportMicrometa', () => {
  it.each(FILES)('round-trips %s: import, export and import again give the same graph.', (name) => {
    const first = stored(fixture(name));
    const unmapped: Quad[] = [];
    const exported = exportMicrometa(first.graph, CONFIG, mapping, { onUnmapped: (q) => unmapped.push(q) });
    const second = stored(asJson(exported));
    expect(canonicalNTriples(second.graph)).toBe(canonicalNTriples(first.graph));
    expect(unmapped).toEqual([]);
    // The re-import finds nothing the first import did not already report.
    expect(second.warnings.filter((w) => !first.warnings.includes(w))).toEqual([]);
  });

  it.each(FILES)('exports %s to a fixed point: export ∘ import ∘ export = export.', (name) => {
    const once = exportMicrometa(stored(fixture(name)).graph, CONFIG, mapping);
    const twice = exportMicrometa(stored(asJson(once)).graph, CONFIG, mapping);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  });

  it('writes the top-level structure of the app\'s microscope files, tier included.', () => {
    const exported = exportMicrometa(stored(fixture('ABIF_axiovert1.json')).graph, CONFIG, mapping);
    expect(Object.keys(exported)).toEqual([
      'Name', 'Schema_ID', 'ID', 'Tier', 'ValidationTier', 'ModelVersion', 'AppVersion', 'ScalingFactor', 'MicroscopeStand', 'components', 'linkedFields',
    ]);
    expect(exported).toMatchObject({
      Name: 'ABIF Axiovert1',
      Schema_ID: 'Instrument.json',
      ID: '93efaebd-1042-43aa-994e-2f5bc2a92fb1',
      Tier: 3,
      ValidationTier: 3,
      ModelVersion: '2.01.1',
      AppVersion: MICROMETA_APP_VERSION,
      ScalingFactor: 1,
    });
    expect(exported.MicroscopeStand).toMatchObject({ Schema_ID: 'InvertedMicroscopeStand.json', ID: '370f843c-b4fb-4c75-a385-d4b6049eb3cb', Manufacturer: 'Zeiss' });
    expect(exported.components).toHaveLength(32);
    const limelight = exportMicrometa(stored(fixture('IGC_Limelight.json')).graph, CONFIG, mapping);
    expect(limelight.Description).toBe('Upright epifluorescence system');
  });

  it('gives each component the schema bookkeeping the app itself writes (2.01.1 files).', () => {
    for (const name of ['IGC_Limelight.json', 'IGC_Macred.json']) {
      const original = fixture(name);
      const exported = exportMicrometa(stored(original).graph, CONFIG, mapping);
      for (const component of [exported.MicroscopeStand, ...exported.components]) {
        const source = componentById(original, component?.ID ?? '');
        expect(source).toBeDefined();
        // (The schemas write "Basic " with a space; the ontology keeps it trimmed.)
        const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
        for (const key of ['Schema_ID', 'Tier', 'ModelVersion', 'Extension', 'Domain', 'Category']) {
          expect([component?.ID, key, component?.[key]]).toEqual([component?.ID, key, trimmed(source?.[key])]);
        }
        // Child-element counters as the app keeps them.
        for (const key of Object.keys(source ?? {}).filter((k) => /^(Current|Min|Max)_Number_Of_/.test(k))) {
          expect([component?.ID, key, component?.[key]]).toEqual([component?.ID, key, source?.[key]]);
        }
      }
    }
  });

  it('places every component on the canvas with the layout keys the app reads.', () => {
    const exported = exportMicrometa(stored(fixture('IGC_Limelight.json')).graph, CONFIG, mapping);
    for (const component of exported.components) {
      for (const key of ['PositionX', 'PositionY', 'PositionZ', 'Width', 'Height', 'OffsetX', 'OffsetY']) expect(typeof component[key]).toBe('number');
      expect(component.OccupiedSpot).toBeNull();
    }
    const spots = exported.components.map((c) => JSON.stringify([c.PositionX, c.PositionY]));
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('keeps a wavelength in the file\'s unit, and leaves the canonical value out.', () => {
    const file = {
      Name: 'Units', Schema_ID: 'Instrument.json', ID: 'mic-1', Tier: 1,
      components: [{
        Schema_ID: 'Fluorescence_LightSource_LightEmittingDiode.json', ID: 'led-1', Name: 'LED',
        LEDModule: [{ PeakWavelength: 0.488, PeakWavelengthUnit: 'µm', IlluminationPower: 2, IlluminationPowerUnit: 'W' }],
      }],
    };
    const { graph } = stored(file);
    expect(graph.some((q) => q.predicate.value === `${NBOQ_NS}peakWavelength_nm` && q.object.value === '4.88E2')).toBe(true);
    const exported = exportMicrometa(graph, CONFIG, mapping);
    const led = componentById(exported, 'led-1');
    expect(led?.LEDModule).toEqual([{ IlluminationPower: 2, IlluminationPowerUnit: 'W', PeakWavelength: 0.488, PeakWavelengthUnit: 'µm' }]);
    expect(JSON.stringify(exported)).not.toMatch(/_nm|_mW/);
  });

  it('writes links as the app does: "Schema/uuid" in the field and the IDs in linkedFields.', () => {
    const exported = exportMicrometa(stored(fixture('ABIF_axiovert1.json')).graph, CONFIG, mapping);
    const cube = componentById(exported, '91318a05-57c9-44bd-aac8-7e5c519c4119');
    expect(cube).toMatchObject({
      ExcitationFilter: 'ExcitationFilter/110538d1-4506-4ac5-a6b7-6d70b32fc7c4',
      StandardDichroic: 'StandardDichroic/76c78d9d-886c-42d6-b995-cee975dde448',
      EmissionFilter: 'EmissionFilter/9b8c0b2b-17e2-45d5-ade1-ca44a4bbc8d2',
    });
    expect(exported.linkedFields['FilterCube_91318a05-57c9-44bd-aac8-7e5c519c4119']?.ExcitationFilter).toEqual({ schemaType: 'FilterCube', value: '110538d1-4506-4ac5-a6b7-6d70b32fc7c4' });
    // An array field stays an array, in the field and in linkedFields.
    const turret = componentById(exported, 'a2684cb2-ad3f-4524-8741-a7a65bf6a502');
    expect(turret?.FilterCube).toEqual(['FilterCube/24bad6e5-7b34-4cdd-bf41-110b18415093', 'FilterCube/91318a05-57c9-44bd-aac8-7e5c519c4119']);
    expect(exported.linkedFields['FilterCubeTurret_a2684cb2-ad3f-4524-8741-a7a65bf6a502']?.FilterCube?.value).toEqual([
      '24bad6e5-7b34-4cdd-bf41-110b18415093', '91318a05-57c9-44bd-aac8-7e5c519c4119',
    ]);
    // Components that link nothing get no entry (the app's "na" placeholders are not facts).
    expect(exported.linkedFields['FilterCube_ff8685e3-ef3d-422e-82d4-36d477b3878d']).toBeUndefined();
  });

  it('rebuilds nested arrays of child elements in their order.', () => {
    const exported = exportMicrometa(stored(fixture('IGC_Limelight.json')).graph, CONFIG, mapping);
    const dichroic = componentById(exported, '663f04a6-c086-45e2-8ec0-ebac746d216a');
    expect(dichroic?.TransmittanceRange).toEqual([
      { Wavelength: 455, FWHMBandwidth: 43, WavelengthUnit: 'nm' },
      { Wavelength: 523, FWHMBandwidth: 35, WavelengthUnit: 'nm' },
      { Wavelength: 600, FWHMBandwidth: 51, WavelengthUnit: 'nm' },
      { Wavelength: 689, FWHMBandwidth: 50, WavelengthUnit: 'nm' },
    ]);
    expect(dichroic?.Current_Number_Of_TransmittanceRange).toBe(4);
  });

  it('leaves derived triples out and reports triples a file cannot hold.', () => {
    const { graph } = stored(fixture('IGC_Limelight.json'));
    const stray = quad(namedNode(`${CONFIG}/component/66315d06-994d-4552-b092-1cfa5d044258`), namedNode('https://schema.org/color'), literal('blue'));
    const unmapped: Quad[] = [];
    const exported = exportMicrometa([...graph, stray], CONFIG, mapping, { onUnmapped: (q) => unmapped.push(q) });
    expect(unmapped).toEqual([stray]);
    const text = JSON.stringify(exported);
    for (const derived of ['2024-01-01', OPTIONS.wasRevisionOf ?? '', OPTIONS.instanceIri, '_nm"']) expect(text).not.toContain(derived);
  });

  it('gives a configuration without a source identifier a stable UUID.', () => {
    const { graph } = stored(fixture('IGC_Macred.json'));
    const without = graph.filter((q) => q.predicate.value !== `${PHD_NS}sourceIdentifier`);
    const a = exportMicrometa(without, CONFIG, mapping).ID;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(exportMicrometa(without, CONFIG, mapping).ID).toBe(a);
    expect(exportMicrometa(without, `${CONFIG}-other`, mapping).ID).not.toBe(a);
  });

  it('falls back to the facts alone when a presentation literal is not one (written by hand), and reports it as nothing else.', () => {
    const { graph } = stored(fixture('IGC_Macred.json'));
    const plain = exportMicrometa(graph, CONFIG, mapping);
    const json = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON');
    for (const text of ['not json', '{"keys": "no"}', '{"keys": [], "file": {}, "facts": {}, "omitted": {}, "components": {"items": [{"id": 1}], "omitted": []}}']) {
      const unmapped: Quad[] = [];
      const presentation = quad(namedNode(CONFIG), namedNode(`${PHD_NS}presentation`), literal(text, json));
      expect(exportMicrometa([...graph, presentation], CONFIG, mapping, { onUnmapped: (q) => unmapped.push(q) })).toEqual(plain);
      expect(unmapped).toEqual([]);
    }
  });

  it('types its result as a microscope file.', () => {
    expectTypeOf(exportMicrometa).returns.toEqualTypeOf<MicrometaFile>();
    expectTypeOf<MicrometaFile['components']>().toEqualTypeOf<MicrometaComponent[]>();
    expectTypeOf<MicrometaComponent['Schema_ID']>().toBeString();
  });
});
