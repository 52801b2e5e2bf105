import { DCTERMS, PHD } from '../domain/index.js';
import { FormGraph, valueOf, valuesOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

/** A dataset: title, the hardware configuration it was acquired with, the date, its creators; its DOI if any. */
export const datasetForm: RecordForm = {
  kind: 'dataset',
  noun: 'dataset',
  fields: [
    { name: 'doi', label: 'DOI or handle', type: 'text', identity: true, hint: 'Leave empty: the service names it.' },
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'configuration', label: 'Acquired with (hardware configuration)', type: 'record', kind: 'configuration', required: true, hint: 'The configuration in effect on the acquisition date.' },
    { name: 'created', label: 'Acquisition date', type: 'date', required: true, hint: 'YYYY-MM-DD' },
    { name: 'creators', label: 'Creators', type: 'records', kind: 'person', hint: 'Registered people: one ORCID iD a line.' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, values, iri ?? '');
    g.type(PHD.Dataset);
    g.identity('doi', ['doi', 'handle'], iri);
    g.string('title', DCTERMS.title);
    g.link('configuration', 'configuration', PHD.acquiredWith);
    g.date('created', DCTERMS.created);
    g.links('creators', 'person', DCTERMS.creator);
    return g.result();
  },
  read(quads, iri) {
    return {
      doi: valueOf(quads, iri, DCTERMS.identifier),
      title: valueOf(quads, iri, DCTERMS.title),
      configuration: valueOf(quads, iri, PHD.acquiredWith),
      created: valueOf(quads, iri, DCTERMS.created),
      creators: valuesOf(quads, iri, DCTERMS.creator).sort().join('\n'),
    };
  },
};
