import { NQ } from './hardware-inventory.js';
import type { MethodsOntology } from './methods-ontology.js';
import { shippedMethodsOntology } from './methods-ontology.js';

/**
 * The families of components a methods section names, in the order it names them, each with the
 * NBO-Q class its members specialise. One table for the methods text, the checklist and /compare,
 * read through the ontology's class tree: a name pattern would also catch `ObjectiveSettings` or a
 * `FilterWheel`, and miss a `PhotoDiode`.
 */
export const COMPONENT_FAMILIES = [
  { name: 'Objectives', cls: NQ.Objective },
  { name: 'Light sources', cls: NQ.LightSource },
  { name: 'Dichroics', cls: NQ.Dichroic },
  { name: 'Filters', cls: NQ.Filter },
  { name: 'Detectors', cls: NQ.Detector },
] as const;

/** The family of a component that is in none of {@link COMPONENT_FAMILIES}. */
export const OTHER_COMPONENTS = 'Other components';

/**
 * The family of a component, from its classes.
 * @param classes - the component's rdf:type values.
 * @param ontology - the class tree (the shipped ontology by default).
 * @returns the first family one of its classes specialises, else {@link OTHER_COMPONENTS}.
 * @example
 * componentFamily(['https://w3id.org/imaging-phd/nbo-q#Fluorescence_LightSource_Laser']); // 'Light sources'
 */
export function componentFamily(classes: readonly string[], ontology: MethodsOntology = shippedMethodsOntology()): string {
  return COMPONENT_FAMILIES.find((family) => classes.some((cls) => ontology.isA(cls, family.cls)))?.name ?? OTHER_COMPONENTS;
}
