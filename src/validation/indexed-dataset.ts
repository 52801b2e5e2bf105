import type { DatasetCore, Term } from '@rdfjs/types';
import type { Quad, Term as N3Term } from 'n3';
import { MatchedQuads } from './match-dataset.js';

/** A key equal for equal terms (RDF/JS `equals`): the term type, value, and a literal's language and datatype. */
function keyOf(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return term.value;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      return `"${term.value}"@${term.language}^^${term.datatype.value}`;
    case 'DefaultGraph':
      return '';
    default:
      return `${term.termType}:${term.value}`;
  }
}

/** The terms, each once, in their first order. */
function distinct(terms: readonly N3Term[]): N3Term[] {
  const seen = new Set<string>();
  return terms.filter((term) => !seen.has(keyOf(term)) && seen.add(keyOf(term)) !== undefined);
}

/** Adds a quad to the list under its key. */
function file(index: Map<string, Quad[]>, key: string, quad: Quad): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [quad]);
  else list.push(quad);
}

/** Removes a quad from the list under its key. */
function unfile(index: Map<string, Quad[]>, key: string, quad: Quad): void {
  const list = index.get(key);
  const at = list?.indexOf(quad) ?? -1;
  if (list === undefined || at < 0) return;
  list.splice(at, 1);
  if (list.length === 0) index.delete(key);
}

/**
 * A compact RDF/JS dataset: the quads listed by subject, predicate and object in maps keyed by
 * term, `match` answering an array of the quads found (see MatchDataset), with N3.Store's lookups.
 * It holds the shapes graphs: each tier's, while its index is built, and each cached SHACL
 * validator's, in place of the library's default dataset. Both N3.Store and that dataset nest
 * objects keyed by integer term ids, and V8 gives such an object an array as long as its largest
 * key: a shapes graph took ~1.5 KB a quad there (70 MB for a tier's 44k quads), ~0.3 KB here.
 */
export class IndexedDataset implements DatasetCore {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byPredicate = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();
  private count = 0;

  /** @param quads - the initial quads. */
  public constructor(quads: Iterable<Quad> = []) {
    for (const quad of quads) this.add(quad);
  }

  public get size(): number {
    return this.count;
  }

  public add(quad: Quad): this {
    if (this.has(quad)) return this;
    file(this.bySubject, keyOf(quad.subject), quad);
    file(this.byPredicate, keyOf(quad.predicate), quad);
    file(this.byObject, keyOf(quad.object), quad);
    this.count += 1;
    return this;
  }

  public delete(quad: Quad): this {
    const stored = this.bySubject.get(keyOf(quad.subject))?.find((q) => q.equals(quad));
    if (stored === undefined) return this;
    unfile(this.bySubject, keyOf(stored.subject), stored);
    unfile(this.byPredicate, keyOf(stored.predicate), stored);
    unfile(this.byObject, keyOf(stored.object), stored);
    this.count -= 1;
    return this;
  }

  public has(quad: Quad): boolean {
    return this.bySubject.get(keyOf(quad.subject))?.some((q) => q.equals(quad)) ?? false;
  }

  public match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): DatasetCore {
    return new MatchedQuads(this.getQuads(subject, predicate, object, graph));
  }

  /**
   * @param subject - the subject, or any.
   * @param predicate - the predicate, or any.
   * @param object - the object, or any.
   * @param graph - the graph, or any.
   * @returns the quads that match, in a new array.
   */
  public getQuads(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): Quad[] {
    // Start from the shortest list of a given term, then test the other terms.
    let candidates: readonly Quad[] | undefined;
    for (const [index, term] of [[this.bySubject, subject], [this.byPredicate, predicate], [this.byObject, object]] as const) {
      if (!term) continue;
      const list = index.get(keyOf(term)) ?? [];
      if (candidates === undefined || list.length < candidates.length) candidates = list;
    }
    return (candidates ?? [...this]).filter((q) =>
      (!subject || q.subject.equals(subject)) && (!predicate || q.predicate.equals(predicate)) &&
      (!object || q.object.equals(object)) && (!graph || q.graph.equals(graph)));
  }

  /**
   * @param subject - the subject, or any.
   * @param predicate - the predicate, or any.
   * @param object - the object, or any.
   * @returns how many quads match.
   */
  public countQuads(subject?: Term | null, predicate?: Term | null, object?: Term | null): number {
    return this.getQuads(subject, predicate, object).length;
  }

  /**
   * @param subject - the subject, or any.
   * @param predicate - the predicate, or any.
   * @returns the objects of the matching quads (distinct).
   */
  public getObjects(subject?: Term | null, predicate?: Term | null): N3Term[] {
    return distinct(this.getQuads(subject, predicate).map((q) => q.object));
  }

  /**
   * @param predicate - the predicate, or any.
   * @param object - the object, or any.
   * @returns the subjects of the matching quads (distinct).
   */
  public getSubjects(predicate?: Term | null, object?: Term | null): N3Term[] {
    return distinct(this.getQuads(null, predicate, object).map((q) => q.subject));
  }

  public *[Symbol.iterator](): Iterator<Quad> {
    for (const list of this.bySubject.values()) yield* list;
  }
}
