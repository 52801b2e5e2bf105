import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { graphWrite } from '../../../src/store/renamed-graph.js';
import type { RecordWrite } from '../../../src/store/record-store.js';

const IRI = 'http://phd.test/id/organization/o-1';

function organization(name: string, extra = ''): RecordWrite {
  const quads = new N3.Parser({ format: 'Turtle' }).parse(`@prefix phd: <https://w3id.org/imaging-phd/ns#> . @prefix schema: <https://schema.org/> .
<${IRI}> a phd:Organization ; schema:name "${name}" ${extra}.`);
  return graphWrite(IRI, 'organization', quads, undefined, 'token-a');
}

let dir: string;
let store: SqliteRecordStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phd-revisions-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('A SqliteRecordStore keeping revisions', () => {
  it('rebuilds the graph of every earlier revision by replaying the history.', async () => {
    const v1 = organization('First name');
    const v2 = organization('Second name', '; schema:url <https://example.org/> ');
    const v3 = organization('Third name');
    await store.create(v1);
    await store.update(v2);
    await store.update(v3);
    expect(await store.revisionGraph(IRI, 1)).toBe(v1.ntriples);
    expect(await store.revisionGraph(IRI, 2)).toBe(v2.ntriples);
    expect(await store.revisionGraph(IRI, 3)).toBe(v3.ntriples);
  });

  it('answers undefined for a revision that was never written, and an empty graph for a withdrawal.', async () => {
    await store.create(organization('Only name'));
    await store.delete(IRI, 'token-a');
    expect(await store.revisionGraph(IRI, 3)).toBeUndefined();
    expect(await store.revisionGraph('http://phd.test/id/organization/none', 1)).toBeUndefined();
    expect(await store.revisionGraph(IRI, 2)).toBe('');
  });

  it('keeps the note of an update and the reason of a withdrawal in the history, and none where none was given.', async () => {
    await store.create(organization('First name'));
    await store.update({ ...organization('Second name'), note: 'restored version 1' });
    await store.delete(IRI, 'token-a', undefined, 'the organization merged into another');
    const history = await store.history(IRI);
    expect(history.map((h) => h.note)).toEqual([undefined, 'restored version 1', 'the organization merged into another']);
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'delete']);
  });
});
