import N3 from 'n3';
import { DCTERMS, PHD, SCHEMA } from '../domain/index.js';
import { FormGraph, valueOf, valuesOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

const { literal } = N3.DataFactory;

/** An instrument model: its manufacturer (a registered organization), its name, its RRID if any. */
export const modelForm: RecordForm = {
  kind: 'model',
  noun: 'instrument model',
  fields: [
    { name: 'manufacturer', label: 'Manufacturer', type: 'record', kind: 'organization', required: true, hint: 'A registered organization (register the manufacturer at the first step).' },
    { name: 'name', label: 'Model name', type: 'text', required: true, hint: 'e.g. ZEISS Axio Observer Z1' },
    { name: 'rrid', label: 'RRID', type: 'text', identity: true, hint: 'e.g. RRID:SCR_020922. Leave empty if the model has none (the service names it).' },
    {
      name: 'stand', label: 'Stand type', type: 'select',
      choices: [{ value: '', label: 'not stated' }, { value: 'upright', label: 'upright' }, { value: 'inverted', label: 'inverted' }, { value: 'other', label: 'other' }],
    },
    { name: 'techniques', label: 'Techniques', type: 'textarea', hint: 'One a line, e.g. confocal laser scanning.' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, values, iri ?? '');
    g.type(PHD.InstrumentModel);
    g.identity('rrid', 'rrid', iri);
    g.string('name', SCHEMA.name);
    g.link('manufacturer', 'organization', PHD.manufacturer);
    const stand = g.choice('stand', PHD.standType);
    if (stand !== undefined) g.add(PHD.standType, literal(stand));
    for (const technique of g.lines('techniques', PHD.technique)) g.add(PHD.technique, literal(technique));
    return g.result();
  },
  read(quads, iri) {
    return {
      manufacturer: valueOf(quads, iri, PHD.manufacturer),
      name: valueOf(quads, iri, SCHEMA.name),
      rrid: valueOf(quads, iri, DCTERMS.identifier),
      stand: valueOf(quads, iri, PHD.standType),
      techniques: valuesOf(quads, iri, PHD.technique).sort().join('\n'),
    };
  },
};
