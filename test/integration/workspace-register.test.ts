import N3 from 'n3';
import type { Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin } from '../support/workspace-client.js';
import { etagIn, locationParam, objects } from '../support/workspace-forms.js';
import type { WorkspaceClient } from '../support/workspace-client.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const SCHEMA = 'https://schema.org/';
const DCTERMS = 'http://purl.org/dc/terms/';
const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const HOSTILE = '<script>alert("x")</script> \'quoted\' & "double"';

let app: TestApp;
let client: WorkspaceClient;

beforeAll(async () => {
  app = await startTestApp({ seedDir: '' });
  client = await signInAsAdmin(app);
});

afterAll(async () => {
  await app.close();
});

/** The record as the service serves it: Turtle through its `/pid/…` (or `/id/…`) address. */
async function served(iri: string): Promise<Quad[]> {
  const response = await fetch(new URL(app.services.pids.hrefOf(iri), app.url), { headers: { accept: 'text/turtle' } });
  expect(response.status).toBe(200);
  return new N3.Parser({ format: 'Turtle', baseIRI: app.baseUrl }).parse(await response.text());
}

/** The query parameter of a redirect's location. */
function param(location: string | undefined, name: string): string {
  return locationParam(app.url, location, name);
}

describe('The guided registration flow', () => {
  let host: string;
  let maker: string;
  let facility: string;
  let model: string;
  let instance: string;

  it('starts at the organization step of an empty store, with the step list on top.', async () => {
    const page = await client.get('/workspace/register/organization');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<ol class="steps">/);
    expect(page.body).toMatch(/<li aria-current="step"><a href="\/workspace\/register\/organization">1\. Organization<\/a>/);
    expect(page.body).toContain('No organization is registered here yet.');
    expect(page.body).toContain('name="ror"');
    expect(page.body).toContain('Register the organization</button>');
  });

  it('registers organizations by ROR and without one, then goes on to the facility with the host preselected.', async () => {
    const registered = await client.post('/workspace/register/organization', { ror: 'https://ror.org/02jx3x895', name: 'University College London', website: 'https://www.ucl.ac.uk/' });
    expect(registered.status).toBe(303);
    expect(registered.location).toBe('/workspace/register/facility?organization=https%3A%2F%2Fror.org%2F02jx3x895');
    host = param(registered.location, 'organization');
    const made = await client.post('/workspace/register/organization', { ror: '', name: 'Leica Microsystems CMS GmbH', website: '' });
    maker = param(made.location, 'organization');
    expect(maker).toMatch(new RegExp(`^${app.baseUrl}/id/organization/`));

    const quads = await served(host);
    expect(objects(quads, host, RDF_TYPE)).toEqual([`${PHD}Organization`]);
    expect(objects(quads, host, `${SCHEMA}name`)).toEqual(['University College London']);
    expect(objects(quads, host, `${DCTERMS}identifier`)).toEqual(['https://ror.org/02jx3x895']);
    expect(objects(quads, host, `${SCHEMA}url`)).toEqual(['https://www.ucl.ac.uk/']);
    expect(objects(await served(maker), maker, `${SCHEMA}name`)).toEqual(['Leica Microsystems CMS GmbH']);

    const next = await client.get(registered.location ?? '');
    expect(next.body).toContain('<option value="https://ror.org/02jx3x895" selected>University College London</option>');
    expect(next.body).toMatch(/<li aria-current="step"><a [^>]*>2\. Facility/);
  });

  it('names an organization that is not registered in words, before validation, and stores nothing.', async () => {
    const before = await app.store.stats();
    const refused = await client.post('/workspace/register/facility', { rrid: '', name: 'Core', host: 'https://ror.org/04b08hq31' });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('organization https://ror.org/04b08hq31 is not registered here — register it first.');
    expect(refused.body).not.toContain('exactly one');
    expect(refused.body).toContain('value="Core"');
    expect(await app.store.stats()).toEqual(before);
  });

  it('registers a facility without an RRID yet (the service names it), then the model and the instance.', async () => {
    const registered = await client.post('/workspace/register/facility', { rrid: '', name: 'UCL Light Microscopy Core', host, website: '', contact: '' });
    expect(registered.status).toBe(303);
    facility = param(registered.location, 'facility');
    expect(facility).toMatch(new RegExp(`^${app.baseUrl}/id/facility/[0-9a-f-]+$`));
    const facilityQuads = await served(facility);
    expect(objects(facilityQuads, facility, `${PHD}hostedBy`)).toEqual([host]);

    const modelPage = await client.get(registered.location ?? '');
    expect(modelPage.body).toContain(`name="carry_facility" value="${facility}"`);
    const madeModel = await client.post('/workspace/register/model', { manufacturer: maker, name: 'Leica Stellaris 8', rrid: '', stand: 'inverted', techniques: 'confocal laser scanning\nFLIM', carry_facility: facility });
    expect(madeModel.status).toBe(303);
    expect(param(madeModel.location, 'facility')).toBe(facility);
    model = param(madeModel.location, 'model');
    const modelQuads = await served(model);
    expect(objects(modelQuads, model, `${PHD}manufacturer`)).toEqual([maker]);
    expect(objects(modelQuads, model, `${PHD}technique`).sort()).toEqual(['FLIM', 'confocal laser scanning']);

    const instancePage = await client.get(madeModel.location ?? '');
    expect(instancePage.body).toContain(`<option value="${model}" selected>Leica Stellaris 8</option>`);
    expect(instancePage.body).toContain(`<option value="${facility}" selected>UCL Light Microscopy Core</option>`);
    const madeInstance = await client.post('/workspace/register/instance', {
      model, facility, name: 'Stellaris (room 2.14)', serial: 'ST8-0042', pid: '', status: `${PHD}ActiveStatus`, statusSince: '2024-05-01', decommissioned: '',
    });
    expect(madeInstance.status).toBe(303);
    instance = param(madeInstance.location, 'instance');
    const instanceQuads = await served(instance);
    expect(objects(instanceQuads, instance, `${PHD}serialNumber`)).toEqual(['ST8-0042']);
    expect(objects(instanceQuads, instance, `${PHD}instanceOf`)).toEqual([model]);
    expect(objects(instanceQuads, facility, `${PHD}operates`)).toEqual([instance]);
    expect(objects(instanceQuads, instance, `${PHD}instrumentStatus`)).toEqual([`${PHD}ActiveStatus`]);

    const last = await client.get(madeInstance.location ?? '');
    expect(last.body).toContain(`href="/workspace/upload?instance=${encodeURIComponent(instance)}"`);
    expect(last.body).toContain(`href="/workspace/instrument?iri=${encodeURIComponent(instance)}"`);
  });

  it('offers the registered records at each step with a "Use this" link to the next step.', async () => {
    const page = await client.get('/workspace/register/model');
    expect(page.body).toContain('Leica Stellaris 8');
    expect(page.body).toContain(`href="/workspace/register/instance?model=${encodeURIComponent(model)}"`);
    expect(page.body).toMatch(/Use this<span class="visually-hidden"> instrument model: Leica Stellaris 8<\/span>/);
  });

  it('gives the facility its RRID later through its edit form: it is renamed to it, its former name kept with owl:sameAs.', async () => {
    const form = await client.get(`/workspace/edit?iri=${encodeURIComponent(facility)}`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="UCL Light Microscopy Core"');
    const saved = await client.post(`/workspace/edit?iri=${encodeURIComponent(facility)}`, { _etag: etagIn(form.body), rrid: 'RRID:SCR_999555', name: 'UCL Light Microscopy Core', host, website: '', contact: '' });
    expect(saved.status).toBe(303);
    const rrid = 'https://identifiers.org/RRID:SCR_999555';
    expect(param(saved.location, 'iri')).toBe(rrid);
    const quads = await served(rrid);
    expect(objects(quads, rrid, OWL_SAME_AS)).toEqual([facility]);
    expect(objects(quads, rrid, `${DCTERMS}identifier`)).toEqual(['RRID:SCR_999555']);
    expect(await app.store.canonicalOf(facility)).toBe(rrid);
  });

  it('refuses an RRID given later that names another registered record, in words.', async () => {
    const other = await client.post('/workspace/register/facility', { rrid: 'RRID:SCR_999556', name: 'Other', host });
    expect(other.status).toBe(303);
    const made = await client.post('/workspace/register/facility', { rrid: '', name: 'Third', host });
    const third = param(made.location, 'facility');
    const form = await client.get(`/workspace/edit?iri=${encodeURIComponent(third)}`);
    const before = await app.store.get(third);
    const refused = await client.post(`/workspace/edit?iri=${encodeURIComponent(third)}`, { _etag: etagIn(form.body), rrid: 'RRID:SCR_999556', name: 'Third', host });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('https://identifiers.org/RRID:SCR_999556 names another record registered here');
    expect((await app.store.get(third))?.etag).toBe(before?.etag);
  });

  it('stores hostile text in the text fields of every kind in the flow as text, and shows it escaped.', async () => {
    const facilityMade = await client.post('/workspace/register/facility', { rrid: '', name: HOSTILE, host, website: 'https://example.org/?q="<x>"' });
    const hostileFacility = param(facilityMade.location, 'facility');
    const modelMade = await client.post('/workspace/register/model', { manufacturer: maker, name: HOSTILE, techniques: HOSTILE, carry_facility: hostileFacility });
    const hostileModel = param(modelMade.location, 'model');
    const instanceMade = await client.post('/workspace/register/instance', { model: hostileModel, facility: hostileFacility, name: HOSTILE, serial: HOSTILE });
    const hostileInstance = param(instanceMade.location, 'instance');
    expect(objects(await served(hostileFacility), hostileFacility, `${SCHEMA}name`)).toEqual([HOSTILE]);
    expect(objects(await served(hostileFacility), hostileFacility, `${SCHEMA}url`)).toEqual(['https://example.org/?q=%22%3Cx%3E%22']);
    expect(objects(await served(hostileModel), hostileModel, `${PHD}technique`)).toEqual([HOSTILE]);
    expect(objects(await served(hostileInstance), hostileInstance, `${PHD}serialNumber`)).toEqual([HOSTILE]);
    for (const page of [await client.get(instanceMade.location ?? ''), await client.get(`/workspace/edit?iri=${encodeURIComponent(hostileInstance)}`), await client.get(`/workspace/edit?iri=${encodeURIComponent(hostileModel)}`), await client.get('/workspace/register/model')]) {
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
  });

  it('keeps what a record says beyond its form when the form is saved.', async () => {
    const body = `<https://identifiers.org/RRID:SCR_999557> a <${PHD}Facility> ; <${SCHEMA}name> "Marketplace core" ; <${DCTERMS}identifier> "RRID:SCR_999557" ;
      <${PHD}hostedBy> <${host}> ; <${PHD}coreMarketplacePage> <https://marketplace.example/core> .`;
    const posted = await fetch(new URL('/records', app.url), { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/turtle' }, body });
    expect(posted.status).toBe(201);
    const iri = 'https://identifiers.org/RRID:SCR_999557';
    const form = await client.get(`/workspace/edit?iri=${encodeURIComponent(iri)}`);
    const saved = await client.post(`/workspace/edit?iri=${encodeURIComponent(iri)}`, { _etag: etagIn(form.body), rrid: 'RRID:SCR_999557', name: 'Marketplace core (renamed)', host, website: '', contact: '' });
    expect(saved.status).toBe(303);
    const quads = await served(iri);
    expect(objects(quads, iri, `${SCHEMA}name`)).toEqual(['Marketplace core (renamed)']);
    expect(objects(quads, iri, `${PHD}coreMarketplacePage`)).toEqual(['https://marketplace.example/core']);
    expect(objects(quads, iri, `${DCTERMS}identifier`)).toEqual(['RRID:SCR_999557']);
  });

  it('reports a change made by someone else since the form was opened, and keeps theirs.', async () => {
    const form = await client.get(`/workspace/edit?iri=${encodeURIComponent(model)}`);
    const etag = etagIn(form.body);
    const current = await app.store.get(model);
    const theirs = (current?.ntriples ?? '').replace('"Leica Stellaris 8"', '"Leica STELLARIS 8"');
    const put = await fetch(new URL(`/records/${encodeURIComponent(model)}`, app.url), {
      method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/n-triples', 'if-match': etag }, body: theirs,
    });
    expect(put.status).toBe(200);
    const after = await app.store.get(model);
    const refused = await client.post(`/workspace/edit?iri=${encodeURIComponent(model)}`, { _etag: etag, manufacturer: maker, name: 'Mine', stand: 'upright', techniques: '' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Someone else changed this record after you opened this form');
    expect(refused.body).toContain('value="Mine"');
    expect((await app.store.get(model))?.etag).toBe(after?.etag);
    expect(objects(await served(model), model, `${SCHEMA}name`)).toEqual(['Leica STELLARIS 8']);
  });
});

describe('The record forms', () => {
  it('store hostile text in every text field as text, and show it escaped.', async () => {
    const made = await client.post('/workspace/new?kind=person', { orcid: '0000-0002-1825-0097', name: HOSTILE });
    expect(made.status).toBe(303);
    const iri = param(made.location, 'iri');
    expect(objects(await served(iri), iri, `${SCHEMA}name`)).toEqual([HOSTILE]);
    const page = await client.get(made.location ?? '');
    expect(page.body).toContain('Saved.');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;quoted&#39; &amp; &quot;double&quot;"');
  });

  it('re-render a refused form with hostile values escaped and nothing stored.', async () => {
    const before = await app.store.stats();
    const fields = { ror: HOSTILE, name: HOSTILE, website: HOSTILE };
    const refused = await client.post('/workspace/register/organization', fields);
    expect(refused.status).toBe(422);
    expect(refused.body).not.toContain('<script>alert');
    expect(refused.body).toContain('is not a PID of a known scheme');
    expect(refused.body).toContain('The website is a web address starting with https://');
    const dataset = await client.post('/workspace/new?kind=dataset', { doi: '', title: HOSTILE, configuration: HOSTILE, created: HOSTILE, creators: HOSTILE });
    expect(dataset.status).toBe(422);
    expect(dataset.body).not.toContain('<script>alert');
    expect(dataset.body).toContain('<textarea id="f-creators" name="creators" maxlength="5000" aria-describedby="f-creators-hint f-creators-error" aria-invalid="true">&lt;script&gt;');
    expect(await app.store.stats()).toEqual(before);
  });

  it('refuse a publication citing a dataset that is not registered, in words.', async () => {
    const before = await app.store.stats();
    const refused = await client.post('/workspace/new?kind=publication', { doi: '10.5072/forms.paper', title: 'Paper', issued: '2024', datasets: 'https://doi.org/10.5072/nowhere' });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('dataset https://doi.org/10.5072/nowhere is not registered here — register it first.');
    expect(await app.store.stats()).toEqual(before);
  });

  it('say that a PID is registered already instead of registering it twice.', async () => {
    const again = await client.post('/workspace/register/organization', { ror: '02jx3x895', name: 'UCL again' });
    expect(again.status).toBe(422);
    expect(again.body).toContain('organization https://ror.org/02jx3x895 is registered here already — use it, or edit it.');
  });
});
