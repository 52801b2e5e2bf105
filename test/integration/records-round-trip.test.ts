import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/domain/records.js';
import { parseRdf } from '../../src/rdf/parse-rdf.js';
import { FIXTURES } from '../support/rdf-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

let app: TestApp;
/** The service's own context, as /context.jsonld serves it, for reading its JSON-LD here without the network. */
let contexts: ReadonlyMap<string, object>;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const enc = encodeURIComponent;

/** The three formats a record is served and written in. */
const FORMATS = [
  { mediaType: 'application/ld+json', format: 'json-ld' },
  { mediaType: 'text/turtle', format: 'turtle' },
  { mediaType: 'application/n-triples', format: 'n-triples' },
] as const;

interface Summary {
  readonly iri: string;
  readonly kind: string;
  readonly etag: string;
}

/** A triple as one string (its subject, predicate and object terms), to compare graphs without blank nodes. */
const tripleKey = (q: Quad): string => `${q.subject.id} ${q.predicate.id} ${q.object.id}`;

/** The stored graph of a record, from its canonical N-Triples. */
async function storedGraph(iri: string): Promise<Quad[]> {
  const res = await fetch(`${app.url}/records/${enc(iri)}`, { headers: { accept: 'application/n-triples' } });
  expect(res.status, iri).toBe(200);
  return new N3.Parser({ format: 'N-Triples' }).parse(await res.text());
}

async function health(): Promise<{ records: number; triples: number }> {
  return (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
}

/** The sample records, by kind. */
async function recordsByKind(): Promise<Map<string, Summary[]>> {
  const list = (await (await fetch(`${app.url}/records`)).json()) as { records: Summary[] };
  const byKind = new Map<string, Summary[]>();
  for (const record of list.records) byKind.set(record.kind, [...(byKind.get(record.kind) ?? []), record]);
  return byKind;
}

/** A path that serves a record: `/records/{iri}`, or `/pid/{iri}` (any PID form, or a minted IRI). */
function pathOf(iri: string, via: 'records' | 'pid'): string {
  if (via === 'records') return `/records/${enc(iri)}`;
  return iri.startsWith(`${app.baseUrl}/id/`) ? iri.slice(app.baseUrl.length) : `/pid/${enc(iri)}`;
}

beforeAll(async () => {
  app = await startTestApp();
  contexts = new Map([[`${app.baseUrl}/context.jsonld`, (await (await fetch(`${app.url}/context.jsonld`)).json()) as object]]);
});
afterAll(async () => {
  await app.close();
});

describe('A record fetched in any format and written back unchanged', () => {
  it('covers every record kind in the sample data.', async () => {
    expect([...(await recordsByKind()).keys()].sort()).toEqual([...RECORD_KINDS].sort());
  });

  for (const kind of RECORD_KINDS) {
    for (const { mediaType, format } of FORMATS) {
      it(`is accepted for every ${kind} as ${mediaType} (GET → PUT with If-Match → 200, isomorphic graph).`, async () => {
        const records = (await recordsByKind()).get(kind) ?? [];
        expect(records.length).toBeGreaterThan(0);
        for (const [index, record] of records.entries()) {
          const via = index % 2 === 0 ? 'records' : 'pid';
          const before = await storedGraph(record.iri);
          const got = await fetch(`${app.url}${pathOf(record.iri, via)}`, { headers: { accept: mediaType } });
          expect(got.status, `${via} ${record.iri}`).toBe(200);
          const served = await parseRdf(await got.text(), format, { baseIri: `${app.url}${pathOf(record.iri, via)}`, contexts });
          if (via === 'pid') {
            // /pid adds the links other records hold to this one (and rdfs:seeAlso to those records):
            // the stored graph, plus statements that name the record.
            const stored = new Set(before.map(tripleKey));
            const added = served.filter((q) => q.subject.termType === 'NamedNode' && q.object.termType === 'NamedNode' && !stored.has(tripleKey(q)));
            expect(added.every((q) => q.subject.value === record.iri || q.object.value === record.iri), `${mediaType} of ${record.iri} on /pid adds only links to it`).toBe(true);
            expect(isomorphic(served.filter((q) => !added.includes(q)), before), `${mediaType} of ${record.iri} on /pid holds its graph`).toBe(true);
          }
          // /records serves the stored graph as it is (relative IRIs, prefixes, context and all): that document is written back.
          const own = await fetch(`${app.url}/records/${enc(record.iri)}`, { headers: { accept: mediaType } });
          const body = await own.text();
          expect(isomorphic(await parseRdf(body, format, { baseIri: `${app.url}${pathOf(record.iri, 'records')}`, contexts }), before), `${mediaType} of ${record.iri} as served`).toBe(true);
          const put = await fetch(`${app.url}/records/${enc(record.iri)}`, {
            method: 'PUT', headers: { 'content-type': mediaType, 'if-match': own.headers.get('etag') ?? '', ...admin }, body,
          });
          expect(put.status, `PUT ${mediaType} of ${record.iri}: ${await put.clone().text()}`).toBe(200);
          expect(isomorphic(await storedGraph(record.iri), before), `${record.iri} after PUT`).toBe(true);
        }
      });
    }
  }
});

describe('An imported record fetched in any format and written back unchanged', () => {
  it('is accepted for the configuration and datasets of an OME-XML import and the configuration of a Micro-Meta App import.', async () => {
    const ome = readFileSync(join(FIXTURES, 'ome-xml', 'confocal-sp8.ome.xml'), 'utf8').replace('SerialNumber="8412034"', 'SerialNumber="8100000451"');
    const imported = await fetch(`${app.url}/import/ome-xml`, { method: 'POST', headers: { 'content-type': 'application/xml', ...admin }, body: ome });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const outcome = (await imported.json()) as { configurations: { iri: string }[]; datasets: { iri: string }[] };
    const micrometa = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8')) as { Description?: string };
    micrometa.Description = 'changed for the round trip';
    const version = await fetch(`${app.url}/import/micrometa?instance=${enc('doi:10.5072/phd.igc.macred')}&validFrom=2030-01-01`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify(micrometa),
    });
    expect(version.status, await version.clone().text()).toBe(201);
    const iris = [...outcome.configurations.map((c) => c.iri), ...outcome.datasets.map((d) => d.iri), ((await version.json()) as { iri: string }).iri];
    expect(iris.length).toBeGreaterThanOrEqual(3);
    for (const iri of iris) {
      const before = await storedGraph(iri);
      for (const { mediaType, format } of FORMATS) {
        const got = await fetch(`${app.url}/records/${enc(iri)}`, { headers: { accept: mediaType } });
        const body = await got.text();
        expect(isomorphic(await parseRdf(body, format, { baseIri: iri, contexts }), before), `${mediaType} of ${iri} as served`).toBe(true);
        const put = await fetch(`${app.url}/records/${enc(iri)}`, { method: 'PUT', headers: { 'content-type': mediaType, 'if-match': got.headers.get('etag') ?? '', ...admin }, body });
        expect(put.status, `PUT ${mediaType} of ${iri}: ${await put.clone().text()}`).toBe(200);
        expect(isomorphic(await storedGraph(iri), before), `${iri} after PUT`).toBe(true);
      }
    }
  });
});

describe('Writing back what was fetched', () => {
  const v2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';

  it('leaves the record as it was when the graph is unchanged: same ETag, no new version in the history.', async () => {
    const iri = 'https://orcid.org/0000-0002-1825-0097';
    const got = await fetch(`${app.url}/records/${enc(iri)}`, { headers: { accept: 'application/ld+json' } });
    const before = (await (await fetch(`${app.url}/records/${enc(iri)}/history`)).json()) as { versions: number };
    const put = await fetch(`${app.url}/records/${enc(iri)}`, {
      method: 'PUT', headers: { 'content-type': 'application/ld+json', 'if-match': got.headers.get('etag') ?? '', ...admin }, body: await got.text(),
    });
    expect(put.status).toBe(200);
    const summary = (await put.json()) as Summary;
    expect(`"${summary.etag.replace(/"/g, '')}"`).toBe(put.headers.get('etag'));
    expect(((await (await fetch(`${app.url}/records/${enc(iri)}/history`)).json()) as { versions: number }).versions).toBe(before.versions);
  });

  it('answers 412 to an unchanged graph sent with a stale ETag, and 403 to a token that may not write the record.', async () => {
    const got = await fetch(`${app.url}/records/${enc(v2)}`, { headers: { accept: 'text/turtle' } });
    const body = await got.text();
    const stale = await fetch(`${app.url}/records/${enc(v2)}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', 'if-match': '"stale"', ...admin }, body });
    expect(stale.status).toBe(412);
    const igc = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    const foreign = await fetch(`${app.url}/records/${enc(v2)}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${igc.token}` }, body });
    expect(foreign.status).toBe(403);
  });

  it('keeps a published configuration immutable: a changed graph in any format is refused with 409 and nothing changes.', async () => {
    const before = await storedGraph(v2);
    const counts = await health();
    for (const { mediaType } of FORMATS) {
      const got = await fetch(`${app.url}/records/${enc(v2)}`, { headers: { accept: mediaType } });
      const text = await got.text();
      const changed = mediaType === 'application/ld+json'
        ? JSON.stringify({ ...(JSON.parse(text) as object), label: 'SP8 confocal, relabelled' })
        : `${text}\n<${v2}> <http://www.w3.org/2000/01/rdf-schema#comment> "changed" .\n`;
      const put = await fetch(`${app.url}/records/${enc(v2)}`, { method: 'PUT', headers: { 'content-type': mediaType, 'if-match': got.headers.get('etag') ?? '', ...admin }, body: changed });
      expect(put.status, mediaType).toBe(409);
      expect(put.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(isomorphic(await storedGraph(v2), before)).toBe(true);
    expect(await health()).toEqual(counts);
  });

  it('refuses JSON-LD naming any other remote context with 400 naming its URL, fetching nothing and changing nothing.', async () => {
    const iri = 'https://orcid.org/0000-0002-1825-0097';
    const got = await fetch(`${app.url}/records/${enc(iri)}`, { headers: { accept: 'application/ld+json' } });
    const document = (await got.json()) as Record<string, unknown>;
    const before = await storedGraph(iri);
    const counts = await health();
    for (const context of [`${app.url}/context.jsonld`, 'https://schema.org/', [`${app.baseUrl}/context.jsonld`, 'http://127.0.0.1:9/evil.jsonld'], `${app.baseUrl}/context.jsonld#x`]) {
      const body = JSON.stringify({ ...document, '@context': context });
      const put = await fetch(`${app.url}/records/${enc(iri)}`, { method: 'PUT', headers: { 'content-type': 'application/ld+json', ...admin }, body });
      expect(put.status, JSON.stringify(context)).toBe(400);
      expect(put.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await put.json()) as { detail: string; url: string };
      const refused = Array.isArray(context) ? context[1] ?? '' : context;
      expect(problem.url).toBe(refused);
      expect(problem.detail).toContain(refused);
      expect(problem.detail).toContain(`${app.baseUrl}/context.jsonld`);
    }
    expect(isomorphic(await storedGraph(iri), before)).toBe(true);
    expect(await health()).toEqual(counts);
  });

  it('accepts an edited JSON-LD record that keeps the service\'s context, and stores the edit.', async () => {
    const iri = 'https://orcid.org/0000-0001-8204-6501';
    const got = await fetch(`${app.url}/records/${enc(iri)}`, { headers: { accept: 'application/ld+json' } });
    const document = (await got.json()) as Record<string, unknown>;
    expect(document['@context']).toBe(`${app.baseUrl}/context.jsonld`);
    const put = await fetch(`${app.url}/records/${enc(iri)}`, {
      method: 'PUT', headers: { 'content-type': 'application/ld+json', 'if-match': got.headers.get('etag') ?? '', ...admin },
      body: JSON.stringify({ ...document, name: 'Renamed via JSON-LD' }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const after = await storedGraph(iri);
    expect(after.some((q) => q.predicate.value === 'https://schema.org/name' && q.object.value === 'Renamed via JSON-LD')).toBe(true);
  });
});
