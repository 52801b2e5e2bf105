import sparqljs from 'sparqljs';
import type { SparqlQuery } from 'sparqljs';

/** A term of a triple pattern as sparqljs writes it. */
interface Term {
  readonly termType?: string;
  readonly value?: string;
  readonly language?: string;
  readonly datatype?: Term;
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
  // Each pattern in its own branch with its own variables: one round with nothing limited.
  const variable = (name: string): Term => ({ termType: 'Variable', value: name });
  const round = unique.map((p) => ({
    pattern: { subject: p.subject ?? variable('s'), predicate: p.predicate ?? variable('p'), object: p.object ?? variable('o') },
    values: new Map<string, readonly Term[]>(),
  }));
  return { query: roundQuery(round), patterns: round.length };
}

/** A triple pattern as the query writes it: variables and blank nodes kept. */
export interface QueryPattern {
  readonly subject: Term;
  readonly predicate: Term;
  readonly object: Term;
}

/**
 * The patterns of a query whose WHERE clause is a join: basic graph patterns, OPTIONAL groups of
 * basic graph patterns, and filters that hold no patterns.
 */
export interface JoinPlan {
  /** The patterns every solution matches. */
  readonly required: readonly QueryPattern[];
  /** The patterns of each OPTIONAL group. */
  readonly optionals: readonly (readonly QueryPattern[])[];
}

const PATTERN_TYPES: ReadonlySet<string> = new Set(['bgp', 'group', 'graph', 'service', 'union', 'optional', 'minus', 'values', 'query', 'bind']);

/** Whether an expression (or any part of a query) holds graph patterns, e.g. EXISTS. */
function holdsPatterns(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(holdsPatterns);
  if (typeof node !== 'object' || node === null || 'termType' in node) return false;
  const type = (node as { type?: string }).type;
  if (type !== undefined && PATTERN_TYPES.has(type)) return true;
  return Object.values(node).some(holdsPatterns);
}

function patternsOf(bgp: { triples: QueryPattern[] }): QueryPattern[] | undefined {
  return bgp.triples.some((t) => t.predicate.type === 'path') ? undefined : bgp.triples;
}

/** The key of a variable or a blank node of the query (both join within a basic graph pattern). */
export function joinKey(term: Term): string | undefined {
  if (term.termType === 'Variable') return `?${term.value ?? ''}`;
  if (term.termType === 'BlankNode') return `_:${term.value ?? ''}`;
  return undefined;
}

/**
 * The join structure of a query, for shipping data in rounds (semi-joins): the matches of the
 * selective patterns first, then those of the patterns that share a variable with them, limited
 * to the values found. Undefined when the WHERE clause is anything but a join of basic graph
 * patterns and OPTIONAL groups of them (UNION, MINUS, sub-queries, GRAPH, property paths,
 * patterns inside expressions), or when no required pattern has a constant subject or object to
 * start from: such queries are shipped in one round (see {@link prefetchPlan}).
 * @param parsed - the parsed query (sparqljs).
 * @returns the plan, or undefined.
 */
export function joinPlan(parsed: SparqlQuery): JoinPlan | undefined {
  if (parsed.type !== 'query' || parsed.queryType === 'DESCRIBE') return undefined;
  const query = parsed as unknown as { where?: unknown[]; variables?: unknown; having?: unknown; order?: unknown; group?: unknown };
  if ([query.variables, query.having, query.order, query.group].some(holdsPatterns)) return undefined;
  const required: QueryPattern[] = [];
  const optionals: QueryPattern[][] = [];
  for (const element of (query.where ?? []) as { type: string; triples?: QueryPattern[]; patterns?: { type: string; triples?: QueryPattern[] }[] }[]) {
    if (element.type === 'filter') {
      if (holdsPatterns((element as { expression?: unknown }).expression)) return undefined;
    } else if (element.type === 'bgp') {
      const patterns = patternsOf({ triples: element.triples ?? [] });
      if (patterns === undefined) return undefined;
      required.push(...patterns);
    } else if (element.type === 'optional') {
      const group: QueryPattern[] = [];
      for (const inner of element.patterns ?? []) {
        if (inner.type === 'filter' && !holdsPatterns((inner as { expression?: unknown }).expression)) continue;
        const patterns = inner.type === 'bgp' ? patternsOf({ triples: inner.triples ?? [] }) : undefined;
        if (patterns === undefined) return undefined;
        group.push(...patterns);
      }
      optionals.push(group);
    } else {
      return undefined;
    }
  }
  const anchored = required.some((p) => constant(p.subject) !== undefined || constant(p.object) !== undefined);
  return anchored ? { required, optionals } : undefined;
}

/** One pattern to fetch in a round, with the values its variables are limited to. */
export interface RoundPattern {
  readonly pattern: QueryPattern;
  /** Per join key of the pattern, the terms it may take (absent: any). */
  readonly values: ReadonlyMap<string, readonly Term[]>;
}

/**
 * The CONSTRUCT of one round: each pattern in its own UNION branch with fresh variables, its
 * limited variables bound by VALUES.
 * @param round - the patterns and their values.
 * @returns the query text.
 */
export function roundQuery(round: readonly RoundPattern[]): string {
  const branches = round.map(({ pattern, values }, k) => {
    const names = new Map<string, string>();
    const fresh = (term: Term): Term => {
      const key = joinKey(term);
      if (key === undefined) return term;
      let name = names.get(key);
      if (name === undefined) {
        name = `v${k}_${names.size}`;
        names.set(key, name);
      }
      return { termType: 'Variable', value: name };
    };
    const triple = { subject: fresh(pattern.subject), predicate: fresh(pattern.predicate), object: fresh(pattern.object) };
    const clauses = [...values].map(([key, terms]) => ({
      type: 'values',
      values: terms.map((term) => ({ [`?${names.get(key) ?? ''}`]: term })),
    }));
    return { triple, group: { type: 'group', patterns: [...clauses, { type: 'bgp', triples: [triple] }] } };
  });
  const where = branches.length === 1 ? [branches[0]?.group] : [{ type: 'union', patterns: branches.map((b) => b.group) }];
  const construct = { type: 'query', queryType: 'CONSTRUCT', prefixes: {}, template: branches.map((b) => b.triple), where };
  return new sparqljs.Generator().stringify(construct as unknown as SparqlQuery);
}
