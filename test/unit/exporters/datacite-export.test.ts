import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { PREFIXES } from '../../../src/domain/namespaces.js';
import { PHD } from '../../../src/domain/vocabulary.js';
import { InvalidPidError } from '../../../src/errors/invalid-pid-error.js';
import { type DataciteResource, dataciteOf } from '../../../src/exporters/datacite-export.js';
import { type DataciteJsonPayload, dataciteJson } from '../../../src/exporters/datacite-json.js';
import { dataciteXml } from '../../../src/exporters/datacite-xml.js';
import { exportGraph } from '../../../src/exporters/export-graph.js';
import { bulkLoad } from '../../../src/records/bulk-loader.js';
import { RecordService } from '../../../src/records/record-service.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import { FIXTURES } from '../../support/rdf-files.js';
import { edited, thrown } from '../../support/export-graphs.js';
import { xsdErrors } from '../../support/datacite-xsd.js';

const BASE = 'http://localhost:3000';
const SP8 = 'https://doi.org/10.5072/phd.ecc.sp8';
const SP8_V1 = 'https://doi.org/10.5072/phd.ecc.sp8.v1';
const SP8_V2 = 'https://doi.org/10.5072/phd.ecc.sp8.v2';
const ABIF = 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1';
const LIMELIGHT_V1 = `${BASE}/id/configuration/igc-limelight-v1`;
const MIT = 'https://ror.org/042nb2s44';
const DATACITE_DIR = join(FIXTURES, 'datacite-4.5');
/** DOIs to register for the sample records that are not named by one (DataCite's test prefix). */
const DOI_FOR: Readonly<Record<string, string>> = {
  [ABIF]: '10.5072/phd.abif.axiovert1',
  [LIMELIGHT_V1]: '10.5072/phd.igc.limelight.v1',
  [`${BASE}/id/configuration/igc-macred-v1`]: '10.5072/phd.igc.macred.v1',
};

const { namedNode } = N3.DataFactory;

let dir: string;
let store: SqliteRecordStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phd-datacite-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
  const service = new RecordService({ store, validator: new RecordValidator(), baseUrl: BASE });
  const summary = await bulkLoad([DATA_DIR], { service, store, rebaseTo: BASE });
  expect(summary.rejected).toEqual([]);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function resourceOf(iri: string, doi?: string): Promise<DataciteResource> {
  return dataciteOf(await exportGraph(store, iri), iri, { baseUrl: BASE, ...(doi === undefined ? {} : { doi }) });
}

function relations(resource: DataciteResource): string[] {
  return resource.relatedIdentifiers.map((r) => `${r.relationType} ${r.relatedIdentifierType} ${r.relatedIdentifier}`);
}


describe('The DataCite 4.5 XSD validator (xmllint)', () => {
  it('accepts the official DataCite instrument example.', () => {
    expect(xsdErrors(readFileSync(join(DATACITE_DIR, 'datacite-example-instrument-v4.xml'), 'utf8'))).toEqual([]);
  });

  it('refuses an export without its publisher, and one with a relation type DataCite does not have.', async () => {
    const xml = dataciteXml(await resourceOf(SP8_V2));
    expect(xsdErrors(xml)).toEqual([]);
    const withoutPublisher = xml.replace(/\n\s*<publisher[^>]*>[^<]*<\/publisher>/, '');
    expect(withoutPublisher).not.toContain('<publisher');
    expect(xsdErrors(withoutPublisher).join('\n')).toMatch(/publisher/);
    const badRelation = xml.replace('relationType="IsNewVersionOf"', 'relationType="IsComponentOf"');
    expect(xsdErrors(badRelation).join('\n')).toContain('IsComponentOf');
  });
});

describe('dataciteOf and dataciteXml', () => {
  it('export every sample instance and every configuration as XML that validates against the DataCite 4.5 XSD.', async () => {
    const records = [...(await store.list('instance')), ...(await store.list('configuration'))];
    expect(records).toHaveLength(4 + 5);
    for (const { iri } of records) {
      const resource = await resourceOf(iri, DOI_FOR[iri]);
      expect(xsdErrors(dataciteXml(resource)), iri).toEqual([]);
      expect(resource.types.resourceTypeGeneral).toBe('Instrument');
    }
  });

  it('links the SP8 configuration versions: v2 IsNewVersionOf v1, v1 IsPreviousVersionOf v2, both IsVersionOf the instance.', async () => {
    const v1 = await resourceOf(SP8_V1);
    const v2 = await resourceOf(SP8_V2);
    expect(relations(v1)).toEqual([
      'IsVersionOf DOI 10.5072/phd.ecc.sp8',
      'IsPreviousVersionOf DOI 10.5072/phd.ecc.sp8.v2',
      'Collects DOI 10.5072/phd.data.sp8-2020-mitochondria',
    ]);
    expect(relations(v2)).toEqual([
      'IsVersionOf DOI 10.5072/phd.ecc.sp8',
      'IsNewVersionOf DOI 10.5072/phd.ecc.sp8.v1',
      'Collects DOI 10.5072/phd.data.sp8-2023-mitochondria',
    ]);
    const xml = dataciteXml(v2);
    expect(xml).toContain('<relatedIdentifier relatedIdentifierType="DOI" relationType="IsNewVersionOf" resourceTypeGeneral="Instrument">10.5072/phd.ecc.sp8.v1</relatedIdentifier>');
    expect(dataciteXml(v1)).toContain('<relatedIdentifier relatedIdentifierType="DOI" relationType="IsPreviousVersionOf" resourceTypeGeneral="Instrument">10.5072/phd.ecc.sp8.v2</relatedIdentifier>');
  });

  it('gives a configuration its validity range (validUntil derived from the next version), its version and its year.', async () => {
    const v1 = await resourceOf(SP8_V1);
    const v2 = await resourceOf(SP8_V2);
    expect(v1.dates).toEqual([{ date: '2019-03-01/2022-06-15', dateType: 'Valid', dateInformation: 'Valid until the next configuration version took effect' }]);
    expect(v2.dates).toEqual([{ date: '2022-06-15', dateType: 'Valid', dateInformation: 'Current configuration, valid from this date' }]);
    expect([v1.version, v2.version]).toEqual(['1', '2']);
    expect([v1.publicationYear, v2.publicationYear]).toEqual(['2019', '2022']);
    expect(v2.types.resourceType).toBe('Microscope hardware configuration');
    expect(v2.titles).toEqual([
      { title: 'SP8 confocal, 2022 set-up (PMT 2 replaced by a HyD)' },
      { title: 'SP8 confocal, room 4.12: hardware configuration version 2', titleType: 'AlternativeTitle' },
    ]);
    expect(v2.descriptions.at(-1)?.description).toContain('HyD 2');
  });

  it('makes the host institution the publisher and a HostingInstitution with its ROR, and the manufacturer the creator.', async () => {
    const resource = await resourceOf(SP8);
    expect(resource.publisher).toEqual({ name: 'Massachusetts Institute of Technology', publisherIdentifier: MIT, publisherIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' });
    expect(resource.contributors[0]).toEqual({
      name: 'Massachusetts Institute of Technology', nameType: 'Organizational', contributorType: 'HostingInstitution',
      nameIdentifiers: [{ nameIdentifier: MIT, nameIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' }], affiliation: [],
    });
    expect(resource.contributors.map((c) => `${c.contributorType} ${c.name}`)).toEqual([
      'HostingInstitution Massachusetts Institute of Technology',
      'HostingInstitution Example Confocal Core (fictional facility)',
      'ContactPerson Carberry, Josiah',
    ]);
    expect(resource.creators).toEqual([{ name: 'Leica Microsystems CMS GmbH', nameType: 'Organizational', nameIdentifiers: [], affiliation: [] }]);
    const xml = dataciteXml(resource);
    expect(xml).toContain('<nameIdentifier nameIdentifierScheme="ROR" schemeURI="https://ror.org/">https://ror.org/042nb2s44</nameIdentifier>');
    expect(xml).toContain('<publisher publisherIdentifier="https://ror.org/042nb2s44" publisherIdentifierScheme="ROR" schemeURI="https://ror.org/">Massachusetts Institute of Technology</publisher>');
  });

  it('describes the SP8 instance: serial number, in operation since the first version, its versions, citations and datasets.', async () => {
    const resource = await resourceOf(SP8);
    expect(resource.doi).toBe('10.5072/phd.ecc.sp8');
    expect(resource.url).toBe(`${BASE}/pid/doi:10.5072%2Fphd.ecc.sp8`);
    expect(resource.types).toEqual({ resourceTypeGeneral: 'Instrument', resourceType: 'Microscope' });
    expect(resource.alternateIdentifiers).toEqual([{ alternateIdentifier: '8100000451', alternateIdentifierType: 'SerialNumber' }]);
    expect(resource.dates).toEqual([expect.objectContaining({ date: '2019-03-01', dateType: 'Available' })]);
    expect(resource.publicationYear).toBe('2019');
    expect(resource.version).toBeUndefined();
    expect(relations(resource)).toEqual([
      'HasVersion DOI 10.5072/phd.ecc.sp8.v1',
      'HasVersion DOI 10.5072/phd.ecc.sp8.v2',
      'IsCitedBy DOI 10.5072/phd.pub.mito-2024',
      'Collects DOI 10.5072/phd.data.sp8-2020-mitochondria',
      'Collects DOI 10.5072/phd.data.sp8-2023-mitochondria',
    ]);
    expect(resource.subjects).toEqual([{ subject: 'confocal laser scanning microscope' }, { subject: 'inverted microscope' }]);
    expect(dataciteXml(resource)).toContain('<alternateIdentifier alternateIdentifierType="SerialNumber">8100000451</alternateIdentifier>');
  });

  it('refuses a record named by a handle without a DOI to register, telling to pass --doi or ?doi=.', async () => {
    const error = await thrown(() => resourceOf(ABIF));
    expect(error.status).toBe(422);
    expect(error.code).toBe('doi-required');
    expect(error.message).toContain('is named by the handle hdl:21.t11998/phd-abif-axiovert1');
    expect(error.message).toContain('--doi 10.xxxx/yyyy');
    expect(error.message).toContain('?doi=10.xxxx/yyyy');
  });

  it('registers a given DOI for a handle-named instance, keeping the handle as an alternate identifier and its landing page.', async () => {
    const resource = await resourceOf(ABIF, 'doi:10.5072/PHD.ABIF.Axiovert1');
    expect(resource.doi).toBe('10.5072/phd.abif.axiovert1');
    expect(resource.url).toBe(`${BASE}/pid/hdl:21.t11998%2Fphd-abif-axiovert1`);
    expect(resource.alternateIdentifiers).toEqual([
      { alternateIdentifier: '3834000123', alternateIdentifierType: 'SerialNumber' },
      { alternateIdentifier: '21.t11998/phd-abif-axiovert1', alternateIdentifierType: 'Handle' },
    ]);
    expect(resource.contributors[0]?.nameIdentifiers[0]?.nameIdentifier).toBe('https://ror.org/01pxwe438');
  });

  it('registers a given DOI for a configuration named by a local IRI, whose own page stays the landing page.', async () => {
    const resource = await resourceOf(LIMELIGHT_V1, 'https://doi.org/10.5072/phd.igc.limelight.v1');
    expect(resource.url).toBe(LIMELIGHT_V1);
    expect(resource.alternateIdentifiers).toEqual([
      { alternateIdentifier: LIMELIGHT_V1, alternateIdentifierType: 'URL' },
      { alternateIdentifier: 'a217a676-8af5-4740-903a-29f3c82cf133', alternateIdentifierType: 'Source identifier' },
    ]);
    expect(resource.publicationYear).toBe('2022');
    expect(relations(resource)).toEqual([
      'IsVersionOf DOI 10.5072/phd.igc.limelight',
      'Collects DOI 10.5072/phd.data.igc-limelight-nuclei',
    ]);
    expect(resource.descriptions[0]).toEqual({ description: 'Upright epifluorescence system', descriptionType: 'Abstract' });
  });

  it('refuses a DOI that is not one with 400, naming the rule broken.', async () => {
    const data = await exportGraph(store, ABIF);
    let error: unknown;
    try {
      dataciteOf(data, ABIF, { baseUrl: BASE, doi: '11.5072/nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPidError);
    expect((error as InvalidPidError).status).toBe(400);
  });

  it('refuses a DOI other than the one a record is named by.', async () => {
    const error = await thrown(() => resourceOf(SP8, '10.5072/something-else'));
    expect(error.code).toBe('doi-mismatch');
    expect((await resourceOf(SP8, 'doi:10.5072/PHD.ECC.SP8')).doi).toBe('10.5072/phd.ecc.sp8');
  });

  it('says which record and property to add when the host institution was withdrawn.', async () => {
    const data = edited(await exportGraph(store, SP8_V2), (q) => q.subject.value === MIT, { [MIT]: { deletedAt: '2025-01-02T03:04:05.000Z' } });
    const error = await thrown(() => dataciteOf(data, SP8_V2, { baseUrl: BASE }));
    expect(error.status).toBe(422);
    expect(error.code).toBe('incomplete-metadata');
    expect(error.message).toBe(
      `Cannot export ${SP8_V2} as DataCite 4.5: required metadata is missing. The host institution ${MIT} was withdrawn, so its metadata is unknown: ` +
        `create its organization record (\`<${MIT}> a phd:Organization; schema:name "…"\`), or point \`phd:hostedBy\` of facility https://identifiers.org/RRID:SCR_999003 to an organization that has one.`,
    );
  });

  it('takes the publication year from the record\'s creation when no version states validFrom.', async () => {
    const data = edited(await exportGraph(store, SP8_V2), (q) => q.predicate.value === PHD.validFrom, { [SP8_V2]: { createdAt: '2021-07-01T12:00:00.000Z' } });
    const resource = dataciteOf(data, SP8_V2, { baseUrl: BASE });
    expect(resource.publicationYear).toBe('2021');
    expect(resource.dates).toEqual([]);
    expect(xsdErrors(dataciteXml(resource))).toEqual([]);
  });

  it('escapes markup in literals and drops characters XML cannot carry, keeping the document valid.', async () => {
    const name = 'Scope <A & "B"> \u0001\'s ]]> room';
    const data = edited(
      await exportGraph(store, SP8),
      (q) => q.subject.value === SP8 && q.predicate.value === `${PREFIXES.schema}name`,
      {},
      [N3.DataFactory.quad(namedNode(SP8), namedNode(`${PREFIXES.schema}name`), N3.DataFactory.literal(name))],
    );
    const xml = dataciteXml(dataciteOf(data, SP8, { baseUrl: BASE }));
    expect(xml).toContain('<title>Scope &lt;A &amp; "B"&gt; \'s ]]&gt; room</title>');
    expect(xsdErrors(xml)).toEqual([]);
    const parsed = new XMLParser({ ignoreAttributes: true }).parse(xml) as { resource: { titles: { title: string } } };
    expect(parsed.resource.titles.title).toBe('Scope <A & "B"> \'s ]]> room');
  });
});

describe('dataciteJson', () => {
  it('builds the REST API payload that registers the DOI, with the same content as the XML.', async () => {
    const resource = await resourceOf(SP8_V2);
    const payload = dataciteJson(resource);
    expectTypeOf(payload).toEqualTypeOf<DataciteJsonPayload>();
    expect(payload.data.type).toBe('dois');
    const attributes = payload.data.attributes;
    expect(attributes).toMatchObject({
      doi: '10.5072/phd.ecc.sp8.v2',
      url: `${BASE}/pid/doi:10.5072%2Fphd.ecc.sp8.v2`,
      types: { resourceTypeGeneral: 'Instrument', resourceType: 'Microscope hardware configuration' },
      publisher: { name: 'Massachusetts Institute of Technology', publisherIdentifier: MIT, publisherIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' },
      publicationYear: 2022,
      version: '2',
      schemaVersion: 'http://datacite.org/schema/kernel-4',
    });
    expect(attributes.relatedIdentifiers).toEqual(resource.relatedIdentifiers);
    expect(attributes.creators).toEqual([expect.objectContaining({ name: 'Leica Microsystems CMS GmbH', nameType: 'Organizational' })]);
    expect(attributes.titles).toEqual(resource.titles);
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });

  it('leaves the version out of an instance\'s payload and writes the serial number as an alternate identifier.', async () => {
    const attributes = dataciteJson(await resourceOf(SP8)).data.attributes;
    expect(attributes).not.toHaveProperty('version');
    expect(attributes.alternateIdentifiers).toEqual([{ alternateIdentifier: '8100000451', alternateIdentifierType: 'SerialNumber' }]);
  });
});

const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const LEICA_MODEL = `${BASE}/id/model/leica-tcs-sp8`;

/** Triples stating an instance's status and life-cycle dates (xsd:date literals). */
function lifecycle(instance: string, status: string, dates: Readonly<Record<string, string>>): N3.Quad[] {
  const date = (value: string) => N3.DataFactory.literal(value, namedNode(`${PREFIXES.xsd}date`));
  return [
    N3.DataFactory.quad(namedNode(instance), namedNode(PHD.instrumentStatus), namedNode(status)),
    ...Object.entries(dates).map(([predicate, value]) => N3.DataFactory.quad(namedNode(instance), namedNode(predicate), date(value))),
  ];
}

describe('The instrument status and life-cycle dates in DataCite', () => {
  it('writes the sample Macred\'s commissioning as Available and its status as a Date Other, valid against the XSD.', async () => {
    const resource = await resourceOf(MACRED);
    expect(resource.dates).toEqual([
      { date: '2022-08-15', dateType: 'Available', dateInformation: 'In operation since: its commissioning' },
      { date: '2022-09-01', dateType: 'Other', dateInformation: 'Instrument status: active since 2022-09-01' },
    ]);
    const xml = dataciteXml(resource);
    expect(xml).toContain('<date dateType="Other" dateInformation="Instrument status: active since 2022-09-01">2022-09-01</date>');
    expect(xsdErrors(xml)).toEqual([]);
  });

  it('closes the Available range at the decommissioning date and names the status decommissioned.', async () => {
    const data = edited(await exportGraph(store, SP8), () => false, {}, lifecycle(SP8, PHD.DecommissionedStatus, { [PHD.statusSince]: '2025-03-31', [PHD.decommissioned]: '2025-03-31' }));
    const resource = dataciteOf(data, SP8, { baseUrl: BASE });
    expect(resource.dates).toEqual([
      { date: '2019-03-01/2025-03-31', dateType: 'Available', dateInformation: 'In operation from the validFrom date of its first hardware configuration until its decommissioning' },
      { date: '2025-03-31', dateType: 'Other', dateInformation: 'Instrument status: decommissioned since 2025-03-31' },
    ]);
    expect(xsdErrors(dataciteXml(resource))).toEqual([]);
  });

  it('writes a decommissioning date alone as a Date Other when no start of operation is known.', async () => {
    const data = edited(await exportGraph(store, SP8), (q) => q.predicate.value === PHD.validFrom, {},
      lifecycle(SP8, PHD.DecommissionedStatus, { [PHD.statusSince]: '2024-12-01', [PHD.decommissioned]: '2024-11-30' }));
    const resource = dataciteOf(data, SP8, { baseUrl: BASE });
    expect(resource.dates).toEqual([
      { date: '2024-11-30', dateType: 'Other', dateInformation: 'Decommissioned: the instrument ceased to be in operation' },
      { date: '2024-12-01', dateType: 'Other', dateInformation: 'Instrument status: decommissioned since 2024-12-01' },
    ]);
    expect(xsdErrors(dataciteXml(resource))).toEqual([]);
  });

  it('is checked by the XSD: a status written as a dateType of its own would be refused.', async () => {
    const xml = dataciteXml(await resourceOf(MACRED));
    expect(xsdErrors(xml.replace('dateType="Other"', 'dateType="InstrumentStatus"')).join('\n')).toContain('InstrumentStatus');
  });
});

describe('The identifiers the PHD plan registers with an instrument', () => {
  it('names the hosting facility by its RRID and the institution by its ROR, as contributors and publisher.', async () => {
    const xml = dataciteXml(await resourceOf(SP8));
    expect(xml).toContain('<contributorName nameType="Organizational">Example Confocal Core (fictional facility)</contributorName>');
    expect(xml).toContain('<nameIdentifier nameIdentifierScheme="RRID" schemeURI="https://scicrunch.org/resolver/">https://identifiers.org/RRID:SCR_999003</nameIdentifier>');
    expect(xml).toContain(`<publisher publisherIdentifier="${MIT}" publisherIdentifierScheme="ROR" schemeURI="https://ror.org/">`);
    expect(xml).toContain(`<nameIdentifier nameIdentifierScheme="ROR" schemeURI="https://ror.org/">${MIT}</nameIdentifier>`);
    expect(xsdErrors(xml)).toEqual([]);
  });

  it('references the model by its RRID when the model is named by one, on the instance and on each version.', async () => {
    const rrid = 'https://identifiers.org/RRID:SCR_020472';
    const rename = (term: N3.Term) => (term.termType === 'NamedNode' && term.value === LEICA_MODEL ? namedNode(rrid) : term);
    for (const iri of [SP8, SP8_V2]) {
      const original = await exportGraph(store, iri);
      const moved = original.graph.getQuads(null, null, null, null).map((q) => N3.DataFactory.quad(rename(q.subject) as N3.Quad_Subject, q.predicate, rename(q.object) as N3.Quad_Object));
      const data = edited(original, () => true, {}, moved);
      const resource = dataciteOf(data, iri, { baseUrl: BASE });
      expect(relations(resource)).toContain(`References URL ${rrid}`);
      expect(xsdErrors(dataciteXml(resource))).toEqual([]);
    }
  });
});
