import { describe, expect, it } from 'vitest';
import type { Quad } from 'n3';
import { keepVocabularyGraphs, vocabularyGraphs } from '../../../src/query/vocabulary-graphs.js';
import type { SparqlResults } from '../../../src/representation/sparql-json.js';

describe('The vocabulary graphs', () => {
  it('are the ontology files, each named by the ontology IRI it declares.', () => {
    expect(vocabularyGraphs().map((g) => g.iri).sort()).toEqual([
      'https://w3id.org/imaging-phd/nbo-q', 'https://w3id.org/imaging-phd/ns', 'https://w3id.org/imaging-phd/unit',
    ]);
    for (const graph of vocabularyGraphs()) expect(graph.ntriples.trim().split('\n')).toHaveLength(graph.quads.length);
  });

  it('are written to an external store only where it holds another number of triples.', async () => {
    const [first, second] = vocabularyGraphs();
    const held = new Map<string, number>([[first?.iri ?? '', first?.quads.length ?? 0], [second?.iri ?? '', 3]]);
    const writes: string[] = [];
    const client = {
      select: (query: string): Promise<SparqlResults> => {
        const graph = /GRAPH <([^>]+)>/.exec(query)?.[1] ?? '';
        return Promise.resolve({ head: { vars: ['n'] }, results: { bindings: [{ n: { type: 'literal', value: String(held.get(graph) ?? 0) } }] } });
      },
      writeGraph: (graph: string, quads: readonly Quad[] | null): Promise<void> => {
        writes.push(graph);
        held.set(graph, quads?.length ?? 0);
        return Promise.resolve();
      },
    };
    const written = await keepVocabularyGraphs(client);
    expect(written).toEqual(vocabularyGraphs().slice(1).map((g) => g.iri));
    expect(writes).toEqual(written);
    expect(await keepVocabularyGraphs(client)).toEqual([]);
  });
});
