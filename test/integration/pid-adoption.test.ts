import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../src/domain/principal.js';
import { tokenPrincipal } from '../../src/domain/principal.js';
import { FIXTURES } from '../support/rdf-files.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

const enc = encodeURIComponent;
const IGC = 'https://identifiers.org/RRID:SCR_999001';
const ECC = 'https://identifiers.org/RRID:SCR_999003';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';
/** The DOI the configuration adopts, and its dataset's (given) PID. */
const DOI = 'https://doi.org/10.5072/phd-adop-t001';
const DATASET = 'https://doi.org/10.5072/phd.adoption.data1';
const turtle = { 'content-type': 'text/turtle' };

/**
 * Creates a record with POST /records.
 * @returns the stored record's IRI.
 */
async function post(app: TestApp, auth: string, body: string): Promise<{ iri: string; location: string }> {
  const res = await fetch(`${app.url}/records`, { method: 'POST', headers: { ...turtle, authorization: auth }, body: `${TURTLE_PREFIXES}${body}` });
  expect(res.status, await res.clone().text()).toBe(201);
  return { iri: ((await res.json()) as { iri: string }).iri, location: res.headers.get('location') ?? '' };
}

const instanceBody = (app: TestApp, facility: string, serial: string) => `<> a phd:InstrumentInstance ; schema:name "Scope ${serial}" ; phd:serialNumber "${serial}" ;
  phd:instanceOf <${app.baseUrl}/id/model/zeiss-axio-imager> .
<${facility}> phd:operates <> .`;

const configurationBody = (instance: string) => `<> a phd:HardwareConfiguration ; rdfs:label "Scope v1" ; phd:tier 0 ; phd:versionNumber 1 ; phd:validFrom "2025-01-01"^^xsd:date ;
  phd:hasComponent <#objective> .
<#objective> a nboq:Objective ; dcterms:identifier "objective" ; nboq:magnification 63 ; nboq:lensNA 1.40 .
<${instance}> phd:hasConfiguration <> .`;

/** A GET that does not follow redirects. */
function probe(app: TestApp, path: string, method = 'GET'): Promise<Response> {
  return fetch(`${app.url}${path}`, { method, redirect: 'manual', headers: { accept: 'text/turtle' } });
}

async function select(app: TestApp, query: string): Promise<string[]> {
  const res = await fetch(`${app.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { results: { bindings: { d?: { value: string } }[] } }).results.bindings.map((b) => b.d?.value ?? '');
}

function lines(ntriples: string): string[] {
  return ntriples.split('\n').filter(Boolean).sort();
}

describe('A configuration adopting a DOI later', () => {
  let app: TestApp;
  let auth: string;
  let principal: Principal;
  let instance: string;
  let old: string;
  let before: string;

  beforeAll(async () => {
    app = await startTestApp();
    const token = app.tokens.create({ facility: IGC });
    auth = `Bearer ${token.token}`;
    principal = tokenPrincipal(token.id, IGC);
    instance = (await post(app, auth, instanceBody(app, IGC, 'ADOPT-1'))).iri;
    old = (await post(app, auth, configurationBody(instance))).iri;
    await post(app, auth, `<${DATASET}> a phd:Dataset ; dcterms:title "Cells" ; dcterms:created "2025-02-01"^^xsd:date ; phd:acquiredWith <${old}> .`);
    before = await (await fetch(`${app.url}/records/${enc(old)}`, { headers: { accept: 'application/n-triples' } })).text();
    // A query before the adoption: the aliases it read are stale once the configuration is renamed.
    expect(await select(app, `SELECT ?d WHERE { ?d <${PHD}acquiredWith> <${old}> }`)).toEqual([DATASET]);
    await app.services.records.adopt(old, DOI, principal);
  });

  afterAll(async () => {
    await app.close();
  });

  it('starts from records with local IRIs.', () => {
    expect(instance).toMatch(new RegExp(`^${app.baseUrl}/id/instance/`));
    expect(old).toMatch(new RegExp(`^${app.baseUrl}/id/configuration/`));
  });

  it('answers 301 to the new name on /pid/{old} and /id/configuration/{id}, which then resolves.', async () => {
    for (const path of [`/pid/${enc(old)}`, old.slice(app.baseUrl.length), `/pid/configuration/${old.slice(old.lastIndexOf('/') + 1)}`]) {
      const res = await probe(app, path);
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location'), path).toBe('/pid/doi:10.5072/phd-adop-t001');
    }
    const res = await fetch(`${app.url}/pid/doi:10.5072/phd-adop-t001`, { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
  });

  it('keeps the query string of the redirected request.', async () => {
    const res = await probe(app, `/pid/${enc(old)}?format=ttl`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/pid/doi:10.5072/phd-adop-t001?format=ttl');
  });

  it('answers 301 on GET and HEAD /records/{old} to /records/{new}.', async () => {
    for (const method of ['GET', 'HEAD']) {
      const res = await probe(app, `/records/${enc(old)}`, method);
      expect(res.status, method).toBe(301);
      expect(res.headers.get('location'), method).toBe(`/records/${enc(DOI)}`);
    }
  });

  it('answers 301 on /export/{format}/{old} to the export of the new name.', async () => {
    const res = await probe(app, `/export/micrometa/${enc(old)}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/export/micrometa/${enc(DOI)}`);
    expect((await probe(app, res.headers.get('location') ?? '')).status).not.toBe(404);
  });

  it('answers 301 on the concatenated path naming the old configuration, to the path naming the new one.', async () => {
    const model = 'model/zeiss-axio-imager';
    const shortInstance = instance.slice(`${app.baseUrl}/id/`.length);
    const shortOld = old.slice(`${app.baseUrl}/id/`.length);
    const res = await probe(app, `/pid/RRID:SCR_999001/${model}/${shortInstance}/${shortOld}`);
    expect(res.status).toBe(301);
    const location = res.headers.get('location') ?? '';
    expect(location).toBe(`/pid/${enc('RRID:SCR_999001')}/${model}/${shortInstance}/${enc('doi:10.5072/phd-adop-t001')}`);
    expect((await probe(app, location)).status).toBe(200);
  });

  it('moves the graph to the new name with owl:sameAs the old one, the hardware triples unchanged.', async () => {
    const res = await fetch(`${app.url}/records/${enc(DOI)}`, { headers: { accept: 'application/n-triples' } });
    const after = await res.text();
    expect(after).toContain(`<${DOI}> <${OWL_SAME_AS}> <${old}> .`);
    expect(lines(after).filter((l) => !l.includes(OWL_SAME_AS))).toEqual(lines(before.split(`<${old}`).join(`<${DOI}`)));
    expect(after).toContain(`<${DOI}#objective>`);
  });

  it('shows the former name on the new landing page.', async () => {
    const page = await (await fetch(`${app.url}/pid/doi:10.5072/phd-adop-t001`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Formerly');
    expect(page).toContain(old);
  });

  it('links the dataset\'s page to the new name, not the old one.', async () => {
    const page = await (await fetch(`${app.url}/pid/${enc(DATASET)}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('/pid/doi:10.5072/phd-adop-t001');
    expect(page).not.toContain(old);
  });

  it('records the rename in the dataset\'s history, by the principal who adopted the DOI.', async () => {
    const history = (await (await fetch(`${app.url}/records/${enc(DATASET)}/history`)).json()) as { history: { version: number; action: string; actor: string; added: string; removed: string }[] };
    const last = history.history.at(-1);
    expect(last).toMatchObject({ version: 2, action: 'update', actor: principal.id });
    expect(last?.added).toBe(`<${DATASET}> <${PHD}acquiredWith> <${DOI}> .\n`);
    expect(last?.removed).toBe(`<${DATASET}> <${PHD}acquiredWith> <${old}> .\n`);
  });

  it('finds the dataset by SPARQL through either name of the configuration.', async () => {
    expect(await select(app, `SELECT ?d WHERE { ?d <${PHD}acquiredWith> <${old}> }`)).toEqual([DATASET]);
    expect(await select(app, `SELECT ?d WHERE { ?d <${PHD}acquiredWith> <${DOI}> }`)).toEqual([DATASET]);
    expect(await select(app, `PREFIX c: <${old}#> SELECT ?d WHERE { ?c <${PHD}hasComponent> c:objective . ?d <${PHD}acquiredWith> ?c }`)).toEqual([DATASET]);
    expect(await select(app, `SELECT ?d WHERE { ?d <${OWL_SAME_AS}> <${old}> }`)).toEqual([DOI]);
  });

  it('refuses a write to the old name with the new name to write to instead.', async () => {
    const res = await fetch(`${app.url}/records/${enc(old)}`, { method: 'DELETE', headers: { authorization: auth } });
    expect(res.status).toBe(410);
    expect(((await res.json()) as { canonical: string }).canonical).toBe(DOI);
    expect((await probe(app, `/records/${enc(DOI)}`)).status).toBe(200);
  });

  it('refuses a second adoption, a used PID, and a writer of another facility, changing nothing.', async () => {
    await expect(app.services.records.adopt(old, 'https://doi.org/10.5072/phd-adop-t002', principal)).rejects.toThrow(/renamed/);
    await expect(app.services.records.adopt(DOI, 'https://doi.org/10.5072/phd-adop-t002', principal)).rejects.toThrow(/PID already/);
    await expect(app.services.records.adopt(instance, DOI, principal)).rejects.toThrow(/used already/);
    const other = app.tokens.create({ facility: ECC });
    await expect(app.services.records.adopt(instance, 'https://doi.org/10.5072/phd-adop-t003', tokenPrincipal(other.id, ECC))).rejects.toThrow(/belongs to/);
    expect((await probe(app, `/records/${enc(instance)}`)).status).toBe(200);
  });

  it('answers 301 on the label and QR code of an instance\'s old name, to those of its new name.', async () => {
    const scope = (await post(app, auth, instanceBody(app, IGC, 'ADOPT-2'))).iri;
    await app.services.records.adopt(scope, 'https://doi.org/10.5072/phd-adop-t004', principal);
    for (const what of ['label', 'qr.svg']) {
      const res = await probe(app, `/pid/${enc(scope)}/${what}`);
      expect(res.status, what).toBe(301);
      const location = res.headers.get('location') ?? '';
      expect(location, what).toBe(`/pid/doi:10.5072/phd-adop-t004/${what}`);
      expect((await fetch(`${app.url}${location}`)).status, what).toBe(200);
    }
  });

  it('reads the aliases again for SPARQL after a rename, not after every write.', async () => {
    await select(app, `SELECT ?d WHERE { ?d a <${PHD}InstrumentInstance> }`);
    const reads = vi.spyOn(app.services.store, 'aliases');
    try {
      const scope = (await post(app, auth, instanceBody(app, IGC, 'ADOPT-3'))).iri;
      expect(await select(app, `SELECT ?d WHERE { <${scope}> <${PHD}serialNumber> ?d }`)).toEqual(['ADOPT-3']);
      expect(reads).not.toHaveBeenCalled();
      await app.services.records.adopt(scope, 'https://doi.org/10.5072/phd-adop-t005', principal);
      expect(await select(app, `SELECT ?d WHERE { <${scope}> <${PHD}serialNumber> ?d }`)).toEqual(['ADOPT-3']);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});

describe('Records born with their PID', () => {
  let app: TestApp;
  const admin = `Bearer ${ADMIN_TOKEN}`;

  beforeAll(async () => {
    app = await startTestApp({
      env: {
        // Loopback addresses nobody listens on: naming a record contacts no provider.
        PHD_DATACITE_API: 'http://127.0.0.1:9', PHD_DATACITE_REPOSITORY: 'PHD.TEST', PHD_DATACITE_PASSWORD: 'secret', PHD_DATACITE_PREFIX: '10.5072',
        PHD_DATACITE_FACILITIES: `${ECC}=ECC`, PHD_DATACITE_ECC_REPOSITORY: 'ECC.TEST', PHD_DATACITE_ECC_PASSWORD: 'secret', PHD_DATACITE_ECC_PREFIX: '10.80123',
      },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('names a new instance and its configuration written with <> by DOIs under the service\'s prefix.', async () => {
    const created = await post(app, admin, instanceBody(app, IGC, 'BORN-1'));
    expect(created.iri).toMatch(/^https:\/\/doi\.org\/10\.5072\/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(created.location).toBe(`/records/${enc(created.iri)}`);
    const configuration = await post(app, admin, configurationBody(created.iri));
    expect(configuration.iri).toMatch(/^https:\/\/doi\.org\/10\.5072\/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    const graph = new N3.Parser({ format: 'N-Triples' }).parse(await (await fetch(`${app.url}/records/${enc(configuration.iri)}`, { headers: { accept: 'application/n-triples' } })).text());
    expect(graph.some((q) => q.subject.value === `${configuration.iri}#objective`)).toBe(true);
    expect(graph.some((q) => q.subject.value === created.iri && q.object.value === configuration.iri)).toBe(true);
  });

  it('names an instance of a facility with its own DataCite repository under that repository\'s prefix.', async () => {
    const created = await post(app, admin, instanceBody(app, ECC, 'BORN-2'));
    expect(created.iri).toMatch(/^https:\/\/doi\.org\/10\.80123\/phd-[0-9a-z]{4}-[0-9a-z]{4}$/);
  });

  it('names a configuration imported from a Micro-Meta App file by a DOI too.', async () => {
    const instance = await post(app, admin, instanceBody(app, IGC, 'BORN-3'));
    const file = readFileSync(join(FIXTURES, 'micrometa', 'IGC_Limelight.json'), 'utf8');
    const res = await fetch(`${app.url}/import/micrometa?instance=${enc(instance.iri)}&validFrom=2025-03-03`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' }, body: file });
    expect(res.status, await res.clone().text()).toBe(201);
    const outcome = (await res.json()) as { status: string; iri: string };
    expect(outcome.status).toBe('created');
    expect(outcome.iri).toMatch(/^https:\/\/doi\.org\/10\.5072\/phd-[0-9a-z]{4}-[0-9a-z]{4}$/);
  });

  it('keeps local IRIs for the kinds that get no PID.', async () => {
    const created = await post(app, admin, `<> a phd:InstrumentModel ; schema:name "Born model" ; phd:manufacturer <${app.baseUrl}/id/organization/carl-zeiss-microscopy> .`);
    expect(created.iri).toMatch(new RegExp(`^${app.baseUrl}/id/model/`));
  });
});

describe('Records without minting configured', () => {
  it('are named {base}/id/{kind}/{uuid} as before.', async () => {
    const app = await startTestApp();
    try {
      const created = await post(app, `Bearer ${ADMIN_TOKEN}`, instanceBody(app, IGC, 'LOCAL-1'));
      expect(created.iri).toMatch(new RegExp(`^${app.baseUrl}/id/instance/[0-9a-f-]{36}$`));
    } finally {
      await app.close();
    }
  });
});
