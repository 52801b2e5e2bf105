import { DCTERMS, PHD, pidFromIri, SCHEMA } from '../domain/index.js';
import { rridError, withRridPrefix } from './facility-rrid.js';
import { FormGraph, valueOf, valuesOf } from './form-graph.js';
import type { RecordForm } from './form-graph.js';

/**
 * A facility: named by the canonical IRI of its RRID, or — without an RRID yet — by an IRI this
 * service mints (`{base}/id/facility/{uuid}`); the RRID given later renames it (the register router
 * calls RecordService.adopt: its team, tokens and records move to the RRID, the old IRI redirects).
 */
export const facilityForm: RecordForm = {
  kind: 'facility',
  noun: 'facility',
  fields: [
    { name: 'rrid', label: 'RRID', type: 'text', identity: true, hint: 'e.g. RRID:SCR_003070. Leave empty if the facility has no RRID yet: the service names it, and you add the RRID here later (the facility is then renamed to it; its former address redirects).' },
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'host', label: 'Host organization', type: 'record', kind: 'organization', required: true, hint: 'The institution the facility belongs to, registered at the first step.' },
    { name: 'website', label: 'Website', type: 'url', hint: 'e.g. https://imaging.example.org' },
    { name: 'contact', label: 'Contact person', type: 'record', kind: 'person', hint: 'A registered person (ORCID iD).' },
  ],
  build(values, iri) {
    const g = new FormGraph(this, withRridPrefix(values), iri ?? '');
    g.type(PHD.Facility);
    g.identity('rrid', 'rrid', iri, true);
    const wrongRrid = rridError(withRridPrefix(values));
    if (wrongRrid !== undefined) g.errors.rrid = wrongRrid;
    g.string('name', SCHEMA.name);
    g.link('host', 'organization', PHD.hostedBy);
    g.url('website', SCHEMA.url);
    g.link('contact', 'person', PHD.contact);
    return g.result();
  },
  read(quads, iri) {
    return {
      rrid: valuesOf(quads, iri, DCTERMS.identifier).find((v) => /rrid/i.test(v)) ?? pidFromIri(iri)?.curie ?? '',
      name: valueOf(quads, iri, SCHEMA.name),
      host: valueOf(quads, iri, PHD.hostedBy),
      website: valueOf(quads, iri, SCHEMA.url),
      contact: valueOf(quads, iri, PHD.contact),
    };
  },
};
