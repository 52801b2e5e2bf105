import N3 from 'n3';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';

/** The quads one `match` found: a read-mostly RDF/JS dataset over a plain array. */
export class MatchedQuads implements DatasetCore {
  public constructor(private readonly quads: Quad[]) {}

  public get size(): number {
    return this.quads.length;
  }

  public add(quad: Quad): this {
    if (!this.has(quad)) this.quads.push(quad);
    return this;
  }

  public delete(quad: Quad): this {
    const index = this.quads.findIndex((q) => q.equals(quad));
    if (index >= 0) this.quads.splice(index, 1);
    return this;
  }

  public has(quad: Quad): boolean {
    return this.quads.some((q) => q.equals(quad));
  }

  public match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): DatasetCore {
    return new MatchedQuads(this.quads.filter((q) =>
      (!subject || q.subject.equals(subject)) && (!predicate || q.predicate.equals(predicate)) &&
      (!object || q.object.equals(object)) && (!graph || q.graph.equals(graph))));
  }

  public [Symbol.iterator](): Iterator<Quad> {
    return this.quads[Symbol.iterator]();
  }
}

/**
 * An RDF/JS dataset over an indexed N3 store whose `match` answers an array of the quads found.
 * The validator walks the data and shapes graphs through clownface, one `match` per property of
 * every node it checks; N3's own `match` builds a new indexed store for each answer, which made up
 * a fifth of validation time.
 */
export class MatchDataset implements DatasetCore {
  public readonly store: N3.Store;

  /** @param store - the store to read and write (a new one by default). */
  public constructor(store: N3.Store = new N3.Store()) {
    this.store = store;
  }

  public get size(): number {
    return this.store.size;
  }

  public add(quad: Quad): this {
    this.store.addQuad(quad);
    return this;
  }

  public delete(quad: Quad): this {
    this.store.removeQuad(quad);
    return this;
  }

  public has(quad: Quad): boolean {
    return this.store.has(quad);
  }

  public match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): DatasetCore {
    return new MatchedQuads(this.store.getQuads(subject ?? null, predicate ?? null, object ?? null, graph ?? null));
  }

  public [Symbol.iterator](): Iterator<Quad> {
    return this.store.getQuads(null, null, null, null)[Symbol.iterator]();
  }
}
