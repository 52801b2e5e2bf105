import sparqljs from 'sparqljs';
import type { SparqlBinding, SparqlJson } from '../../../src/representation/sparql-json.js';

// Reads the SPARQL the search service sends, parsed with sparqljs (the parser /sparql uses), as
// facts a test can assert one by one — which result types a query asks for, the classes and
// predicates each type's part names, the comparisons its FILTERs make and the VALUES it lists —
// instead of comparing whole query strings.

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** What one type's part of a search query says. */
export interface BranchFacts {
  /** The result type bound to `?type` in this part. */
  readonly type: string | undefined;
  /** Classes required with `a` (rdf:type). */
  readonly classes: Set<string>;
  /** Every predicate IRI, property paths included. */
  readonly predicates: Set<string>;
  /**
   * Comparisons of an expression over one variable with literals, as `operator variable value`:
   * `= magnification 63`, `>= na 1.4`, `contains text0 leica`, `in immersion Mineral Oil|Oil`.
   */
  readonly comparisons: Set<string>;
  /** VALUES of one variable: name → the IRIs or literals listed. */
  readonly values: Map<string, string[]>;
}

/** A query the service sent, parsed. */
export interface QueryFacts {
  readonly kind: 'page' | 'counts' | 'details';
  /** The projected variables. */
  readonly variables: string[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  /** One entry per type the query asks for (page and counts). */
  readonly branches: BranchFacts[];
  /** Details: the `(?item ?type)` rows of its VALUES. */
  readonly rows: { item: string; type: string }[];
  readonly parsed: sparqljs.SelectQuery;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function isTerm(value: unknown, termType: string): value is { termType: string; value: string } {
  return isNode(value) && value.termType === termType && typeof value.value === 'string';
}

/** Calls `visit` on every object in a parsed query, depth first. */
function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (isNode(node)) {
    visit(node);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

/** The first variable inside an expression (`LCASE(STR(?x))` → `x`). */
function firstVariable(node: unknown): string | undefined {
  let found: string | undefined;
  walk(node, (n) => {
    if (found === undefined && isTerm(n, 'Variable')) found = n.value;
  });
  return found;
}

/**
 * The facts of one part of a parsed query (or of any expression in it).
 * @param branch - the part, as sparqljs parsed it.
 * @returns what it requires.
 */
export function branchFacts(branch: unknown): BranchFacts {
  const facts: BranchFacts = { type: undefined, classes: new Set(), predicates: new Set(), comparisons: new Set(), values: new Map() };
  let type: string | undefined;
  walk(branch, (n) => {
    if (n.type === 'bind' && isTerm(n.variable, 'Variable') && n.variable.value === 'type' && isTerm(n.expression, 'Literal')) type = n.expression.value;
    if (isNode(n.subject) && isNode(n.predicate) && isNode(n.object)) {
      if (isTerm(n.predicate, 'NamedNode') && n.predicate.value === RDF_TYPE && isTerm(n.object, 'NamedNode')) facts.classes.add(n.object.value);
      walk(n.predicate, (p) => {
        if (isTerm(p, 'NamedNode') && p.value !== RDF_TYPE) facts.predicates.add(p.value);
      });
    }
    if (n.type === 'operation' && Array.isArray(n.args) && n.args.length === 2) {
      const [left, right] = n.args as unknown[];
      const variable = firstVariable(left);
      if (variable !== undefined && isTerm(right, 'Literal')) facts.comparisons.add(`${String(n.operator)} ${variable} ${right.value}`);
      if (variable !== undefined && n.operator === 'in' && Array.isArray(right)) {
        facts.comparisons.add(`in ${variable} ${right.map((t: unknown) => (isTerm(t, 'Literal') ? t.value : '?')).join('|')}`);
      }
    }
    if (n.type === 'values' && Array.isArray(n.values)) {
      for (const row of n.values as Node[]) {
        for (const [name, term] of Object.entries(row)) {
          if (isNode(term) && typeof term.value === 'string') facts.values.set(name.replace(/^\?/, ''), [...(facts.values.get(name.replace(/^\?/, '')) ?? []), term.value]);
        }
      }
    }
  });
  return { ...facts, type };
}

/**
 * Parses a query the search service sent and reads its facts. Throws when sparqljs cannot parse it.
 * @param text - the query.
 * @returns what it asks.
 */
export function queryFacts(text: string): QueryFacts {
  const parsed = new sparqljs.Parser().parse(text);
  if (parsed.type !== 'query' || parsed.queryType !== 'SELECT') throw new Error('the search sent a query that is not a SELECT');
  const variables = parsed.variables.flatMap((v) => ('termType' in v ? [v.value] : isTerm(v.variable, 'Variable') ? [v.variable.value] : []));
  const where = parsed.where ?? [];
  const values = where.find((p) => p.type === 'values');
  if (values !== undefined) {
    const rows = values.values.map((row) => ({ item: row['?item']?.value ?? '', type: row['?type']?.value ?? '' }));
    return { kind: 'details', variables, limit: parsed.limit, offset: parsed.offset, branches: [], rows, parsed };
  }
  // One part per type: the patterns of a top-level UNION, or the one group when a single type is asked.
  const union = where.find((p) => p.type === 'union');
  const parts: unknown[] = union === undefined ? where.filter((p) => p.type === 'group') : union.patterns;
  const kind = variables.includes('count') ? 'counts' : 'page';
  return { kind, variables, limit: parsed.limit, offset: parsed.offset, branches: parts.map(branchFacts), rows: [], parsed };
}

/**
 * The part of a query for one result type.
 * @param facts - the query (undefined when it was not sent).
 * @param type - the result type.
 * @returns that part; throws when the query was not sent or does not ask for the type.
 */
export function branchOf(facts: QueryFacts | undefined, type: string): BranchFacts {
  if (facts === undefined) throw new Error('the query was not sent');
  const branch = facts.branches.find((b) => b.type === type);
  if (branch === undefined) throw new Error(`the ${facts.kind} query asks for no ${type}`);
  return branch;
}

/**
 * The result types a query asks for.
 * @param facts - the query.
 * @returns the types, in query order.
 */
export function typesOf(facts: QueryFacts | undefined): (string | undefined)[] {
  return facts?.branches.map((b) => b.type) ?? [];
}

/**
 * A SPARQL JSON answer.
 * @param bindings - its rows.
 * @returns the document.
 */
export function answer(bindings: readonly SparqlBinding[]): SparqlJson {
  return { head: { vars: [...new Set(bindings.flatMap((b) => Object.keys(b)))] }, results: { bindings } };
}

/**
 * A row of SPARQL JSON from plain values: strings starting with `http` become IRIs, others literals.
 * @param values - variable → value.
 * @returns the row.
 */
export function row(values: Readonly<Record<string, string>>): SparqlBinding {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { type: /^https?:/.test(value) ? 'uri' : 'literal', value }]));
}
