import N3 from 'n3';
import { NBOQ_NS } from '../domain/index.js';
import { humanize } from '../domain/index.js';
import { DCTERMS, PHD, RDF, RDFS } from '../domain/index.js';
import type { ComponentRow } from './landing-view.js';
import { classLabelOf, labelOf, localName, unitText } from './record-labels.js';

/**
 * The components of a configuration as display rows, values joined with their units; nested nodes
 * under a component's IRI become fields prefixed with their path (`Range › Min`).
 * @param store - the configuration's graph.
 * @param configuration - the configuration IRI.
 * @returns the rows, by class label, then label.
 */
export function componentRows(store: N3.Store, configuration: string): ComponentRow[] {
  const rows: ComponentRow[] = [];
  const describe = (subject: N3.Term, prefix: string, fields: { name: string; value: string; property: string }[]) => {
    const quads = store.getQuads(subject, null, null, null);
    const byPredicate = new Map(quads.map((q) => [q.predicate.value, q.object]));
    for (const quad of quads) {
      const predicate = quad.predicate.value;
      if (predicate === RDF.type || predicate === RDFS.label || predicate.endsWith('Unit') || /_[a-zA-Z]+$/.test(localName(predicate))) continue;
      if (quad.object.termType === 'NamedNode' && quad.object.value.startsWith(`${subject.value}/`)) {
        describe(quad.object, `${prefix}${humanize(localName(predicate))} › `, fields);
        continue;
      }
      const unit = byPredicate.get(`${predicate}Unit`);
      const value = quad.object.termType === 'NamedNode'
        ? labelOf(store, quad.object.value)
        : unit === undefined ? quad.object.value : `${quad.object.value} ${unitText(unit.value)}`;
      fields.push({ name: `${prefix}${predicate === DCTERMS.identifier ? 'identifier' : humanize(localName(predicate))}`, value, property: predicate });
    }
  };
  for (const component of store.getObjects(N3.DataFactory.namedNode(configuration), N3.DataFactory.namedNode(PHD.hasComponent), null)) {
    const cls = store.getObjects(component, N3.DataFactory.namedNode(RDF.type), null).map((t) => t.value).find((t) => t.startsWith(NBOQ_NS)) ?? '';
    const fields: { name: string; value: string; property: string }[] = [];
    describe(component, '', fields);
    rows.push({
      iri: component.value,
      classLocal: localName(cls),
      classLabel: classLabelOf(cls),
      label: labelOf(store, component.value),
      fields,
    });
  }
  return rows.sort((a, b) => a.classLabel.localeCompare(b.classLabel) || a.label.localeCompare(b.label));
}
