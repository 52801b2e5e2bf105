import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { serializeServiceDescription, serviceDescriptionQuads } from '../../../src/query/service-description.js';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const ENDPOINT = 'https://phd.core.example/sparql';

const canonical = (quads: N3.Quad[]) => new N3.Writer({ format: 'N-Triples' }).quadsToString(quads).split('\n').filter((l) => l !== '').sort();

describe('The service description', () => {
  it('describes a SPARQL 1.1 Query service at the endpoint, with a union default graph.', () => {
    const store = new N3.Store(serviceDescriptionQuads({ endpoint: ENDPOINT, limits: { timeoutMs: 10_000, maxResults: 10_000 } }));
    const [service] = store.getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${SD}Service`, null);
    expect(service).toBeDefined();
    const objects = (p: string) => store.getObjects(service ?? null, `${SD}${p}`, null).map((o) => o.value);
    expect(objects('endpoint')).toEqual([ENDPOINT]);
    expect(objects('supportedLanguage')).toEqual([`${SD}SPARQL11Query`]);
    expect(objects('feature')).toContain(`${SD}UnionDefaultGraph`);
    expect(objects('resultFormat').sort()).toEqual([
      'JSON-LD', 'N-Quads', 'N-Triples', 'RDF_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_JSON', 'SPARQL_Results_TSV', 'SPARQL_Results_XML', 'Turtle',
    ].map((f) => `http://www.w3.org/ns/formats/${f}`));
    const [dataset] = objects('defaultDataset');
    expect(store.getObjects(dataset ?? null, `${SD}defaultGraph`, null)).toHaveLength(1);
    expect(store.getObjects(service ?? null, 'http://purl.org/dc/terms/description', null)[0]?.value).toContain('10 s');
  });

  it('reads back the same graph from Turtle, N-Triples and JSON-LD.', async () => {
    const options = { endpoint: ENDPOINT };
    const expected = canonical(serviceDescriptionQuads(options));
    const turtle = await serializeServiceDescription(options, 'turtle');
    expect(turtle).toContain('@prefix sd: <http://www.w3.org/ns/sparql-service-description#>');
    expect(canonical(new N3.Parser({ format: 'Turtle' }).parse(turtle))).toEqual(expected);
    expect(canonical(new N3.Parser({ format: 'N-Triples' }).parse(await serializeServiceDescription(options, 'n-triples')))).toEqual(expected);
    const json = JSON.parse(await serializeServiceDescription(options, 'json-ld')) as JsonLdDocument;
    const nquads = (await jsonld.toRDF(json, { format: 'application/n-quads' })) as unknown as string;
    expect(canonical(new N3.Parser({ format: 'N-Quads' }).parse(nquads))).toEqual(expected);
  });
});
