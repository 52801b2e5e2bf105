import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadNboqMapping } from '../../../src/importers/index.js';
import { convertMicrometa } from '../../../src/importers/micrometa-converter.js';
import type { JsonObject } from '../../../src/domain/index.js';
import { RecordValidator } from '../../../src/validation/index.js';
import { describeIssues } from '../../../src/workspace/issues-in-words.js';
import { FIXTURES } from '../../support/rdf-files.js';

const CONFIGURATION = 'http://phd.test/id/configuration/words';
const INSTANCE = 'https://doi.org/10.5072/phd.igc.macred';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const MAGNIFICATION = 'https://w3id.org/imaging-phd/nbo-q#magnification';
const { literal, namedNode, quad } = N3.DataFactory;

/** The Macred microscope (tier 1) with one change made to it, converted and validated. */
async function validated(change: (file: { components: Record<string, unknown>[] }) => void, edit: (quads: Quad[]) => Quad[] = (q) => q) {
  const file = JSON.parse(readFileSync(join(FIXTURES, 'micrometa', 'IGC_Macred.json'), 'utf8')) as { components: Record<string, unknown>[] };
  change(file);
  const converted = convertMicrometa(file as unknown as JsonObject, loadNboqMapping(), { configurationIri: CONFIGURATION, instanceIri: INSTANCE, validFrom: '2025-01-01' });
  const quads = edit(converted.quads);
  // The instance is registered: its type comes with the record, as the record service adds it.
  const report = await new RecordValidator().validate([...quads, quad(namedNode(INSTANCE), namedNode(RDF_TYPE), namedNode(`${PHD}InstrumentInstance`))], { owns: (node) => node === CONFIGURATION || node.startsWith(`${CONFIGURATION}/`) || node.startsWith('_:') });
  return { issues: report.issues, words: describeIssues(report.issues, quads) };
}

describe('describeIssues', () => {
  it('names a missing field by the component and the ontology label, with its tier and what to do.', async () => {
    const { issues, words } = await validated((file) => {
      const objective = file.components.find((c) => c.Schema_ID === 'Objective.json' && c.Name === '63x');
      if (objective === undefined) throw new Error('fixture changed');
      delete objective.Magnification;
    });
    expect(issues).toHaveLength(1);
    expect(words).toEqual([{ about: 'Objective “63x”', field: 'Magnification', tier: 1, severity: 'Violation', text: 'Objective “63x”: Magnification is missing — add it (tier 1).' }]);
  });

  it('says a missing kind of part in words, never SHACL component names or counting words.', async () => {
    const { words } = await validated((file) => {
      file.components = file.components.filter((c) => c.Schema_ID !== 'Objective.json');
    });
    const texts = words.map((w) => w.text);
    expect(texts).toContainEqual(expect.stringMatching(/^The configuration.* has no objective — add one \(tier 1\)\.$/));
    for (const text of texts) expect(text).not.toMatch(/ConstraintComponent|exactly one|_:/);
  });

  it('says a value of the wrong kind, naming the value and what to write.', async () => {
    // The converter leaves such a value out of the record ("not mapped"); a record written by hand may hold it.
    const { words } = await validated(() => undefined, (quads) => quads.map((q) => (q.predicate.value === MAGNIFICATION && q.object.value === '10' ? quad(q.subject, q.predicate, literal('ten')) : q)));
    expect(words.map((w) => w.text)).toContainEqual(expect.stringMatching(/^Objective “10x”: Magnification “ten” is not a number — write a number/));
  });
});
