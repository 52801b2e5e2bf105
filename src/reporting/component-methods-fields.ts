import { DCTERMS, PHD, RDFS } from '../domain/index.js';
import type { MethodsOntology } from './methods-ontology.js';
import type { ComponentMethodsFields } from './methods-view.js';
import type { RecordGraph } from './record-graph.js';

/** Fields every element has, which name a component rather than describe it. */
const BOOKKEEPING: ReadonlySet<string> = new Set([RDFS.label, DCTERMS.identifier, DCTERMS.description]);

/**
 * For each component of a configuration whose class the NBO model marks for Materials and Methods,
 * the fields of its schema marked so (`phd:methodsItem`), present or missing in the record, with
 * the values found (quantities normalised, linked child elements by their label or count).
 * @param configuration - the configuration IRI.
 * @param graph - its graph.
 * @param ontology - the class tree, the schema fields and the M&M marking.
 * @returns one entry per component, in record order.
 */
export function componentMethodsFields(configuration: string, graph: RecordGraph, ontology: MethodsOntology): ComponentMethodsFields[] {
  return graph.links(configuration, PHD.hasComponent).sort().flatMap((component) => {
    const cls = graph.classOf(component);
    if (cls === undefined) return [];
    const fields = ontology.fieldsOf(cls).filter((p) => ontology.methodsItems.has(p) && !BOOKKEEPING.has(p)).map((property) => {
      const linked = graph.links(component, property);
      const values = linked.length > 0 ? linked.map((node) => graph.label(node) ?? ontology.labelOf(graph.classOf(node) ?? node)) : [graph.quantity(component, property)].filter((v): v is string => v !== undefined);
      return { property, label: ontology.labelOf(property), present: values.length > 0, values };
    });
    if (fields.length === 0 && !ontology.methodsItems.has(cls)) return [];
    return [{ iri: component, label: graph.label(component) ?? component, class: cls, classLabel: ontology.labelOf(cls), fields }];
  });
}
