import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { joinKey, joinPlan, prefetchPlan, roundQuery } from '../../../src/federation/prefetch-plan.js';

const parse = (query: string) => new sparqljs.Parser().parse(query);
const plan = (query: string) => prefetchPlan(new sparqljs.Parser().parse(`PREFIX p: <urn:p#>\n${query}`));

describe('prefetchPlan', () => {
  it('fetches every triple pattern once, constants kept, each with its own variables, in one CONSTRUCT of a UNION.', () => {
    const result = plan('SELECT * WHERE { ?i p:instanceOf <urn:m> . ?f p:operates ?i . ?i p:instanceOf <urn:m> }');
    expect(result?.patterns).toBe(2);
    const parsed = new sparqljs.Parser().parse(result?.query ?? '') as { queryType: string; template: { subject: { value: string } }[]; where: { type: string; patterns: unknown[] }[] };
    expect(parsed.queryType).toBe('CONSTRUCT');
    expect(parsed.where[0]?.type).toBe('union');
    expect(parsed.where[0]?.patterns).toHaveLength(2);
    // Fresh variables per pattern: no branch can fill another's template.
    expect(new Set(parsed.template.map((t) => t.subject.value)).size).toBe(2);
    expect(result?.query).toContain('<urn:m>');
  });

  it('includes the patterns of OPTIONAL, MINUS, FILTER (NOT) EXISTS and sub-queries, and each predicate of a path.', () => {
    const result = plan(`SELECT * WHERE { ?a p:x ?b OPTIONAL { ?a p:y ?c } MINUS { ?a p:z 1 } FILTER NOT EXISTS { ?a p:w ?d }
      { SELECT ?a WHERE { ?a p:s ?t } } ?a p:q1/^p:q2+ ?e }`);
    for (const predicate of ['x', 'y', 'z', 'w', 's', 'q1', 'q2']) expect(result?.query).toContain(`<urn:p#${predicate}>`);
    expect(result?.patterns).toBe(7);
  });

  it('declines queries whose answer depends on more than the matching triples.', () => {
    expect(plan('DESCRIBE <urn:x>')).toBeUndefined();
    expect(plan('SELECT * WHERE { GRAPH ?g { ?s p:x ?o } }')).toBeUndefined();
    expect(plan('SELECT * WHERE { SERVICE <http://peer.example/sparql> { ?s p:x ?o } }')).toBeUndefined();
    expect(plan('SELECT * WHERE { ?s !p:x ?o }')).toBeUndefined();
    expect(plan('SELECT * WHERE { ?s ?p ?o }')).toBeUndefined();
    // Zero-length paths match every node of the graph, not only nodes of p-triples.
    expect(plan('SELECT * WHERE { ?x p:p* ?y }')).toBeUndefined();
    expect(plan('SELECT * WHERE { ?x p:a/p:p? ?y }')).toBeUndefined();
  });

  it('keeps literals and language tags exact, and turns blank nodes into variables.', () => {
    const result = plan('SELECT * WHERE { ?s p:label "Zeiss \\"Axio\\""@en . _:b p:x ?s }');
    expect(result?.query).toContain('"Zeiss \\"Axio\\""@en');
    expect(result?.query).not.toContain('_:');
  });
});

describe('joinPlan', () => {
  const P = 'PREFIX phd: <https://w3id.org/imaging-phd/ns#> ';

  it('splits a join into its required patterns and the patterns of each OPTIONAL group.', () => {
    const plan = joinPlan(parse(`${P}SELECT * WHERE { ?i phd:instanceOf <http://m> . ?f phd:operates ?i FILTER(?f != <http://x>) OPTIONAL { ?i phd:serialNumber ?n . ?i phd:hasConfiguration _:c } }`));
    expect(plan?.required.map((p) => [p.subject.value, p.predicate.value, p.object.value])).toEqual([
      ['i', 'https://w3id.org/imaging-phd/ns#instanceOf', 'http://m'],
      ['f', 'https://w3id.org/imaging-phd/ns#operates', 'i'],
    ]);
    expect(plan?.optionals.map((group) => group.map((p) => joinKey(p.object)))).toEqual([['?n', expect.stringMatching(/^_:/)]]);
  });

  it('declines what is not a join of basic graph patterns, and a join with nothing constant to start from.', () => {
    for (const query of [
      `${P}SELECT * WHERE { { ?s phd:operates ?o } UNION { ?s phd:instanceOf ?o } }`,
      `${P}SELECT * WHERE { ?s phd:operates ?o MINUS { ?s phd:instanceOf <http://m> } }`,
      `${P}SELECT * WHERE { ?s phd:operates ?o FILTER NOT EXISTS { ?o phd:instanceOf <http://m> } }`,
      `${P}SELECT * WHERE { ?s phd:operates/phd:instanceOf <http://m> }`,
      `${P}SELECT * WHERE { ?s phd:operates ?o . { SELECT ?o WHERE { ?o phd:instanceOf <http://m> } } }`,
      `${P}SELECT * WHERE { ?s phd:operates ?o OPTIONAL { { ?o phd:a ?x } UNION { ?o phd:b ?x } } }`,
      `${P}SELECT * WHERE { ?s phd:operates ?o . ?o phd:instanceOf ?m }`,
      `${P}DESCRIBE <http://m>`,
    ]) expect(joinPlan(parse(query)), query).toBeUndefined();
  });
});

describe('roundQuery', () => {
  it('limits each pattern\'s variables with VALUES, each pattern with its own variables, constants and literals kept.', () => {
    const text = roundQuery([
      { pattern: { subject: { termType: 'Variable', value: 'f' }, predicate: { termType: 'NamedNode', value: 'http://p' }, object: { termType: 'Variable', value: 'i' } },
        values: new Map([['?i', [{ termType: 'NamedNode', value: 'http://i1' }, { termType: 'NamedNode', value: 'http://i2' }]]]) },
      { pattern: { subject: { termType: 'Variable', value: 'i' }, predicate: { termType: 'NamedNode', value: 'http://q' }, object: { termType: 'Literal', value: 'x "y"', language: 'en' } },
        values: new Map() },
    ]);
    const parsed = parse(text) as unknown as { queryType: string; where: { type: string; patterns: { type: string; patterns: { type: string; values?: Record<string, { value: string }>[] }[] }[] }[] };
    expect(parsed.queryType).toBe('CONSTRUCT');
    const [first, second] = parsed.where[0]?.patterns ?? [];
    expect(first?.patterns[0]?.values?.map((row) => Object.entries(row).map(([k, v]) => `${k}=${v.value}`))).toEqual([['?v0_1=http://i1'], ['?v0_1=http://i2']]);
    expect(second?.type).toBe('bgp');
    expect(text).toContain('"x \\"y\\""@en');
  });
});
