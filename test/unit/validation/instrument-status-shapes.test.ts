import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { PREFIXES } from '../../../src/domain/namespaces.js';
import { INSTRUMENT_STATUSES } from '../../../src/domain/instrument-status.js';
import { PHD } from '../../../src/domain/vocabulary.js';
import { ONTOLOGY_DIR, readTurtleDir } from '../../../src/validation/model-files.js';
import type { ValidationReport } from '../../../src/validation/validation-report.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';

const INSTANCE = 'https://doi.org/10.5072/x.scope';

/** An instance record (with its facility and model as typed stubs) plus the given status triples. */
function instance(status: string): N3.Quad[] {
  return new N3.Parser().parse(`@prefix phd: <https://w3id.org/imaging-phd/ns#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://identifiers.org/RRID:SCR_999003> a phd:Facility ; phd:operates <${INSTANCE}> .
<https://imaging-phd.example/id/model/m> a phd:InstrumentModel .
<${INSTANCE}> a phd:InstrumentInstance ; schema:name "Scope" ; phd:serialNumber "1" ;
  phd:instanceOf <https://imaging-phd.example/id/model/m> ${status} .`);
}

let validator: RecordValidator;
const check = (status: string): Promise<ValidationReport> => validator.validate(instance(status), { owns: (node) => node === INSTANCE });

beforeAll(() => {
  validator = new RecordValidator();
});

describe('The instrument status shapes', () => {
  it('accept each of the five statuses with the date it took effect, and an instance with no status at all.', async () => {
    for (const status of ['', ...INSTRUMENT_STATUSES.map((s) => `; phd:instrumentStatus <${s.iri}> ; phd:statusSince "2024-05-01"^^xsd:date ; phd:decommissioned "2024-05-01"^^xsd:date`)]) {
      const report = await check(status);
      expect(report.issues, status).toEqual([]);
    }
  });

  it('refuse a status outside the list, saying which ones are allowed.', async () => {
    const report = await check('; phd:instrumentStatus phd:RetiredStatus ; phd:statusSince "2024-05-01"^^xsd:date');
    expect(report.conforms).toBe(false);
    expect(report.issues).toEqual([expect.objectContaining({
      focusNode: INSTANCE, path: PHD.instrumentStatus, value: 'https://w3id.org/imaging-phd/ns#RetiredStatus',
      message: expect.stringContaining('one of phd:PlannedStatus, phd:CommissionedStatus, phd:ActiveStatus, phd:InactiveStatus, phd:DecommissionedStatus') as string,
    })]);
  });

  it('refuse two statuses at once.', async () => {
    const report = await check('; phd:instrumentStatus phd:ActiveStatus, phd:InactiveStatus ; phd:statusSince "2024-05-01"^^xsd:date');
    expect(report.issues.map((i) => i.message)).toEqual([expect.stringContaining('at most one status')]);
  });

  it('refuse a status without the date it took effect, and a date that is not an xsd:date.', async () => {
    const missing = await check('; phd:instrumentStatus phd:ActiveStatus');
    expect(missing.issues).toEqual([expect.objectContaining({ focusNode: INSTANCE, message: expect.stringContaining('needs the date it took effect: add phd:statusSince') as string })]);
    const text = await check('; phd:instrumentStatus phd:ActiveStatus ; phd:statusSince "since May"');
    expect(text.issues).toEqual([expect.objectContaining({ path: PHD.statusSince, message: expect.stringContaining('"YYYY-MM-DD"^^xsd:date') as string })]);
  });

  it('refuse a decommissioned instrument without its decommissioning date.', async () => {
    const report = await check('; phd:instrumentStatus phd:DecommissionedStatus ; phd:statusSince "2024-05-01"^^xsd:date');
    expect(report.conforms).toBe(false);
    expect(report.issues).toEqual([expect.objectContaining({ focusNode: INSTANCE, message: expect.stringContaining('A decommissioned instrument needs its decommissioning date') as string })]);
  });

  it('refuse a decommissioning before the commissioning, and accept one on the same day or later.', async () => {
    const dates = (from: string, to: string) => `; phd:commissioned "${from}"^^xsd:date ; phd:decommissioned "${to}"^^xsd:date`;
    expect((await check(dates('2021-05-01', '2020-01-01'))).issues.map((i) => i.message)).toEqual([expect.stringContaining('cannot be earlier than phd:commissioned')]);
    expect((await check(dates('2021-05-01', '2021-05-01'))).issues).toEqual([]);
    expect((await check(dates('2021-05-01', '2030-01-01'))).issues).toEqual([]);
  });
});

describe('INSTRUMENT_STATUSES', () => {
  it('name the five concepts of the ontology\'s status scheme with their labels and PIDINST notations.', () => {
    const ontology = new N3.Store(readTurtleDir(ONTOLOGY_DIR));
    const value = (s: string, p: string) => ontology.getObjects(N3.DataFactory.namedNode(s), N3.DataFactory.namedNode(p), null).map((o) => o.value);
    const inScheme = ontology.getSubjects(N3.DataFactory.namedNode(`${PREFIXES.skos}inScheme`), N3.DataFactory.namedNode(PHD.InstrumentStatusScheme), null).map((s) => s.value);
    expect(INSTRUMENT_STATUSES.map((s) => s.iri).sort()).toEqual(inScheme.sort());
    for (const status of INSTRUMENT_STATUSES) {
      expect(value(status.iri, `${PREFIXES.skos}prefLabel`)).toEqual([status.label]);
      expect(value(status.iri, `${PREFIXES.skos}notation`)).toEqual([status.pidinst]);
    }
  });
});
