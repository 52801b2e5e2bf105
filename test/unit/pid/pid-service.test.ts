import N3 from 'n3';
import type { Quad } from 'n3';
import oxigraph from 'oxigraph';
import { isomorphic } from 'rdf-isomorphic';
import { describe, expect, it, vi } from 'vitest';
import type { Mocked } from 'vitest';
import { GoneError, NotFoundError, PhdError } from '../../../src/errors/phd-error.js';
import { ownContexts } from '../../../src/pid/context.js';
import { PidService } from '../../../src/pid/pid-service.js';
import { RECORD_FORMATS } from '../../../src/pid/record-serializer.js';
import type { RecordFormat } from '../../../src/pid/record-serializer.js';
import type { RecordKind } from '../../../src/domain/records.js';
import { parseRdf } from '../../../src/rdf/parse-rdf.js';
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

/** A PidService over a mocked store holding `records` and `links`; `held` and `linked` are the store's contents, for writes. */
function service(records: ReadonlyMap<string, StoredRecord> = RECORDS, links: readonly (RecordLink & { record: string })[] = LINKS): {
  pids: PidService; store: Mocked<Pick<RecordStore, 'get' | 'links' | 'history'>>; held: Map<string, StoredRecord>; linked: (RecordLink & { record: string })[];
} {
  const held = new Map(records);
  const linked = [...links];
  const store = {
    get: vi.fn((iri: string) => Promise.resolve(held.get(iri))),
    // A tombstone's reason is the note of its last revision; these records were withdrawn without one.
    history: vi.fn(() => Promise.resolve([])),
    links: vi.fn((pattern: Partial<RecordLink>) => Promise.resolve(linked.filter((l) => (pattern.subject === undefined || l.subject === pattern.subject)
      && (pattern.predicate === undefined || l.predicate === pattern.predicate) && (pattern.object === undefined || l.object === pattern.object)))),
  };
  return { pids: new PidService(store as unknown as RecordStore, BASE), store, held, linked };
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

// The tier chain and the timeline: a facility operating the instance, its model, a withdrawn first
// configuration, and records that sit in the wrong place of a chain.
const FACILITY = 'https://identifiers.org/RRID:SCR_999001';
const MODEL = `${BASE}/id/model/sp8`;
const OTHER_MODEL = `${BASE}/id/model/other`;
const OTHER_INSTANCE = `${BASE}/id/instance/elsewhere`;
const OTHER_CONFIGURATION = 'https://doi.org/10.5072/elsewhere.v1';
const WITHDRAWN = 'https://doi.org/10.5072/sp8.v0';
const CHAIN_RECORDS = new Map<string, StoredRecord>([
  ...RECORDS,
  [FACILITY, record(FACILITY, 'facility', `<${FACILITY}> <http://schema.org/name> "Core A" .\n`)],
  [MODEL, record(MODEL, 'model', `<${MODEL}> <http://schema.org/name> "TCS SP8" .\n`)],
  [OTHER_MODEL, record(OTHER_MODEL, 'model', `<${OTHER_MODEL}> <http://schema.org/name> "Other" .\n`)],
  [OTHER_INSTANCE, record(OTHER_INSTANCE, 'instance', `<${OTHER_INSTANCE}> <http://schema.org/name> "Elsewhere" .\n`)],
  [OTHER_CONFIGURATION, record(OTHER_CONFIGURATION, 'configuration', `<${OTHER_CONFIGURATION}> <${PHD}validFrom> "2020-01-01" .\n`)],
  [WITHDRAWN, { ...record(WITHDRAWN, 'configuration', `<${WITHDRAWN}> <${PHD}validFrom> "2022-01-01" .\n`), deletedAt: '2023-02-01T00:00:00Z' }],
]);
const CHAIN_LINKS: (RecordLink & { record: string })[] = [
  ...LINKS,
  { record: INSTANCE, subject: FACILITY, predicate: `${PHD}operates`, object: INSTANCE },
  { record: INSTANCE, subject: INSTANCE, predicate: `${PHD}instanceOf`, object: MODEL },
  { record: INSTANCE, subject: INSTANCE, predicate: `${PHD}hasConfiguration`, object: WITHDRAWN },
  { record: OTHER_INSTANCE, subject: OTHER_INSTANCE, predicate: `${PHD}instanceOf`, object: MODEL },
];

/** The error a promise rejects with, checked to be a PhdError. */
async function failure(promise: Promise<unknown>): Promise<PhdError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!PhdError.isInstance(error)) throw new Error(`expected a PhdError, got ${String(error)}`);
  return error;
}

describe('A PidService resolving records', () => {
  it('answers a live record, and 404 naming the IRI for an unknown one.', async () => {
    const { pids } = service();
    expect((await pids.get(INSTANCE)).iri).toBe(INSTANCE);
    const error = await failure(pids.get('https://doi.org/10.5072/nothing'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.details.iri).toBe('https://doi.org/10.5072/nothing');
  });

  it('answers 410 for a withdrawn record, with its date and where its history stays.', async () => {
    const error = await failure(service(CHAIN_RECORDS).pids.get(WITHDRAWN));
    expect(error).toBeInstanceOf(GoneError);
    expect(error.status).toBe(410);
    expect(error.details).toEqual({ iri: WITHDRAWN, deletedAt: '2023-02-01T00:00:00Z', history: `/records/${encodeURIComponent(WITHDRAWN)}/history` });
  });

  it('reads a record from the store once, until a write invalidates what it holds.', async () => {
    const { pids, store, held } = service();
    await pids.get(INSTANCE);
    await pids.get(INSTANCE);
    expect(store.get.mock.calls.filter(([iri]) => iri === INSTANCE)).toHaveLength(1);
    const written = { ...record(INSTANCE, 'instance', `<${INSTANCE}> <http://schema.org/name> "SP8 renamed" .\n`), etag: '"instance-2"', version: 2 };
    held.set(INSTANCE, written);
    expect(await pids.get(INSTANCE)).not.toBe(written);
    pids.invalidate();
    expect(await pids.get(INSTANCE)).toBe(written);
  });
});

describe('A PidService checking the tier chain', () => {
  it('resolves facility → model → instance → configuration to the configuration when every link holds.', async () => {
    const { pids } = service(CHAIN_RECORDS, CHAIN_LINKS);
    expect((await pids.chain([FACILITY, MODEL, INSTANCE, V2])).iri).toBe(V2);
  });

  it.each([
    ['a record of the wrong kind first', [MODEL, MODEL, INSTANCE, V1], 'facility'],
    ['an instance in the model\'s place', [FACILITY, INSTANCE, INSTANCE, V1], 'instrument model'],
    ['a model in the instance\'s place', [FACILITY, MODEL, MODEL, V1], 'instrument instance'],
    ['an instance in the configuration\'s place', [FACILITY, MODEL, INSTANCE, OTHER_INSTANCE], 'hardware configuration'],
    ['an instance the facility does not operate', [FACILITY, MODEL, OTHER_INSTANCE, V1], 'facility operates instance'],
    ['an instance of another model', [FACILITY, OTHER_MODEL, INSTANCE, V1], 'instance of model'],
    ['a configuration of another instance', [FACILITY, MODEL, INSTANCE, OTHER_CONFIGURATION], 'instance has configuration'],
  ] as const)('answers 404 naming the first broken link for %s.', async (_, iris, link) => {
    const error = await failure(service(CHAIN_RECORDS, CHAIN_LINKS).pids.chain(iris));
    expect(error.status).toBe(404);
    expect(error.details.link).toBe(link);
  });

  it('answers 404 for an unknown record in the chain, and 410 for a withdrawn one.', async () => {
    const { pids } = service(CHAIN_RECORDS, CHAIN_LINKS);
    expect((await failure(pids.chain([FACILITY, `${BASE}/id/model/unknown`, INSTANCE, V1]))).status).toBe(404);
    expect((await failure(pids.chain([FACILITY, MODEL, INSTANCE, WITHDRAWN]))).status).toBe(410);
  });
});

describe('A PidService reading the configuration timeline', () => {
  it('lists an instance\'s live configurations by validFrom, each valid until the next one\'s validFrom.', async () => {
    const versions = await service(CHAIN_RECORDS, CHAIN_LINKS).pids.configurations(INSTANCE);
    expect(versions.map((v) => [v.iri, v.validFrom, v.validUntil, v.href])).toEqual([
      [V1, '2023-01-15', '2024-06-01', '/pid/doi:10.5072/sp8.v1'],
      [V2, '2024-06-01', undefined, '/pid/doi:10.5072/sp8.v2'],
    ]);
  });

  it.each([
    ['2023-01-15', V1], ['2023-06-30', V1], ['2024-05-31', V1], ['2024-06-01', V2], ['2030-01-01', V2],
  ])('gives the configuration in effect on %s.', async (date, expected) => {
    expect(await service(CHAIN_RECORDS, CHAIN_LINKS).pids.configurationAt(INSTANCE, date)).toBe(expected);
  });

  it('answers 404 naming the first date before any live version (a withdrawn earlier one does not count).', async () => {
    const error = await failure(service(CHAIN_RECORDS, CHAIN_LINKS).pids.configurationAt(INSTANCE, '2022-06-01'));
    expect(error.status).toBe(404);
    expect(error.message).toContain('2023-01-15');
  });

  it('answers 404 when the record is not an instrument instance.', async () => {
    expect((await failure(service(CHAIN_RECORDS, CHAIN_LINKS).pids.configurationAt(MODEL, '2024-01-01'))).status).toBe(404);
  });
});

// A record with what serializations lose first: blank nodes, language tags, datatypes, quotes and
// line breaks. Its literals are in canonical form, as the record service stores them.
const RICH = `${BASE}/id/instance/rich`;
const RICH_RECORD = record(RICH, 'instance', [
  `<${RICH}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${PHD}InstrumentInstance> .`,
  `<${RICH}> <http://schema.org/name> "Rich scope"@en .`,
  `<${RICH}> <http://schema.org/name> "Mikroskop"@de .`,
  `<${RICH}> <${PHD}serialNumber> "SN-001" .`,
  `<${RICH}> <${DCTERMS}created> "2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date> .`,
  `<${RICH}> <${PHD}hasComponent> _:c1 .`,
  `_:c1 <http://www.w3.org/2000/01/rdf-schema#label> "Objective \\"63x\\"\\nline two" .`,
  `_:c1 <https://w3id.org/imaging-phd/nbo-q#lensNA> "1.4"^^<http://www.w3.org/2001/XMLSchema#decimal> .`,
  '',
].join('\n'));

/** A document read back as quads. */
async function readBack(text: string, format: RecordFormat): Promise<Quad[]> {
  if (format === 'rdf-xml') {
    const triples = new oxigraph.Store(oxigraph.parse(text, { format: 'application/rdf+xml' })).dump({ format: 'application/n-triples', from_graph_name: oxigraph.defaultGraph() });
    return new N3.Parser({ format: 'N-Triples' }).parse(triples);
  }
  return parseRdf(text, format, { contexts: ownContexts(BASE) });
}

describe('A PidService serializing records', () => {
  it.each(RECORD_FORMATS)('writes a record as %s that reads back as the same graph.', async (format) => {
    const { pids } = service(new Map([[RICH, RICH_RECORD]]), []);
    const text = await pids.serialize(RICH_RECORD, format);
    expect(isomorphic(await readBack(text, format), new N3.Parser({ format: 'N-Triples' }).parse(RICH_RECORD.ntriples))).toBe(true);
  });

  it('names the service\'s /context.jsonld in JSON-LD, and the response carries the record\'s own graph.', async () => {
    const { pids } = service(new Map([[RICH, RICH_RECORD]]), []);
    const document = JSON.parse(await pids.serialize(RICH_RECORD, 'json-ld')) as Record<string, unknown>;
    expect(document['@context']).toBe(`${BASE}/context.jsonld`);
    const answer = await pids.response(RICH_RECORD, 'n-triples', () => '');
    expect(isomorphic(await readBack(answer.body.toString('utf8'), 'n-triples'), await readBack(RICH_RECORD.ntriples, 'n-triples'))).toBe(true);
  });
});

describe('A PidService caching answers', () => {
  it('renders the landing page from its view once, until invalidated.', async () => {
    const { pids } = service();
    const render = vi.fn((view: { iri: string }) => `<p>${view.iri}</p>`);
    const instance = await pids.get(INSTANCE);
    const first = await pids.response(instance, 'html', render);
    expect(first.body.toString('utf8')).toBe(`<p>${INSTANCE}</p>`);
    expect(await pids.response(instance, 'html', render)).toBe(first);
    expect(render).toHaveBeenCalledTimes(1);
    pids.invalidate();
    await pids.response(instance, 'html', render);
    expect(render).toHaveBeenCalledTimes(2);
  });

  it('awaits a render that reads more (the page\'s citation), only when the cached page is missing, and tags what it wrote.', async () => {
    const { pids } = service();
    const render = vi.fn(async (view: { iri: string }) => `<p>${view.iri}</p><p>${await Promise.resolve('cited')}</p>`);
    const instance = await pids.get(INSTANCE);
    const first = await pids.response(instance, 'html', render);
    expect(first.body.toString('utf8')).toBe(`<p>${INSTANCE}</p><p>cited</p>`);
    await pids.response(instance, 'html', render);
    expect(render).toHaveBeenCalledTimes(1);
    pids.invalidate();
    const other = vi.fn(async () => Promise.resolve('<p>cited differently</p>'));
    expect((await pids.response(instance, 'html', other)).etag).not.toBe(first.etag);
  });

  it('after a write, answers with the links the store now holds, under a new ETag.', async () => {
    const { pids, held, linked } = service();
    const instance = await pids.get(INSTANCE);
    const before = await pids.response(instance, 'turtle', () => '');
    // A third configuration is written: it changes the instance's Signposting and adds the link its
    // record holds to the instance's representations, not the instance's own graph.
    const v3 = 'https://doi.org/10.5072/sp8.v3';
    held.set(v3, record(v3, 'configuration', `<${v3}> <${PHD}validFrom> "2025-03-01" .\n`));
    linked.push({ record: v3, subject: INSTANCE, predicate: `${PHD}hasConfiguration`, object: v3 });
    expect(await pids.response(instance, 'turtle', () => '')).toBe(before);
    pids.invalidate();
    const after = await pids.response(await pids.get(INSTANCE), 'turtle', () => '');
    expect(after.links.filter((l) => l.rel === 'item').map((l) => l.href)).toEqual([
      `${BASE}/pid/doi:10.5072/sp8.v1`, `${BASE}/pid/doi:10.5072/sp8.v2`, `${BASE}/pid/doi:10.5072/sp8.v3`,
    ]);
    const turtle = (body: Buffer) => new N3.Parser().parse(body.toString('utf8'));
    const added = turtle(after.body).filter((q) => !turtle(before.body).some((b) => b.equals(q)));
    expect(added.map((q) => [q.subject.value, q.predicate.value, q.object.value])).toEqual([
      [INSTANCE, `${PHD}hasConfiguration`, v3],
      [INSTANCE, 'http://www.w3.org/2000/01/rdf-schema#seeAlso', v3],
    ]);
    expect((await pids.get(INSTANCE)).ntriples).toBe(instance.ntriples);
    expect(after.etag).not.toBe(before.etag);
  });
});
