import { describe, expect, it } from 'vitest';
import type { Quad } from 'n3';
import { keepVocabularyGraphs, vocabularyGraphs } from '../../../src/query/vocabulary-graphs.js';
import type { VocabularyGraph } from '../../../src/query/vocabulary-graphs.js';
import type { SparqlResults } from '../../../src/representation/sparql-json.js';

describe('The vocabulary graphs', () => {
  it('are the ontology files, each named by the ontology IRI it declares.', () => {
    expect(vocabularyGraphs().map((g) => g.iri).sort()).toEqual([
      'https://w3id.org/imaging-phd/nbo-q', 'https://w3id.org/imaging-phd/ns', 'https://w3id.org/imaging-phd/unit',
    ]);
    for (const graph of vocabularyGraphs()) expect(graph.ntriples.trim().split('\n')).toHaveLength(graph.quads.length);
  });

  it('are written to an external store only where the content it holds differs from the files.', async () => {
    const [first, second] = vocabularyGraphs();
    const held = new Map<string, readonly Quad[]>();
    const writes: string[] = [];
    const client = {
      // What the store holds of a graph's content digest, read back as the one triple that keeps it.
      select: (query: string): Promise<SparqlResults> => {
        const graph = /GRAPH <([^>]+)>/.exec(query)?.[1] ?? '';
        const digest = held.get(graph)?.find((q) => q.subject.value === graph && q.predicate.value.endsWith('sha256'))?.object.value;
        return Promise.resolve({ head: { vars: ['digest'] }, results: { bindings: digest === undefined ? [] : [{ digest: { type: 'literal', value: digest } }] } });
      },
      writeGraph: (graph: string, quads: readonly Quad[] | null): Promise<void> => {
        writes.push(graph);
        held.set(graph, quads ?? []);
        return Promise.resolve();
      },
    };
    expect(await keepVocabularyGraphs(client)).toEqual(vocabularyGraphs().map((g) => g.iri));
    expect(await keepVocabularyGraphs(client)).toEqual([]);
    // The same triples in another order (or repeated) are the same content.
    const shuffled: VocabularyGraph = { ...(second as VocabularyGraph), quads: [...(second?.quads ?? []), ...(second?.quads ?? [])].reverse() };
    expect(await keepVocabularyGraphs(client, [first as VocabularyGraph, shuffled])).toEqual([]);
    expect(writes).toHaveLength(vocabularyGraphs().length);
  });
});
