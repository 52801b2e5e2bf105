import { describe, expect, it } from 'vitest';
import type { CitedRecord } from '../../../src/citation/citation-facts.js';
import { methodsSentence } from '../../../src/citation/methods-sentence.js';
import { pidFromIri } from '../../../src/domain/pid.js';
import type { RecordKind } from '../../../src/domain/records.js';

const BASE = 'https://phd.example.org';

function cited(iri: string, kind: RecordKind, name: string, extra: Partial<CitedRecord> = {}): CitedRecord {
  return { iri, kind, name, pid: pidFromIri(iri), createdAt: undefined, date: undefined, version: undefined, people: [], ...extra };
}

const facility = cited('https://identifiers.org/RRID:SCR_999004', 'facility', 'Optics Core');
const model = cited('https://identifiers.org/RRID:SCR_999205', 'model', 'Olympus FV3000');
const instance = cited(`${BASE}/id/instance/fv3000`, 'instance', 'FV3000, room 2');

describe('methodsSentence', () => {
  it('writes "an" before a name that starts with a vowel, and names an instance without a PID by its landing page.', () => {
    const sentence = methodsSentence({ subject: instance, instance, model, facility }, BASE);
    expect(sentence.text).toBe(`Images were acquired with an Olympus FV3000 (RRID:SCR_999205), instrument “FV3000, room 2” (${BASE}/id/instance/fv3000), at the Optics Core (RRID:SCR_999004).`);
    expect(sentence.missing).toEqual(['a PID (PIDINST) for the instrument']);
  });

  it('leads with the instrument when the model is unknown, and says the model is missing.', () => {
    const named = cited('https://hdl.handle.net/21.t11998/fv3000', 'instance', 'FV3000');
    const sentence = methodsSentence({ subject: named, instance: named, facility }, BASE);
    expect(sentence.text).toBe('Images were acquired with the instrument “FV3000” (PIDINST hdl:21.t11998/fv3000), at the Optics Core (RRID:SCR_999004).');
    expect(sentence.missing).toEqual(['the instrument model']);
  });

  it('writes nothing for a publication.', () => {
    const publication = cited('https://doi.org/10.5072/paper', 'publication', 'A paper');
    expect(methodsSentence({ subject: publication }, BASE)).toEqual({ text: undefined, missing: [] });
  });
});
