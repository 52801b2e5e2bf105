import { DCTERMS, PHD, SCHEMA } from '../domain/index.js';
import { FormGraph, valueOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

/**
 * An organization: a host institution or a manufacturer, named by its ROR IRI, or by an IRI this
 * service mints when it has no ROR ID (many manufacturers).
 */
export const organizationForm: RecordForm = {
  kind: 'organization',
  noun: 'organization',
  fields: [
    { name: 'ror', label: 'ROR ID', type: 'text', identity: true, hint: 'From https://ror.org, e.g. 02jx3x895 or https://ror.org/02jx3x895. Leave empty for an organization without one (the service names it).' },
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'website', label: 'Website', type: 'url', hint: 'e.g. https://www.example.org' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, values, iri ?? '');
    g.type(PHD.Organization);
    g.identity('ror', 'ror', iri);
    g.string('name', SCHEMA.name);
    g.url('website', SCHEMA.url);
    return g.result();
  },
  read(quads, iri) {
    return { ror: valueOf(quads, iri, DCTERMS.identifier), name: valueOf(quads, iri, SCHEMA.name), website: valueOf(quads, iri, SCHEMA.url) };
  },
};

