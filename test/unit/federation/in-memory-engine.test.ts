import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryEngine } from '@comunica/query-sparql';
import N3 from 'n3';
import { RdfStore } from 'rdf-stores';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInMemoryEngine, inMemoryEngine } from '../../../src/federation/in-memory-engine.js';
import { PACKAGE_ROOT } from '../../../src/validation/model-files.js';

const P = 'urn:p#';
const { namedNode, quad } = N3.DataFactory;
const QUERY = `PREFIX p: <${P}> SELECT ?f ?i ?d ?pub WHERE {
  ?i p:instanceOf <urn:m> . ?f p:operates ?i . ?i p:hasConfiguration ?c . ?d p:acquiredWith ?c
  OPTIONAL { ?pub p:cites ?d } }`;

/** Two facilities, three instances (two of model urn:m), configurations, datasets, some cited. */
function store(): RdfStore {
  const s = RdfStore.createDefault();
  const add = (a: string, p: string, b: string) => s.addQuad(quad(namedNode(a), namedNode(`${P}${p}`), namedNode(b)));
  for (let i = 0; i < 3; i += 1) {
    add(`urn:i${i}`, 'instanceOf', i < 2 ? 'urn:m' : 'urn:other');
    add(`urn:f${i % 2}`, 'operates', `urn:i${i}`);
    for (let c = 0; c < 3; c += 1) {
      add(`urn:i${i}`, 'hasConfiguration', `urn:c${i}.${c}`);
      for (let d = 0; d < 4; d += 1) {
        add(`urn:d${i}.${c}.${d}`, 'acquiredWith', `urn:c${i}.${c}`);
        if (d % 2 === 0) add(`urn:pub${d}`, 'cites', `urn:d${i}.${c}.${d}`);
      }
    }
  }
  return s;
}

async function rows(engine: QueryEngine, source: RdfStore): Promise<string[]> {
  const bindings = await (await engine.queryBindings(QUERY, { sources: [source] })).toArray();
  return bindings.map((b) => ['f', 'i', 'd', 'pub'].map((v) => b.get(v)?.value ?? '-').join(' ')).sort();
}

async function plan(engine: QueryEngine, source: RdfStore): Promise<string> {
  const explained = await engine.explain(QUERY, { sources: [source] }, 'physical');
  return typeof explained.data === 'string' ? explained.data : JSON.stringify(explained.data);
}

describe('the Comunica engine for shipped triples', () => {
  let dir: string;
  let engine: QueryEngine;

  beforeAll(() => {
    // Compile the configuration as the build does, so these tests need no build of dist/; inside
    // the package (var/ is ignored by git), where the compiled file's requires resolve.
    mkdirSync(join(PACKAGE_ROOT, 'var'), { recursive: true });
    dir = mkdtempSync(join(PACKAGE_ROOT, 'var', 'engine-'));
    const file = join(dir, 'engine.cjs');
    writeFileSync(file, execFileSync(join(PACKAGE_ROOT, 'node_modules/.bin/comunica-compile-config'), ['src/federation/comunica/in-memory.json'], { cwd: PACKAGE_ROOT, maxBuffer: 16 * 1024 * 1024 }));
    engine = inMemoryEngine(file);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a join with an OPTIONAL exactly as the default engine does.', async () => {
    const source = store();
    const expected = await rows(new QueryEngine(), source);
    expect(expected).toHaveLength(2 * 3 * 4);
    expect(expected.filter((r) => r.endsWith(' -'))).toHaveLength(12);
    expect(await rows(engine, source)).toEqual(expected);
  });

  it('joins with hashes where the default configuration binds one sub-query per binding.', async () => {
    const source = store();
    expect(await plan(new QueryEngine(), source)).toMatch(/\(bind\)/);
    const own = await plan(engine, source);
    expect(own).not.toMatch(/bind/);
    expect(own).toMatch(/hash/);
  });

  it('refuses to start without the build\'s compiled configuration, naming the command that makes it.', () => {
    expect(() => inMemoryEngine(join(dir, 'missing.cjs'))).toThrow(/npm run build/);
    expect(() => checkInMemoryEngine(join(dir, 'missing.cjs'))).toThrow(/npm run build/);
    expect(() => checkInMemoryEngine(join(dir, 'engine.cjs'))).not.toThrow();
  });
});
