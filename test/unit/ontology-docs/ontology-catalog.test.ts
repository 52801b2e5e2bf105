import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { NBOQ_NS, PHD_NS } from '../../../src/domain/namespaces.js';
import { OntologyCatalog } from '../../../src/ontology-docs/ontology-catalog.js';
import { readVocabularyDocuments } from '../../../src/ontology-docs/vocabulary-documents.js';
import type { VocabularyDocument } from '../../../src/ontology-docs/vocabulary-documents.js';
import { ONTOLOGY_DIR, SHAPES_DIR } from '../../../src/validation/model-files.js';

const OWL = 'http://www.w3.org/2002/07/owl#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const catalog = OntologyCatalog.shared();

describe('The namespace documents', () => {
  it('hold the files as written: one file, or the shapes one after the other.', () => {
    const documents = readVocabularyDocuments();
    const phd = documents.find((d) => d.prefix === 'phd');
    expect(phd?.turtle.equals(readFileSync(join(ONTOLOGY_DIR, 'phd.ttl')))).toBe(true);
    const shapes = documents.find((d) => d.prefix === 'phdsh');
    expect(shapes?.files.map((f) => f.path)).toContain('shapes/records.ttl');
    const text = shapes?.turtle.toString('utf8') ?? '';
    expect(text).toContain(readFileSync(join(SHAPES_DIR, 'records.ttl'), 'utf8'));
    expect(text.indexOf('# ---- shapes/nbo-q-tier-1.ttl ----')).toBeLessThan(text.indexOf('# ---- shapes/records.ttl ----'));
  });
});

describe('An OntologyCatalog', () => {
  it('lists every class and property ontology/phd.ttl declares in its namespace document.', () => {
    const quads = new N3.Parser().parse(readFileSync(join(ONTOLOGY_DIR, 'phd.ttl'), 'utf8'));
    const declared = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE && q.subject.value.startsWith(PHD_NS)
      && [`${OWL}Class`, `${OWL}ObjectProperty`, `${OWL}DatatypeProperty`].includes(q.object.value)).map((q) => q.subject.value));
    const listed = new Set(catalog.namespace('phd')?.termList.map((t) => t.iri));
    for (const iri of declared) expect(listed.has(iri), iri).toBe(true);
    const index = catalog.index();
    expect(index.classes.some((c) => c.iri === `${PHD_NS}Facility` && c.label === 'facility')).toBe(true);
    expect(index.properties.every((p) => p.kind === 'property')).toBe(true);
  });

  it('gives a quantity property its unit property, the units the shapes allow and its normalised form.', () => {
    const view = catalog.term('nboq', 'wavelength');
    expect(view?.tier).toBe(1);
    expect(view?.units?.unitProperty?.curie).toBe('nboq:wavelengthUnit');
    expect(view?.units?.allowed.map((u) => u.curie)).toContain('phdunit:NanoM');
    expect(view?.units?.canonical?.property.curie).toBe('nboq:wavelength_nm');
    expect(view?.units?.canonical?.unit?.curie).toBe('phdunit:NanoM');
  });

  it('reads a union domain as its members and names the shapes on a property, with file, tier and constraints.', () => {
    const view = catalog.term('nboq', 'lensNA');
    expect(view?.domain.map((d) => d.curie)).toContain('nboq:Objective');
    const required = view?.shapes.find((s) => s.shape.curie === 'phdsh:Objective-tier1');
    expect(required).toMatchObject({ file: 'shapes/nbo-q-tier-1.ttl', minCount: 1, tier: 1 });
    const value = view?.shapes.find((s) => s.shape.curie === 'phdsh:Objective');
    expect(value?.datatypes.map((d) => d.curie)).toEqual(['xsd:decimal', 'xsd:integer', 'xsd:double', 'xsd:float']);
  });

  it('gives a class its super- and subclasses, and the constraints of the shapes targeting it.', () => {
    const view = catalog.term('nboq', 'Camera');
    expect(view?.kind).toBe('class');
    expect(view?.superTerms.map((t) => t.curie)).toEqual(['nboq:Detector']);
    expect(view?.subTerms.map((t) => t.curie)).toContain('nboq:CMOS');
    const objective = catalog.term('nboq', 'Objective');
    expect(objective?.shapes.some((s) => s.path?.curie === 'nboq:lensNA' && s.minCount === 1)).toBe(true);
  });

  it('knows no term outside the files, nor a prefix that is not ours.', () => {
    expect(catalog.term('nboq', 'NoSuchThing')).toBeUndefined();
    expect(catalog.term('rdfs', 'label')).toBeUndefined();
    expect(catalog.term('phd', '')).toBeUndefined();
  });

  it('shows a phd:methodsItem annotation where the ontology has one.', () => {
    expect(catalog.term('nboq', 'CMOS')?.methodsItems).toEqual(['true']);
    expect(catalog.term('nboq', 'Camera')?.methodsItems).toEqual([]);
    const phd = readVocabularyDocuments().find((d) => d.prefix === 'phd');
    if (phd === undefined) throw new Error('no phd document');
    const { namedNode, literal, quad } = N3.DataFactory;
    const annotated: VocabularyDocument = {
      ...phd,
      files: [...phd.files, { path: 'ontology/extra.ttl', bytes: Buffer.from(''), quads: [quad(namedNode(`${PHD_NS}Facility`), namedNode(`${PHD_NS}methodsItem`), literal('Imaging facility (RRID)'))] }],
    };
    const view = new OntologyCatalog([annotated]).term('phd', 'Facility');
    expect(view?.methodsItems).toEqual(['Imaging facility (RRID)']);
  });

  it('gives a term\'s own statements, with the nested lists they use.', () => {
    const quads = catalog.termQuads(`${NBOQ_NS}lensNA`);
    expect(quads.some((q) => q.predicate.value === `${OWL}unionOf`)).toBe(true);
    expect(quads.every((q) => q.graph.termType === 'DefaultGraph')).toBe(true);
  });
});
