import { describe, expect, it } from 'vitest';
import { foldNotMapped, notMappedLine, notMappedQuads } from '../../../src/importers/not-mapped.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';

describe('not mapped', () => {
  it('folds repeats of a path and reason into one entry with a count, in the order each first occurs, and gives single entries no count.', () => {
    const folded = foldNotMapped([
      { path: 'Instrument/Filter@FilterWheel', reason: 'no filter-wheel field' },
      { path: 'Image/Pixels/Plane', reason: 'per-plane timing' },
      { path: 'Instrument/Filter@FilterWheel', reason: 'no filter-wheel field' },
      { path: 'Instrument/Filter@FilterWheel', reason: 'another reason' },
    ]);
    expect(folded).toEqual([
      { path: 'Instrument/Filter@FilterWheel', reason: 'no filter-wheel field', count: 2 },
      { path: 'Image/Pixels/Plane', reason: 'per-plane timing' },
      { path: 'Instrument/Filter@FilterWheel', reason: 'another reason' },
    ]);
    expect(folded[1]).not.toHaveProperty('count');
  });

  it('writes one CLI line per entry, with (×n) only for a count above one.', () => {
    expect(notMappedLine({ path: 'components[1].Colour', reason: 'not a field' })).toBe('not mapped: components[1].Colour — not a field');
    expect(notMappedLine({ path: 'Image/AnnotationRef', reason: 'annotations are not imported', count: 3 })).toBe('not mapped: Image/AnnotationRef (×3) — annotations are not imported');
  });

  it('keeps the list on the record as one canonical rdf:JSON literal with only path, reason and count, and nothing for an empty list.', () => {
    const entries = [{ path: 'b', reason: 'r', count: 2, owner: 'Image', ownerId: 'Image:0' }, { path: 'a', reason: 's' }];
    const quads = notMappedQuads('https://example.org/id/dataset/1', entries);
    expect(quads).toHaveLength(1);
    const [q] = quads;
    expect(q?.predicate.value).toBe(`${PHD}notMapped`);
    expect(q?.object.termType === 'Literal' ? q.object.datatype.value : '').toBe('http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON');
    expect(q?.object.value).toBe('[{"count":2,"path":"b","reason":"r"},{"path":"a","reason":"s"}]');
    expect(notMappedQuads('https://example.org/id/dataset/1', [])).toEqual([]);
  });
});
