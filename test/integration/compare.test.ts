import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareView } from '../../src/compare/index.js';
import { DCTERMS, humanize, RDF, RDFS } from '../../src/domain/index.js';
import { EXAMPLE_BASE } from '../../src/query/example-queries.js';
import { DATA_DIR } from '../../src/validation/model-files.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The short `{kind}/{id}` form of IRIs this core minted (the sample data's example base is rewritten to the app's).
const LIMELIGHT = 'configuration/igc-limelight-v1';
const MACRED = 'configuration/igc-macred-v1';
const SP8_INSTANCE = 'https://doi.org/10.5072/phd.ecc.sp8';
const SP8_V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';

/** The sample data as parsed from data/*.ttl, independent of the service. */
function sampleStore(): N3.Store {
  const store = new N3.Store();
  for (const file of ['configuration-igc-limelight.ttl', 'configuration-igc-macred.ttl', 'configuration-ecc-sp8.ttl']) {
    store.addQuads(new N3.Parser().parse(readFileSync(join(DATA_DIR, file), 'utf8')));
  }
  return store;
}

const SHOWN_ELSEWHERE = new Set([RDF.type, RDFS.label, DCTERMS.identifier]);
const localOf = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);

/**
 * A component's direct literal fields as the records state them, each value made comparable the
 * way the data itself does: a quantity by its canonical copy (`wavelength_nm`), a number by value.
 */
function recordedFields(store: N3.Store, component: string): Map<string, string> {
  const fields = new Map<string, string>();
  const quads = store.getQuads(component, null, null, null);
  for (const quad of quads) {
    const local = localOf(quad.predicate.value);
    // The row names the component by its label; its identifier is a per-record id, not a property of the hardware.
    if (SHOWN_ELSEWHERE.has(quad.predicate.value) || quad.object.termType === 'BlankNode' || /_[A-Za-z]+$/.test(local) || local.endsWith('Unit')) continue;
    const canonical = quads.filter((q) => q.predicate.value.startsWith(`${quad.predicate.value}_`)).map((q) => Number(q.object.value));
    const number = Number(quad.object.value);
    // A link to another component of the configuration: by what that component is (its label), not its IRI.
    const target = quad.object.termType === 'NamedNode' ? store.getObjects(quad.object, RDFS.label, null)[0]?.value ?? quad.object.value : undefined;
    if (quad.object.termType === 'NamedNode' && quad.object.value.startsWith(`${component}/`)) continue;
    const key = target !== undefined ? `r${target}` : quad.object.termType !== 'Literal' ? '' : canonical.length > 0 ? `q${canonical.join()}` : quad.object.datatype.value.endsWith('#string') || !Number.isFinite(number) ? `s${quad.object.value}` : `n${number}`;
    const name = humanize(local);
    fields.set(name, [fields.get(name), key].filter((k) => k !== undefined).sort().join('|'));
  }
  return fields;
}

async function compareJson(app: TestApp, query: string): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await fetch(`${app.url}/compare?${query}`, { headers: { accept: 'application/json' } });
  return { status: response.status, body: await response.json(), type: response.headers.get('content-type') };
}

describe('GET /compare', () => {
  let app: TestApp;
  const store = sampleStore();
  beforeAll(async () => {
    app = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('compares two sample instruments in JSON, marking as differing exactly the fields whose recorded values differ.', async () => {
    const { status, body } = await compareJson(app, `c=${encodeURIComponent(LIMELIGHT)}&c=${encodeURIComponent(MACRED)}`);
    expect(status).toBe(200);
    const view = body as CompareView;
    expect(view.columns.map((c) => c.iri)).toEqual([`${app.baseUrl}/id/${LIMELIGHT}`, `${app.baseUrl}/id/${MACRED}`]);
    expect(view.columns.map((c) => c.instance?.iri)).toEqual(['https://doi.org/10.5072/phd.igc.limelight', 'https://doi.org/10.5072/phd.igc.macred']);
    expect(view.columns.every((c) => c.source === 'this core' && c.facility?.iri === 'https://identifiers.org/RRID:SCR_999001')).toBe(true);
    const rows = view.groups.flatMap((g) => g.rows);
    const shared = rows.filter((r) => r.cells.every((c) => c !== null));
    expect(shared.length).toBeGreaterThan(0);
    let differing = 0;
    for (const row of shared) {
      const [a, b] = row.cells.map((c) => recordedFields(store, (c?.iri ?? '').replace(app.baseUrl, EXAMPLE_BASE)));
      const names = new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])]);
      const expected = [...names].filter((n) => a?.get(n) !== b?.get(n)).sort();
      const marked = row.fields.filter((f) => f.differs && !f.name.includes('›')).map((f) => f.name).sort();
      expect(marked, row.label).toEqual(expected);
      differing += expected.length;
    }
    // The two instruments are not identical: the comparison has something to show.
    expect(differing + rows.filter((r) => r.differs).length).toBeGreaterThan(0);
    expect(view.totalRows).toBe(rows.length);
  });

  it('lists only the differing rows and fields with only=differences.', async () => {
    const query = `c=${encodeURIComponent(LIMELIGHT)}&c=${encodeURIComponent(MACRED)}`;
    const all = (await compareJson(app, query)).body as CompareView;
    const only = (await compareJson(app, `${query}&only=differences`)).body as CompareView;
    const rows = only.groups.flatMap((g) => g.rows);
    expect(rows.length).toBe(all.differingRows);
    expect(rows.every((r) => r.differs)).toBe(true);
    expect(rows.filter((r) => r.cells.every((c) => c !== null)).every((r) => r.fields.every((f) => f.differs))).toBe(true);
  });

  it('takes an instance as its current configuration and accepts PIDs in their CURIE and /pid/ forms.', async () => {
    const { status, body } = await compareJson(app, `c=doi:10.5072/phd.ecc.sp8&c=${encodeURIComponent('/pid/doi:10.5072/phd.ecc.sp8.v1')}`);
    expect(status).toBe(200);
    const view = body as CompareView;
    expect(view.columns[0]).toMatchObject({ iri: SP8_V2, viaInstance: true, instance: { iri: SP8_INSTANCE } });
    expect(view.columns[1]).toMatchObject({ iri: 'https://doi.org/10.5072/phd.ecc.sp8.v1', viaInstance: false });
    // v2 replaced PMT 2 by a HyD: the HyD row is missing from v1's column.
    const hyd = view.groups.flatMap((g) => g.rows).find((r) => r.cells[0]?.kind === 'HybridPhotoDetector');
    expect(hyd?.cells[1]).toBeNull();
    expect(hyd?.differs).toBe(true);
  });

  it('serves the comparison as an HTML table with column and row headers.', async () => {
    const response = await fetch(`${app.url}/compare?c=${encodeURIComponent(LIMELIGHT)}&c=${encodeURIComponent(MACRED)}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('vary')).toMatch(/Accept/);
    const page = await response.text();
    expect(page).toMatch(/<table class="compare">/);
    expect(page.match(/<th scope="col">/g)?.length).toBe(3);
    expect(page).toMatch(/<th scope="row">/);
    expect(page).toMatch(/only=differences/);
    const json = await fetch(`${app.url}/compare?c=${encodeURIComponent(LIMELIGHT)}&c=${encodeURIComponent(MACRED)}&format=json`, { headers: { accept: 'text/html' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 400 naming the parameter for fewer than two or more than six configurations.', async () => {
    for (const query of [`c=${encodeURIComponent(LIMELIGHT)}`, Array.from({ length: 7 }, () => `c=${encodeURIComponent(LIMELIGHT)}`).join('&')]) {
      const { status, body, type } = await compareJson(app, query);
      expect(status).toBe(400);
      expect(type).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ parameter: 'c' });
    }
  });

  it('answers 404 naming the unknown PID, and 422 for a record that is no configuration or instance.', async () => {
    const unknown = await compareJson(app, `c=${encodeURIComponent(LIMELIGHT)}&c=doi:10.5072/does-not-exist`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ parameter: 'c', value: 'doi:10.5072/does-not-exist' });
    expect(JSON.stringify(unknown.body)).toContain('doi:10.5072/does-not-exist');
    const facility = await compareJson(app, `c=${encodeURIComponent(LIMELIGHT)}&c=RRID:SCR_999001`);
    expect(facility.status).toBe(422);
    expect(facility.body).toMatchObject({ parameter: 'c', value: 'RRID:SCR_999001' });
  });
});
