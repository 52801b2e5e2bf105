import sparqljs from 'sparqljs';
import { describe, expect, it } from 'vitest';
import { prefetchPlan } from '../../../src/federation/prefetch-plan.js';

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
