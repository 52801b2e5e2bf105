import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoad } from '../../../src/records/bulk-loader.js';
import { RecordService } from '../../../src/records/record-service.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import { turtleOf } from '../../../src/workspace/form-graph.js';
import type { FormValues, RecordForm } from '../../../src/workspace/form-graph.js';
import { RECORD_FORMS } from '../../../src/workspace/record-forms.js';

const BASE = 'http://phd.test';
const admin = { id: 'admin', admin: true as const, facility: undefined };
let dir: string;
let store: SqliteRecordStore;
let service: RecordService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phd-forms-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  service = new RecordService({ store, validator: new RecordValidator(), baseUrl: BASE });
  await bulkLoad([DATA_DIR], { service, store, rebaseTo: BASE });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function form(kind: string): RecordForm {
  const found = (RECORD_FORMS as Record<string, RecordForm | undefined>)[kind];
  if (found === undefined) throw new Error(`no form for ${kind}`);
  return found;
}

/** Builds the record, stores it through the service (SHACL and all), and reads the stored graph back into fields. */
async function roundTrip(kind: string, values: FormValues): Promise<{ iri: string; read: Record<string, string> }> {
  const built = form(kind).build(values);
  expect(built.errors).toEqual({});
  const stored = await service.create({ body: turtleOf(built.quads), format: 'turtle', principal: admin });
  const quads = new N3.Parser({ format: 'N-Triples' }).parse(stored.ntriples);
  return { iri: stored.iri, read: form(kind).read(quads, stored.iri) };
}

const hostile = '<script>alert("x")</script> & \'quotes\'';

describe('The record forms', () => {
  it('build an organization named by its ROR IRI that the service stores, and read it back.', async () => {
    const values = { ror: 'https://ror.org/02jx3x895', name: hostile, website: 'https://www.ucl.ac.uk/' };
    const { iri, read } = await roundTrip('organization', values);
    expect(iri).toBe('https://ror.org/02jx3x895');
    expect(read).toEqual(values);
  });

  it('build an organization without a ROR ID that the service names.', async () => {
    const { iri, read } = await roundTrip('organization', { ror: '', name: 'Maker GmbH', website: '' });
    expect(iri).toMatch(new RegExp(`^${BASE}/id/organization/[0-9a-f-]+$`));
    expect(read.name).toBe('Maker GmbH');
  });

  it('build a facility named by its RRID, and one named by the service until it has an RRID.', async () => {
    const values = { rrid: 'RRID:SCR_999777', name: 'Core', host: 'https://ror.org/04b08hq31', website: 'https://core.example.org/', contact: 'https://orcid.org/0000-0002-1825-0097' };
    const named = await roundTrip('facility', values);
    expect(named.iri).toBe('https://identifiers.org/RRID:SCR_999777');
    expect(named.read).toEqual(values);
    const local = await roundTrip('facility', { ...values, rrid: '', contact: '' });
    expect(local.iri).toMatch(new RegExp(`^${BASE}/id/facility/[0-9a-f-]+$`));
    expect(local.read).toEqual({ ...values, rrid: '', contact: '' });
  });

  it('give a facility named here its RRID later as a rename: the form names the RRID to adopt, and the service renames it.', async () => {
    const { iri } = await roundTrip('facility', { rrid: '', name: 'Later', host: 'https://ror.org/04b08hq31' });
    const built = form('facility').build({ rrid: 'RRID:SCR_999778', name: 'Later', host: 'https://ror.org/04b08hq31' }, iri);
    expect(built.errors).toEqual({});
    expect(built.adopts).toBe('https://identifiers.org/RRID:SCR_999778');
    await service.adopt(iri, 'https://identifiers.org/RRID:SCR_999778', admin);
    const moved = form('facility').build({ rrid: 'RRID:SCR_999778', name: 'Later', host: 'https://ror.org/04b08hq31' }, 'https://identifiers.org/RRID:SCR_999778');
    const stored = await service.update('https://identifiers.org/RRID:SCR_999778', { body: turtleOf(moved.quads), format: 'turtle', principal: admin }, undefined);
    expect(stored.iri).toBe('https://identifiers.org/RRID:SCR_999778');
    expect(form('facility').read(new N3.Parser({ format: 'N-Triples' }).parse(stored.ntriples), stored.iri).rrid).toBe('RRID:SCR_999778');
  });

  it('refuse to change the PID of a record named by one.', () => {
    const built = form('organization').build({ ror: '04b08hq31', name: 'x' }, 'https://ror.org/01pxwe438');
    expect(built.errors.ror).toMatch(/named https:\/\/ror\.org\/01pxwe438.*cannot change/);
  });

  it('build an instrument model with its manufacturer, stand and techniques.', async () => {
    const values = { manufacturer: `${BASE}/id/organization/leica-microsystems`, name: 'Leica Stellaris 8', rrid: '', stand: 'inverted', techniques: 'FLIM\nconfocal laser scanning' };
    const { iri, read } = await roundTrip('model', values);
    expect(iri).toMatch(new RegExp(`^${BASE}/id/model/`));
    expect(read).toEqual(values);
  });

  it('build an instance with its facility link, status and dates, and one with a PIDINST DOI.', async () => {
    const values = {
      model: `${BASE}/id/model/leica-tcs-sp8`, facility: 'https://identifiers.org/RRID:SCR_999001', name: 'SP8 #2', serial: '8100-2',
      pid: '', status: 'https://w3id.org/imaging-phd/ns#ActiveStatus', statusSince: '2024-02-01', decommissioned: '',
    };
    const local = await roundTrip('instance', values);
    expect(local.iri).toMatch(new RegExp(`^${BASE}/id/instance/`));
    expect(local.read).toEqual(values);
    const doi = await roundTrip('instance', { ...values, pid: 'doi:10.5072/FORMS.SP8' });
    expect(doi.iri).toBe('https://doi.org/10.5072/forms.sp8');
  });

  it('name a status without its date as missing in words.', () => {
    const built = form('instance').build({ model: `${BASE}/id/model/x`, facility: 'https://identifiers.org/RRID:SCR_999001', name: 'n', serial: 's', status: 'https://w3id.org/imaging-phd/ns#DecommissionedStatus' });
    expect(built.errors).toEqual({ statusSince: 'Enter the date the status took effect.', decommissioned: 'Enter the date the instrument was decommissioned.' });
  });

  it('build a person, a dataset and a publication citing them.', async () => {
    const person = await roundTrip('person', { orcid: '0000-0001-5109-3700', name: hostile, affiliation: 'https://ror.org/04b08hq31' });
    expect(person.iri).toBe('https://orcid.org/0000-0001-5109-3700');
    expect(person.read.name).toBe(hostile);
    const dataset = await roundTrip('dataset', { doi: '', title: 'Nuclei', configuration: 'https://doi.org/10.5072/phd.ecc.sp8.v2', created: '2024-03-04', creators: person.iri });
    expect(dataset.read).toEqual({ doi: '', title: 'Nuclei', configuration: 'https://doi.org/10.5072/phd.ecc.sp8.v2', created: '2024-03-04', creators: person.iri });
    const values = { doi: '10.5072/forms.paper', title: 'A paper', issued: '2024', creators: person.iri, datasets: `${dataset.iri}\nhttps://doi.org/10.5072/phd.data.sp8-2020-mitochondria`, instruments: 'https://doi.org/10.5072/phd.igc.limelight' };
    const publication = await roundTrip('publication', values);
    expect(publication.iri).toBe('https://doi.org/10.5072/forms.paper');
    expect(publication.read).toEqual(values);
  });

  it('name what is wrong with each field in words, without building a record.', () => {
    const built = form('facility').build({ rrid: 'RRID:SCR_12x', name: ' ', host: 'not a thing', website: 'javascript:alert(1)' });
    expect(built.errors.rrid).toMatch(/is not an RRID: write the facility's RRID, e.g. RRID:SCR_017000/);
    expect(built.errors.name).toBe('Enter the name.');
    expect(built.errors.host).toMatch(/neither a web address/);
    expect(built.errors.website).toMatch(/web address starting with https/);
    expect(form('dataset').build({ title: 't', configuration: 'https://doi.org/10.5072/c', created: '2024-02-30' }).errors.created).toMatch(/YYYY-MM-DD/);
  });

  it('give every field of every form the property it writes, so that an edit replaces exactly those.', () => {
    for (const recordForm of Object.values(RECORD_FORMS)) {
      const built = recordForm.build({});
      expect([...new Set(built.paths.values())].sort(), recordForm.kind).toEqual(recordForm.fields.map((f) => f.name).sort());
    }
  });

  it('list the registered records a form names, to be checked before the service validates.', () => {
    const built = form('instance').build({ model: `${BASE}/id/model/x`, facility: 'RRID:SCR_999001', name: 'n', serial: 's' });
    expect(built.references).toEqual([
      { field: 'model', kind: 'model', iri: `${BASE}/id/model/x` },
      { field: 'facility', kind: 'facility', iri: 'https://identifiers.org/RRID:SCR_999001' },
    ]);
  });
});
