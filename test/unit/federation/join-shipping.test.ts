import N3 from 'n3';
import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { JoinShipping, MAX_JOIN_VALUES, MAX_VALUES_TEXT } from '../../../src/federation/join-shipping.js';
import { joinPlan } from '../../../src/federation/prefetch-plan.js';
import type { RoundPattern } from '../../../src/federation/prefetch-plan.js';

const P = 'urn:p#';
const { namedNode, blankNode, literal, quad } = N3.DataFactory;

function shipping(where: string): JoinShipping {
  const plan = joinPlan(new sparqljs.Parser().parse(`PREFIX p: <${P}> SELECT * WHERE { ${where} }`));
  if (plan === undefined) throw new Error('no join plan');
  return new JoinShipping(plan);
}

/** A round as `predicate: variable=term,term …` lines, sorted. */
function describeRound(round: readonly RoundPattern[]): string[] {
  return round.map(({ pattern, values }) => {
    const limits = [...values].map(([key, terms]) => `${key}=${terms.map((t) => t.value).join(',')}`).join(' ');
    return `${(pattern.predicate.value ?? '').replace(P, '')}${limits === '' ? '' : ` ${limits}`}`;
  }).sort();
}

describe('JoinShipping', () => {
  it('fetches the anchored required patterns first, then each step of the join limited to the terms found.', () => {
    const rounds = shipping('?i p:instanceOf <urn:m> . ?f p:operates ?i . ?i p:hasConfiguration ?c . ?d p:acquiredWith ?c OPTIONAL { ?pub p:cites ?d }');
    expect(describeRound(rounds.next())).toEqual(['instanceOf']);
    rounds.record([quad(namedNode('urn:i1'), namedNode(`${P}instanceOf`), namedNode('urn:m')), quad(namedNode('urn:x'), namedNode(`${P}instanceOf`), namedNode('urn:other'))]);
    expect(describeRound(rounds.next())).toEqual(['hasConfiguration ?i=urn:i1', 'operates ?i=urn:i1']);
    rounds.record([quad(namedNode('urn:i1'), namedNode(`${P}hasConfiguration`), namedNode('urn:c1')), quad(namedNode('urn:f1'), namedNode(`${P}operates`), namedNode('urn:i1'))]);
    expect(describeRound(rounds.next())).toEqual(['acquiredWith ?c=urn:c1']);
    rounds.record([quad(namedNode('urn:d1'), namedNode(`${P}acquiredWith`), namedNode('urn:c1'))]);
    expect(describeRound(rounds.next())).toEqual(['cites ?d=urn:d1']);
    rounds.record([]);
    expect(rounds.done).toBe(true);
  });

  it('limits an OPTIONAL group by the required patterns and by its own, never by another group.', () => {
    const rounds = shipping('?i p:instanceOf <urn:m> OPTIONAL { ?i p:a ?x . ?x p:b ?y } OPTIONAL { ?y p:c ?z }');
    rounds.next();
    rounds.record([quad(namedNode('urn:i1'), namedNode(`${P}instanceOf`), namedNode('urn:m'))]);
    expect(describeRound(rounds.next())).toEqual(['a ?i=urn:i1']);
    rounds.record([quad(namedNode('urn:i1'), namedNode(`${P}a`), namedNode('urn:x1'))]);
    expect(describeRound(rounds.next())).toEqual(['b ?x=urn:x1']);
    rounds.record([quad(namedNode('urn:x1'), namedNode(`${P}b`), literal('7'))]);
    // ?y was found in the first group only: the second group's pattern travels whole.
    expect(describeRound(rounds.next())).toEqual(['c']);
    expect(rounds.done).toBe(true);
  });

  it('lets a pattern travel whole when its variable took blank nodes, IRIs unfit for a query, too many terms, or too much text.', () => {
    const cases: [string, (n: number) => N3.Quad][] = [
      ['blank nodes', (n) => quad(blankNode(`b${n}`), namedNode(`${P}instanceOf`), namedNode('urn:m'))],
      ['unfit IRIs', (n) => quad(namedNode(n === 1 ? 'urn:i> } ; DROP ALL ; { <urn:x' : `urn:i${n}`), namedNode(`${P}instanceOf`), namedNode('urn:m'))],
      ['too many terms', (n) => quad(namedNode(`urn:i${n}`), namedNode(`${P}instanceOf`), namedNode('urn:m'))],
      ['too much text', (n) => quad(namedNode(`urn:i${n}-${'x'.repeat(Math.ceil(MAX_VALUES_TEXT / 100))}`), namedNode(`${P}instanceOf`), namedNode('urn:m'))],
    ];
    for (const [name, triple] of cases) {
      const rounds = shipping('?i p:instanceOf ?m . ?m p:name "M" . ?f p:operates ?i');
      expect(describeRound(rounds.next()), name).toEqual(['name']);
      rounds.record([quad(namedNode('urn:m'), namedNode(`${P}name`), literal('M'))]);
      expect(describeRound(rounds.next()), name).toEqual(['instanceOf ?m=urn:m']);
      const count = name === 'too many terms' ? MAX_JOIN_VALUES + 1 : name === 'too much text' ? 150 : 3;
      rounds.record(Array.from({ length: count }, (_, n) => triple(n)));
      const last = describeRound(rounds.next());
      expect(last, name).toEqual(['operates']);
      expect(rounds.done, name).toBe(true);
    }
  });
});
