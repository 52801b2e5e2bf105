import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

const enc = encodeURIComponent;
const admin = `Bearer ${ADMIN_TOKEN}`;
const ECC_V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const LAB = 'https://doi.org/10.5072/reach.lab';
const DS1 = `${LAB}/ds1`;

/** A dataset record, acquired with a configuration, plus any extra triples. */
const dataset = (iri: string, title: string, configuration: string, extra = '') => `${TURTLE_PREFIXES}
<${iri}> a phd:Dataset ; dcterms:title "${title}" ; dcterms:created "2024-01-01"^^xsd:date ; phd:acquiredWith <${configuration}> .
${extra}`;

let app: TestApp;
let igcConfiguration: string;
let tokens: { igc: string; ecc: string };

async function post(body: string, authorization: string): Promise<Response> {
  return fetch(`${app.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization }, body });
}

async function put(iri: string, body: string, authorization: string): Promise<Response> {
  return fetch(`${app.url}/records/${enc(iri)}`, { method: 'PUT', headers: { 'content-type': 'text/turtle', authorization }, body });
}

/** Everything stored: record and triple counts, and ds1's graph. */
async function snapshot(): Promise<string> {
  const health = (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };
  const ds1 = await (await fetch(`${app.url}/records/${enc(DS1)}`, { headers: { accept: 'application/n-triples' } })).text();
  return JSON.stringify([health.records, health.triples, ds1]);
}

beforeAll(async () => {
  app = await startTestApp();
  igcConfiguration = `${app.baseUrl}/id/configuration/igc-limelight-v1`;
  tokens = {
    igc: `Bearer ${app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999001' }).token}`,
    ecc: `Bearer ${app.tokens.create({ facility: 'https://identifiers.org/RRID:SCR_999003' }).token}`,
  };
  // ECC's dataset, whose IRI lies under the IRI another record will ask for.
  const created = await post(dataset(DS1, 'ECC dataset', ECC_V2), tokens.ecc);
  expect(created.status, await created.clone().text()).toBe(201);
});
afterAll(async () => {
  await app.close();
});

describe('A write that states triples about another record', () => {
  const hijack = `<${DS1}> dcterms:title "hijacked" ; phd:acquiredWith <{configuration}> .`;

  it('is refused with 403 when the token may not write that record, naming it, and nothing is stored.', async () => {
    const before = await snapshot();
    const res = await post(dataset(LAB, 'IGC lab', igcConfiguration, hijack.replace('{configuration}', igcConfiguration)), tokens.igc);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { detail: string; records: string[]; nodes: string[] };
    expect(problem.detail).toContain(DS1);
    expect(problem.records).toEqual([DS1]);
    expect((await fetch(`${app.url}/records/${enc(LAB)}`)).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('is refused with 422 foreign-record when the writer could write that record (the administrator, its own facility).', async () => {
    const before = await snapshot();
    for (const [authorization, configuration] of [[admin, igcConfiguration], [tokens.ecc, ECC_V2]] as const) {
      const res = await post(dataset(LAB, 'lab', configuration, hijack.replace('{configuration}', configuration)), authorization);
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe('foreign-record');
      expect(problem.detail).toContain(`Write them in ${DS1}`);
    }
    // A node under ds1 (not a record itself) belongs to ds1 all the same.
    const deep = await post(dataset(LAB, 'lab', igcConfiguration, `<${DS1}/channel/1> rdfs:label "mine" .`), admin);
    expect(deep.status).toBe(422);
    expect(await snapshot()).toBe(before);
  });

  it('is accepted when it keeps to its own node, its own nodes under its IRI and blank nodes, while the record under its IRI stays its own.', async () => {
    const before = await snapshot();
    const own = await post(dataset(LAB, 'IGC lab', igcConfiguration, `<${LAB}/note> rdfs:label "a node of the lab" . <${LAB}> rdfs:seeAlso [ rdfs:label "blank" ] ; dcterms:references <${DS1}> .`), tokens.igc);
    expect(own.status, await own.clone().text()).toBe(201);
    const ds1 = JSON.parse(before) as [number, number, string];
    expect(await (await fetch(`${app.url}/records/${enc(DS1)}`, { headers: { accept: 'application/n-triples' } })).text()).toBe(ds1[2]);
  });

  it('is refused on PUT as on POST (403 for a token that may not write it, 422 for the administrator), leaving both records as they were.', async () => {
    const lab = await (await fetch(`${app.url}/records/${enc(LAB)}`, { headers: { accept: 'text/turtle' } })).text();
    const before = await snapshot();
    const extra = `\n<${DS1}> dcterms:title "hijacked" .\n`;
    expect((await put(LAB, `${lab}${extra}`, tokens.igc)).status).toBe(403);
    const byAdmin = await put(LAB, `${lab}${extra}`, admin);
    expect(byAdmin.status).toBe(422);
    expect(((await byAdmin.json()) as { code: string }).code).toBe('foreign-record');
    expect(await snapshot()).toBe(before);
    expect(await (await fetch(`${app.url}/records/${enc(LAB)}`, { headers: { accept: 'text/turtle' } })).text()).toBe(lab);
  });

  it('is refused when the phd:operates / phd:hasConfiguration links are not the record\'s own (another instance\'s link in a configuration).', async () => {
    const before = await snapshot();
    const res = await post(`${TURTLE_PREFIXES}
<https://doi.org/10.5072/reach.cfg> a phd:HardwareConfiguration ; rdfs:label "x" ; phd:tier 1 ; phd:versionNumber 1 ; phd:validFrom "2024-01-01"^^xsd:date .
<https://doi.org/10.5072/phd.igc.limelight> phd:hasConfiguration <https://doi.org/10.5072/reach.cfg> .
<https://doi.org/10.5072/phd.igc.limelight> rdfs:label "renamed from outside" .`, admin);
    expect(res.status).toBe(422);
    expect(await snapshot()).toBe(before);
  });

  it('is refused through an import: a Micro-Meta App file whose components would land on another facility\'s record (403), storing nothing.', async () => {
    const component = 'https://doi.org/10.5072/reach.import/component/47b744ca-93d0-4804-9b12-f7f218a5e7c6';
    const created = await post(dataset(component, 'ECC dataset at a component IRI', ECC_V2), tokens.ecc);
    expect(created.status, await created.clone().text()).toBe(201);
    const before = await snapshot();
    const file = readFileSync(join(PACKAGE_ROOT, 'test/fixtures/micrometa/IGC_Macred.json'), 'utf8');
    const res = await fetch(`${app.url}/import/micrometa?instance=${enc('doi:10.5072/phd.igc.limelight')}&pid=${enc('doi:10.5072/reach.import')}&validFrom=2030-01-01`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: tokens.igc }, body: file,
    });
    expect(res.status, await res.clone().text()).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toContain(component);
    expect((await fetch(`${app.url}/records/${enc('https://doi.org/10.5072/reach.import')}`)).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});

describe('imaging-phd load', () => {
  it('rejects a record that states triples about a stored record, or lies under one, and loads nothing of it (exit 1).', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'phd-reach-cli-'));
    const env = { PHD_DATA_DIR: join(scratch, 'data'), PHD_BASE_URL: 'http://cli.test' };
    try {
      expect(runCli(['load', join(PACKAGE_ROOT, 'data')], env).status).toBe(0);
      writeFileSync(join(scratch, 'ds1.ttl'), dataset(DS1, 'ECC dataset', ECC_V2));
      const first = runCli(['load', join(scratch, 'ds1.ttl')], env);
      expect(first.status, first.stderr).toBe(0);
      const count = () => runCli(['query', 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', '--format', 'csv'], env).stdout;
      const titles = () => runCli(['query', `SELECT ?t WHERE { <${DS1}> <http://purl.org/dc/terms/title> ?t }`, '--format', 'csv'], env).stdout;
      const before = count();
      writeFileSync(join(scratch, 'lab.ttl'), dataset(LAB, 'lab', ECC_V2, `<${DS1}> dcterms:title "hijacked" .`));
      const reach = runCli(['load', join(scratch, 'lab.ttl')], env);
      expect(reach.status).toBe(1);
      expect(reach.stderr).toContain(`rejected ${LAB}`);
      expect(reach.stderr).toContain(DS1);
      writeFileSync(join(scratch, 'under.ttl'), dataset(`${DS1}/part`, 'under', ECC_V2));
      const under = runCli(['load', join(scratch, 'under.ttl')], env);
      expect(under.status).toBe(1);
      expect(under.stderr).toContain(`lies under the record ${DS1}`);
      expect(count()).toBe(before);
      expect(titles()).not.toContain('hijacked');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
