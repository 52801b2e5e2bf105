import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import N3 from 'n3';
import { afterEach, describe, expect, it } from 'vitest';
import { DERIVED_GRAPH } from '../../../src/domain/index.js';
import { ExternalRecordStore } from '../../../src/store/external-record-store.js';
import { graphWrite } from '../../../src/store/renamed-graph.js';
import type { RecordWrite } from '../../../src/store/record-store.js';
import { SparqlClient } from '../../../src/store/sparql-client.js';
import { virtuosoForFile } from '../../support/virtuoso-for-file.js';
import { BASE, PHD } from './rename-fixtures.js';

// Derived validity intervals that a write could not send are sent later: with the next write, or
// when the store is next opened, even though the derived graph already holds other intervals.

const { catalogue, options } = virtuosoForFile('phd-external-stale-');

/** An HTTP proxy in front of the file's Virtuoso that, while `refuseUpdates`, answers every SPARQL Update with a 500. */
class UpdateRefusingProxy {
  public refuseUpdates = false;
  public refused = 0;
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly target: URL) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (this.refuseUpdates && req.method === 'POST' && body.toString('utf8').startsWith('update=')) {
          this.refused += 1;
          res.writeHead(500, { 'content-type': 'text/plain' }).end('SR000: refused by the test proxy');
          return;
        }
        const upstream = request({ host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: { ...req.headers, host: this.target.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        upstream.end(body);
      });
    });
  }

  public static async to(endpoint: string): Promise<UpdateRefusingProxy> {
    const proxy = new UpdateRefusingProxy(new URL(endpoint));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  /** An endpoint URL of the store, reached through the proxy. */
  public through(endpoint: string): string {
    const url = new URL(endpoint);
    return `http://127.0.0.1:${this.port}${url.pathname}${url.search}`;
  }

  public close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const proxies: UpdateRefusingProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

/** A facility, an instance and two dated configurations of it (v1 valid until v2's date). */
function timelineWrites(tag: string): { writes: RecordWrite[]; first: string; second: string } {
  const facility = `${BASE}/id/facility/f-${tag}`;
  const instance = `${BASE}/id/instance/i-${tag}`;
  const first = `${BASE}/id/configuration/c-${tag}-1`;
  const second = `${BASE}/id/configuration/c-${tag}-2`;
  const write = (iri: string, kind: RecordWrite['kind'], turtle: string): RecordWrite =>
    graphWrite(iri, kind, new N3.Parser({ format: 'Turtle' }).parse(`@prefix phd: <${PHD}> . @prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n${turtle}`), facility, 'seed');
  const configuration = (iri: string, n: number, from: string): RecordWrite => write(iri, 'configuration',
    `<${iri}> a phd:HardwareConfiguration ; phd:versionNumber ${n} ; phd:validFrom "${from}"^^xsd:date . <${instance}> phd:hasConfiguration <${iri}> .`);
  return {
    writes: [
      write(facility, 'facility', `<${facility}> a phd:Facility ; schema:name "F" .`),
      write(instance, 'instance', `<${instance}> a phd:InstrumentInstance ; schema:name "I" . <${facility}> phd:operates <${instance}> .`),
      configuration(first, 1, '2024-01-01'),
      configuration(second, 2, '2025-06-01'),
    ],
    first,
    second,
  };
}

/** The validUntil values the store's derived graph holds for a configuration. */
async function validUntil(client: SparqlClient, configuration: string): Promise<string[]> {
  const answer = await client.select(`SELECT ?u WHERE { GRAPH <${DERIVED_GRAPH}> { <${configuration}> <${PHD}validUntil> ?u } }`);
  return (answer.results?.bindings ?? []).map((row) => row.u?.value ?? '');
}

/** A store whose SPARQL Update requests pass through a proxy that can refuse them (records go by the Graph Store Protocol). */
async function refusableStore(path: string, warnings: string[]): Promise<{ proxy: UpdateRefusingProxy; store: ExternalRecordStore; direct: SparqlClient; open: () => Promise<ExternalRecordStore> }> {
  const direct = options(true);
  const proxy = await UpdateRefusingProxy.to(direct.queryEndpoint);
  proxies.push(proxy);
  const open = (): Promise<ExternalRecordStore> => ExternalRecordStore.open({
    client: new SparqlClient({ ...direct, queryEndpoint: proxy.through(direct.queryEndpoint) }),
    catalogPath: path,
    baseUrl: BASE,
    logger: { info: () => undefined, warn: (_fields: object, message?: string) => warnings.push(message ?? '') },
  });
  return { proxy, store: await open(), direct: new SparqlClient(direct), open };
}

describe('An ExternalRecordStore whose store refuses the derived intervals of a write', () => {
  it('keeps the records, warns, and sends the intervals with the next write.', async () => {
    const warnings: string[] = [];
    const { proxy, store, direct } = await refusableStore(catalogue(), warnings);
    const { writes, first, second } = timelineWrites('next-write');
    proxy.refuseUpdates = true;
    await store.createAll(writes);
    expect(proxy.refused).toBeGreaterThan(0);
    expect(warnings.some((w) => w.includes('could not update the derived validity intervals'))).toBe(true);
    expect((await store.get(second))?.iri).toBe(second);
    expect(await validUntil(direct, first)).toEqual([]);
    expect(store.staleIntervals).toBe(writes.length);

    proxy.refuseUpdates = false;
    const other = timelineWrites('other');
    await store.createAll(other.writes);
    expect(await validUntil(direct, first)).toEqual(['2025-06-01']);
    expect(await validUntil(direct, other.first)).toEqual(['2025-06-01']);
    expect(await validUntil(direct, second)).toEqual([]);
    expect(store.staleIntervals).toBe(0);
    await store.close();
  });

  it('sends them when the store is next opened, though the derived graph already holds other intervals.', async () => {
    const warnings: string[] = [];
    const path = catalogue();
    const { proxy, store, direct, open } = await refusableStore(path, warnings);
    const earlier = timelineWrites('earlier');
    await store.createAll(earlier.writes);
    expect(await validUntil(direct, earlier.first)).toEqual(['2025-06-01']);
    const { writes, first } = timelineWrites('reopen');
    proxy.refuseUpdates = true;
    await store.createAll(writes);
    expect(await validUntil(direct, first)).toEqual([]);
    await store.close();

    proxy.refuseUpdates = false;
    const reopened = await open();
    expect(await validUntil(direct, first)).toEqual(['2025-06-01']);
    expect(reopened.staleIntervals).toBe(0);
    await reopened.close();
  });
});
