import jsonld from 'jsonld';
import type { Quad } from 'n3';
import { canonicalNTriples } from '../domain/index.js';

/**
 * Whether two graphs are the same graph (RDF isomorphism; graph names are ignored, duplicates
 * count once). Without blank nodes that is equal canonical N-Triples; with blank nodes both sides
 * are relabelled by RDF Dataset Canonicalization (RDFC-1.0) first. A graph built to make
 * canonicalization expensive (the algorithm's work limit is reached) counts as different: the
 * caller then treats the write as a change, never as a no-op it cannot prove.
 * @param a - one graph.
 * @param b - the other.
 * @returns true when they are isomorphic.
 */
export async function sameGraph(a: readonly Quad[], b: readonly Quad[]): Promise<boolean> {
  const left = canonicalNTriples(a);
  const right = canonicalNTriples(b);
  if (left === right) return true;
  const blank = (quads: readonly Quad[]) => quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode');
  if (!blank(a) && !blank(b)) return false;
  if (left.split('\n').length !== right.split('\n').length) return false;
  try {
    // jsonld's typings know only JSON-LD input; with inputFormat it canonicalizes N-Quads text.
    const canonize = (ntriples: string) => jsonld.canonize(ntriples as unknown as Parameters<typeof jsonld.canonize>[0], {
      inputFormat: 'application/n-quads', format: 'application/n-quads',
    } as Parameters<typeof jsonld.canonize>[1]);
    return (await canonize(left)) === (await canonize(right));
  } catch {
    return false;
  }
}

