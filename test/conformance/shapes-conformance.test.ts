import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/rdf/parse-rdf.js';
import { RecordValidator } from '../../src/validation/record-validator.js';
import { FIXTURES, sampleData } from '../support/rdf-files.js';

interface Expectation { focusNode: string; path?: string; message: string }
interface Case { file: string; expect: Expectation[] }
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'invalid/manifest.json'), 'utf8')) as { cases: Case[] };
const validator = new RecordValidator();

describe('The sample graph in data/', () => {
  it('conforms to the shapes, each configuration at its declared tier.', async () => {
    const report = await validator.validate(await sampleData());
    expect(report.issues).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('has the facilities, models, instances, versions, datasets and publications a newcomer can explore.', async () => {
    const quads = await sampleData();
    const count = (type: string) => new Set(quads.filter((q) => q.predicate.value.endsWith('#type') && q.object.value === `https://w3id.org/imaging-phd/ns#${type}`).map((q) => q.subject.value)).size;
    expect(count('Facility')).toBeGreaterThanOrEqual(3);
    expect(count('InstrumentModel')).toBeGreaterThanOrEqual(2);
    expect(count('InstrumentInstance')).toBeGreaterThanOrEqual(4);
    expect(count('HardwareConfiguration')).toBeGreaterThanOrEqual(5);
    expect(count('Dataset')).toBeGreaterThanOrEqual(2);
    expect(count('Publication')).toBeGreaterThanOrEqual(1);
    expect(count('Person')).toBeGreaterThanOrEqual(2);
    const revisions = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/prov#wasRevisionOf');
    expect(revisions.length).toBeGreaterThanOrEqual(1);
  });
});

describe('Each invalid fixture', () => {
  const data = sampleData();
  for (const testCase of manifest.cases) {
    it(`${testCase.file} produces the violations it must, naming focus node and path.`, async () => {
      const fixture = await parseRdf(readFileSync(join(FIXTURES, 'invalid', testCase.file), 'utf8'), 'turtle', { source: testCase.file });
      const report = await validator.validate([...(await data), ...fixture]);
      expect(report.conforms).toBe(false);
      for (const expected of testCase.expect) {
        const match = report.issues.find((issue) =>
          issue.focusNode === expected.focusNode &&
          (expected.path === undefined || issue.path === expected.path) &&
          issue.message.includes(expected.message));
        expect(match, `${expected.focusNode} ${expected.path ?? ''} "${expected.message}" in ${JSON.stringify(report.issues, null, 1)}`).toBeDefined();
      }
      // Adding the fixture must not make sample records fail: every issue is about the fixture's nodes.
      const fixtureNodes = new Set(fixture.flatMap((q) => [q.subject.value, q.object.value]));
      for (const issue of report.issues) expect(fixtureNodes.has(issue.focusNode), issue.focusNode).toBe(true);
    });
  }
});
