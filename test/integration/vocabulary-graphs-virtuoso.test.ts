import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepVocabularyGraphs, vocabularyGraphs } from '../../src/query/vocabulary-graphs.js';
import type { VocabularyGraph } from '../../src/query/vocabulary-graphs.js';
import { SparqlClient } from '../../src/store/sparql-client.js';
import { startVirtuoso } from '../support/virtuoso.js';
import type { VirtuosoProcess } from '../support/virtuoso.js';

const { literal, quad } = N3.DataFactory;
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

let virtuoso: VirtuosoProcess;
let client: SparqlClient;

beforeAll(async () => {
  virtuoso = await startVirtuoso();
  // As the service runs on Virtuoso: the ontology's blank nodes go through the Graph Store Protocol.
  client = new SparqlClient({ queryEndpoint: virtuoso.endpoint, graphStoreEndpoint: virtuoso.endpoint.replace(/\/sparql$/, '/sparql-graph-crud'), timeoutMs: 20_000 });
}, 90_000);

afterAll(async () => {
  await virtuoso.stop();
});

describe('The vocabulary graphs in Virtuoso', () => {
  it('are written on the first boot only: a second boot of the same files (duplicate triples and all) writes nothing.', async () => {
    expect((await keepVocabularyGraphs(client)).sort()).toEqual(vocabularyGraphs().map((g) => g.iri).sort());
    expect(await keepVocabularyGraphs(client)).toEqual([]);
  });

  it('are written again when a file changes a literal, though the number of triples stays, and the store then holds the new one.', async () => {
    const graphs = vocabularyGraphs();
    const index = graphs.findIndex((g) => g.quads.some((q) => q.predicate.value === RDFS_LABEL));
    const original = graphs[index] as VocabularyGraph;
    const at = original.quads.findIndex((q) => q.predicate.value === RDFS_LABEL);
    const changed = original.quads[at] as N3.Quad;
    const quads = original.quads.map((q, i) => (i === at ? quad(q.subject, q.predicate, literal('A label edited since the last boot', 'en')) : q));
    const edited: VocabularyGraph = { iri: original.iri, quads, ntriples: new N3.Writer({ format: 'N-Triples' }).quadsToString(quads) };
    expect(quads).toHaveLength(original.quads.length);
    const withEdit = graphs.map((g, i) => (i === index ? edited : g));
    expect(await keepVocabularyGraphs(client, withEdit)).toEqual([original.iri]);
    const held = await client.select(`SELECT ?label WHERE { GRAPH <${original.iri}> { <${changed.subject.value}> <${RDFS_LABEL}> ?label } }`);
    expect(held.results?.bindings.map((b) => b.label?.value)).toContain('A label edited since the last boot');
    expect(await keepVocabularyGraphs(client, withEdit)).toEqual([]);
  });
});
