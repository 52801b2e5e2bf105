import type { Quad } from 'n3';
import { joinKey } from './prefetch-plan.js';
import type { JoinPlan, QueryPattern, RoundPattern } from './prefetch-plan.js';
import { isIriRefSafe } from '../rdf/index.js';

/** Most terms a variable is limited to in a round; past it, its patterns travel whole. */
export const MAX_JOIN_VALUES = 500;
/**
 * Most characters of VALUES one round's query carries (a peer refuses queries over 64 kB); past
 * it, the remaining patterns wait for the last round and travel whole.
 */
export const MAX_VALUES_TEXT = 32 * 1024;

type Found = Map<string, Map<string, Quad['object']>>;

interface Pending {
  readonly pattern: QueryPattern;
  /** -1: a required pattern; otherwise the index of its OPTIONAL group. */
  readonly group: number;
}

/**
 * Whether a term can be written into a query's VALUES as it is. Peers' terms reach here through
 * N3's N-Triples parser, which refuses IRIs with spaces, `<`, `>` and the like; this is a second
 * guard, as the SPARQL writer escapes literals but not IRIs. A term that fails it makes its pattern
 * travel unlimited (whole), which loses no solution.
 */
function writable(term: Quad['object']): boolean {
  if (term.termType === 'BlankNode') return false;
  return term.termType !== 'NamedNode' || isIriRefSafe(term.value);
}

/** About how many characters a term takes in a VALUES clause. */
function textLength(term: Quad['object']): number {
  return term.value.length + (term.termType === 'Literal' ? term.datatype.value.length + term.language.length + 8 : 4);
}

/**
 * The rounds of shipping a join's triples (semi-joins), as state between them. The first round
 * holds the required patterns with a constant subject or object. Each later round holds the
 * patterns that share a variable with what was fetched, limited to the terms found for that
 * variable:
 * - in a required pattern, for the required patterns;
 * - in an OPTIONAL group, for the required patterns and that group's own.
 *
 * When nothing connects any more, the remaining patterns travel whole in a last round.
 * Every solution binds a variable to a term found in the matches of each required pattern (or
 * pattern of its group) that holds it, so the limits lose no solution.
 */
export class JoinShipping {
  private readonly required: Found = new Map();
  private readonly groups: Found[];
  private pending: Pending[];
  private round = 0;
  private current: Pending[] = [];

  /** @param plan - the query's join structure. */
  public constructor(plan: JoinPlan) {
    this.groups = plan.optionals.map((): Found => new Map());
    this.pending = [
      ...plan.required.map((pattern) => ({ pattern, group: -1 })),
      ...plan.optionals.flatMap((patterns, group) => patterns.map((pattern) => ({ pattern, group }))),
    ];
  }

  /** Whether patterns remain to be fetched. */
  public get done(): boolean {
    return this.pending.length === 0;
  }

  /**
   * The patterns of the next round, with their limits; call {@link record} with its triples.
   * @returns the round (never empty while not {@link done}).
   */
  public next(): RoundPattern[] {
    let budget = MAX_VALUES_TEXT;
    const batch: { item: Pending; values: Map<string, readonly Quad['object'][]> }[] = [];
    for (const item of this.pending) {
      const values = new Map<string, readonly Quad['object'][]>();
      for (const term of [item.pattern.subject, item.pattern.object]) {
        const key = joinKey(term);
        const found = key === undefined ? undefined : this.required.get(key) ?? this.groups[item.group]?.get(key);
        if (key === undefined || found === undefined || found.size > MAX_JOIN_VALUES) continue;
        const terms = [...found.values()];
        const length = terms.reduce((sum, t) => sum + textLength(t), 0);
        if (length > budget || !terms.every(writable)) continue;
        budget -= length;
        values.set(key, terms);
      }
      const anchored = joinKey(item.pattern.subject) === undefined || joinKey(item.pattern.object) === undefined;
      if (this.round === 0 ? anchored && item.group === -1 : values.size > 0) batch.push({ item, values });
    }
    this.round += 1;
    // Nothing left connects to what was fetched: the rest travels whole.
    const chosen = batch.length > 0 ? batch : this.pending.map((item) => ({ item, values: new Map<string, readonly Quad['object'][]>() }));
    this.current = chosen.map((b) => b.item);
    this.pending = this.pending.filter((item) => !this.current.includes(item));
    return chosen.map(({ item, values }) => ({ pattern: item.pattern, values }));
  }

  /**
   * Notes the terms the last round's patterns took in its triples.
   * @param triples - everything the round fetched, from every source.
   */
  public record(triples: readonly Quad[]): void {
    for (const item of this.current) {
      const into = item.group === -1 ? this.required : this.groups[item.group];
      if (into !== undefined) recordValues(item.pattern, triples, into);
    }
  }
}

/** Adds, per variable of `pattern`, the terms it takes in the triples that match it. */
function recordValues(pattern: QueryPattern, triples: readonly Quad[], into: Found): void {
  const fixed = (term: QueryPattern['subject'], actual: Quad['object']) =>
    joinKey(term) !== undefined || (term.value === actual.value && term.termType === actual.termType);
  for (const q of triples) {
    if (!fixed(pattern.predicate, q.predicate) || !fixed(pattern.subject, q.subject) || !fixed(pattern.object, q.object)) continue;
    for (const [term, actual] of [[pattern.subject, q.subject], [pattern.object, q.object]] as const) {
      const key = joinKey(term);
      if (key === undefined) continue;
      const terms = into.get(key) ?? new Map<string, Quad['object']>();
      terms.set(actual.id, actual);
      into.set(key, terms);
    }
  }
}
