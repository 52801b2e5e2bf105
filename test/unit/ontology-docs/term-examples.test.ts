import { describe, expect, it } from 'vitest';
import { NBOQ_NS } from '../../../src/domain/namespaces.js';
import { OntologyCatalog } from '../../../src/ontology-docs/ontology-catalog.js';
import { termExamples, termExamplesQuery } from '../../../src/ontology-docs/term-examples.js';
import { QueryIndex } from '../../../src/query/query-index.js';
import { vocabularyGraphs } from '../../../src/query/vocabulary-graphs.js';
import type { SparqlJson } from '../../../src/representation/sparql-json.js';

const RECORD = 'http://phd.test/id/configuration/c1';
const LENS_NA = `${NBOQ_NS}lensNA`;

/** An index with one record and the vocabulary graphs, queried as the service queries it. */
function index(): QueryIndex {
  const idx = new QueryIndex();
  idx.loadRecords([{ iri: RECORD, ntriples: `<${RECORD}/component/o1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${NBOQ_NS}Objective> .\n<${RECORD}/component/o1> <${LENS_NA}> "1.4" .\n` }]);
  idx.loadVocabulary(vocabularyGraphs());
  return idx;
}

const runner = (idx: QueryIndex) => (text: string): Promise<SparqlJson> => Promise.resolve(JSON.parse(idx.execute({
  text, type: 'SELECT', format: 'application/sparql-results+json', maxResults: 100, mustCount: false,
})) as SparqlJson);

describe('The examples of a term', () => {
  it('are the values of a property in the records, each with its record.', async () => {
    const idx = index();
    const examples = await termExamples(OntologyCatalog.shared(), LENS_NA, 'property', runner(idx), 'http://phd.test');
    expect(examples).toEqual([{ value: { text: '1.4' }, record: RECORD, recordHref: '/id/configuration/c1' }]);
  });

  it('are the instances of a class, never a term of the ontology graphs.', async () => {
    const idx = index();
    const objectives = await termExamples(OntologyCatalog.shared(), `${NBOQ_NS}Objective`, 'class', runner(idx), 'http://phd.test');
    expect(objectives.map((e) => e.value.text)).toEqual([`${RECORD}/component/o1`]);
    // The ontology declares owl:Class instances, but only records give examples.
    const classes = await termExamples(OntologyCatalog.shared(), 'http://www.w3.org/2002/07/owl#Class', 'class', runner(idx), 'http://phd.test');
    expect(classes).toEqual([]);
  });

  it('are asked for at most a few, outside the vocabulary graphs.', () => {
    const query = termExamplesQuery(LENS_NA, 'property');
    expect(query).toContain('LIMIT 5');
    for (const graph of vocabularyGraphs()) expect(query).toContain(`<${graph.iri}>`);
  });
});
