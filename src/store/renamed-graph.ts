import N3 from 'n3';
import type { Quad, Term } from 'n3';
import type { RecordKind } from '../domain/index.js';
import { canonicalNTriples, LINK_PREDICATES, OWL, RDF } from '../domain/index.js';
import type { RecordWrite } from './record-store.js';

const { namedNode, quad } = N3.DataFactory;

/**
 * A record's write from its triples: canonical N-Triples with the type and link index the store
 * keeps beside it. The triples are taken as they are (literals and blank nodes already canonical).
 * @param iri - the record.
 * @param kind - its kind.
 * @param quads - its triples.
 * @param facility - the facility that owns it.
 * @param actor - who writes.
 * @returns the write.
 */
export function graphWrite(iri: string, kind: RecordKind, quads: readonly Quad[], facility: string | undefined, actor: string): RecordWrite {
  const ntriples = canonicalNTriples(quads);
  const types = new Map<string, string[]>();
  for (const q of quads) {
    if (q.predicate.value !== RDF.type || q.subject.termType !== 'NamedNode') continue;
    types.set(q.subject.value, [...(types.get(q.subject.value) ?? []), q.object.value]);
  }
  const links = quads
    .filter((q) => LINK_PREDICATES.has(q.predicate.value) && q.subject.termType === 'NamedNode' && q.object.termType === 'NamedNode')
    .map((q) => ({ subject: q.subject.value, predicate: q.predicate.value, object: q.object.value }));
  return { iri, kind, ntriples, triples: ntriples.split('\n').length - 1, facility, actor, types, links };
}

/**
 * Whether an IRI is a record's name or one of its nodes (`{record}/…`, `{record}#…`).
 * @param iri - the IRI.
 * @param record - the record's name.
 * @returns true when the IRI moves with the record.
 */
export function movesWith(iri: string, record: string): boolean {
  return iri === record || (iri.startsWith(record) && (iri[record.length] === '/' || iri[record.length] === '#'));
}

/**
 * Whether a record's N-Triples name another record or one of its nodes (a cheap textual test).
 * @param ntriples - the graph.
 * @param record - the record's name.
 * @returns true when a triple mentions it.
 */
export function mentions(ntriples: string, record: string): boolean {
  return ntriples.includes(`<${record}>`) || ntriples.includes(`<${record}/`) || ntriples.includes(`<${record}#`);
}

/**
 * A record's triples after another record (or itself) was renamed: the old name and its nodes
 * (`{old}/…`, `{old}#…`) become the new name and its nodes; nothing else changes.
 * @param ntriples - the graph.
 * @param from - the old name.
 * @param to - the new name.
 * @returns the renamed triples (blank node labels kept).
 */
export function renamedGraph(ntriples: string, from: string, to: string): Quad[] {
  const moved = (term: Term): boolean => term.termType === 'NamedNode' && movesWith(term.value, from);
  const renamed = (term: Term) => namedNode(`${to}${term.value.slice(from.length)}`);
  return new N3.Parser({ format: 'N-Triples', blankNodePrefix: '' }).parse(ntriples)
    .map((q) => quad(moved(q.subject) ? renamed(q.subject) : q.subject, q.predicate, moved(q.object) ? renamed(q.object) : q.object));
}

/**
 * The triple that keeps a renamed record's old name: `<to> owl:sameAs <from>`.
 * @param from - the old name.
 * @param to - the new name.
 * @returns the triple.
 */
export function formerName(from: string, to: string): Quad {
  return quad(namedNode(to), namedNode(OWL.sameAs), namedNode(from));
}
