import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  beforeAll(async () => {
    // Compile the configuration with the build's own script, so these tests need no build of dist/; inside
    // the package (var/ is ignored by git), where the compiled file's requires resolve.
    mkdirSync(join(PACKAGE_ROOT, 'var'), { recursive: true });
    dir = mkdtempSync(join(PACKAGE_ROOT, 'var', 'engine-'));
    const file = join(dir, 'engine.cjs');
    execFileSync(process.execPath, [join(PACKAGE_ROOT, 'scripts/build-comunica-engine.js'), file]);
    engine = await inMemoryEngine(file);
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
    expect(own).not.toMatch(/\(bind\)|multi-bind|optional-bind/);
    expect(own).toMatch(/hash/);
  });

  it('is the installed query-sparql default configuration, with only the join actors replaced.', () => {
    // A Comunica upgrade that changes its default configuration must be carried over here.
    const configs = join(PACKAGE_ROOT, 'node_modules/@comunica/config-query-sparql/config');
    const entry = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules/@comunica/query-sparql/config/config-default.json'), 'utf8')) as { import: string[] }).import;
    expect(entry).toHaveLength(1);
    const defaults = (JSON.parse(readFileSync(join(configs, (entry[0] ?? '').replace('ccqs:config/', '')), 'utf8')) as { import: string[] }).import;
    const ours = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'src/federation/comunica/in-memory.json'), 'utf8')) as { import: string[] }).import;
    const joins = ['ccqs:config/rdf-join/actors-minus.json', './rdf-join-in-memory.json'];
    expect(ours.filter((i) => !joins.includes(i))).toEqual(defaults.filter((i) => i !== 'ccqs:config/rdf-join/actors.json'));
    // The join actors: the default inner and optional ones, less the three bind joins.
    type Actors = { actors: { '@id': string }[] };
    const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Actors).actors.map((a) => a['@id']);
    const expected = [...read(join(configs, 'rdf-join/actors-inner.json')), ...read(join(configs, 'rdf-join/actors-optional.json'))]
      .filter((id) => !/#(inner-multi-bind|inner-multi-bind-source|optional-bind)$/.test(id));
    expect(read(join(PACKAGE_ROOT, 'src/federation/comunica/rdf-join-in-memory.json'))).toEqual(expected);
  });

  it('refuses to start without the build\'s compiled configuration, naming the command that makes it.', async () => {
    await expect(inMemoryEngine(join(dir, 'missing.cjs'))).rejects.toThrow(/npm run build/);
    expect(() => checkInMemoryEngine(join(dir, 'missing.cjs'))).toThrow(/npm run build/);
    expect(() => checkInMemoryEngine(join(dir, 'engine.cjs'))).not.toThrow();
    // An empty file (a compile that failed half-way) is no engine either.
    writeFileSync(join(dir, 'empty.cjs'), '');
    expect(() => checkInMemoryEngine(join(dir, 'empty.cjs'))).toThrow(/holds no compiled Comunica engine/);
  });
});
