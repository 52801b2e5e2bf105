import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphWrite } from '../../../src/store/renamed-graph.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { foldText, searchTextLiterals, stringLiterals } from '../../../src/store/text-literals.js';

const { namedNode, literal, quad } = N3.DataFactory;
const NAME = 'https://schema.org/name';
const COMMENT = 'http://www.w3.org/2000/01/rdf-schema#comment';

const write = (iri: string, ...names: N3.Literal[]) =>
  graphWrite(iri, 'model', names.map((name, i) => quad(namedNode(iri), namedNode(i === 0 ? NAME : COMMENT), name)), undefined, 'tok');

let dir: string;
let path: string;
let store: SqliteRecordStore;

const found = (needle: string) => searchTextLiterals(store.database, foldText(needle), 100).map((l) => `${l.lexical}@${l.lang}`).sort();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phd-text-'));
  path = join(dir, 'phd.sqlite');
  store = new SqliteRecordStore(path);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('The text index of a SqliteRecordStore', () => {
  it('finds the string literals of created records by any part of three characters or more, whatever their case.', async () => {
    await store.create(write('http://x/a', literal('Ångström grating'), literal('Gitter für Ångström', 'de-DE')));
    await store.createMany([write('http://x/b', literal('ÅNGSTRÖM scale'), literal('42', namedNode('http://www.w3.org/2001/XMLSchema#integer')))]);
    expect(found('ångström')).toEqual(['Gitter für Ångström@de-de', 'ÅNGSTRÖM scale@', 'Ångström grating@']);
    expect(found('GRAT')).toEqual(['Ångström grating@']);
    expect(found('42')).toEqual([]);
  });

  it('keeps a literal while any record holds it, and drops it when the last one changes or is withdrawn.', async () => {
    await store.create(write('http://x/a', literal('Shared confocal')));
    const b = await store.create(write('http://x/b', literal('Shared confocal'), literal('Only in b')));
    const a = await store.get('http://x/a');
    await store.update(write('http://x/a', literal('Renamed widefield')), a?.etag);
    expect(found('confocal')).toEqual(['Shared confocal@']);
    expect(found('widefield')).toEqual(['Renamed widefield@']);
    await store.delete('http://x/b', 'tok', b.etag);
    expect(found('confocal')).toEqual([]);
    expect(found('only in')).toEqual([]);
    await store.revive(write('http://x/b', literal('Shared confocal')));
    expect(found('confocal')).toEqual(['Shared confocal@']);
  });

  it('follows a rename: the literals stay under the record\'s new name.', async () => {
    await store.create(write('http://x/a', literal('Lattice light sheet')));
    await store.rename('http://x/a', 'http://x/z', 'tok');
    expect(found('lattice')).toEqual(['Lattice light sheet@']);
  });

  it('is built from the records when a file written before it is opened.', async () => {
    await store.create(write('http://x/a', literal('Older spinning disk')));
    store.database.exec('DROP TABLE text_search; DROP TABLE text_literals;');
    await store.close();
    store = new SqliteRecordStore(path);
    expect(found('spinning')).toEqual(['Older spinning disk@']);
    await store.create(write('http://x/b', literal('Newer spinning disk')));
    expect(found('spinning')).toEqual(['Newer spinning disk@', 'Older spinning disk@']);
  });
});

describe('stringLiterals', () => {
  it('reads the escapes, language tags and xsd:string of N-Triples objects, and leaves other terms out.', () => {
    const ntriples = [
      '<http://x/a> <http://x/p> "a \\"quoted\\" \\\\ line\\n\\u00C5" .',
      '<http://x/a> <http://x/p> "plain"^^<http://www.w3.org/2001/XMLSchema#string> .',
      '_:b0 <http://x/p> "tagged"@en-GB .',
      '<http://x/a> <http://x/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .',
      '<http://x/a> <http://x/p> <http://x/"not-a-literal> .',
    ].join('\n');
    expect([...stringLiterals(ntriples).values()]).toEqual([
      { lexical: 'a "quoted" \\ line\nÅ', lang: '' },
      { lexical: 'plain', lang: '' },
      { lexical: 'tagged', lang: 'en-gb' },
    ]);
  });
});

describe('foldText', () => {
  it('lowercases each character on its own, and folds the final sigma and the long s.', () => {
    expect(foldText('ÅNGSTRÖM ΟΔΟΣ ſ')).toBe('ångström οδοσ s');
  });
});
