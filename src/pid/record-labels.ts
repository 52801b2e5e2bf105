import N3 from 'n3';
import type { Quad } from 'n3';
import { pidFromIri } from '../domain/index.js';
import { humanize } from '../domain/index.js';
import { unitSymbol } from '../domain/index.js';
import { DCTERMS, RDFS, SCHEMA } from '../domain/index.js';

const LABEL_PREDICATES = [SCHEMA.name, RDFS.label, DCTERMS.title];

/**
 * The label a landing page shows for a node: its schema:name, rdfs:label or dcterms:title, else
 * its PID's short form, else the IRI.
 * @param store - the graph that describes it.
 * @param iri - the node.
 * @returns the label.
 */
export function labelOf(store: N3.Store, iri: string): string {
  for (const predicate of LABEL_PREDICATES) {
    const value = store.getObjects(N3.DataFactory.namedNode(iri), N3.DataFactory.namedNode(predicate), null)[0]?.value;
    if (value !== undefined) return value;
  }
  return pidFromIri(iri)?.curie ?? iri;
}

/**
 * The last segment of an IRI (after `#` or `/`).
 * @param iri - the IRI.
 * @returns its local name.
 */
export function localName(iri: string): string {
  return iri.replace(/^.*[#/]/, '');
}

/**
 * How a unit IRI is shown: its symbol (`%`, `MHz`), or its local name for a unit this service does not list.
 * @param unitIri - the unit.
 * @returns the text.
 */
export function unitText(unitIri: string): string {
  return unitSymbol(unitIri) ?? localName(unitIri);
}

/**
 * The human label of an NBO-Q class: light sources drop the `_LightSource_` infix (`fluorescence laser`).
 * @param classIri - the class.
 * @returns its label.
 */
export function classLabelOf(classIri: string): string {
  return humanize(localName(classIri).replace(/^(Fluorescence|Transmitted)_LightSource_/, '$1 '));
}

/**
 * The unit of a value on a settings node: the object of `{property}Unit`. NBO-Q spells one unit
 * property without its first letter (`lluminationPowerSettingsUnit` for `illuminationPowerSettings`),
 * so a unit property whose name, less `Unit`, ends the value property's name counts too.
 * @param quads - the node's quads.
 * @param property - the value's property.
 * @returns the unit IRI, or undefined.
 */
export function unitOf(quads: readonly Quad[], property: string): string | undefined {
  const name = localName(property);
  const unit = quads.find((q) => q.predicate.value === `${property}Unit`)
    ?? quads.find((q) => {
      const unitName = localName(q.predicate.value);
      return q.object.termType === 'NamedNode' && unitName.endsWith('Unit') && unitName.length > 5 && name.endsWith(unitName.slice(0, -4));
    });
  return unit?.object.value;
}
