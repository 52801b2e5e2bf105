import { describe, expect, it, vi } from 'vitest';
import type { Mocked } from 'vitest';
import { PidService } from '../../../src/pid/pid-service.js';
import type { RecordKind } from '../../../src/domain/records.js';
import type { RecordLink, RecordStore, StoredRecord } from '../../../src/store/record-store.js';

const BASE = 'https://phd.example.org';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const DCTERMS = 'http://purl.org/dc/terms/';
const INSTANCE = `${BASE}/id/instance/sp8`;
const V1 = 'https://doi.org/10.5072/sp8.v1';
const V2 = 'https://doi.org/10.5072/sp8.v2';
const PERSON = 'https://orcid.org/0000-0002-1825-0097';
const LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

function record(iri: string, kind: RecordKind, ntriples: string): StoredRecord {
  return {
    iri, kind, ntriples, etag: `"${kind}-1"`, version: 1, facility: undefined, createdBy: 'test', createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z', deletedAt: undefined, triples: ntriples.split('\n').filter((l) => l !== '').length,
  };
}

const RECORDS = new Map<string, StoredRecord>([
  [INSTANCE, record(INSTANCE, 'instance', `<${INSTANCE}> <http://schema.org/name> "SP8" .\n`)],
  // Stored in the opposite order of their dates: the items follow validFrom, not the store.
  [V2, record(V2, 'configuration', `<${V2}> <${PHD}validFrom> "2024-06-01" .\n`)],
  [V1, record(V1, 'configuration', `<${V1}> <${PHD}validFrom> "2023-01-15" .\n`)],
]);
const LINKS: (RecordLink & { record: string })[] = [
  { record: INSTANCE, subject: INSTANCE, predicate: `${PHD}hasConfiguration`, object: V2 },
  { record: INSTANCE, subject: INSTANCE, predicate: `${PHD}hasConfiguration`, object: V1 },
  { record: INSTANCE, subject: INSTANCE, predicate: `${DCTERMS}creator`, object: PERSON },
  { record: INSTANCE, subject: INSTANCE, predicate: `${DCTERMS}license`, object: LICENSE },
];

function service(): { pids: PidService; store: Mocked<Pick<RecordStore, 'get' | 'links'>> } {
  const store = {
    get: vi.fn((iri: string) => Promise.resolve(RECORDS.get(iri))),
    links: vi.fn((pattern: Partial<RecordLink>) => Promise.resolve(LINKS.filter((l) => (pattern.subject === undefined || l.subject === pattern.subject)
      && (pattern.predicate === undefined || l.predicate === pattern.predicate) && (pattern.object === undefined || l.object === pattern.object)))),
  };
  return { pids: new PidService(store as unknown as RecordStore, BASE), store };
}

describe('A PidService', () => {
  it('gives the FAIR Signposting of an instance as data: cite-as, describedby per format, types, author, its configurations as items by date, license.', async () => {
    const { pids } = service();
    const instance = await pids.get(INSTANCE);
    const links = await pids.signposting(instance, '/id/instance/sp8');
    expect(links).toEqual([
      { href: INSTANCE, rel: 'cite-as' },
      { href: `${BASE}/id/instance/sp8?format=jsonld`, rel: 'describedby', type: 'application/ld+json' },
      { href: `${BASE}/id/instance/sp8?format=turtle`, rel: 'describedby', type: 'text/turtle' },
      { href: `${BASE}/id/instance/sp8?format=ntriples`, rel: 'describedby', type: 'application/n-triples' },
      { href: `${BASE}/id/instance/sp8?format=rdfxml`, rel: 'describedby', type: 'application/rdf+xml' },
      { href: 'https://schema.org/IndividualProduct', rel: 'type' },
      { href: 'https://schema.org/AboutPage', rel: 'type' },
      { href: PERSON, rel: 'author' },
      { href: `${BASE}/pid/doi:10.5072/sp8.v1`, rel: 'item' },
      { href: `${BASE}/pid/doi:10.5072/sp8.v2`, rel: 'item' },
      { href: LICENSE, rel: 'license' },
    ]);
  });

  it('links a configuration to its instance as its collection, and gives no author or license it does not state.', async () => {
    const { pids } = service();
    const links = await pids.signposting(await pids.get(V1), '/pid/doi:10.5072/sp8.v1');
    expect(links.filter((l) => l.rel !== 'describedby')).toEqual([
      { href: V1, rel: 'cite-as' },
      { href: 'https://schema.org/CreativeWork', rel: 'type' },
      { href: 'https://schema.org/AboutPage', rel: 'type' },
      { href: `${BASE}/id/instance/sp8`, rel: 'collection' },
    ]);
  });

  it('answers with the Signposting data beside the body, and caches the answer until invalidated.', async () => {
    const { pids, store } = service();
    const instance = await pids.get(INSTANCE);
    const first = await pids.response(instance, 'turtle', () => '');
    expect(first.links).toEqual(await pids.signposting(instance, '/id/instance/sp8'));
    expect(first.body.toString('utf8')).toContain('"SP8"');
    const calls = store.links.mock.calls.length;
    expect(await pids.response(instance, 'turtle', () => '')).toBe(first);
    expect(store.links.mock.calls.length).toBe(calls);
    pids.invalidate();
    const again = await pids.response(instance, 'turtle', () => '');
    expect(again).not.toBe(first);
    expect(again.etag).toBe(first.etag);
  });
});
