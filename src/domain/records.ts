import N3 from 'n3';
import type { Quad } from 'n3';
import { canonicalDouble } from './units.js';
import { CITO, DCTERMS, PHD, PROV, RDF, SCHEMA, XSD } from './vocabulary.js';

/** The kinds of record the service keeps, one named graph each. */
export const RECORD_KINDS = ['facility', 'organization', 'model', 'instance', 'configuration', 'dataset', 'publication', 'person'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Record class IRI → kind. */
export const KIND_OF_CLASS: ReadonlyMap<string, RecordKind> = new Map<string, RecordKind>([
  [PHD.Facility, 'facility'],
  [PHD.Organization, 'organization'],
  [PHD.InstrumentModel, 'model'],
  [PHD.InstrumentInstance, 'instance'],
  [PHD.HardwareConfiguration, 'configuration'],
  [PHD.Dataset, 'dataset'],
  [PHD.Publication, 'publication'],
  [PHD.Person, 'person'],
]);

/** Records that belong to no single facility (DESIGN §1 "Shared records"). */
export const SHARED_KINDS: ReadonlySet<RecordKind> = new Set(['organization', 'model', 'person', 'publication']);

/**
 * Link triples owned by the record of their *object* (the child), so that registering a child never
 * rewrites its parent: `<facility> phd:operates <instance>` lives in the instance's record,
 * `<instance> phd:hasConfiguration <configuration>` in the configuration's.
 */
export const CHILD_OWNED_LINKS: ReadonlySet<string> = new Set([PHD.operates, PHD.hasConfiguration]);

/** Predicates that link records to records: indexed by the store for navigating the chain. */
export const LINK_PREDICATES: ReadonlySet<string> = new Set([
  PHD.hostedBy, PHD.operates, PHD.instanceOf, PHD.manufacturer, PHD.hasConfiguration, PHD.acquiredWith, PHD.contact,
  PROV.wasRevisionOf, DCTERMS.creator, CITO.citesAsDataSource, CITO.cites,
  SCHEMA.affiliation,
]);

/**
 * The record roots of a graph: subjects typed with a record class, with their kind.
 * @param quads - the graph.
 * @returns root IRI (or blank node label `_:x`) → kind.
 */
export function recordRoots(quads: Iterable<Quad>): Map<string, RecordKind> {
  const roots = new Map<string, RecordKind>();
  for (const q of quads) {
    if (q.predicate.value !== RDF.type) continue;
    const kind = KIND_OF_CLASS.get(q.object.value);
    if (kind !== undefined) roots.set(termKey(q.subject), kind);
  }
  return roots;
}

/**
 * A stable key for a term: the IRI, or `_:label` for a blank node.
 * @param term - a subject or object.
 * @returns the key.
 */
export function termKey(term: { readonly termType: string; readonly value: string }): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

/**
 * The record a node belongs to: the node itself when it is a record, else the longest record IRI
 * that prefixes it up to a `/` or `#` (`{record}/component/x`, `{record}#part`). One rule for
 * partitioning, validation and bulk loads.
 * @param node - an IRI (or `_:label`).
 * @param isRecord - whether an IRI is a record root.
 * @returns the owning record IRI, or undefined.
 */
export function recordOwner(node: string, isRecord: (iri: string) => boolean): string | undefined {
  if (isRecord(node)) return node;
  for (let cut = node.length - 1; cut > 0; cut -= 1) {
    const ch = node.charCodeAt(cut);
    if ((ch === 47 || ch === 35) && isRecord(node.slice(0, cut))) return node.slice(0, cut);
  }
  return undefined;
}

/** Result of {@link partitionRecords}. */
export interface Partition {
  readonly records: Map<string, { kind: RecordKind; quads: Quad[] }>;
  /** Triples that belong to no record (reported, never dropped silently). */
  readonly orphans: Quad[];
}

/**
 * Splits a graph into records. A triple belongs to the record of its subject when the subject is a
 * record root or lies under a root's IRI (`{root}/component/…`, longest match wins); a link triple
 * (see {@link CHILD_OWNED_LINKS}) belongs to the record of its object; a blank-node subject belongs
 * to the record that refers to it.
 *
 * @param quads - the graph (graph names are ignored).
 * @returns the records and the orphan triples.
 */
export function partitionRecords(quads: readonly Quad[]): Partition {
  const roots = recordRoots(quads);
  const records = new Map<string, { kind: RecordKind; quads: Quad[] }>();
  for (const [iri, kind] of roots) records.set(iri, { kind, quads: [] });
  const ownerOf = (key: string): string | undefined => recordOwner(key, (iri) => roots.has(iri));
  const pendingBlank: Quad[] = [];
  const blankOwner = new Map<string, string>();
  const orphans: Quad[] = [];
  for (const q of quads) {
    const owner = CHILD_OWNED_LINKS.has(q.predicate.value) ? ownerOf(termKey(q.object)) : ownerOf(termKey(q.subject));
    if (owner !== undefined) {
      records.get(owner)?.quads.push(q);
      if (q.object.termType === 'BlankNode') blankOwner.set(termKey(q.object), owner);
    } else if (q.subject.termType === 'BlankNode') pendingBlank.push(q);
    else orphans.push(q);
  }
  // Blank nodes nested in blank nodes: resolve until nothing changes.
  let progress = true;
  let pending = pendingBlank;
  while (progress && pending.length > 0) {
    progress = false;
    const next: Quad[] = [];
    for (const q of pending) {
      const owner = blankOwner.get(termKey(q.subject));
      if (owner === undefined) next.push(q);
      else {
        progress = true;
        records.get(owner)?.quads.push(q);
        if (q.object.termType === 'BlankNode') blankOwner.set(termKey(q.object), owner);
      }
    }
    pending = next;
  }
  orphans.push(...pending);
  return { records, orphans };
}

/**
 * Serializes triples as canonical N-Triples: one triple a line, sorted, no duplicates, so equal
 * graphs (with equal blank node labels) give equal text and ETags.
 * @param quads - the triples (graph names dropped).
 * @returns N-Triples text.
 */
export function canonicalNTriples(quads: Iterable<Quad>): string {
  const writer = new N3.Writer({ format: 'N-Triples' });
  const lines = new Set<string>();
  for (const q of quads) {
    lines.add(writer.quadToString(q.subject, q.predicate, q.object).trimEnd());
  }
  return [...lines].sort().map((l) => `${l}\n`).join('');
}

/**
 * The triples as the store keeps them: xsd:double literals in their canonical lexical form
 * (`4.05E2`), so that every serialization, and every comparison of two graphs, sees one spelling.
 * @param quads - the triples.
 * @returns the same triples, doubles rewritten.
 */
export function canonicalLiterals(quads: readonly Quad[]): Quad[] {
  return quads.map((q) => {
    if (q.object.termType !== 'Literal' || q.object.datatype.value !== XSD.double) return q;
    const value = Number(q.object.value);
    const canonical = Number.isNaN(value) && q.object.value.trim() !== 'NaN' ? q.object.value : canonicalDouble(value);
    return canonical === q.object.value ? q : N3.DataFactory.quad(q.subject, q.predicate, N3.DataFactory.literal(canonical, N3.DataFactory.namedNode(XSD.double)));
  });
}

/**
 * The triples with their blank nodes renamed `b0`, `b1`… in order of first use. Labels from the
 * input are the writer's (JSON-LD's `_:b0` in every document, N3's `b7_label` with any letter the
 * writer chose, astral ones included, which jsonld.js cannot read back); a record's labels are
 * the service's, in plain ASCII, so every serializer can write them and equal writes compare equal.
 * @param quads - the triples.
 * @returns the same graph, blank nodes relabelled.
 */
export function relabelBlankNodes(quads: readonly Quad[]): Quad[] {
  const labels = new Map<string, N3.BlankNode>();
  const relabel = <T extends Quad['subject'] | Quad['object']>(term: T): T => {
    if (term.termType !== 'BlankNode') return term;
    let fresh = labels.get(term.value);
    if (fresh === undefined) {
      fresh = N3.DataFactory.blankNode(`b${labels.size}`);
      labels.set(term.value, fresh);
    }
    return fresh as T;
  };
  return quads.map((q) => (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode'
    ? N3.DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object))
    : q));
}
