import { CITO, DCTERMS, PHD } from '../domain/index.js';
import { FormGraph, valueOf, valuesOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

/** A publication, named by its DOI: title, date, authors, the datasets and instruments it cites. */
export const publicationForm: RecordForm = {
  kind: 'publication',
  noun: 'publication',
  fields: [
    { name: 'doi', label: 'DOI', type: 'text', required: true, identity: true, hint: 'e.g. 10.1234/abc or https://doi.org/10.1234/abc' },
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'issued', label: 'Date published', type: 'text', hint: 'YYYY-MM-DD, or the year YYYY.' },
    { name: 'creators', label: 'Authors', type: 'records', kind: 'person', hint: 'Registered people: one ORCID iD a line.' },
    { name: 'datasets', label: 'Datasets cited', type: 'records', kind: 'dataset', hint: 'Registered datasets: one DOI or address a line.' },
    { name: 'instruments', label: 'Instruments cited', type: 'records', kind: 'instance', hint: 'Registered instruments: one DOI, handle or address a line.' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, values, iri ?? '');
    g.type(PHD.Publication);
    g.identity('doi', 'doi', iri);
    g.string('title', DCTERMS.title);
    g.date('issued', DCTERMS.issued, true);
    g.links('creators', 'person', DCTERMS.creator);
    g.links('datasets', 'dataset', CITO.citesAsDataSource);
    g.links('instruments', 'instance', CITO.cites);
    return g.result();
  },
  read(quads, iri) {
    return {
      doi: valueOf(quads, iri, DCTERMS.identifier),
      title: valueOf(quads, iri, DCTERMS.title),
      issued: valueOf(quads, iri, DCTERMS.issued),
      creators: valuesOf(quads, iri, DCTERMS.creator).sort().join('\n'),
      datasets: valuesOf(quads, iri, CITO.citesAsDataSource).sort().join('\n'),
      instruments: valuesOf(quads, iri, CITO.cites).sort().join('\n'),
    };
  },
};
