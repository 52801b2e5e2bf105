import { describe, expect, it } from 'vitest';
import { runSelect } from '../../../src/query/index.js';
import type { QueryOptions } from '../../../src/query/index.js';

describe('runSelect', () => {
  it('asks the engine for SPARQL JSON and returns the parsed results.', async () => {
    const asked: { text: string; options?: QueryOptions | undefined }[] = [];
    const engine = {
      query: (text: string, options?: QueryOptions) => {
        asked.push({ text, options });
        return Promise.resolve({ type: 'SELECT' as const, mediaType: 'application/sparql-results+json', body: '{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"https://example.org/a"}}]}}' });
      },
    };
    const json = await runSelect(engine, 'SELECT ?s WHERE { ?s ?p ?o }');
    expect(asked).toEqual([{ text: 'SELECT ?s WHERE { ?s ?p ?o }', options: { format: 'sparql-results+json' } }]);
    expect(json.results.bindings[0]?.s?.value).toBe('https://example.org/a');
  });
});
