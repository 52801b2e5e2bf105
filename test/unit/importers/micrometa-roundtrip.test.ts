import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import jsonld from 'jsonld';
import N3 from 'n3';
import type { Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS } from '../../../src/domain/namespaces.js';
import { canonicalLiterals } from '../../../src/domain/records.js';
import { exportMicrometa } from '../../../src/exporters/micrometa-export.js';
import { componentSegment, convertMicrometa } from '../../../src/importers/micrometa-converter.js';
import { withSourceData } from '../../../src/importers/micrometa-import.js';
import { applyPresentation, presentationOf } from '../../../src/domain/micrometa-presentation.js';
import type { JsonObject, JsonValue } from '../../../src/domain/json.js';
import { loadNboqMapping } from '../../../src/importers/load-nbo-q-mapping.js';
import type { NboqMapping } from '../../../src/domain/nbo-q-mapping.js';
import { jsonDiff } from '../../support/json-diff.js';
import { micrometaFiles } from '../../support/micrometa-files.js';

const CONFIG = 'https://example.org/id/configuration/rt-1';
const FILES = micrometaFiles();
let mapping: NboqMapping;

const read = (path: string): JsonObject => JSON.parse(readFileSync(path, 'utf8')) as JsonObject;

/** Imports a file as the importer stores it: facts plus source data, through N-Triples with canonical literals. */
function stored(file: JsonObject): Quad[] {
  const conversion = convertMicrometa(file, mapping, { configurationIri: CONFIG, instanceIri: 'https://doi.org/10.5072/rt', validFrom: '2024-01-01', versionNumber: 1 });
  const text = new N3.Writer({ format: 'N-Triples' }).quadsToString(canonicalLiterals(withSourceData(conversion, file, CONFIG, mapping)));
  return new N3.Parser({ format: 'N-Triples' }).parse(text);
}

/** What Micro-Meta App would read: the export as JSON text, parsed. */
const exported = (quads: readonly Quad[]): JsonObject => JSON.parse(JSON.stringify(exportMicrometa(quads, CONFIG, mapping))) as JsonObject;

beforeAll(() => {
  mapping = loadNboqMapping();
});

describe('A Micro-Meta App file imported and exported', () => {
  it('is every file the tests hold: at least the six real files of the fixtures.', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(6);
  });

  it.each(FILES.map((f) => [f.name, f.path]))('comes back with zero differences in any field: %s.', (_name, path) => {
    const file = read(path);
    const unmapped: Quad[] = [];
    const quads = stored(file);
    exportMicrometa(quads, CONFIG, mapping, { onUnmapped: (q) => unmapped.push(q) });
    expect(jsonDiff(file, exported(quads))).toEqual([]);
    expect(unmapped).toEqual([]);
  });

  it.each(FILES.map((f) => [f.name, f.path]))('keeps no placeholder among the hardware facts: %s.', (_name, path) => {
    const facts = stored(read(path)).filter((q) => q.predicate.value !== `${PHD_NS}presentation` && q.predicate.value !== `${PHD_NS}notMapped`);
    const placeholders = facts.filter((q) => q.object.termType === 'Literal' && (q.object.value.trim() === '' || Number(q.object.value) === -1));
    expect(placeholders).toEqual([]);
  });

  it.each(FILES.map((f) => [f.name, f.path]))('keeps its source data through JSON-LD unchanged (canonical rdf:JSON literals): %s.', async (_name, path) => {
    const source = stored(read(path)).filter((q) => q.object.termType === 'Literal' && q.object.datatype.value.endsWith('#JSON'));
    expect(source.length).toBeGreaterThanOrEqual(1);
    const nquads = new N3.Writer({ format: 'N-Quads' }).quadsToString(source);
    const again = (await jsonld.toRDF(await jsonld.fromRDF(nquads, { format: 'application/n-quads' }), { format: 'application/n-quads' })) as unknown as string;
    expect(new N3.Parser({ format: 'N-Quads' }).parse(again).map((q) => q.object.value).sort()).toEqual(source.map((q) => q.object.value).sort());
  });

  it('gives back its -1 and "" placeholders, though the facts say nothing for them.', () => {
    const file: JsonObject = {
      Name: 'placeholders', Schema_ID: 'Instrument.json', ID: 'p1', Tier: 1, ModelVersion: '2.01.1', AppVersion: '1.6.19-b1',
      components: [{ Schema_ID: 'Objective.json', ID: 'o1', Name: '63x', Magnification: -1, LensNA: 1.4, Manufacturer: '', WorkingDistance: -1, WorkingDistanceUnit: 'mm', PositionX: 12.5, Rotate: 90 }],
      linkedFields: {},
    };
    const quads = stored(file);
    const objective = quads.filter((q) => q.subject.value === `${CONFIG}/component/o1`).map((q) => q.predicate.value);
    expect(objective).not.toContain(`${NBOQ_NS}magnification`);
    expect(objective).not.toContain(`${NBOQ_NS}workingDistance`);
    expect(objective).not.toContain(`${NBOQ_NS}manufacturer`);
    expect(jsonDiff(file, exported(quads))).toEqual([]);
  });

  it('keeps the file\'s AppVersion and ModelVersion, not the exporter\'s own.', () => {
    const file = read(FILES.find((f) => f.name === 'ABIF_axiovert1.json')?.path ?? '');
    expect(exported(stored(file))).toMatchObject({ AppVersion: '1.2.2-b1', ModelVersion: '2.01.0', ValidationTier: 1, Tier: 3 });
  });

  it('writes a fact changed since the import as the facts now say, and keeps the layout around it.', () => {
    const file = read(FILES.find((f) => f.name === 'ABIF_axiovert1.json')?.path ?? '');
    const components = file.components as JsonObject[];
    const index = components.findIndex((c) => c.Schema_ID === 'Objective.json' && c.Magnification === 10);
    const objective = components[index] as JsonObject;
    const iri = `${CONFIG}/component/${objective.ID as string}`;
    const edited = stored(file).map((q) => (q.subject.value === iri && q.predicate.value === `${NBOQ_NS}magnification`
      ? N3.DataFactory.quad(q.subject, q.predicate, N3.DataFactory.literal('20', N3.DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#decimal')))
      : q));
    const diff = jsonDiff(file, exported(edited));
    expect(diff).toEqual([{ path: `components[${index}].Magnification`, kind: 'changed', expected: 10, actual: 20 }]);
  });

  it('gives back hostile component IDs and names as written, and links between them.', () => {
    const ids = ['a b>c', 'evil"><script>alert(1)</script>', '{braces}', 'quote\'s "double"', 'back\\slash', 'new\nline', 'per%41cent', '__proto__', 'constructor'];
    const file: JsonObject = {
      Name: 'hostile', Schema_ID: 'Instrument.json', ID: 'h1', Tier: 1,
      components: [
        ...ids.map((id): JsonObject => ({ Schema_ID: 'ExcitationFilter.json', ID: id, Name: `<b>${id}</b>` })),
        { Schema_ID: 'ExcitationFilterWheel.json', ID: 'wheel', ExcitationFilter: ids.map((id) => `ExcitationFilter/${id}`) },
      ],
    };
    const quads = stored(file);
    for (const q of quads) {
      for (const term of [q.subject, q.object]) if (term.termType === 'NamedNode') expect(term.value).toMatch(/^[^\s<>"{}|^`\\]+$/);
    }
    expect(quads.filter((q) => q.predicate.value === `${NBOQ_NS}excitationFilter`)).toHaveLength(ids.length);
    expect(jsonDiff(file, exported(quads))).toEqual([]);
  });
});

/** Arbitrary JSON, with objects whose keys include the ones the presentation treats apart. */
const keys = fc.oneof(fc.constantFrom('ID', 'Name', 'PositionX', 'OccupiedSpot', 'components', 'MicroscopeStand', 'linkedFields', '__proto__', 'constructor', 'Magnification'), fc.string({ maxLength: 6 }));
const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.string({ maxLength: 8 }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(keys, tie('json'), { maxKeys: 5 }) as fc.Arbitrary<JsonValue>,
  ),
}));
const component = fc.record({ ID: fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 })), x: json }, { requiredKeys: [] });
const microscope = fc.record({
  Name: json, components: fc.array(fc.oneof(component, json), { maxLength: 6 }), MicroscopeStand: fc.oneof(component, json),
  linkedFields: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 4 }), json), extra: json,
}, { requiredKeys: [] }) as fc.Arbitrary<JsonObject>;

describe('presentationOf and applyPresentation', () => {
  it('give back any file from any derived object: apply(derived, presentationOf(derived, file)) = file.', () => {
    fc.assert(fc.property(microscope, microscope, (derived, file) => {
      const kept = JSON.parse(JSON.stringify(presentationOf(derived, file))) as Parameters<typeof applyPresentation>[1];
      expect(jsonDiff(file, applyPresentation(derived, kept))).toEqual([]);
    }), { numRuns: 500 });
  });
});

describe('componentSegment', () => {
  /** What an IRI may not hold literally (RFC 3987 IRIREF as SPARQL and N-Triples write it). */
  const NOT_IRI = /[\u0000-\u0020<>"{}|^`\\]/;

  it('gives every ID a valid, reversible IRI segment, and two IDs never the same one.', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 16 });
    fc.assert(fc.property(text, text, (a, b) => {
      const segment = componentSegment(a);
      expect(segment).not.toMatch(NOT_IRI);
      expect(segment).toMatch(/^[A-Za-z0-9._~%-]*$/);
      expect(decodeURIComponent(segment)).toBe(a);
      if (a !== b) expect(componentSegment(b)).not.toBe(segment);
    }), { numRuns: 2000 });
  });

  it('names every node of a converted file with a valid IRI, whatever its IDs, names and keys.', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 10 });
    fc.assert(fc.property(text, text, text, text, (id, name, key, value) => {
      fc.pre(id.trim() !== '');
      const file: JsonObject = {
        Name: name, Schema_ID: 'Instrument.json', ID: id, Tier: 1,
        components: [
          { Schema_ID: 'ExcitationFilter.json', ID: id, Name: name, [key]: value },
          { Schema_ID: 'FilterCube.json', ID: `${id}/cube`, ExcitationFilter: `ExcitationFilter/${id}` },
        ],
        linkedFields: { [`FilterCube_${id}/cube`]: { ExcitationFilter: { schemaType: 'FilterCube', value: id } } },
      };
      const quads = stored(file);
      for (const q of quads) for (const term of [q.subject, q.predicate, q.object]) if (term.termType === 'NamedNode') expect(term.value).not.toMatch(NOT_IRI);
      expect(quads.filter((q) => q.predicate.value === `${NBOQ_NS}excitationFilter`).map((q) => q.object.value)).toEqual([`${CONFIG}/component/${componentSegment(id)}`]);
      expect(jsonDiff(file, exported(quads))).toEqual([]);
    }), { numRuns: 300 });
  });
});
