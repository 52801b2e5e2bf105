import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { METHODS_TERMS, shippedMethodsOntology } from '../../../src/reporting/index.js';
import { ONTOLOGY_DIR, readTurtleDir } from '../../../src/validation/model-files.js';

const NBOQ = 'https://w3id.org/imaging-phd/nbo-q#';
const OWL = 'http://www.w3.org/2002/07/owl#';

describe('The M&M marking of the ontology', () => {
  const ontology = shippedMethodsOntology();

  it('marks the objective, its magnification, NA and correction, and the light source power as Materials and Methods items.', () => {
    for (const term of ['Objective', 'magnification', 'lensNA', 'correction', 'illuminationWavelengthRange', 'illuminationPower', 'exposureTime', 'CMOS', 'StandardDichroic', 'Fluorescence_LightSource_Laser']) {
      expect(ontology.methodsItems, term).toContain(`${NBOQ}${term}`);
    }
  });

  it('leaves fields the NBO model does not mark for M&M unmarked.', () => {
    for (const term of ['readOutNoise', 'quantumEfficiency', 'darkCurrentRate']) expect(ontology.methodsItems, term).not.toContain(`${NBOQ}${term}`);
  });

  it('marks only terms the ontology defines, with a declared annotation property.', () => {
    const store = new N3.Store(readTurtleDir(ONTOLOGY_DIR));
    const typeOf = (iri: string) => store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), null).map((t) => t.value);
    expect(typeOf(METHODS_TERMS.methodsItem)).toContain(`${OWL}AnnotationProperty`);
    expect(ontology.methodsItems.size).toBeGreaterThan(100);
    const undefinedTerms = [...ontology.methodsItems].filter((iri) => typeOf(iri).length === 0);
    expect(undefinedTerms).toEqual([]);
  });

  it('knows the class tree: a CMOS camera is a detector, a laser a light source.', () => {
    expect(ontology.isA(`${NBOQ}CMOS`, `${NBOQ}Detector`)).toBe(true);
    expect(ontology.isA(`${NBOQ}Fluorescence_LightSource_Laser`, `${NBOQ}LightSource`)).toBe(true);
    expect(ontology.isA(`${NBOQ}Objective`, `${NBOQ}Detector`)).toBe(false);
  });
});
