import N3 from 'n3';
import type { Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecordValidator } from '../../../src/validation/record-validator.js';

const PREFIXES = `@prefix phd: <https://w3id.org/imaging-phd/ns#> .
@prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://doi.org/10.5072/x.instance> a phd:InstrumentInstance .
`;

/** A configuration that names one objective and nothing else, declared at a tier. */
const objectiveOnly = (tier: number): Quad[] => new N3.Parser().parse(`${PREFIXES}
<https://doi.org/10.5072/x.instance> phd:hasConfiguration <https://doi.org/10.5072/x.v1> .
<https://doi.org/10.5072/x.v1> a phd:HardwareConfiguration ; rdfs:label "partial" ; phd:tier ${tier} ; phd:validFrom "2025-01-01"^^xsd:date ;
  phd:hasComponent <https://doi.org/10.5072/x.v1/component/obj> .
<https://doi.org/10.5072/x.v1/component/obj> a nboq:Objective ; dcterms:identifier "obj" ; nboq:magnification 63 ; nboq:lensNA 1.4 ; nboq:immersionType "Mineral Oil" .`);

let validator: RecordValidator;
const owns = (node: string) => node.startsWith('https://doi.org/10.5072/x.v1');

beforeAll(() => {
  validator = new RecordValidator();
});

describe('A RecordValidator', () => {
  it('holds a tier-0 configuration (a partial description) to the record and value shapes only.', async () => {
    const report = await validator.validate(objectiveOnly(0), { owns });
    expect(report.issues).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('holds the same configuration at tier 1 to the tier-1 fields and to a light source and a detector.', async () => {
    const report = await validator.validate(objectiveOnly(1), { owns });
    expect(report.conforms).toBe(false);
    const messages = report.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/at least one light source/);
    expect(messages).toMatch(/at least one detector/);
    expect(messages).toMatch(/Objective\.Manufacturer is required at tier 1/);
  });

  it('makes no completeness claim for NBO-Q nodes outside configurations (a dataset\'s settings), but checks their values.', async () => {
    const settings = (extra: string) => new N3.Parser().parse(`${PREFIXES}
<https://doi.org/10.5072/x.v0> a phd:HardwareConfiguration .
<https://doi.org/10.5072/x.data> a phd:Dataset ; dcterms:title "t" ; dcterms:created "2025-01-02"^^xsd:date ; phd:acquiredWith <https://doi.org/10.5072/x.v0> ;
  phd:hasSettings <https://doi.org/10.5072/x.data/channel/1> .
<https://doi.org/10.5072/x.data/channel/1> a nboq:Channel ; rdfs:label "DAPI" ${extra} .`);
    const ownsData = (node: string) => node.startsWith('https://doi.org/10.5072/x.data');
    expect((await validator.validate(settings(''), { owns: ownsData })).issues).toEqual([]);
    const bad = await validator.validate(settings('; nboq:illuminationType "Candlelight"'), { owns: ownsData });
    expect(bad.issues.map((i) => i.path)).toContain('https://w3id.org/imaging-phd/nbo-q#illuminationType');
  });
});
