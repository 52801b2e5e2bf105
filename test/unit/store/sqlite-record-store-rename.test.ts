import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { chainIris, linesRenamed, OWL_SAME_AS, PHD, PID, storeChain } from './rename-fixtures.js';

let dir: string;
let store: SqliteRecordStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phd-rename-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('A SqliteRecordStore renaming a record', () => {
  it('moves the graph and its nodes to the new name with owl:sameAs the old one, keeping the facility and the creator.', async () => {
    const c = chainIris('move');
    await storeChain(store, c);
    const before = await store.get(c.configuration);
    const { record } = await store.rename(c.configuration, PID, 'token-a');
    expect(record.iri).toBe(PID);
    expect(record.facility).toBe(c.facility);
    expect(record.createdBy).toBe('seed');
    expect(record.ntriples).toContain(`<${PID}> <${OWL_SAME_AS}> <${c.configuration}> .`);
    expect(record.ntriples).toContain(`<${PID}/objective> <https://schema.org/name> "Plan-Apo 63x" .`);
    expect(record.ntriples).not.toContain(`<${c.configuration}/`);
    // Modulo the rename and the added owl:sameAs, the graph is the one stored before.
    const after = record.ntriples.split('\n').filter((l) => l !== '' && !l.includes(OWL_SAME_AS)).sort();
    expect(after).toEqual(linesRenamed(before?.ntriples ?? '', c.configuration, PID));
  });

  it('leaves the old IRI as a tombstone that is an alias of the new name.', async () => {
    const c = chainIris('alias');
    await storeChain(store, c);
    await store.rename(c.configuration, PID, 'token-a');
    const old = await store.get(c.configuration);
    expect(old?.deletedAt).toBeDefined();
    expect(await store.canonicalOf(c.configuration)).toBe(PID);
    expect(await store.canonicalOf(PID)).toBeUndefined();
    expect([...(await store.aliases())]).toEqual([[c.configuration, PID]]);
    expect((await store.history(c.configuration)).at(-1)).toMatchObject({ action: 'delete', actor: 'token-a' });
    // An old name is never reused.
    expect(() => store.assertCreatable(c.configuration)).toThrow(/withdrawn/);
  });

  it('rewrites every record naming the old IRI or its nodes as a new revision by the actor, and its links.', async () => {
    const c = chainIris('relink');
    await storeChain(store, c);
    const { relinked } = await store.rename(c.configuration, PID, 'token-a');
    expect(relinked).toEqual([c.dataset]);
    const dataset = await store.get(c.dataset);
    expect(dataset?.version).toBe(2);
    expect(dataset?.facility).toBe(c.facility);
    expect(dataset?.ntriples).toContain(`<${c.dataset}> <${PHD}acquiredWith> <${PID}> .`);
    expect(dataset?.ntriples).toContain(`<${c.dataset}> <${PHD}usedComponent> <${PID}/objective> .`);
    const last = (await store.history(c.dataset)).at(-1);
    expect(last).toMatchObject({ version: 2, action: 'update', actor: 'token-a' });
    expect(last?.added).toContain(`<${PID}>`);
    expect(last?.removed).toContain(`<${c.configuration}>`);
    expect((await store.links({ predicate: `${PHD}acquiredWith`, object: PID })).map((l) => l.record)).toEqual([c.dataset]);
    expect(await store.links({ predicate: `${PHD}acquiredWith`, object: c.configuration })).toEqual([]);
    expect((await store.links({ subject: c.instance, predicate: `${PHD}hasConfiguration` })).map((l) => [l.record, l.object])).toEqual([[PID, PID]]);
    expect((await store.typesOf([`${PID}/objective`, `${c.configuration}/objective`])).get(`${PID}/objective`)).toEqual([`${PHD}Objective`]);
    expect((await store.typesOf([`${c.configuration}/objective`])).size).toBe(0);
  });

  it('relinks the configurations of a renamed instance, changing only the instance\'s name in them.', async () => {
    const c = chainIris('instance');
    await storeChain(store, c);
    const before = await store.get(c.configuration);
    const { relinked } = await store.rename(c.instance, PID, 'admin');
    expect(relinked).toEqual([c.configuration]);
    const after = await store.get(c.configuration);
    expect(after?.version).toBe(2);
    expect(after?.ntriples.split('\n').filter(Boolean).sort()).toEqual(linesRenamed(before?.ntriples ?? '', c.instance, PID));
    expect((await store.links({ subject: PID, predicate: `${PHD}hasConfiguration` })).map((l) => l.object)).toEqual([c.configuration]);
  });

  it('tells the listeners about the new graph, the old one withdrawn and each relinked record.', async () => {
    const c = chainIris('listen');
    await storeChain(store, c);
    const seen: [string, boolean][] = [];
    store.onChange((iri, ntriples) => seen.push([iri, ntriples !== null]));
    await store.rename(c.configuration, PID, 'token-a');
    expect(seen).toEqual([[PID, true], [c.configuration, false], [c.dataset, true]]);
  });

  it('refuses a name that is a record, an alias or a node of a record, changing nothing.', async () => {
    const c = chainIris('refuse');
    await storeChain(store, c);
    const stats = await store.stats();
    await expect(store.rename(c.configuration, c.dataset, 'a')).rejects.toThrow(/exists already/);
    await expect(store.rename(c.configuration, `${c.configuration}/objective`, 'a')).rejects.toThrow(/node of another record/);
    await store.rename(c.instance, PID, 'a');
    await expect(store.rename(c.configuration, c.instance, 'a')).rejects.toThrow(/withdrawn|former name/);
    await expect(store.rename(c.instance, 'https://doi.org/10.5072/other', 'a')).rejects.toThrow(/withdrawn/);
    expect((await store.get(c.configuration))?.version).toBe(2);
    expect((await store.stats()).records).toBe(stats.records);
  });
});
