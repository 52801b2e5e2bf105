import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { ConstructQuery, DescribeQuery, Pattern, SelectQuery, ValuePatternRow, VariableTerm } from 'sparqljs';

/**
 * Blank-node levels below a described resource that {@link describeAsConstruct} follows. Records
 * nest blank nodes shallowly (a settings node under a component at most); deeper ones are cut off.
 */
export const DESCRIBE_BLANK_NODE_DEPTH = 4;

/** The solution modifiers sparqljs parses on a DESCRIBE too (its types only declare them on SELECT). */
type SolutionModifiers = Pick<SelectQuery, 'group' | 'having' | 'order' | 'limit' | 'offset' | 'values'>;

/**
 * The variables a pattern binds, as `SELECT *` would project them: those of triple patterns, GRAPH
 * names, BIND and VALUES, and what subqueries project; not those only in FILTER or MINUS.
 * @param patterns - a group's patterns.
 * @param into - the names found.
 * @returns `into`.
 */
function inScope(patterns: readonly Pattern[], into: Set<string>): Set<string> {
  const term = (t: unknown): void => {
    if (typeof t === 'object' && t !== null && (t as { termType?: string }).termType === 'Variable') into.add((t as VariableTerm).value);
  };
  for (const pattern of patterns) {
    switch (pattern.type) {
      case 'bgp':
        for (const triple of pattern.triples) [triple.subject, triple.predicate, triple.object].forEach(term);
        break;
      case 'graph':
        term(pattern.name);
        inScope(pattern.patterns, into);
        break;
      case 'group':
      case 'optional':
      case 'union':
      case 'service':
        inScope(pattern.patterns, into);
        break;
      case 'bind':
        term(pattern.variable);
        break;
      case 'values':
        for (const row of pattern.values) for (const key of Object.keys(row)) into.add(key.replace(/^\?/, ''));
        break;
      case 'query':
        for (const v of pattern.variables) {
          if ('termType' in v && v.termType === 'Wildcard') inScope(pattern.where ?? [], into);
          else term('variable' in v ? v.variable : v);
        }
        break;
      default:
        // FILTER and MINUS bind nothing outside themselves.
        break;
    }
  }
  return into;
}

/**
 * Rewrites a DESCRIBE into the standard CONSTRUCT that gives this service's meaning of DESCRIBE.
 *
 * DESCRIBE's answer is implementation-defined (SPARQL 1.1 §16.4), so the service defines it once,
 * as the embedded store (Oxigraph) answers it: for every described resource — the IRIs the query
 * names and every value its WHERE clause binds to the described variables, after the query's
 * modifiers — the triples with the resource as subject in the default graph (the union of all
 * record graphs), and, recursively, those of the blank nodes they reach (Oxigraph follows them
 * without end; here {@link DESCRIBE_BLANK_NODE_DEPTH} levels). An external store then answers the
 * same: Virtuoso's own DESCRIBE leaves out triples about the resource stored in another record's
 * graph (a facility's `phd:operates`, stored with the instance), so the federation, which asks every
 * core to DESCRIBE, would get different answers per store.
 *
 * The query's prefixes and dataset (FROM, FROM NAMED) are kept; its IRIs are already resolved
 * against its BASE, so none is written.
 * @param parsed - the DESCRIBE, parsed by sparqljs (IRIs resolved).
 * @param depth - blank-node levels followed below each resource.
 * @returns the CONSTRUCT text.
 * @example
 * describeAsConstruct(parse('DESCRIBE <https://example.org/a>'))
 * // CONSTRUCT { ?s ?p ?o } WHERE { { SELECT DISTINCT ?s WHERE { … VALUES ?r { <https://example.org/a> } … } } ?s ?p ?o }
 */
export function describeAsConstruct(parsed: DescribeQuery & SolutionModifiers, depth = DESCRIBE_BLANK_NODE_DEPTH): string {
  const { variable } = N3.DataFactory;
  const where = parsed.where ?? [];
  const modifiers: SolutionModifiers = {
    group: parsed.group,
    having: parsed.having,
    order: parsed.order,
    limit: parsed.limit,
    offset: parsed.offset,
    values: parsed.values,
  };
  const wildcard = parsed.variables.some((v) => v.termType === 'Wildcard');
  const trailing = (parsed.values ?? []).map((row): Pattern => ({ type: 'values', values: [row] }));
  const described = wildcard
    ? [...inScope([...where, ...trailing], new Set())].map((name) => variable(name))
    : parsed.variables.filter((v): v is VariableTerm => v.termType === 'Variable');
  const iris = parsed.variables.filter((v) => v.termType === 'NamedNode');
  // The rewrite's own variables get a prefix no variable of the query starts with.
  const taken = inScope([{ type: 'group', patterns: where }, ...trailing], new Set());
  let prefix = 'describe_';
  while ([...taken].some((name) => name.startsWith(prefix))) prefix += '_';
  const v = (name: string): VariableTerm => variable(`${prefix}${name}`);
  const resource = v('r');

  // The described resources: one UNION branch for the named IRIs, one per described variable.
  const branches: Pattern[] = [];
  if (iris.length > 0) branches.push({ type: 'values', values: iris.map((iri): ValuePatternRow => ({ [`?${resource.value}`]: iri })) });
  if (described.length > 0) {
    const solutions: SelectQuery = { type: 'query', queryType: 'SELECT', prefixes: {}, variables: described, where, ...modifiers };
    for (const each of described) {
      branches.push({
        type: 'query',
        queryType: 'SELECT',
        prefixes: {},
        variables: [{ expression: each, variable: resource }],
        where: [{ type: 'group', patterns: [solutions] }],
      });
    }
  }
  const resources: Pattern = branches.length === 1 ? { type: 'group', patterns: branches } : { type: 'union', patterns: branches.map((b) => ({ type: 'group', patterns: [b] })) };

  // The subjects: each resource (level 0) and the blank nodes reached from it (levels 1..depth),
  // one per row of VALUES ?level, so the closure is one pass over the resources.
  const closure = new sparqljs.Parser().parse(closureTemplate(prefix, depth)) as ConstructQuery;
  const placeholder = v('resources').value;
  const fill = (patterns: Pattern[]): Pattern[] =>
    patterns.map((p) => {
      if (p.type === 'bind' && p.variable.value === placeholder) return resources;
      if (p.type === 'group' || p.type === 'optional' || p.type === 'union') return { ...p, patterns: fill(p.patterns) };
      if (p.type === 'query') return { ...p, where: fill(p.where ?? []) };
      return p;
    });
  const construct: ConstructQuery = {
    ...closure,
    where: fill(closure.where ?? []),
    // No BASE: the parser has resolved every IRI, prefixes included.
    prefixes: parsed.prefixes,
    ...(parsed.from === undefined ? {} : { from: parsed.from }),
  };
  return new sparqljs.Generator().stringify(construct);
}

/**
 * The fixed part of the rewrite, with `BIND(0 AS ?{prefix}resources)` where the resources go.
 * @param prefix - the prefix of the rewrite's variables.
 * @param depth - blank-node levels.
 * @returns a CONSTRUCT query text.
 */
function closureTemplate(prefix: string, depth: number): string {
  const v = (name: string): string => `?${prefix}${name}`;
  let optional = '';
  for (let level = depth; level >= 1; level -= 1) {
    const from = level === 1 ? v('r') : v(`b${level - 1}`);
    optional = `OPTIONAL { ${from} ${v(`p${level}`)} ${v(`b${level}`)} FILTER(isBlank(${v(`b${level}`)})) ${optional} }`;
  }
  let choice = v(`b${depth}`);
  for (let level = depth - 1; level >= 0; level -= 1) choice = `IF(${v('level')} = ${level}, ${level === 0 ? v('r') : v(`b${level}`)}, ${choice})`;
  const levels = Array.from({ length: depth + 1 }, (_, level) => String(level)).join(' ');
  return `CONSTRUCT { ${v('s')} ${v('p')} ${v('o')} } WHERE {
  { SELECT DISTINCT ${v('s')} WHERE {
    { SELECT DISTINCT ${v('r')} WHERE { BIND(0 AS ${v('resources')}) FILTER(isIRI(${v('r')}) || isBlank(${v('r')})) } }
    ${optional}
    VALUES ${v('level')} { ${levels} }
    BIND(${choice} AS ${v('s')})
    FILTER(BOUND(${v('s')}))
  } }
  ${v('s')} ${v('p')} ${v('o')}
}`;
}
