import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import N3 from 'n3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRecords, writeRecordsFile } from '../../bench/generate-data.js';

const PHD = 'https://w3id.org/imaging-phd/ns#';
const dir = mkdtempSync(join(tmpdir(), 'phd-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('The benchmark data generator', () => {
  it('streams about the asked number of triples to a file, as N-Triples that parse, plain or gzipped alike.', async () => {
    const plain = await writeRecordsFile(join(dir, 'records.nt'), 50_000);
    const gzipped = await writeRecordsFile(join(dir, 'records.nt.gz'), 50_000, { gzip: true });
    const text = readFileSync(plain.file, 'utf8');
    expect(gunzipSync(readFileSync(gzipped.file)).toString('utf8')).toBe(text);
    const quads = new N3.Parser({ format: 'N-Triples' }).parse(text);
    expect(quads.length).toBe(plain.triples);
    expect(plain.triples).toBeGreaterThan(45_000);
    expect(plain.triples).toBeLessThan(55_000);
    // The same records, in the same order, as the line generator other benchmarks import.
    expect(text.split('\n').slice(0, 200)).toEqual([...generateRecords(200 * 10)].slice(0, 200));
  });

  it('writes the validUntil the service would derive: the next version\'s validFrom, for every configuration but the last.', async () => {
    const written = await writeRecordsFile(join(dir, 'r.nt'), 20_000, { derivedFile: join(dir, 'derived.nt') });
    const store = new N3.Store(new N3.Parser({ format: 'N-Triples' }).parse(readFileSync(written.file, 'utf8')));
    const derived = new N3.Parser({ format: 'N-Triples' }).parse(readFileSync(written.derivedFile ?? '', 'utf8'));
    const revisions = store.getQuads(null, `http://www.w3.org/ns/prov#wasRevisionOf`, null, null);
    expect(derived.length).toBe(revisions.length);
    for (const revision of revisions) {
      const until = derived.filter((q) => q.subject.equals(revision.object));
      expect(until.map((q) => q.predicate.value)).toEqual([`${PHD}validUntil`]);
      const [from] = store.getObjects(revision.subject, `${PHD}validFrom`, null);
      expect(from === undefined ? undefined : until[0]?.object.equals(from)).toBe(true);
    }
  });
});
