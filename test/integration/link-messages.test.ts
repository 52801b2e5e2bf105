import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';

/** An ORCID iD with a valid check digit (ISO 7064 MOD 11-2) from 15 digits. */
function orcid(digits: string): string {
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  const id = `${digits}${check === 10 ? 'X' : String(check)}`;
  return `https://orcid.org/${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8, 12)}-${id.slice(12)}`;
}

// Valid PIDs that no record here has.
const NO_ORG = 'https://ror.org/03yrm5c26';
const NO_PERSON = orcid('000000021234567');
const NO_FACILITY = 'https://identifiers.org/RRID:SCR_999999';
const NO_MODEL = 'https://identifiers.org/RRID:SCR_999998';
const NO_INSTANCE = 'https://doi.org/10.5072/phd.nowhere.instance';
const NO_CONFIGURATION = 'https://doi.org/10.5072/phd.nowhere.v1';
const NO_DATASET = 'https://doi.org/10.5072/phd.nowhere.data';
// Registered ones (data/).
const FACILITY = 'https://identifiers.org/RRID:SCR_999003';
const MODEL = 'http://phd.test/id/model/leica-tcs-sp8';
const INSTANCE = 'https://doi.org/10.5072/phd.ecc.sp8';
const CONFIGURATION = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const PERSON = 'https://orcid.org/0000-0002-1825-0097';

interface Case {
  readonly name: string;
  readonly iri: string;
  readonly turtle: string;
  /** The link that points at nothing: property path and the unregistered target, with its kind. */
  readonly path: string;
  readonly kind: string;
  readonly target: string;
}

const CASES: readonly Case[] = [
  {
    name: 'a facility hosted by an unregistered organization', iri: 'https://identifiers.org/RRID:SCR_999101', path: `${PHD}hostedBy`, kind: 'organization', target: NO_ORG,
    turtle: `<https://identifiers.org/RRID:SCR_999101> a phd:Facility ; schema:name "New core" ; dcterms:identifier "RRID:SCR_999101" ; phd:hostedBy <${NO_ORG}> .`,
  },
  {
    name: 'a facility with an unregistered contact person', iri: 'https://identifiers.org/RRID:SCR_999102', path: `${PHD}contact`, kind: 'person', target: NO_PERSON,
    turtle: `<https://identifiers.org/RRID:SCR_999102> a phd:Facility ; schema:name "New core" ; dcterms:identifier "RRID:SCR_999102" ; phd:hostedBy <https://ror.org/042nb2s44> ; phd:contact <${NO_PERSON}> .`,
  },
  {
    name: 'a model by an unregistered manufacturer', iri: 'https://identifiers.org/RRID:SCR_999103', path: `${PHD}manufacturer`, kind: 'organization', target: NO_ORG,
    turtle: `<https://identifiers.org/RRID:SCR_999103> a phd:InstrumentModel ; schema:name "Scope 3000" ; phd:manufacturer <${NO_ORG}> .`,
  },
  {
    name: 'an instance of an unregistered model', iri: 'https://doi.org/10.5072/phd.new.instance1', path: `${PHD}instanceOf`, kind: 'instrument model', target: NO_MODEL,
    turtle: `<https://doi.org/10.5072/phd.new.instance1> a phd:InstrumentInstance ; schema:name "Scope" ; phd:serialNumber "1" ; phd:instanceOf <${NO_MODEL}> .
<${FACILITY}> phd:operates <https://doi.org/10.5072/phd.new.instance1> .`,
  },
  {
    name: 'an instance operated by an unregistered facility', iri: 'https://doi.org/10.5072/phd.new.instance2', path: `^${PHD}operates`, kind: 'facility', target: NO_FACILITY,
    turtle: `<https://doi.org/10.5072/phd.new.instance2> a phd:InstrumentInstance ; schema:name "Scope" ; phd:serialNumber "2" ; phd:instanceOf <${MODEL}> .
<${NO_FACILITY}> phd:operates <https://doi.org/10.5072/phd.new.instance2> .`,
  },
  {
    name: 'a configuration revising an unregistered configuration', iri: 'https://doi.org/10.5072/phd.new.cfg1', path: 'http://www.w3.org/ns/prov#wasRevisionOf', kind: 'hardware configuration', target: NO_CONFIGURATION,
    turtle: `<https://doi.org/10.5072/phd.new.cfg1> a phd:HardwareConfiguration ; rdfs:label "v9" ; phd:tier 0 ; phd:validFrom "2025-01-01"^^xsd:date ;
  prov:wasRevisionOf <${NO_CONFIGURATION}> ; phd:hasComponent <https://doi.org/10.5072/phd.new.cfg1/component/obj> .
<https://doi.org/10.5072/phd.new.cfg1/component/obj> a nboq:Objective ; dcterms:identifier "obj" .
<${INSTANCE}> phd:hasConfiguration <https://doi.org/10.5072/phd.new.cfg1> .`,
  },
  {
    name: 'a configuration of an unregistered instance', iri: 'https://doi.org/10.5072/phd.new.cfg2', path: `^${PHD}hasConfiguration`, kind: 'instrument instance', target: NO_INSTANCE,
    turtle: `<https://doi.org/10.5072/phd.new.cfg2> a phd:HardwareConfiguration ; rdfs:label "v1" ; phd:tier 0 ; phd:validFrom "2025-01-01"^^xsd:date ;
  phd:hasComponent <https://doi.org/10.5072/phd.new.cfg2/component/obj> .
<https://doi.org/10.5072/phd.new.cfg2/component/obj> a nboq:Objective ; dcterms:identifier "obj" .
<${NO_INSTANCE}> phd:hasConfiguration <https://doi.org/10.5072/phd.new.cfg2> .`,
  },
  {
    name: 'a dataset acquired with an unregistered configuration', iri: 'https://doi.org/10.5072/phd.new.data1', path: `${PHD}acquiredWith`, kind: 'hardware configuration', target: NO_CONFIGURATION,
    turtle: `<https://doi.org/10.5072/phd.new.data1> a phd:Dataset ; dcterms:title "Cells" ; dcterms:created "2025-01-02"^^xsd:date ; phd:acquiredWith <${NO_CONFIGURATION}> .`,
  },
  {
    name: 'a dataset by an unregistered creator', iri: 'https://doi.org/10.5072/phd.new.data2', path: 'http://purl.org/dc/terms/creator', kind: 'person', target: NO_PERSON,
    turtle: `<https://doi.org/10.5072/phd.new.data2> a phd:Dataset ; dcterms:title "Cells" ; dcterms:created "2025-01-02"^^xsd:date ; phd:acquiredWith <${CONFIGURATION}> ; dcterms:creator <${NO_PERSON}> .`,
  },
  {
    name: 'a publication citing an unregistered dataset', iri: 'https://doi.org/10.5072/phd.new.pub1', path: 'http://purl.org/spar/cito/citesAsDataSource', kind: 'dataset', target: NO_DATASET,
    turtle: `<https://doi.org/10.5072/phd.new.pub1> a phd:Publication ; dcterms:title "Paper" ; dcterms:identifier "10.5072/phd.new.pub1" ; cito:citesAsDataSource <${NO_DATASET}> .`,
  },
  {
    name: 'a person affiliated with an unregistered organization', iri: orcid('000000029876543'), path: 'https://schema.org/affiliation', kind: 'organization', target: NO_ORG,
    turtle: `<${orcid('000000029876543')}> a phd:Person ; schema:name "A. Person" ; dcterms:identifier "${orcid('000000029876543').slice(18)}" ; schema:affiliation <${NO_ORG}> .`,
  },
];

interface Violation {
  focusNode: string;
  path?: string;
  message: string;
  severity: string;
}

let app: TestApp;
const post = (turtle: string) => fetch(`${app.url}/records`, {
  method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN_TOKEN}` }, body: `${TURTLE_PREFIXES}${turtle}`,
});
const health = async () => (await (await fetch(`${app.url}/health`)).json()) as { records: number; triples: number };

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('A write that links to a record not registered here', () => {
  for (const c of CASES) {
    it(`names the missing ${c.kind} and says to register it first: ${c.name}.`, async () => {
      const before = await health();
      const res = await post(c.turtle);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json() as { violations: Violation[] };
      const about = problem.violations.filter((v) => v.path === c.path);
      expect(about).toEqual([expect.objectContaining({
        focusNode: c.iri, path: c.path, severity: 'Violation', message: `${c.kind} ${c.target} is not registered here — register it first.`,
      })]);
      // No cardinality wording for a link that is there.
      expect(problem.violations.map((v) => v.message).join('\n')).not.toMatch(/exactly one|at most one/);
      expect(await health()).toEqual(before);
      expect((await fetch(`${app.url}/pid/${encodeURIComponent(c.iri)}`)).status).toBe(404);
    });
  }

  it('is accepted once the linked record is registered.', async () => {
    const organization = await post(`<${NO_ORG}> a phd:Organization ; schema:name "Newly registered university" .`);
    expect(organization.status).toBe(201);
    const facility = CASES[0];
    expect((await post(facility?.turtle ?? '')).status).toBe(201);
  });

  it('names the class a registered record has when it is linked in the wrong place.', async () => {
    const res = await post(`<https://identifiers.org/RRID:SCR_999104> a phd:Facility ; schema:name "Core" ; dcterms:identifier "RRID:SCR_999104" ; phd:hostedBy <${PERSON}> .`);
    expect(res.status).toBe(422);
    const problem = await res.json() as { violations: Violation[] };
    expect(problem.violations).toContainEqual(expect.objectContaining({
      focusNode: 'https://identifiers.org/RRID:SCR_999104', path: `${PHD}hostedBy`, severity: 'Violation',
      message: `${PERSON} is registered here as a person, not as an organization: link an organization.`,
    }));
  });

  it('keeps the cardinality message when the link itself is missing.', async () => {
    const res = await post('<https://identifiers.org/RRID:SCR_999105> a phd:Facility ; schema:name "Core" ; dcterms:identifier "RRID:SCR_999105" .');
    expect(res.status).toBe(422);
    const problem = await res.json() as { violations: Violation[] };
    expect(problem.violations.filter((v) => v.path === `${PHD}hostedBy`).map((v) => v.message)).toEqual([expect.stringContaining('exactly one organization') as unknown]);
  });
});

describe('The CLI on links to records it does not have', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phd-links-'));
  const file = join(dir, 'dataset.ttl');
  const dataset = CASES.find((c) => c.path === `${PHD}acquiredWith`);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imaging-phd validate names the configuration missing from the files.', () => {
    writeFileSync(file, `${TURTLE_PREFIXES}${dataset?.turtle ?? ''}`);
    const result = runCli(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`hardware configuration ${NO_CONFIGURATION} is not in the data validated — add its record, or register it on the service first.`);
    expect(result.stdout).not.toMatch(/exactly one hardware configuration/);
  });

  it('imaging-phd load names the configuration not registered, and loads nothing of that record.', () => {
    const dataDir = mkdtempSync(join(dir, 'store-'));
    writeFileSync(file, `${TURTLE_PREFIXES}${dataset?.turtle ?? ''}`);
    const result = runCli(['load', file], { PHD_DATA_DIR: dataDir });
    expect(result.status).toBe(1);
    expect(`${result.stdout}\n${result.stderr}`).toContain(`hardware configuration ${NO_CONFIGURATION} is not registered here — register it first.`);
    const query = runCli(['query', `ASK { <${dataset?.iri ?? ''}> ?p ?o }`, '--format', 'json'], { PHD_DATA_DIR: dataDir });
    expect(JSON.parse(query.stdout)).toMatchObject({ boolean: false });
  });
});
