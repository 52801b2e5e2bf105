import type { Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/errors/phd-error.js';
import { ExternalRecordStore } from '../../../src/store/external-record-store.js';
import { SparqlClient } from '../../../src/store/sparql-client.js';
import { virtuosoForFile } from '../../support/virtuoso-for-file.js';
import { BASE, chainIris, chainWrites } from './rename-fixtures.js';

// A store that gives no answer for a moment: a bulk load waits it out, an interactive write does not.

const { catalogue, options } = virtuosoForFile('phd-external-unreachable-');

/** A client whose next `failures` graph writes get no answer (as when the store cannot be reached); later writes pass. */
class UnreachableClient extends SparqlClient {
  public failures = 0;
  /** The graphs each write attempt carried content for (removals left out). */
  public readonly sent: string[][] = [];

  private unreachable<T>(graphs: readonly { graph: string; quads: readonly Quad[] | null }[], write: () => Promise<T>): Promise<T> {
    const filled = graphs.filter((g) => g.quads !== null && g.quads.length > 0).map((g) => g.graph);
    if (filled.length > 0) this.sent.push(filled);
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new ServiceUnavailableError('The triple store at http://127.0.0.1:1/sparql cannot be reached.', { code: 'store-unavailable' }));
    }
    return write();
  }

  public override writeGraph(graph: string, quads: readonly Quad[] | null): Promise<void> {
    return this.unreachable([{ graph, quads }], () => super.writeGraph(graph, quads));
  }

  public override replaceGraphs(graphs: readonly { graph: string; quads: readonly Quad[] | null }[]): Promise<void> {
    return this.unreachable(graphs, () => super.replaceGraphs(graphs));
  }
}

describe.each([{ path: 'SPARQL Update', gsp: false }, { path: 'the Graph Store Protocol', gsp: true }])('An ExternalRecordStore writing through $path to a store that does not answer for a moment', ({ gsp }) => {
  it('sends a bulk load\'s writes again until the store answers, and stores every record.', async () => {
    const client = new UnreachableClient(options(gsp));
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const writes = chainWrites(chainIris(`bulk-${gsp ? 'gsp' : 'upd'}`));
    client.failures = 3;
    expect(await store.createMany(writes)).toBe(writes.length);
    expect(client.failures).toBe(0);
    for (const write of writes) {
      expect((await client.readGraph(write.iri)).length, write.iri).toBeGreaterThan(0);
      expect((await store.get(write.iri))?.iri).toBe(write.iri);
    }
    await store.close();
  });

  it('answers an interactive write with 503 at once, storing nothing.', async () => {
    const client = new UnreachableClient(options(gsp));
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const writes = chainWrites(chainIris(`single-${gsp ? 'gsp' : 'upd'}`));
    client.failures = 1;
    await expect(store.createAll(writes)).rejects.toThrow(ServiceUnavailableError);
    // Nothing was sent twice: the failed write was not tried again.
    const graphs = client.sent.flat();
    expect(graphs.length).toBeGreaterThan(0);
    expect(new Set(graphs).size).toBe(graphs.length);
    for (const write of writes) expect(await store.get(write.iri)).toBeUndefined();
    await store.close();
  });
});
