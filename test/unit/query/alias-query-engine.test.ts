import { describe, expect, it, vi } from 'vitest';
import { AliasQueryEngine, canonicalIri } from '../../../src/query/alias-query-engine.js';
import type { QueryEngine, QueryOptions } from '../../../src/query/query-engine.js';

const OLD = 'http://phd.test/id/configuration/c1';
const NEW = 'https://doi.org/10.5072/phd-abcd-efgh';
const ALIASES = new Map([[OLD, NEW]]);

function engineOver(aliases: ReadonlyMap<string, string> = ALIASES): { engine: AliasQueryEngine; ran: { text: string; options: QueryOptions | undefined }[]; source: ReturnType<typeof vi.fn> } {
  const ran: { text: string; options: QueryOptions | undefined }[] = [];
  const inner: QueryEngine = {
    limits: { timeoutMs: 1000, maxResults: 10 },
    query: (text, options) => {
      ran.push({ text, options });
      return Promise.resolve({ body: '{}', mediaType: 'application/sparql-results+json', type: 'SELECT' });
    },
    stats: () => ({ workers: 1, busy: 0, queued: 0, loading: 0 }),
    close: () => Promise.resolve(),
  };
  const source = vi.fn(() => Promise.resolve(aliases));
  return { engine: new AliasQueryEngine(inner, source), ran, source };
}

describe('canonicalIri', () => {
  it('maps an alias and the nodes under it, and nothing else.', () => {
    expect(canonicalIri(OLD, ALIASES)).toBe(NEW);
    expect(canonicalIri(`${OLD}/component/obj`, ALIASES)).toBe(`${NEW}/component/obj`);
    expect(canonicalIri(`${OLD}#obj`, ALIASES)).toBe(`${NEW}#obj`);
    expect(canonicalIri(`${OLD}0`, ALIASES)).toBeUndefined();
    expect(canonicalIri('http://phd.test/id/configuration', ALIASES)).toBeUndefined();
  });
});

describe('An AliasQueryEngine', () => {
  it('rewrites the IRIs of aliases and of their nodes, written in full or with a prefix.', async () => {
    const { engine, ran } = engineOver();
    await engine.query(`PREFIX c: <${OLD}/component/> SELECT ?d WHERE { ?d <https://w3id.org/imaging-phd/ns#acquiredWith> <${OLD}> . ?x ?p c:obj }`);
    const text = ran[0]?.text ?? '';
    expect(text).toContain(`<${NEW}>`);
    expect(text).toContain(`<${NEW}/component/obj>`);
    expect(text).not.toContain(`<${OLD}>`);
  });

  it('keeps the old name as the object of owl:sameAs, which only it finds.', async () => {
    const { engine, ran } = engineOver();
    await engine.query(`SELECT ?x WHERE { ?x <http://www.w3.org/2002/07/owl#sameAs> <${OLD}> }`);
    expect(ran[0]?.text).toContain(`<${OLD}>`);
  });

  it('rewrites graph names, in the query and in the protocol\'s dataset.', async () => {
    const { engine, ran } = engineOver();
    await engine.query(`SELECT * WHERE { GRAPH <${OLD}> { ?s ?p ?o } }`, { defaultGraph: [OLD], namedGraphs: ['http://other.test/g'] });
    expect(ran[0]?.text).toContain(`GRAPH <${NEW}>`);
    expect(ran[0]?.options).toMatchObject({ defaultGraph: [NEW], namedGraphs: ['http://other.test/g'] });
  });

  it('passes a query naming no alias, or one that does not parse, as it was written.', async () => {
    const { engine, ran } = engineOver();
    const plain = 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 1';
    const broken = `SELECT ?s WHERE { ?s ?p <${OLD}> `;
    await engine.query(plain);
    await engine.query(broken);
    expect(ran.map((r) => r.text)).toEqual([plain, broken]);
  });

  it('reads the aliases once until it is told they changed.', async () => {
    const { engine, source } = engineOver();
    await engine.query('ASK {}');
    await engine.query('ASK {}');
    expect(source).toHaveBeenCalledTimes(1);
    engine.invalidate();
    await engine.query('ASK {}');
    expect(source).toHaveBeenCalledTimes(2);
  });
});
