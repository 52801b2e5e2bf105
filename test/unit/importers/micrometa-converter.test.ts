import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS, UNIT_NS } from '../../../src/domain/namespaces.js';
import { UNITS } from '../../../src/domain/units.js';
import { componentSegment, convertMicrometa } from '../../../src/importers/micrometa-converter.js';
import type { NotMapped } from '../../../src/importers/not-mapped.js';
import { unitFor } from '../../../src/domain/nbo-q-mapping.js';
import { unitSymbol } from '../../../src/domain/units.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import type { NboqMapping } from '../../../src/domain/nbo-q-mapping.js';
import { FIXTURES } from '../../support/rdf-files.js';

const CONFIG = 'https://example.org/id/configuration/test';
let mapping: NboqMapping;

interface Converted {
  store: N3.Store;
  warnings: string[];
  notMapped: NotMapped[];
}

function convert(file: string): Converted {
  const json = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', file), 'utf8')) as Record<string, never>;
  const result = convertMicrometa(json, mapping, { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/x', validFrom: '2024-01-01' });
  return { store: new N3.Store(result.quads), warnings: result.warnings, notMapped: result.notMapped };
}

function convertInline(...components: Record<string, never>[] | Record<string, unknown>[]): Converted {
  const file = JSON.parse(JSON.stringify({ Name: 'x', Schema_ID: 'Instrument.json', ID: 'm1', Tier: 1, components })) as Record<string, never>;
  const result = convertMicrometa(file, mapping, { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/x', validFrom: '2024-01-01' });
  return { store: new N3.Store(result.quads), warnings: result.warnings, notMapped: result.notMapped };
}

const values = (store: N3.Store, subject: string, property: string) =>
  store.getObjects(N3.DataFactory.namedNode(subject), N3.DataFactory.namedNode(property), null).map((o) => o.value);

beforeAll(() => {
  mapping = loadNboqMapping();
});

describe('The NBO-Q mapping', () => {
  it('maps fields, classes and units both ways.', () => {
    for (const [name, field] of mapping.fieldByName) expect(mapping.fieldByProperty.get(field.property)).toBe(name);
    for (const [schemaId, cls] of mapping.classBySchemaId) expect(mapping.classByIri.get(cls)?.schemaId).toBe(schemaId);
    for (const unit of UNITS) expect(unitSymbol(`${UNIT_NS}${unitFor(unit.kind, unit.symbol)?.local ?? ''}`)).toBe(unit.symbol);
    expect(unitSymbol('http://qudt.org/vocab/unit/NanoM')).toBeUndefined();
    expect(mapping.modelVersion).toBe('2.01.1');
  });

  it('lists the fields of a class in schema order, with their cardinality.', () => {
    const cube = mapping.classByIri.get(`${NBOQ_NS}FilterCube`);
    const wheel = mapping.classByIri.get(`${NBOQ_NS}ExcitationFilterWheel`);
    const led = mapping.classByIri.get(`${NBOQ_NS}Fluorescence_LightSource_LightEmittingDiode`);
    expect(cube?.fields.map((f) => f.name).slice(-4)).toEqual(['ExcitationFilter', 'StandardDichroic', 'EmissionFilter', 'Tier']);
    expect(cube?.fields.find((f) => f.name === 'ExcitationFilter')).toMatchObject({ many: false, child: false });
    expect(wheel?.fields.find((f) => f.name === 'ExcitationFilter')).toMatchObject({ many: true, required: true, child: false });
    expect(led).toMatchObject({ title: 'LightEmittingDiode', category: 'Fluorescence_LightSource', domain: 'MicroscopeHardwareSpecifications' });
    expect(led?.fields.find((f) => f.name === 'LEDModule')).toMatchObject({ many: true, required: true, child: true });
    expect(mapping.classByIri.get(`${NBOQ_NS}AcquisitionSoftware`)?.domain).toBe('MicroscopeSpecifications');
  });
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

  it('reads field names as the schemas spell them, typos included: MinTemberature, and the app\'s lower-case occupiedSpot as layout.', () => {
    const { store, notMapped } = convert('ABIF_axiovert1.json');
    const incubator = `${CONFIG}/component/719f7597-8e22-4302-85fd-ce0f346e6fa7`;
    expect(values(store, incubator, `${NBOQ_NS}minTemberature`)).toEqual(['3']);
    expect(notMapped.map((e) => e.path).filter((path) => /occupiedSpot|Temberature/.test(path))).toEqual([]);
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

  it('leaves out linkedFields of components the file no longer has, and says so.', () => {
    const { store, notMapped } = convert('ABIF_axiovert1.json');
    // The app kept the links of a deleted filter cube; they describe no part of this microscope.
    expect(notMapped).toEqual([{ path: 'linkedFields.FilterCube_3df06284-f629-4ec3-9b6f-a73d7a2d3cca', reason: expect.stringContaining('names no component of the file') as string }]);
    expect(store.getQuads(N3.DataFactory.namedNode(`${CONFIG}/component/3df06284-f629-4ec3-9b6f-a73d7a2d3cca`), null, null, null)).toEqual([]);
  });

  it('reads "na" in a boolean field as no value, and reports what is neither true nor false.', () => {
    const { store, notMapped } = convertInline({ Schema_ID: 'Objective.json', ID: 'o1', InfinityCorrected: 'na', CorrectionCollar: 'yes', Iris: 'TRUE' });
    const objective = `${CONFIG}/component/o1`;
    expect(values(store, objective, `${NBOQ_NS}infinityCorrected`)).toEqual([]);
    expect(values(store, objective, `${NBOQ_NS}correctionCollar`)).toEqual([]);
    expect(values(store, objective, `${NBOQ_NS}iris`)).toEqual(['true']);
    expect(notMapped).toEqual([{ path: 'components[0].CorrectionCollar', reason: '"yes" is not true or false' }]);
  });

  it('writes very small and very large numbers as valid decimal literals.', () => {
    const { store } = convertInline({ Schema_ID: 'Objective.json', ID: 'o1', LensNA: 1e-7, CatalogNumber: 1e21 });
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}lensNA`)).toEqual(['0.0000001']);
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}catalogNumber`)).toEqual(['1000000000000000000000']);
  });

  it('numbers child elements by their position among the objects, and reads a lone object as one child.', () => {
    const { store } = convertInline(
      { Schema_ID: 'EmissionFilter.json', ID: 'f1', TransmittanceRange: ['na', { Wavelength: 500, WavelengthUnit: 'nm' }] },
      { Schema_ID: 'EmissionFilter.json', ID: 'f2', TransmittanceRange: { Wavelength: 0.6, FWHMBandwidth: 0.02, WavelengthUnit: 'µm' } },
    );
    expect(values(store, `${CONFIG}/component/f1`, `${NBOQ_NS}transmittanceRange`)).toEqual([`${CONFIG}/component/f1/transmittanceRange/1`]);
    const range = `${CONFIG}/component/f2/transmittanceRange/1`;
    expect(values(store, range, `${NBOQ_NS}wavelength_nm`)).toEqual(['6.0E2']);
    // The band width has no unit field of its own: it takes the range's WavelengthUnit.
    expect(values(store, range, `${NBOQ_NS}fwhmBandwidth_nm`)).toEqual(['2.0E1']);
  });

  it('reports an object or array given for a single value instead of writing it as text.', () => {
    const { store, notMapped, warnings } = convertInline({ Schema_ID: 'Objective.json', ID: 'o1', Manufacturer: { name: 'Zeiss' }, LensNA: [0.3, 0.4] });
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}manufacturer`)).toEqual([]);
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}lensNA`)).toEqual(['0.3', '0.4']);
    expect(notMapped).toEqual([{ path: 'components[0].Manufacturer', reason: '{"name":"Zeiss"} is not a single value' }]);
    expect(warnings).toEqual(['not mapped: components[0].Manufacturer — {"name":"Zeiss"} is not a single value']);
  });

  it('reports unknown schemas and fields instead of dropping them silently.', () => {
    const result = convertMicrometa(
      { Name: 'x', Tier: 1, components: [{ Schema_ID: 'Teleporter.json', ID: 'u1' }, { Schema_ID: 'Objective.json', ID: 'u2', Sparkle: 3 }] },
      mapping,
      { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/x', validFrom: '2024-01-01' },
    );
    expect(result.notMapped).toEqual([
      { path: 'components[0]', reason: expect.stringContaining('unknown schema "Teleporter.json"') as string },
      { path: 'components[1].Sparkle', reason: expect.stringContaining('not a field of the NBO-Q 2.01 schemas') as string },
    ]);
  });

  it('lists keys of the file itself that it does not know, and links that name no component.', () => {
    const result = convertMicrometa(
      { Name: 'x', Tier: 1, Colour: 'red', 'odd key': 1, AppVersion: '1.6.19-b1', components: [{ Schema_ID: 'FilterCube.json', ID: 'c1', ExcitationFilter: 'ExcitationFilter/nowhere' }] },
      mapping,
      { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/x', validFrom: '2024-01-01' },
    );
    expect(result.notMapped).toEqual([
      { path: 'Colour', reason: expect.stringContaining('not a field of a Micro-Meta App microscope file') as string },
      { path: '["odd key"]', reason: expect.stringContaining('not a field of a Micro-Meta App microscope file') as string },
      { path: 'components[0].ExcitationFilter', reason: 'links to "ExcitationFilter/nowhere", which names no component of the file' },
    ]);
    expect(result.quads.filter((q) => q.predicate.value === `${NBOQ_NS}excitationFilter`)).toEqual([]);
  });

  it('reads Micro-Meta App\'s placeholders -1 and "" as "not set": no negative wavelength, power or magnification, no empty text.', () => {
    const { store, notMapped } = convertInline(
      { Schema_ID: 'Objective.json', ID: 'o1', Magnification: -1, LensNA: '-1', Manufacturer: '', Model: -1, WorkingDistance: 0.17, WorkingDistanceUnit: '', ImageDistanceUnit: -1, InfinityCorrected: -1 },
      { Schema_ID: 'Fluorescence_LightSource_Laser.json', ID: 'l1', IlluminationWavelengthRange: [{ PeakWavelength: -1, PeakWavelengthUnit: 'nm', IlluminationPower: -1, IlluminationPowerUnit: 'mW', CutOn: '', CutOff: 500 }] },
    );
    const range = `${CONFIG}/component/l1/illuminationWavelengthRange/1`;
    expect(values(store, range, `${NBOQ_NS}cutOff`)).toEqual(['500']);
    expect(values(store, range, `${NBOQ_NS}peakWavelength_nm`)).toEqual([]);
    for (const subject of [`${CONFIG}/component/o1`, range]) {
      const numbers = store.getQuads(N3.DataFactory.namedNode(subject), null, null, null).filter((q) => q.object.termType === 'Literal' && Number(q.object.value) < 0);
      expect(numbers).toEqual([]);
    }
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}magnification`)).toEqual([]);
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}manufacturer`)).toEqual([]);
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}model`)).toEqual([]);
    expect(values(store, `${CONFIG}/component/o1`, `${NBOQ_NS}workingDistance`)).toEqual(['0.17']);
    expect(notMapped).toEqual([]);
  });

  it('names components by their ID percent-encoded, keeping the ID as written, and links them by it.', () => {
    const hostile = 'evil"><script>{a b}\\\n\u00e9';
    const { store } = convertInline(
      { Schema_ID: 'ExcitationFilter.json', ID: hostile, Name: 'x' },
      { Schema_ID: 'FilterCube.json', ID: 'cube/1', ExcitationFilter: `ExcitationFilter/${hostile}` },
    );
    const filter = `${CONFIG}/component/${componentSegment(hostile)}`;
    expect(componentSegment(hostile)).toBe('evil%22%3E%3Cscript%3E%7Ba%20b%7D%5C%0A%C3%A9');
    expect(values(store, filter, 'http://purl.org/dc/terms/identifier')).toEqual([hostile]);
    expect(values(store, `${CONFIG}/component/cube%2F1`, `${NBOQ_NS}excitationFilter`)).toEqual([filter]);
    for (const q of store.getQuads(null, null, null, null)) {
      for (const term of [q.subject, q.object]) if (term.termType === 'NamedNode') expect(term.value).toMatch(/^[^\s<>"{}|^`\\]+$/);
    }
  });
});
