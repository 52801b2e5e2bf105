import N3 from 'n3';
import { DCTERMS, INSTRUMENT_STATUSES, PHD, SCHEMA } from '../domain/index.js';
import { FormGraph, subjectOf, valueOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

const { namedNode } = N3.DataFactory;

/**
 * An instrument instance: the model it is, the facility that operates it, its serial number, its
 * PIDINST DOI or handle when it has one (else the service names it, born with a PID where minting is
 * configured), its status.
 */
export const instanceForm: RecordForm = {
  kind: 'instance',
  noun: 'instrument',
  fields: [
    { name: 'model', label: 'Instrument model', type: 'record', kind: 'model', required: true },
    { name: 'facility', label: 'Facility', type: 'record', kind: 'facility', required: true, hint: 'The facility that operates it.' },
    { name: 'name', label: 'Name', type: 'text', required: true, hint: 'What the facility calls it, e.g. Confocal 2 (SP8).' },
    { name: 'serial', label: 'Serial number', type: 'text', required: true },
    { name: 'pid', label: 'PIDINST DOI or handle', type: 'text', identity: true, hint: 'e.g. 10.5072/abc or hdl:21.T11998/0000-001A-3905-F. Leave empty: the service names it (and mints a PID where configured).' },
    { name: 'status', label: 'Status', type: 'select', choices: [{ value: '', label: 'not stated' }, ...INSTRUMENT_STATUSES.map((s) => ({ value: s.iri, label: s.label }))] },
    { name: 'statusSince', label: 'Status since', type: 'date', hint: 'The date the status took effect, YYYY-MM-DD (needed with a status).' },
    { name: 'decommissioned', label: 'Decommissioned on', type: 'date', hint: 'YYYY-MM-DD (needed when decommissioned).' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, values, iri ?? '');
    g.type(PHD.InstrumentInstance);
    g.identity('pid', ['doi', 'handle'], iri);
    g.string('name', SCHEMA.name);
    g.link('model', 'model', PHD.instanceOf);
    g.inverse('facility', 'facility', PHD.operates);
    g.string('serial', PHD.serialNumber);
    const status = g.choice('status', PHD.instrumentStatus);
    if (status !== undefined) {
      g.add(PHD.instrumentStatus, namedNode(status));
      if (g.date('statusSince', PHD.statusSince) === undefined) g.errors.statusSince ??= 'Enter the date the status took effect.';
    } else {
      g.date('statusSince', PHD.statusSince);
    }
    if (g.date('decommissioned', PHD.decommissioned) === undefined && status === PHD.DecommissionedStatus) g.errors.decommissioned ??= 'Enter the date the instrument was decommissioned.';
    return g.result();
  },
  read(quads, iri) {
    return {
      model: valueOf(quads, iri, PHD.instanceOf),
      facility: subjectOf(quads, PHD.operates, iri),
      name: valueOf(quads, iri, SCHEMA.name),
      serial: valueOf(quads, iri, PHD.serialNumber),
      pid: valueOf(quads, iri, DCTERMS.identifier),
      status: valueOf(quads, iri, PHD.instrumentStatus),
      statusSince: valueOf(quads, iri, PHD.statusSince),
      decommissioned: valueOf(quads, iri, PHD.decommissioned),
    };
  },
};
