import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

let app: TestApp;
const enc = encodeURIComponent;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const turtle = { 'content-type': 'text/turtle' };

const person = (orcid: string, name: string) => `${TURTLE_PREFIXES}
<https://orcid.org/${orcid}> a phd:Person ; schema:name "${name}" ; dcterms:identifier "${orcid}" .`;

/** SP8 version 3: the v2 hardware plus a second HyD, from a date after v2. */
const sp8v3 = (validFrom: string, extra = '') => `${TURTLE_PREFIXES}
<https://doi.org/10.5072/phd.ecc.sp8> phd:hasConfiguration <https://doi.org/10.5072/phd.ecc.sp8.v3> .
<https://doi.org/10.5072/phd.ecc.sp8.v3> a phd:HardwareConfiguration ;
  rdfs:label "SP8 confocal, 2024 (second HyD)" ; phd:tier 1 ; phd:versionNumber 3 ; phd:validFrom "${validFrom}"^^xsd:date ;
  prov:wasRevisionOf <https://doi.org/10.5072/phd.ecc.sp8.v2> ;
  phd:hasComponent <https://doi.org/10.5072/phd.ecc.sp8.v3/component/laser405>, <https://doi.org/10.5072/phd.ecc.sp8.v3/component/objective63x>, <https://doi.org/10.5072/phd.ecc.sp8.v3/component/hyd1> .
<https://doi.org/10.5072/phd.ecc.sp8.v3/component/laser405> a nboq:Fluorescence_LightSource_Laser ; dcterms:identifier "laser405" ;
  nboq:tuneable false ; nboq:pulse false ; nboq:modulationMechanism "Direct" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "Diode 405" ; nboq:catalogNumber "158005114" .
<https://doi.org/10.5072/phd.ecc.sp8.v3/component/objective63x> a nboq:Objective ; dcterms:identifier "objective63x" ;
  nboq:magnification 63 ; nboq:lensNA 1.40 ; nboq:correction "PlanApo" ; nboq:immersionType "Mineral Oil" ; nboq:infinityCorrected true ;
  nboq:contrastModulation "None" ; nboq:dic false ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HC PL APO 63x/1.40 OIL CS2" ; nboq:catalogNumber "11506350" .
<https://doi.org/10.5072/phd.ecc.sp8.v3/component/hyd1> a nboq:HybridPhotoDetector ; dcterms:identifier "hyd1" ;
  nboq:coating "Gallium arsenide phosphide" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HyD SMD" ; nboq:catalogNumber "HyD-SMD" .
${extra}`;

async function count(): Promise<{ records: number; triples: number }> {
  return (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
}

beforeAll(async () => {
  app = await startTestApp({ env: { PHD_MAX_BODY_BYTES: String(64 * 1024) } });
});
afterAll(async () => {
  await app.close();
});

describe('GET /records/{id}', () => {
  it('serves a seeded record as Turtle, N-Triples and JSON-LD, addressed by any PID form.', async () => {
    for (const id of ['doi:10.5072/phd.ecc.sp8', enc('https://doi.org/10.5072/phd.ecc.sp8'), 'https://doi.org/10.5072/PHD.ECC.SP8']) {
      const res = await fetch(`${app.url}/records/${id}`, { headers: { accept: 'text/turtle' } });
      expect(res.status, id).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/turtle');
      expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      const quads = new N3.Parser().parse(await res.text());
      expect(quads.some((q) => q.object.value === 'https://doi.org/10.5072/phd.ecc.sp8' && q.predicate.value.endsWith('#operates'))).toBe(true);
    }
    const nt = await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`, { headers: { accept: 'application/n-triples' } });
    expect(nt.headers.get('content-type')).toContain('application/n-triples');
    const jsonld = await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`, { headers: { accept: 'application/ld+json' } });
    expect((await jsonld.json() as Record<string, unknown>)['@context']).toBeDefined();
  });

  it('answers 304 to a matching If-None-Match, 404 for an unknown PID, 406 for an unusable Accept.', async () => {
    const first = await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`);
    const etag = first.headers.get('etag') ?? '';
    expect((await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const jsonldTag = (await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`, { headers: { accept: 'application/ld+json' } })).headers.get('etag');
    expect(jsonldTag).not.toBe(etag);
    expect((await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`, { headers: { accept: 'application/ld+json', 'if-none-match': etag } })).status).toBe(200);
    const missing = await fetch(`${app.url}/records/doi:10.5072/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8`, { headers: { accept: 'image/png' } })).status).toBe(406);
  });

  it('answers 400 naming the rule for an invalid PID.', async () => {
    const res = await fetch(`${app.url}/records/orcid:0000-0002-1825-0098`);
    expect(res.status).toBe(400);
    const problem = await res.json() as { rule: string; type: string };
    expect(problem.rule).toBe('orcid-checksum');
    expect(problem.type).toMatch(/^https:\/\/w3id\.org\/imaging-phd\/problems\//);
  });
});

describe('Writing records', () => {
  it('refuses writes without a token (401), with an unknown token (401) and with another facility\'s token (403).', async () => {
    const body = person('0000-0002-7093-1172', 'Pat Example');
    expect((await fetch(`${app.url}/records`, { method: 'POST', headers: turtle, body })).status).toBe(401);
    expect((await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: 'Bearer phd_nope' }, body })).status).toBe(401);
    const igc = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    const res = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: `Bearer ${igc.token}` }, body: sp8v3('2024-03-01') });
    expect(res.status).toBe(403);
    app.tokens.revoke(igc.id);
    const revoked = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: `Bearer ${igc.token}` }, body });
    expect(revoked.status).toBe(401);
    expect((await revoked.json() as { reason: string }).reason).toBe('revoked');
  });

  it('write → read → update → history → delete, with ETags and a tombstone.', async () => {
    const created = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: person('0000-0002-7093-1172', 'Pat Example') });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toBe(`/records/${enc('https://orcid.org/0000-0002-7093-1172')}`);
    const etag1 = created.headers.get('etag') ?? '';

    const stale = await fetch(`${app.url}${location}`, { method: 'PUT', headers: { ...turtle, ...admin, 'if-match': '"stale"' }, body: person('0000-0002-7093-1172', 'Pat Q. Example') });
    expect(stale.status).toBe(412);
    const updated = await fetch(`${app.url}${location}`, { method: 'PUT', headers: { ...turtle, ...admin, 'if-match': etag1 }, body: person('0000-0002-7093-1172', 'Pat Q. Example') });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).not.toBe(etag1);
    expect(await (await fetch(`${app.url}${location}`, { headers: { accept: 'application/n-triples' } })).text()).toContain('"Pat Q. Example"');

    const history = await (await fetch(`${app.url}${location}/history`)).json() as { history: { version: number; action: string; actor: string; added: string; removed: string }[] };
    expect(history.history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history.history[1]?.added).toContain('Pat Q. Example');
    expect(history.history[1]?.removed).toContain('"Pat Example"');
    expect(history.history[1]?.actor).toBe('admin');

    expect((await fetch(`${app.url}${location}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    const gone = await fetch(`${app.url}${location}`);
    expect(gone.status).toBe(410);
    expect((await gone.json() as { deletedAt: string }).deletedAt).toBeDefined();
    const ecc = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999003' });
    const byToken = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: `Bearer ${ecc.token}` }, body: person('0000-0002-7093-1172', 'Pat Example') });
    expect(byToken.status).toBe(409);
    // The administrator restores a withdrawn external PID as its next version; history keeps all.
    const restored = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: person('0000-0002-7093-1172', 'Pat Example') });
    expect(restored.status).toBe(201);
    expect((await fetch(`${app.url}${location}`)).status).toBe(200);
    const after = await (await fetch(`${app.url}${location}/history`)).json() as { history: { action: string }[] };
    expect(after.history.map((h) => h.action)).toEqual(['create', 'update', 'delete', 'create']);
  });

  it('refuses an invalid record with 422 listing the violations, and stores nothing.', async () => {
    const before = await count();
    const res = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: person('0000-0002-1825-0098', 'Wrong Check Digit') });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json() as { violations: { focusNode: string; path?: string; message: string; severity: string }[] };
    expect(problem.violations).toContainEqual(expect.objectContaining({ focusNode: 'https://orcid.org/0000-0002-1825-0098', path: 'http://purl.org/dc/terms/identifier', severity: 'Violation' }));
    expect(await count()).toEqual(before);
  });

  it('answers 400 with line and column for malformed Turtle, 413 for an oversized body, 415 for an unknown type.', async () => {
    const before = await count();
    const bad = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: `${TURTLE_PREFIXES}\n<https://orcid.org/0000-0002-7093-1172> a phd:Person ;\n  schema:name "unterminated .\n` });
    expect(bad.status).toBe(400);
    const problem = await bad.json() as { line: number; column: number };
    expect(problem.line).toBeGreaterThan(7);
    expect(problem.column).toBeGreaterThan(0);
    const huge = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: `# ${'x'.repeat(70 * 1024)}\n` });
    expect(huge.status).toBe(413);
    const wrongType = await fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'application/pdf', ...admin }, body: 'x' });
    expect(wrongType.status).toBe(415);
    expect(await count()).toEqual(before);
  });

  it('keeps configurations immutable: a changed PUT gets 409 (an unchanged one is a no-op); a new version with a later validFrom is accepted, an earlier one refused.', async () => {
    const v2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
    const current = await (await fetch(`${app.url}/records/${enc(v2)}`, { headers: { accept: 'text/turtle' } })).text();
    const put = await fetch(`${app.url}/records/${enc(v2)}`, { method: 'PUT', headers: { ...turtle, ...admin }, body: `${current}\n<${v2}> <http://www.w3.org/2000/01/rdf-schema#comment> "edited" .\n` });
    expect(put.status).toBe(409);
    expect((await fetch(`${app.url}/records/${enc(v2)}`, { method: 'PUT', headers: { ...turtle, ...admin }, body: current })).status).toBe(200);
    const early = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body: sp8v3('2021-01-01') });
    expect(early.status).toBe(422);
    expect((await early.json() as { code: string }).code).toBe('bad-revision');
    const ecc = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999003' });
    const ok = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: `Bearer ${ecc.token}` }, body: sp8v3('2024-03-01') });
    expect(ok.status).toBe(201);
    const v1 = await fetch(`${app.url}/records/doi:10.5072/phd.ecc.sp8.v1`);
    expect(v1.status).toBe(200);
  });

  it('mints an IRI for a record written with <> and no PID.', async () => {
    const body = `${TURTLE_PREFIXES}<> a phd:InstrumentModel ; schema:name "Example widefield" ; phd:manufacturer <http://phd.test/id/organization/carl-zeiss-microscopy> .`;
    const res = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, ...admin }, body });
    expect(res.status).toBe(201);
    const summary = await res.json() as { iri: string; kind: string };
    expect(summary.kind).toBe('model');
    expect(summary.iri).toMatch(/^http:\/\/phd\.test\/id\/model\/[0-9a-f-]{36}$/);
    expect((await fetch(`${app.url}/records/${enc(summary.iri)}`)).status).toBe(200);
  });

  it('accepts JSON-LD bodies.', async () => {
    const body = JSON.stringify({
      '@context': { phd: 'https://w3id.org/imaging-phd/ns#', schema: 'https://schema.org/', dcterms: 'http://purl.org/dc/terms/' },
      '@id': 'https://orcid.org/0000-0003-1419-2405x'.replace('x', ''), '@type': 'phd:Person',
      'schema:name': 'Marc Example (JSON-LD)', 'dcterms:identifier': '0000-0003-1419-2405',
    });
    const res = await fetch(`${app.url}/records/orcid:0000-0003-1419-2405`, { method: 'PUT', headers: { 'content-type': 'application/ld+json', ...admin }, body });
    expect(res.status).toBe(200);
  });
});

describe('Writes that try to reach into other records', () => {
  const dataset = (extra: string, iri = 'https://doi.org/10.5072/phd.data.intruder') => `${TURTLE_PREFIXES}
<${iri}> a phd:Dataset ; dcterms:title "intruder" ; dcterms:created "2024-01-01"^^xsd:date ;
  phd:acquiredWith <https://doi.org/10.5072/phd.ecc.sp8.v2> .
${extra}`;

  it('refuses a link that belongs to another kind of record (422 foreign-link).', async () => {
    const res = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { ...turtle, ...admin },
      body: dataset('<https://doi.org/10.5072/phd.ecc.sp8> phd:hasConfiguration <https://doi.org/10.5072/phd.data.intruder> .'),
    });
    expect(res.status).toBe(422);
    expect((await res.json() as { code: string }).code).toBe('foreign-link');
  });

  it('refuses a record typed as two kinds (422 several-kinds).', async () => {
    const res = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { ...turtle, ...admin },
      body: dataset('<https://doi.org/10.5072/phd.data.intruder> a phd:Publication ; dcterms:identifier "10.5072/phd.data.intruder" .'),
    });
    expect(res.status).toBe(422);
    expect((await res.json() as { code: string }).code).toBe('several-kinds');
  });

  it('refuses an IRI under another record (409), and validates #fragment nodes as the record\'s own.', async () => {
    const under = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { ...turtle, ...admin },
      body: dataset('', 'https://doi.org/10.5072/phd.ecc.sp8.v1/component/objective63x'),
    });
    expect(under.status).toBe(409);
    const fragment = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { ...turtle, ...admin },
      body: dataset('<https://doi.org/10.5072/phd.data.intruder#obj> a nboq:Objective ; nboq:lensNA "not a number" .'),
    });
    expect(fragment.status).toBe(422);
  });

  it('answers 400, not 500, to malformed percent-encoding in a path.', async () => {
    expect((await fetch(`${app.url}/records/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${app.url}/pid/%E0`)).status).toBe(400);
    expect((await fetch(`${app.url}/id/facility/%E0`)).status).toBe(400);
  });

  it('answers 400 to ?format=__proto__.', async () => {
    expect((await fetch(`${app.url}/pid/doi:10.5072/phd.ecc.sp8?format=__proto__`)).status).toBe(400);
  });
});

describe('Limits and ownership changes', () => {
  it('refuses more than 1,000 values of one property on one node (422 too-many-values) and ill-formed rdf:JSON.', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `"keyword ${i}"`).join(', ');
    const res = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { ...turtle, ...admin },
      body: `${TURTLE_PREFIXES}<https://doi.org/10.5072/phd.data.many> a phd:Dataset ; dcterms:title "many" ; dcterms:created "2024-01-01"^^xsd:date ;
        phd:acquiredWith <https://doi.org/10.5072/phd.ecc.sp8.v2> ; dcterms:subject ${many} .`,
    });
    expect(res.status).toBe(422);
    expect((await res.json() as { code: string }).code).toBe('too-many-values');
    const json = await fetch(`${app.url}/records`, {
      method: 'POST', headers: { ...turtle, ...admin },
      body: `${TURTLE_PREFIXES}<https://doi.org/10.5072/phd.data.json> a phd:Dataset ; dcterms:title "j" ; dcterms:created "2024-01-01"^^xsd:date ;
        phd:acquiredWith <https://doi.org/10.5072/phd.ecc.sp8.v2> ; dcterms:description "{not json"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> .`,
    });
    expect(json.status).toBe(422);
  });

  it('moves an instance\'s configurations and datasets to the facility that now operates it.', async () => {
    const igc = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' });
    const abif = app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999002' });
    const instance = await (await fetch(`${app.url}/records/doi:10.5072/phd.igc.macred`, { headers: { accept: 'application/n-triples' } })).text();
    const moved = instance.replace('<https://identifiers.org/RRID:SCR_999001> <https://w3id.org/imaging-phd/ns#operates>', '<https://identifiers.org/RRID:SCR_999002> <https://w3id.org/imaging-phd/ns#operates>');
    expect(moved).not.toBe(instance);
    const put = await fetch(`${app.url}/records/doi:10.5072/phd.igc.macred`, { method: 'PUT', headers: { 'content-type': 'application/n-triples', ...admin }, body: moved });
    expect(put.status).toBe(200);
    const configuration = encodeURIComponent(`${app.baseUrl}/id/configuration/igc-macred-v1`);
    expect((await fetch(`${app.url}/records/${configuration}`, { method: 'DELETE', headers: { authorization: `Bearer ${igc.token}` } })).status).toBe(403);
    expect((await fetch(`${app.url}/records/${configuration}`, { method: 'DELETE', headers: { authorization: `Bearer ${abif.token}` } })).status).toBe(200);
  });
});
