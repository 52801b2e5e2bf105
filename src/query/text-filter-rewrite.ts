import { DataFactory } from 'n3';
import type { FilterPattern, Pattern, SparqlQuery, Term, ValuePatternRow } from 'sparqljs';
import { foldText } from '../store/index.js';
import type { StringLiteral } from '../store/index.js';

/**
 * Finds the string literals whose folded text ({@link foldText}) contains a folded needle.
 * @param needle - the folded needle, at least {@link MIN_NEEDLE_LENGTH} characters.
 * @returns every such literal the data holds (more may be returned, never fewer), or undefined
 * when there are too many to be worth it or the index cannot answer.
 */
export type TextCandidates = (needle: string) => readonly StringLiteral[] | undefined;

/** The shortest needle looked up: the trigram index finds nothing shorter. */
export const MIN_NEEDLE_LENGTH = 3;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
/** The metacharacters of SPARQL (XPath) regular expressions: a pattern without them matches itself. */
const REGEX_META = /[\\^$.|?*+()[\]{}]/;
/** Printable ASCII: the needles whose case-insensitive REGEX matches are all found through {@link foldText}. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A text filter's variable and its folded needle. */
interface TextCondition {
  readonly variable: string;
  readonly needle: string;
}

function isVariable(e: unknown): e is Term & { termType: 'Variable' } {
  return typeof e === 'object' && e !== null && (e as { termType?: string }).termType === 'Variable';
}

function stringNeedle(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || (e as { termType?: string }).termType !== 'Literal') return undefined;
  const literal = e as { value: string; language: string; datatype: { value: string } };
  return literal.language !== '' || literal.datatype.value === XSD_STRING ? literal.value : undefined;
}

function operation(e: unknown): { operator: string; args: unknown[] } | undefined {
  if (typeof e !== 'object' || e === null || (e as { type?: string }).type !== 'operation') return undefined;
  return e as { operator: string; args: unknown[] };
}

/**
 * The conditions of a FILTER expression that only a literal containing a needle satisfies:
 * `CONTAINS(?v, "n")`, `CONTAINS(LCASE(?v), "n")`, `STRSTARTS` of either, and `REGEX(?v, "n")` or
 * `REGEX(?v, "n", "i")` with a pattern free of metacharacters (case-insensitive only for printable
 * ASCII needles: Unicode case folding has pairs that lowercasing misses), each alone or in a
 * conjunction (`&&`). Anything else gives no condition.
 */
function textConditions(e: unknown): TextCondition[] {
  const op = operation(e);
  if (op === undefined) return [];
  if (op.operator === '&&') return op.args.flatMap(textConditions);
  const [subject, pattern, flags] = op.args;
  let needle = stringNeedle(pattern);
  if (needle === undefined) return [];
  let target = subject;
  if (op.operator === 'contains' || op.operator === 'strstarts') {
    const lcase = operation(subject);
    if (lcase?.operator === 'lcase' && lcase.args.length === 1) target = lcase.args[0];
  } else if (op.operator === 'regex') {
    const flag = flags === undefined ? '' : stringNeedle(flags);
    if (REGEX_META.test(needle) || (flag !== '' && flag !== 'i') || (flag === 'i' && !PRINTABLE_ASCII.test(needle))) needle = undefined;
  } else {
    needle = undefined;
  }
  if (needle === undefined || !isVariable(target)) return [];
  const folded = foldText(needle);
  // Code points, as the trigram tokenizer counts them.
  return Array.from(folded).length >= MIN_NEEDLE_LENGTH ? [{ variable: target.value, needle: folded }] : [];
}

/** Variables that are the object of a triple (with a plain predicate, not a path) of the group's own basic graph patterns. */
function objectVariables(patterns: readonly Pattern[]): Set<string> {
  const found = new Set<string>();
  for (const p of patterns) {
    if (p.type !== 'bgp') continue;
    for (const t of p.triples) {
      if ('termType' in t.predicate && t.object.termType === 'Variable') found.add(t.object.value);
    }
  }
  return found;
}

/** Variables a VALUES of the group binds already (left alone). */
function valuesVariables(patterns: readonly Pattern[]): Set<string> {
  return new Set(patterns.flatMap((p) => (p.type === 'values' ? p.values.flatMap((row) => Object.keys(row).map((k) => k.slice(1))) : [])));
}

function literalTerm(literal: StringLiteral): NonNullable<ValuePatternRow[string]> {
  return literal.lang === '' ? DataFactory.literal(literal.lexical) : DataFactory.literal(literal.lexical, literal.lang);
}

/**
 * Rewrites one group: for each variable a FILTER of the group restricts to literals containing a
 * needle (the longest, when several) and that a triple of the group binds, a VALUES listing the
 * candidates is put first in the group, so the engine joins from them instead of scanning every
 * literal. The FILTER stays, so the answer is the same. Nested groups and GRAPH groups are
 * rewritten too; OPTIONAL, UNION, MINUS, sub-queries and EXISTS are left alone.
 */
function rewriteGroup(patterns: readonly Pattern[], candidates: TextCandidates): Pattern[] | undefined {
  let changed = false;
  const nested = patterns.map((p) => {
    if (p.type !== 'group' && p.type !== 'graph') return p;
    const inner = rewriteGroup(p.patterns, candidates);
    if (inner === undefined) return p;
    changed = true;
    return { ...p, patterns: inner };
  });
  const bound = objectVariables(patterns);
  const listed = valuesVariables(patterns);
  const needles = new Map<string, string>();
  for (const p of patterns) {
    if (p.type !== 'filter') continue;
    for (const { variable, needle } of textConditions(p.expression)) {
      if (!bound.has(variable) || listed.has(variable)) continue;
      if (needle.length > (needles.get(variable)?.length ?? 0)) needles.set(variable, needle);
    }
  }
  const added: Pattern[] = [];
  for (const [variable, needle] of needles) {
    const found = candidates(needle);
    if (found === undefined) continue;
    if (found.length === 0) {
      // VALUES with no rows cannot be written (its variables are named by its rows): FILTER(false) says the same.
      const never: FilterPattern = { type: 'filter', expression: DataFactory.literal('false', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#boolean')) };
      added.push(never);
    } else {
      added.push({ type: 'values', values: found.map((literal) => ({ [`?${variable}`]: literalTerm(literal) })) });
    }
  }
  if (added.length === 0 && !changed) return undefined;
  return [...added, ...nested];
}

/**
 * The query with a VALUES of candidate literals added where a FILTER keeps only literals holding a
 * word (see {@link rewriteGroup}), or undefined when nothing was added. The parsed query is not
 * changed (it may be cached).
 * @param query - the parsed query.
 * @param candidates - the text index's lookup.
 * @returns the rewritten query, or undefined.
 * @example
 * rewriteTextFilters(parse('SELECT * { ?s dc:title ?t FILTER(CONTAINS(LCASE(?t), "laser")) }'), lookup)
 * // → SELECT * { VALUES ?t { "Laser scanning" "Laser line" } ?s dc:title ?t FILTER(…) }
 */
export function rewriteTextFilters(query: SparqlQuery, candidates: TextCandidates): SparqlQuery | undefined {
  if (query.type !== 'query' || query.where === undefined) return undefined;
  const where = rewriteGroup(query.where, candidates);
  return where === undefined ? undefined : { ...query, where };
}
