import { DCTERMS, PHD, SCHEMA } from '../domain/index.js';
import { FormGraph, valueOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

/** A person, named by their ORCID iD. */
export const personForm: RecordForm = {
  kind: 'person',
  noun: 'person',
  fields: [
    { name: 'orcid', label: 'ORCID iD', type: 'text', required: true, identity: true, hint: 'e.g. 0000-0002-1825-0097' },
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'affiliation', label: 'Affiliation', type: 'record', kind: 'organization', hint: 'A registered organization.' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, values, iri ?? '');
    g.type(PHD.Person);
    g.identity('orcid', 'orcid', iri);
    g.string('name', SCHEMA.name);
    g.link('affiliation', 'organization', SCHEMA.affiliation);
    return g.result();
  },
  read(quads, iri) {
    return { orcid: valueOf(quads, iri, DCTERMS.identifier), name: valueOf(quads, iri, SCHEMA.name), affiliation: valueOf(quads, iri, SCHEMA.affiliation) };
  },
};
