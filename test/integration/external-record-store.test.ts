import { dirname } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../src/domain/records.js';
import { ServiceUnavailableError } from '../../src/errors/phd-error.js';
import { ExternalRecordStore } from '../../src/store/external-record-store.js';
import type { RecordWrite } from '../../src/store/record-store.js';
import { SparqlClient } from '../../src/store/sparql-client.js';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { virtuosoForFile } from '../support/virtuoso-for-file.js';

const BASE = 'http://phd.test';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NAME = 'https://schema.org/name';

const { catalogue, options } = virtuosoForFile();

let serial = 0;
/** A facility record with a blank node and literals Virtuoso re-spells ("1.40", "100" decimal, a double). */
function facility(name: string, iri = `${BASE}/id/facility/f${(serial += 1)}`): RecordWrite {
  const ntriples = canonicalNTriples(new N3.Parser({ format: 'N-Triples' }).parse([
    `<${iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/imaging-phd/ns#Facility> .`,
    `<${iri}> <${NAME}> "${name}" .`,
    `<${iri}> <https://schema.org/address> _:address .`,
    `_:address <https://schema.org/addressLocality> "Heidelberg"@de .`,
    `<${iri}> <http://example.org/na> "1.40"^^<${XSD}decimal> .`,
    `<${iri}> <http://example.org/magnification> "100"^^<${XSD}decimal> .`,
    `<${iri}> <http://example.org/wavelength> "4.05E2"^^<${XSD}double> .`,
  ].join('\n')));
  return { iri, kind: 'facility', ntriples, triples: ntriples.split('\n').length - 1, facility: undefined, actor: 'test', types: new Map(), links: [] };
}

/** The two ways graphs are written: SPARQL Update requests, or Graph Store Protocol PUT/DELETE. */
const WRITE_PATHS = [{ path: 'SPARQL Update', gsp: false }, { path: 'the Graph Store Protocol', gsp: true }] as const;

/** A client that loses the store's answer, or finds the store down, or never returns, on demand. */
class FaultyClient extends SparqlClient {
  public mode: 'ok' | 'lose-answer' | 'down' | 'hang-after-apply' | 'hang-before-apply' = 'ok';

  public constructor(gsp: boolean) {
    super(options(gsp));
  }

  private async fault(apply: () => Promise<void>): Promise<void> {
    switch (this.mode) {
      case 'ok':
        return apply();
      case 'lose-answer':
        await apply();
        throw new ServiceUnavailableError('connection reset after the update was sent', { code: 'store-unavailable' });
      case 'down':
        throw new ServiceUnavailableError('the store cannot be reached', { code: 'store-unavailable' });
      case 'hang-after-apply':
        await apply();
        return new Promise<void>(() => undefined);
      case 'hang-before-apply':
        return new Promise<void>(() => undefined);
    }
  }

  public override replaceGraphs(graphs: readonly { graph: string; quads: readonly Quad[] | null }[]): Promise<void> {
    return this.fault(() => super.replaceGraphs(graphs));
  }

  public override writeGraph(graph: string, quads: readonly Quad[] | null): Promise<void> {
    return this.fault(() => super.writeGraph(graph, quads));
  }

  public override readGraph(graph: string): Promise<Quad[]> {
    if (this.mode === 'down') return Promise.reject(new ServiceUnavailableError('the store cannot be reached', { code: 'store-unavailable' }));
    return super.readGraph(graph);
  }
}

describe.each(WRITE_PATHS)('ExternalRecordStore on Virtuoso, writing through $path', ({ gsp }) => {
  let client: SparqlClient;
  beforeAll(() => {
    client = new SparqlClient(options(gsp));
  });

  it('keeps the graph in the store, serves the acknowledged spelling and ETag, and gives blank nodes back as blank nodes.', async () => {
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const write = facility('Spelling Core');
    const created = await store.create(write);
    const raw = canonicalNTriples(await client.readGraph(write.iri));
    // Virtuoso re-spells the numbers and holds the blank node as a Skolem IRI…
    expect(raw).toContain(`"1.4"^^<${XSD}decimal>`);
    expect(raw).toMatch(/"100(\.0)?"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#(integer|decimal)>/);
    expect(raw).not.toContain('"1.40"');
    expect(raw).toContain(`<http://phd.test/.well-known/genid/`);
    // …and the record still reads back as written, with the ETag of the write.
    const read = await store.get(write.iri);
    expect(read?.ntriples).toBe(write.ntriples);
    expect(read?.etag).toBe(created.etag);
    await store.close();
  });

  it('replaces and withdraws graphs in the store, with history in the catalogue.', async () => {
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const write = facility('Before');
    const created = await store.create(write);
    const changed = { ...facility('After', write.iri), actor: 'editor' };
    await expect(store.update(changed, '"stale"')).rejects.toMatchObject({ status: 412 });
    const updated = await store.update(changed, created.etag);
    expect(updated.version).toBe(2);
    expect((await client.select(`ASK { GRAPH <${write.iri}> { ?s <${NAME}> "After" } }`)).boolean).toBe(true);
    await store.delete(write.iri, 'editor', updated.etag);
    expect(await client.readGraph(write.iri)).toEqual([]);
    expect((await store.get(write.iri))?.deletedAt).toBeDefined();
    expect((await store.history(write.iri)).map((h) => h.action)).toEqual(['create', 'update', 'delete']);
    await expect(store.create(facility('Again', write.iri))).rejects.toMatchObject({ status: 409 });
    await store.close();
  });

  it('acknowledges a write whose answer was lost when the store holds it.', async () => {
    const faulty = new FaultyClient(gsp);
    const store = await ExternalRecordStore.open({ client: faulty, catalogPath: catalogue(), baseUrl: BASE });
    faulty.mode = 'lose-answer';
    const write = facility('Lost Answer Core');
    const created = await store.create(write);
    expect(created.version).toBe(1);
    expect(store.pendingIntents).toBe(0);
    faulty.mode = 'ok';
    expect((await store.get(write.iri))?.ntriples).toBe(write.ntriples);
    await store.close();
  });

  it('refuses writes with 503 while the store is down, loses nothing, and settles the open write when it is back.', async () => {
    const faulty = new FaultyClient(gsp);
    const store = await ExternalRecordStore.open({ client: faulty, catalogPath: catalogue(), baseUrl: BASE });
    const kept = facility('Kept Core');
    await store.create(kept);
    faulty.mode = 'down';
    const failed = facility('Never Written Core');
    await expect(store.create(failed)).rejects.toMatchObject({ status: 503 });
    expect(store.pendingIntents).toBe(1);
    await expect(store.create(facility('Also Refused'))).rejects.toMatchObject({ status: 503 });
    expect(await store.meta(failed.iri)).toBeUndefined();
    faulty.mode = 'ok';
    const next = facility('After Recovery Core');
    await store.create(next);
    expect(store.pendingIntents).toBe(0);
    expect(await store.meta(failed.iri)).toBeUndefined();
    expect(await client.readGraph(failed.iri)).toEqual([]);
    expect((await store.get(kept.iri))?.ntriples).toBe(kept.ntriples);
    expect((await store.get(next.iri))?.ntriples).toBe(next.ntriples);
    await store.close();
  });

  it('after a crash between the store\'s update and the catalogue, completes the write on restart.', async () => {
    const path = catalogue();
    const faulty = new FaultyClient(gsp);
    const crashed = await ExternalRecordStore.open({ client: faulty, catalogPath: path, baseUrl: BASE });
    faulty.mode = 'hang-after-apply';
    const write = facility('Crash After Apply Core');
    void crashed.create(write);
    await expect.poll(async () => (await client.readGraph(write.iri)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const restarted = await ExternalRecordStore.open({ client, catalogPath: path, baseUrl: BASE });
    expect(restarted.pendingIntents).toBe(0);
    expect((await restarted.get(write.iri))?.ntriples).toBe(write.ntriples);
    expect((await restarted.history(write.iri)).map((h) => h.action)).toEqual(['create']);
    await restarted.close();
  });

  it('after a crash before the store applied a write, undoes it on restart.', async () => {
    const path = catalogue();
    const faulty = new FaultyClient(gsp);
    const crashed = await ExternalRecordStore.open({ client: faulty, catalogPath: path, baseUrl: BASE });
    const before = facility('Unchanged Core');
    const created = await crashed.create(before);
    faulty.mode = 'hang-before-apply';
    void crashed.update(facility('Half-Written Name', before.iri), created.etag);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const restarted = await ExternalRecordStore.open({ client, catalogPath: path, baseUrl: BASE });
    expect(restarted.pendingIntents).toBe(0);
    const read = await restarted.get(before.iri);
    expect(read).toMatchObject({ version: 1, etag: created.etag, ntriples: before.ntriples });
    await restarted.close();
  });

  it('serves the store\'s graph, with its own ETag, when it was edited behind the service.', async () => {
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE });
    const write = facility('Original Name');
    const created = await store.create(write);
    await client.update(`DELETE WHERE { GRAPH <${write.iri}> { <${write.iri}> <${NAME}> ?name } } ;
INSERT DATA { GRAPH <${write.iri}> { <${write.iri}> <${NAME}> "Edited In The Store" } }`);
    const read = await store.get(write.iri);
    expect(read?.ntriples).toContain('"Edited In The Store"');
    expect(read?.etag).not.toBe(created.etag);
    await store.close();
  });

  it('writes a batch of new records atomically: a duplicate refuses the whole batch and stores none.', async () => {
    const store = await ExternalRecordStore.open({ client, catalogPath: catalogue(), baseUrl: BASE, maxUpdateChars: 600 });
    const batch = [facility('Batch A'), facility('Batch B'), facility('Batch C')];
    expect(await store.createMany(batch)).toBe(3);
    for (const write of batch) expect((await store.get(write.iri))?.ntriples).toBe(write.ntriples);
    const again = [facility('Batch D'), batch[0] as RecordWrite];
    await expect(store.createAll(again)).rejects.toMatchObject({ status: 409 });
    expect(await store.meta(again[0]?.iri ?? '')).toBeUndefined();
    expect(await client.readGraph(again[0]?.iri ?? '')).toEqual([]);
    await store.close();
  });

  it('removes the new graphs already written when a batch of new records fails half-way.', async () => {
    const faulty = new FaultyClient(gsp);
    const store = await ExternalRecordStore.open({ client: faulty, catalogPath: catalogue(), baseUrl: BASE, maxUpdateChars: 600 });
    const batch = Array.from({ length: 8 }, (_, i) => facility(`Half Batch ${i}`));
    let calls = 0;
    const write = faulty.writeGraph.bind(faulty);
    const replace = faulty.replaceGraphs.bind(faulty);
    const failThird = <T>(run: () => Promise<T>): Promise<T> => {
      calls += 1;
      return calls === 3 ? Promise.reject(new Error('the store refused the third request')) : run();
    };
    faulty.writeGraph = (graph, quads) => (quads === null ? write(graph, quads) : failThird(() => write(graph, quads)));
    faulty.replaceGraphs = (graphs) => failThird(() => replace(graphs));
    await expect(store.createAll(batch)).rejects.toThrow(/third request/);
    for (const record of batch) {
      expect(await store.meta(record.iri)).toBeUndefined();
      expect(await client.readGraph(record.iri)).toEqual([]);
    }
    expect(store.pendingIntents).toBe(0);
    await store.close();
  });
});

describe('imaging-phd on an external store', () => {
  it('refuses to start, with the reason and exit code 2, when PHD_STORE does not answer.', async () => {
    const dataDir = dirname(catalogue());
    const dead = `http://127.0.0.1:${await freePort()}/sparql`;
    const serve = runCli(['serve'], { PHD_STORE: dead, PHD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    expect(serve.status).toBe(2);
    expect(serve.stderr).toContain(`PHD_STORE=${dead} does not answer SPARQL queries`);
    const token = runCli(['token', 'list'], { PHD_STORE: dead, PHD_DATA_DIR: dataDir });
    expect(token.status).toBe(2);
    expect(runCli(['serve'], { PHD_STORE: 'not-a-url', PHD_DATA_DIR: dataDir }).stderr).toMatch(/PHD_STORE is neither `embedded` nor an http\(s\) URL/);
  });
});
