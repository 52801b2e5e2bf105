import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, PACKAGE_ROOT, TIERS } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import type { ValidationIssue } from '../../../src/validation/validation-report.js';

const PREFIXES = `@prefix phd: <https://w3id.org/imaging-phd/ns#> .
@prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> .
@prefix phdunit: <https://w3id.org/imaging-phd/unit/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
`;

/** A tier-1 configuration whose laser line and objective carry the given values. */
function configuration(options: { power: string; na: string; components: string; extra?: string }): Quad[] {
  return new N3.Parser().parse(`${PREFIXES}
<https://doi.org/10.5072/x> a phd:InstrumentInstance ; phd:hasConfiguration <https://doi.org/10.5072/x.v1> .
<https://doi.org/10.5072/x.v1> a phd:HardwareConfiguration ; rdfs:label "c" ; phd:tier 1 ; phd:validFrom "2025-01-01"^^xsd:date ;
  phd:hasComponent ${options.components} .
<https://doi.org/10.5072/x.v1/component/laser> a nboq:Fluorescence_LightSource_Laser ; dcterms:identifier "laser" ;
  nboq:manufacturer "M" ; nboq:model "L" ; nboq:catalogNumber "1" ;
  nboq:illuminationWavelengthRange <https://doi.org/10.5072/x.v1/component/laser/range/1> .
<https://doi.org/10.5072/x.v1/component/laser/range/1> a nboq:IlluminationWavelengthRange ;
  nboq:illuminationPower ${options.power} ; nboq:illuminationPowerUnit phdunit:MilliW ; nboq:peakWavelength 405 ; nboq:peakWavelengthUnit phdunit:NanoM .
<https://doi.org/10.5072/x.v1/component/objective> a nboq:Objective ; dcterms:identifier "objective" ; nboq:magnification 63 ;
  nboq:lensNA ${options.na} ; nboq:immersionType "Mineral Oil" ; nboq:manufacturer "M" ; nboq:model "O" ; nboq:catalogNumber "2" .
<https://doi.org/10.5072/x.v1/component/pmt> a nboq:PhotoMultiplierTube ; dcterms:identifier "pmt" ;
  nboq:manufacturer "M" ; nboq:model "P" ; nboq:catalogNumber "3" .
${options.extra ?? ''}`);
}

const ALL = '<https://doi.org/10.5072/x.v1/component/laser>, <https://doi.org/10.5072/x.v1/component/objective>, <https://doi.org/10.5072/x.v1/component/pmt>';

/** Numbers and near-numbers: every datatype of the union, ill-formed lexical forms, non-literals. */
const VALUES = [
  '50', '50.5', '5e1', '"5e1"^^xsd:float', '"NaN"^^xsd:double', '"-INF"^^xsd:float', '"+7"^^xsd:integer', '"007"^^xsd:integer',
  '"1e3"^^xsd:decimal', '"abc"^^xsd:decimal', '"1.5"^^xsd:integer', '"1.5"', '"1.5"@en', '"1.5"^^xsd:string', '"1,5"^^xsd:double',
  '" 1.5"^^xsd:decimal', '"1.5"^^xsd:long', 'true', '<https://example.org/fifty>', '[ rdfs:label "fifty" ]', '50, "fifty", 60.0',
];

/** Which components a configuration names: light source, objective and detector present or not, typed directly or by subclass. */
const COMPONENT_SETS = [
  ALL,
  '<https://doi.org/10.5072/x.v1/component/objective>',
  '<https://doi.org/10.5072/x.v1/component/laser>, <https://doi.org/10.5072/x.v1/component/pmt>',
  `${ALL}, <https://doi.org/10.5072/x.v1/component/other>`,
  '<https://doi.org/10.5072/x.v1/component/objective>, <https://doi.org/10.5072/x.v1/component/pmt>, "a laser", <https://doi.org/10.5072/x.v1/component/mine>',
];
const EXTRA = `<https://doi.org/10.5072/x.v1/component/other> a nboq:LightSource ; dcterms:identifier "other" .
<https://doi.org/10.5072/x.v1/component/mine> a ex:MyLaser ; dcterms:identifier "mine" .
ex:MyLaser rdfs:subClassOf nboq:LightSource .`;

/** An issue as a comparable string; blank shape labels differ between validators, so they are blanked. */
const key = (issue: ValidationIssue): string =>
  JSON.stringify(Object.entries({ ...issue, sourceShape: issue.sourceShape?.replace(/^_:.*/, '_:') }).sort(([a], [b]) => a.localeCompare(b)));
const sorted = (issues: readonly ValidationIssue[]): string[] => issues.map(key).sort();

let compiled: RecordValidator;
let reference: RecordValidator;

beforeAll(() => {
  compiled = new RecordValidator();
  reference = new RecordValidator({ compile: false });
});

describe('The compiled constraints', () => {
  it('report exactly what rdf-validate-shacl reports for numbers, near-numbers and non-literals.', async () => {
    let failing = 0;
    for (const value of VALUES) {
      const data = configuration({ power: value, na: value, components: ALL });
      const expected = await reference.validate(data);
      failing += expected.issues.some((i) => i.path === 'https://w3id.org/imaging-phd/nbo-q#lensNA') ? 1 : 0;
      expect(sorted((await compiled.validate(data)).issues), value).toEqual(sorted(expected.issues));
    }
    // The corpus holds both kinds: numbers the NA accepts and values it refuses.
    expect(failing).toBeGreaterThan(5);
    expect(failing).toBeLessThan(VALUES.length);
  });

  it('report exactly what rdf-validate-shacl reports for missing light sources, objectives and detectors, at every tier.', async () => {
    for (const components of COMPONENT_SETS) {
      for (const tier of TIERS) {
        const data = configuration({ power: '50', na: '1.4', components, extra: EXTRA });
        const expected = await reference.validate(data, { tier });
        expect(sorted((await compiled.validate(data, { tier })).issues), `${components} at tier ${tier}`).toEqual(sorted(expected.issues));
      }
    }
  });

  it('report exactly what rdf-validate-shacl reports for the sample data and every invalid fixture.', async () => {
    const files = [
      ...readdirSync(DATA_DIR).filter((f) => f.endsWith('.ttl')).map((f) => join(DATA_DIR, f)),
      ...readdirSync(join(PACKAGE_ROOT, 'test/fixtures/invalid')).filter((f) => f.endsWith('.ttl')).map((f) => join(PACKAGE_ROOT, 'test/fixtures/invalid', f)),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const data = new N3.Parser().parse(readFileSync(file, 'utf8'));
      expect(sorted((await compiled.validate(data)).issues), file).toEqual(sorted((await reference.validate(data)).issues));
    }
  });
});
