import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphWrite } from '../../../src/store/renamed-graph.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';

const { namedNode, literal, quad } = N3.DataFactory;
const NAME = 'https://schema.org/name';
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const PHD = 'https://w3id.org/imaging-phd/ns#';

const write = (iri: string, kind: 'model' | 'facility', type: string) =>
  graphWrite(iri, kind, [quad(namedNode(iri), namedNode(TYPE), namedNode(`${PHD}${type}`)), quad(namedNode(iri), namedNode(NAME), literal(iri))], undefined, 'tok');

let dir: string;
let store: SqliteRecordStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phd-counts-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('A SqliteRecordStore counting its records by kind', () => {
  it('counts the live records of each kind, leaving out deleted ones and kinds without records.', async () => {
    expect(await store.countByKind()).toEqual(new Map());
    await store.create(write('https://doi.org/10.5072/m1', 'model', 'InstrumentModel'));
    await store.create(write('https://doi.org/10.5072/m2', 'model', 'InstrumentModel'));
    await store.create(write('https://identifiers.org/RRID:SCR_999001', 'facility', 'Facility'));
    expect(await store.countByKind()).toEqual(new Map([['model', 2], ['facility', 1]]));
    await store.delete('https://doi.org/10.5072/m1', 'tok');
    expect(await store.countByKind()).toEqual(new Map([['model', 1], ['facility', 1]]));
  });
});
