import sparqljs from 'sparqljs';
import type { SparqlQuery } from 'sparqljs';

/** A term of a triple pattern as sparqljs writes it. */
interface Term {
  readonly termType?: string;
  readonly value?: string;
  readonly type?: string;
  readonly pathType?: string;
  readonly items?: readonly Term[];
}

/** One triple pattern to prefetch: constants kept, every variable or blank node fresh. */
interface PrefetchPattern {
  readonly subject: Term | undefined;
  readonly predicate: Term | undefined;
  readonly object: Term | undefined;
}

/** What a query needs from each source, as one CONSTRUCT. */
export interface PrefetchPlan {
  /** `CONSTRUCT { p1 . p2 … } WHERE { { p1 } UNION { p2 } … }`, each pattern with its own variables. */
  readonly query: string;
  /** How many distinct triple patterns it fetches. */
  readonly patterns: number;
}

class Unsafe extends Error {}

/**
 * The IRIs of a property path. Unsafe: a negated property set (it matches almost everything),
 * and `*` or `?` (their zero-length matches pair every node of the graph with itself, not only
 * nodes of matching triples).
 */
function pathIris(path: Term): string[] {
  if (path.termType === 'NamedNode' && path.value !== undefined) return [path.value];
  if (path.type !== 'path' || path.pathType === '!' || path.pathType === '*' || path.pathType === '?') throw new Unsafe();
  return (path.items ?? []).flatMap(pathIris);
}

function constant(term: Term): Term | undefined {
  return term.termType === 'NamedNode' || term.termType === 'Literal' ? term : undefined;
}

/** The patterns of every basic graph pattern below `node`, in filters and sub-queries too. */
function collect(node: unknown, into: PrefetchPattern[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null || 'termType' in node) return;
  const type = (node as { type?: string }).type;
  // Named graphs and SERVICE need the sources' own structure: no prefetch for them.
  if (type === 'graph' || type === 'service') throw new Unsafe();
  if (type === 'bgp') {
    for (const triple of (node as { triples: { subject: Term; predicate: Term; object: Term }[] }).triples) {
      const subject = constant(triple.subject);
      const object = constant(triple.object);
      if (triple.predicate.type === 'path') {
        for (const iri of pathIris(triple.predicate)) into.push({ subject: undefined, predicate: { termType: 'NamedNode', value: iri }, object: undefined });
        continue;
      }
      const predicate = constant(triple.predicate);
      if (subject === undefined && predicate === undefined && object === undefined) throw new Unsafe();
      into.push({ subject, predicate, object });
    }
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'template' && key !== 'prefixes') collect(value, into);
  }
}

/**
 * Plans a federated query as "data shipping": every triple the query can match matches one of
 * its triple patterns, so evaluating it over the union of each source's triples that match any
 * pattern gives the answer it would give over the union of the sources — cross-source joins
 * included — with one request per source instead of one per pattern and binding. Patterns keep
 * their constants; variables and blank nodes become fresh variables per pattern (in a UNION the
 * branches must not join, and the CONSTRUCT template of one branch must not be filled by
 * another's bindings). Property paths fetch each of their predicates.
 *
 * Returns undefined when the query has no such plan: DESCRIBE (what describes a resource is the
 * source's choice), GRAPH and SERVICE (they need the sources' own graphs and endpoints), a
 * negated property set, a `*` or `?` path (zero-length paths match every node), or a pattern with
 * no constant (it would fetch everything). Those are left to link-by-link federation.
 *
 * @param parsed - the parsed query (sparqljs).
 * @returns the plan, or undefined.
 */
export function prefetchPlan(parsed: SparqlQuery): PrefetchPlan | undefined {
  if (parsed.type !== 'query' || parsed.queryType === 'DESCRIBE') return undefined;
  const patterns: PrefetchPattern[] = [];
  try {
    collect(parsed, patterns);
  } catch (error) {
    if (error instanceof Unsafe) return undefined;
    throw error;
  }
  if (patterns.length === 0) return undefined;
  const keyOf = (p: PrefetchPattern) => JSON.stringify([p.subject, p.predicate, p.object]);
  const unique = [...new Map(patterns.map((p) => [keyOf(p), p])).values()];
  const triples = unique.map((p, k) => ({
    subject: p.subject ?? { termType: 'Variable', value: `s${k}` },
    predicate: p.predicate ?? { termType: 'Variable', value: `p${k}` },
    object: p.object ?? { termType: 'Variable', value: `o${k}` },
  }));
  const where = triples.length === 1
    ? [{ type: 'bgp', triples }]
    : [{ type: 'union', patterns: triples.map((t) => ({ type: 'bgp', triples: [t] })) }];
  const construct = { type: 'query', queryType: 'CONSTRUCT', prefixes: {}, template: triples, where };
  return { query: new sparqljs.Generator().stringify(construct as unknown as SparqlQuery), patterns: triples.length };
}
