import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../../src/validation/model-files.js';
import { RecordValidator } from '../../../src/validation/record-validator.js';
import type { ValidationReport } from '../../../src/validation/validation-report.js';

/** Each sample file's triples: records of different kinds and tiers, so different validators. */
const FILES: Quad[][] = readdirSync(DATA_DIR).filter((name) => name.endsWith('.ttl')).sort()
  .map((name) => new N3.Parser().parse(readFileSync(join(DATA_DIR, name), 'utf8')));

/** A report with its blank shape labels blanked: they come from parsing the shapes, again for each index built. */
const comparable = (report: ValidationReport) => ({
  ...report,
  issues: report.issues.map((issue) => ({ ...issue, sourceShape: issue.sourceShape?.replace(/^_:.*/, '_:') })),
});

describe('A RecordValidator\'s cache', () => {
  it('keeps its validators within the byte budget it is given, and reports the same issues as a validator with room for all.', async () => {
    const budget = 6_000_000;
    const small = new RecordValidator({ cacheBytes: budget });
    const roomy = new RecordValidator();
    for (const quads of [...FILES, ...FILES]) {
      const report = await small.validate(quads, { tier: 2 });
      expect(small.cacheUsage().bytes).toBeLessThanOrEqual(budget);
      expect(comparable(report)).toEqual(comparable(await roomy.validate(quads, { tier: 2 })));
    }
    expect(small.cacheUsage().validators).toBeGreaterThan(0);
    expect(roomy.cacheUsage().validators).toBeGreaterThan(small.cacheUsage().validators);
  });

  it('drops every validator and shape index on releaseCaches, and validates the same afterwards.', async () => {
    const validator = new RecordValidator();
    const before = (await Promise.all(FILES.map((quads) => validator.validate(quads)))).map(comparable);
    expect(validator.cacheUsage().tiers).toBeGreaterThan(0);
    validator.releaseCaches();
    expect(validator.cacheUsage()).toEqual({ bytes: 0, validators: 0, tiers: 0 });
    expect((await Promise.all(FILES.map((quads) => validator.validate(quads)))).map(comparable)).toEqual(before);
  });
});
