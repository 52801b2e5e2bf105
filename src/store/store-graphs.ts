import { createHash } from 'node:crypto';
import N3 from 'n3';
import type { Quad, Term } from 'n3';
import { XSD } from '../domain/index.js';

const { namedNode, blankNode, quad } = N3.DataFactory;
/** Datatypes a store may keep as numbers and give back in another spelling (or another numeric type). */
const EXACT_NUMBERS = new Set((['decimal', 'integer', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger',
  'negativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'] as const).map((t) => XSD[t]));
const FLOATS = new Set([XSD.double, XSD.float]);
/** Characters of the record's hash in a Skolem IRI (`{hash}-{label}`; base64url, so the hash may hold a `-`). */
const SCOPE_LENGTH = 16;

/**
 * Blank nodes of a record as they travel to and from an external store. A store names blank nodes
 * itself, so a record's `_:b0` would come back as `nodeID://b10007`, and two reads of one graph
 * would differ. Each blank node is therefore written as a Skolem IRI (RDF 1.1 §3.5) under
 * `/.well-known/genid/`, unique to its record, and read back as the same blank node.
 */
export class Skolemizer {
  private readonly prefix: string;

  /** @param baseUrl - PHD_BASE_URL; Skolem IRIs live under its origin's `/.well-known/genid/`. */
  public constructor(baseUrl: string) {
    this.prefix = `${new URL(baseUrl).origin}/.well-known/genid/`;
  }

  /**
   * Replaces a record's blank nodes with Skolem IRIs.
   * @param record - the record IRI (the graph name).
   * @param quads - the record's triples.
   * @returns the triples with Skolem IRIs.
   */
  public skolemize(record: string, quads: readonly Quad[]): Quad[] {
    const scope = createHash('sha256').update(record).digest('base64url').slice(0, SCOPE_LENGTH);
    const skolem = (label: string) => namedNode(`${this.prefix}${scope}-${encodeURIComponent(label)}`);
    return quads.map((q) => quad(
      q.subject.termType === 'BlankNode' ? skolem(q.subject.value) : q.subject,
      q.predicate,
      q.object.termType === 'BlankNode' ? skolem(q.object.value) : q.object,
    ));
  }

  /**
   * Turns Skolem IRIs written by {@link skolemize} back into blank nodes.
   * @param quads - triples read from the store.
   * @returns the triples with blank nodes.
   */
  public deskolemize(quads: readonly Quad[]): Quad[] {
    const isSkolem = (t: Term): boolean => t.termType === 'NamedNode' && t.value.startsWith(this.prefix);
    const label = (iri: string): N3.BlankNode => {
      const local = iri.slice(this.prefix.length);
      return blankNode(decodeURIComponent(local.slice(SCOPE_LENGTH + 1)));
    };
    return quads.map((q) => quad(
      isSkolem(q.subject) ? label(q.subject.value) : q.subject,
      q.predicate,
      isSkolem(q.object) ? label(q.object.value) : q.object,
    ));
  }
}

/**
 * A literal's value, as far as stores agree on it. Virtuoso keeps numbers as numbers, so
 * `"1.40"^^xsd:decimal` comes back as `"1.4"`, `"100"^^xsd:decimal` as `"100"^^xsd:integer` and
 * `"4.05E2"^^xsd:double` as `"405.0"`; it lower-cases language tags and drops a zero fraction of
 * seconds. Two spellings of one value get the same key.
 */
function literalKey(term: N3.Literal): string {
  const datatype = term.datatype.value;
  if (EXACT_NUMBERS.has(datatype) || FLOATS.has(datatype)) {
    const value = Number(term.value);
    if (!Number.isNaN(value)) return `number:${FLOATS.has(datatype) ? 'float' : 'exact'}:${value}`;
  }
  if (datatype === XSD.dateTime) {
    const time = Date.parse(term.value);
    if (!Number.isNaN(time)) return `dateTime:${time}:${/(Z|[+-]\d\d:\d\d)$/.test(term.value) ? 'zoned' : 'local'}`;
  }
  if (term.language !== '') return `lang:${term.language.toLowerCase()}:${term.value}`;
  return `literal:${datatype}:${term.value}`;
}

function termKey(term: Term): string {
  return term.termType === 'Literal' ? literalKey(term) : `${term.termType}:${term.value}`;
}

/**
 * Whether two graphs hold the same triples by value (see {@link literalKey}), blank nodes compared
 * by label (both sides come from one record, through {@link Skolemizer}).
 * @param a - triples.
 * @param b - triples.
 * @returns true when every triple of each has an equal one in the other.
 */
export function sameGraphByValue(a: readonly Quad[], b: readonly Quad[]): boolean {
  const keys = (quads: readonly Quad[]) => new Set(quads.map((q) => `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`));
  const left = keys(a);
  const right = keys(b);
  if (left.size !== right.size) return false;
  for (const key of left) if (!right.has(key)) return false;
  return true;
}
