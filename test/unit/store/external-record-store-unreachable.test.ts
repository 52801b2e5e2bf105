import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/errors/phd-error.js';
import { ExternalRecordStore } from '../../../src/store/external-record-store.js';
import { SparqlClient } from '../../../src/store/sparql-client.js';
import { virtuosoForFile } from '../../support/virtuoso-for-file.js';
import { BASE, chainIris, chainWrites } from './rename-fixtures.js';

// A store that gives no answer for a moment: a bulk load waits it out, an interactive write does not.

const { catalogue, options } = virtuosoForFile('phd-external-unreachable-');

/**
 * A TCP gate in front of the file's Virtuoso: open, it forwards every connection; shut, nothing
 * listens on its port (a connection is refused, as when the store is down or restarting) and the
 * connections it had are cut.
 */
class Gate {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Connections forwarded so far. */
  public connections = 0;

  private constructor(private readonly port: number, private readonly target: URL) {}

  /** A gate on a free port of this machine, shut. */
  public static async to(endpoint: string): Promise<Gate> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return new Gate(port, new URL(endpoint));
  }

  /** An endpoint URL of the store, reached through the gate. */
  public through(endpoint: string): string {
    const url = new URL(endpoint);
    url.host = `127.0.0.1:${this.port}`;
    return url.href;
  }

  public async open(): Promise<void> {
    const server = createServer((socket) => {
      this.connections += 1;
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [socket, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      socket.pipe(upstream).pipe(socket);
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  public async shut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }
}

const gates: Gate[] = [];
afterEach(async () => {
  for (const gate of gates.splice(0)) await gate.shut();
});

/** A store written through a gate (open while the store is opened, then shut), and a client that reaches Virtuoso directly. */
async function gatedStore(gsp: boolean): Promise<{ gate: Gate; store: ExternalRecordStore; direct: SparqlClient }> {
  const direct = options(gsp);
  const gate = await Gate.to(direct.queryEndpoint);
  gates.push(gate);
  const gated = {
    ...direct,
    queryEndpoint: gate.through(direct.queryEndpoint),
    ...(direct.graphStoreEndpoint === undefined ? {} : { graphStoreEndpoint: gate.through(direct.graphStoreEndpoint) }),
  };
  await gate.open();
  const store = await ExternalRecordStore.open({ client: new SparqlClient(gated), catalogPath: catalogue(), baseUrl: BASE });
  await gate.shut();
  return { gate, store, direct: new SparqlClient(direct) };
}

const opened = (gate: Gate, afterMs: number): Promise<void> => new Promise((resolve, reject) => {
  setTimeout(() => {
    gate.open().then(resolve, reject);
  }, afterMs);
});

describe.each([{ path: 'SPARQL Update', gsp: false }, { path: 'the Graph Store Protocol', gsp: true }])('An ExternalRecordStore writing through $path to a store that does not answer for a moment', ({ gsp }) => {
  it('sends a bulk load\'s writes again until the store answers, and stores every record.', async () => {
    const { gate, store, direct } = await gatedStore(gsp);
    const writes = chainWrites(chainIris(`bulk-${gsp ? 'gsp' : 'upd'}`));
    const reopened = opened(gate, 600);
    expect(await store.createMany(writes)).toBe(writes.length);
    await reopened;
    expect(gate.connections).toBeGreaterThan(0);
    for (const write of writes) {
      expect((await direct.readGraph(write.iri)).length, write.iri).toBeGreaterThan(0);
      expect((await store.get(write.iri))?.iri).toBe(write.iri);
    }
    await store.close();
  });

  it('answers an interactive write with 503 at once, storing nothing, even once the store answers again.', async () => {
    const { gate, store, direct } = await gatedStore(gsp);
    const writes = chainWrites(chainIris(`single-${gsp ? 'gsp' : 'upd'}`));
    // The store answers again after 300 ms: a write sent again after a bulk load's pauses (250 ms, then 500) would land.
    const reopened = opened(gate, 300);
    const failed = await store.createAll(writes).then(() => undefined, (error: unknown) => error);
    expect(failed).toBeInstanceOf(ServiceUnavailableError);
    expect((failed as ServiceUnavailableError).code).toBe('store-unavailable');
    await reopened;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const write of writes) {
      expect(await direct.readGraph(write.iri), write.iri).toEqual([]);
      expect(await store.get(write.iri)).toBeUndefined();
    }
    await store.close();
  });
});
