import { humanize } from '../domain/index.js';
import { CITO, DCTERMS, PHD, PREFIXES, PROV, SCHEMA } from '../domain/index.js';
import type { RecordLink } from '../store/index.js';
import type { LinkGroup } from './landing-view.js';
import type { LinkedResource } from './linked-resource.js';
import { localName } from './record-labels.js';

/** Headings of the relations the sample records use, keyed `{role} {predicate}`, seen from the record shown. */
const HEADINGS: ReadonlyMap<string, string> = new Map([
  [`object ${PHD.operates}`, 'Operated by'],
  [`object ${PHD.hasConfiguration}`, 'Configuration of'],
  [`subject ${PHD.instanceOf}`, 'Instance of'],
  [`subject ${PHD.manufacturer}`, 'Manufacturer'],
  [`subject ${PHD.hostedBy}`, 'Hosted by'],
  [`subject ${SCHEMA.affiliation}`, 'Affiliation'],
  [`subject ${PHD.acquiredWith}`, 'Acquired with'],
  [`subject ${CITO.citesAsDataSource}`, 'Datasets it cites'],
  [`subject ${CITO.cites}`, 'Works it cites'],
  [`subject ${DCTERMS.creator}`, 'Creators'],
  [`subject ${PHD.contact}`, 'Contacts'],
  [`subject ${PROV.wasRevisionOf}`, 'Revision of'],
  [`subject ${PHD.operates}`, 'Instruments it operates'],
  [`subject ${PHD.hasConfiguration}`, 'Configuration versions'],
  [`object ${PHD.instanceOf}`, 'Instances of this model'],
  [`object ${PHD.manufacturer}`, 'Models it makes'],
  [`object ${PHD.hostedBy}`, 'Facilities it hosts'],
  [`object ${SCHEMA.affiliation}`, 'People affiliated with it'],
  [`object ${PHD.acquiredWith}`, 'Datasets acquired with it'],
  [`object ${CITO.citesAsDataSource}`, 'Publications citing it as a data source'],
  [`object ${CITO.cites}`, 'Publications citing it'],
  [`object ${DCTERMS.creator}`, 'Records naming them as creator'],
  [`object ${PHD.contact}`, 'Records naming them as contact'],
  [`object ${PROV.wasRevisionOf}`, 'Later versions revising it'],
]);

/**
 * An IRI in the service's prefixes (`phd:operates`), or the IRI.
 * @param iri - an IRI.
 * @returns its compact form.
 */
function compact(iri: string): string {
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length) return `${prefix}:${iri.slice(namespace.length)}`;
  }
  return iri;
}

/**
 * A record's links grouped by relation for its landing page: one group per predicate and side,
 * headed in words seen from the record (`Instruments it operates`, `Manufacturer`), listing the
 * records at the other end by label.
 * @param iri - the record shown.
 * @param links - its links: those other records hold to it (`inboundLinks`), or those of its own graph.
 * @param linked - a record's label and link.
 * @returns the groups, in the order of the links (by predicate).
 */
export async function linkGroups(iri: string, links: readonly RecordLink[], linked: (iri: string) => Promise<LinkedResource>): Promise<LinkGroup[]> {
  const groups = new Map<string, { role: 'subject' | 'object'; predicate: string; others: Set<string> }>();
  for (const link of links) {
    const role = link.subject === iri ? 'subject' : 'object';
    const key = `${role} ${link.predicate}`;
    const group = groups.get(key) ?? { role, predicate: link.predicate, others: new Set<string>() };
    group.others.add(role === 'subject' ? link.object : link.subject);
    groups.set(key, group);
  }
  return Promise.all([...groups.entries()].map(async ([key, group]) => {
    const name = humanize(localName(group.predicate));
    const records = await Promise.all([...group.others].map(linked));
    return {
      heading: HEADINGS.get(key) ?? (group.role === 'subject' ? capitalized(name) : `Records linking here (${name})`),
      predicate: group.predicate,
      curie: compact(group.predicate),
      role: group.role,
      records: records.sort((a, b) => a.label.localeCompare(b.label)),
    };
  }));
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
