import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../../src/domain/records.js';
import { StoreError } from '../../../src/errors/phd-error.js';
import { ExternalRecordStore } from '../../../src/store/external-record-store.js';
import { SparqlClient } from '../../../src/store/sparql-client.js';
import { startVirtuoso } from '../../support/virtuoso.js';
import type { VirtuosoProcess } from '../../support/virtuoso.js';
import { BASE, chainIris, OWL_SAME_AS, PHD, PID, storeChain } from './rename-fixtures.js';

// The external store's rename against a real Virtuoso: the graphs move in the store, the catalogue
// follows in one transaction, and a store that refuses part of it is put back.

let virtuoso: VirtuosoProcess;
const dirs: string[] = [];

beforeAll(async () => {
  virtuoso = await startVirtuoso();
}, 90_000);

afterAll(async () => {
  await virtuoso.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function catalogue(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phd-external-rename-'));
  dirs.push(dir);
  return join(dir, 'phd.sqlite');
}

/** A client that, once armed, lets `allowed` graph writes pass and refuses the next one (the store answers with an error); later writes pass. */
class RefusingClient extends SparqlClient {
  private allowed: number | undefined;

  public refuseAfter(allowed: number): void {
    this.allowed = allowed;
  }

  private refuse<T>(write: () => Promise<T>): Promise<T> {
    if (this.allowed === 0) {
      this.allowed = undefined;
      return Promise.reject(new StoreError('the store refused the write'));
    }
    if (this.allowed !== undefined) this.allowed -= 1;
    return write();
  }

  public override writeGraph(graph: string, quads: readonly Quad[] | null): Promise<void> {
    return this.refuse(() => super.writeGraph(graph, quads));
  }

  public override replaceGraphs(graphs: readonly { graph: string; quads: readonly Quad[] | null }[]): Promise<void> {
    return this.refuse(() => super.replaceGraphs(graphs));
  }
}

describe.each([{ path: 'SPARQL Update', gsp: false }, { path: 'the Graph Store Protocol', gsp: true }])('An ExternalRecordStore on Virtuoso renaming a record through $path', ({ gsp }) => {
  const options = () => ({ queryEndpoint: virtuoso.endpoint, ...(gsp ? { graphStoreEndpoint: virtuoso.endpoint.replace(/\/sparql$/, '/sparql-graph-crud') } : {}), timeoutMs: 10_000 });
  const pid = `${PID}-${gsp ? 'gsp' : 'upd'}`;

  it('moves the graph in the store and relinks the records naming it, the catalogue following.', async () => {
    const client = new SparqlClient(options());
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const c = chainIris(`ext-${gsp ? 'gsp' : 'upd'}`);
    await storeChain(store, c);
    const seen: string[] = [];
    store.onChange((iri) => seen.push(iri));
    const { record, relinked } = await store.rename(c.configuration, pid, 'token-a');
    expect(relinked).toEqual([c.dataset]);
    expect(seen.sort()).toEqual([c.configuration, c.dataset, pid].sort());
    const moved = canonicalNTriples(await client.readGraph(pid));
    expect(moved).toContain(`<${pid}> <${OWL_SAME_AS}> <${c.configuration}> .`);
    expect(moved).toContain(`<${pid}/objective>`);
    expect(await client.readGraph(c.configuration)).toEqual([]);
    expect(canonicalNTriples(await client.readGraph(c.dataset))).toContain(`<${c.dataset}> <${PHD}acquiredWith> <${pid}> .`);
    // The store holds what the catalogue acknowledged: the same graph and ETag come back.
    expect((await store.get(pid))?.etag).toBe(record.etag);
    expect((await store.get(c.dataset))?.version).toBe(2);
    expect(await store.canonicalOf(c.configuration)).toBe(pid);
    expect((await store.history(c.dataset)).at(-1)).toMatchObject({ action: 'update', actor: 'token-a' });
    await store.close();
  });

  it('puts every graph back and changes nothing when the store refuses part of a rename.', async () => {
    const client = new RefusingClient(options());
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const c = chainIris(`ext-refused-${gsp ? 'gsp' : 'upd'}`);
    await storeChain(store, c);
    const configuration = canonicalNTriples(await client.readGraph(c.configuration));
    const dataset = canonicalNTriples(await client.readGraph(c.dataset));
    // One request passes (the first graph, or the first batch), the next is refused; with one Update
    // request for the whole rename nothing is written at all.
    client.refuseAfter(gsp ? 1 : 0);
    await expect(store.rename(c.configuration, `${pid}-refused`, 'token-a')).rejects.toThrow(/refused/);
    expect(await client.readGraph(`${pid}-refused`)).toEqual([]);
    expect(canonicalNTriples(await client.readGraph(c.configuration))).toBe(configuration);
    expect(canonicalNTriples(await client.readGraph(c.dataset))).toBe(dataset);
    expect((await store.get(c.configuration))?.deletedAt).toBeUndefined();
    expect(await store.get(`${pid}-refused`)).toBeUndefined();
    expect(await store.canonicalOf(c.configuration)).toBeUndefined();
    expect(store.pendingIntents).toBe(0);
    await store.close();
  });
});
