import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS, PREFIXES, UNIT_NS } from '../../../src/domain/namespaces.js';
import { NBOQ, PHD } from '../../../src/domain/vocabulary.js';
import { ONTOLOGY_DIR, readTurtleDir, SHAPES_DIR } from '../../../src/validation/model-files.js';
import { sampleData } from '../../support/rdf-files.js';

const { namedNode } = N3.DataFactory;
const rdf = (l: string) => namedNode(`${PREFIXES.rdf}${l}`);
const rdfs = (l: string) => namedNode(`${PREFIXES.rdfs}${l}`);
const owl = (l: string) => namedNode(`${PREFIXES.owl}${l}`);
const sh = (l: string) => namedNode(`${PREFIXES.sh}${l}`);
const OURS = [PHD_NS, NBOQ_NS, UNIT_NS];

let ontology: N3.Store;
let shapes: N3.Store;
let defined: Set<string>;

beforeAll(() => {
  ontology = new N3.Store(readTurtleDir(ONTOLOGY_DIR));
  shapes = new N3.Store(readTurtleDir(SHAPES_DIR));
  defined = new Set(ontology.getSubjects(rdf('type'), null, null).map((s) => s.value));
});

describe('The ontology', () => {
  it('labels and comments every term it defines.', () => {
    const kinds = ['Class', 'ObjectProperty', 'DatatypeProperty', 'AnnotationProperty'].map(owl);
    const terms = kinds.flatMap((kind) => ontology.getSubjects(rdf('type'), kind, null));
    expect(terms.length).toBeGreaterThan(500);
    const unlabelled = terms.filter((t) => ontology.getObjects(t, rdfs('label'), null).length === 0).map((t) => t.value);
    const uncommented = terms.filter((t) => ontology.getObjects(t, rdfs('comment'), null).length === 0).map((t) => t.value);
    expect(unlabelled).toEqual([]);
    expect(uncommented).toEqual([]);
  });

  it('has one class per Micro-Meta App schema, in a tree rooted in the PHD layer.', () => {
    const generated = ontology.getSubjects(namedNode(`${NBOQ_NS}schemaId`), null, null);
    expect(generated).toHaveLength(111);
    const ancestors = (iri: string): string[] => {
      const parents = ontology.getObjects(namedNode(iri), rdfs('subClassOf'), null).map((p) => p.value);
      return parents.flatMap((p) => [p, ...ancestors(p)]);
    };
    expect(ancestors(`${NBOQ_NS}CMOS`)).toEqual(expect.arrayContaining([`${NBOQ_NS}Camera`, `${NBOQ_NS}Detector`, `${PHD_NS}Component`]));
    expect(ancestors(`${NBOQ_NS}Fluorescence_LightSource_Laser`)).toEqual(expect.arrayContaining([`${NBOQ_NS}LightSource`, `${PHD_NS}Component`]));
    expect(ancestors(`${NBOQ_NS}StandardDichroic`)).toContain(`${NBOQ_NS}MirroringDevice`);
  });

  it('gives every NBO-Q property a domain, a range and a tier.', () => {
    const props = [...ontology.getSubjects(rdf('type'), owl('ObjectProperty'), null), ...ontology.getSubjects(rdf('type'), owl('DatatypeProperty'), null)]
      .filter((p) => p.value.startsWith(NBOQ_NS));
    expect(props.length).toBeGreaterThan(400);
    for (const p of props) {
      expect(ontology.getObjects(p, rdfs('domain'), null), p.value).not.toHaveLength(0);
      expect(ontology.getObjects(p, rdfs('range'), null), p.value).not.toHaveLength(0);
      expect(ontology.getObjects(p, namedNode(`${NBOQ_NS}tier`), null), p.value).not.toHaveLength(0);
    }
  });

  it('aligns NBO-Q classes with OME core and QUAREP IRIs.', () => {
    const matches = ontology.getObjects(namedNode(`${NBOQ_NS}Objective`), namedNode(`${PREFIXES.skos}exactMatch`), null).map((o) => o.value);
    expect(matches).toContain('http://www.openmicroscopy.org/rdf/2016-06/ome_core/Objective');
  });

  it('defines every term of the typed vocabulary constants.', () => {
    const missing = [...Object.values(PHD), ...Object.values(NBOQ)].filter((iri) => !defined.has(iri));
    expect(missing).toEqual([]);
  });
});

describe('The shapes', () => {
  it('target only classes the ontology defines.', () => {
    const targets = shapes.getObjects(null, sh('targetClass'), null).map((t) => t.value);
    expect(targets.length).toBeGreaterThan(100);
    expect(targets.filter((t) => !defined.has(t))).toEqual([]);
  });

  it('constrain only properties the ontology defines.', () => {
    const paths = shapes.getObjects(null, sh('path'), null).filter((p) => p.termType === 'NamedNode').map((p) => p.value);
    const inverse = shapes.getObjects(null, sh('inversePath'), null).map((p) => p.value);
    expect([...paths, ...inverse].filter((p) => !defined.has(p))).toEqual([]);
  });

  it('require, at tier N, exactly the schema-required fields introduced at tier N.', () => {
    const tierOf = (file: number) => new N3.Store(readTurtleDir(SHAPES_DIR, (n) => n === `nbo-q-tier-${file}.ttl`));
    const requiredPaths = (store: N3.Store, cls: string) => store
      .getSubjects(sh('targetClass'), namedNode(`${NBOQ_NS}${cls}`), null)
      .flatMap((shape) => store.getObjects(shape, sh('property'), null))
      .flatMap((ps) => store.getObjects(ps, sh('path'), null).map((p) => p.value));
    // CMOS.json requires PixelWidth (tier 1) and Illumination (tier 2) and PixelWellCapacity (tier 3).
    expect(requiredPaths(tierOf(1), 'CMOS')).toContain(`${NBOQ_NS}pixelWidth`);
    expect(requiredPaths(tierOf(1), 'CMOS')).not.toContain(`${NBOQ_NS}illumination`);
    expect(requiredPaths(tierOf(2), 'CMOS')).toContain(`${NBOQ_NS}illumination`);
    expect(requiredPaths(tierOf(3), 'CMOS')).toContain(`${NBOQ_NS}pixelWellCapacity`);
  });
});

describe('The sample data', () => {
  it('uses only classes and properties the ontology defines (in our namespaces and the reused terms).', async () => {
    const quads = await sampleData();
    const used = new Set<string>();
    for (const q of quads) {
      used.add(q.predicate.value);
      if (q.predicate.value === `${PREFIXES.rdf}type`) used.add(q.object.value);
    }
    used.delete(`${PREFIXES.rdf}type`);
    const undefinedTerms = [...used].filter((t) => !defined.has(t));
    expect(undefinedTerms).toEqual([]);
    expect(OURS.some((ns) => [...used].some((t) => t.startsWith(ns)))).toBe(true);
  });
});
