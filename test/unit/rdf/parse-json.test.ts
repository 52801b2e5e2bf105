import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors/phd-error.js';
import { MAX_JSON_DEPTH, parseJson } from '../../../src/rdf/parse-json.js';

function parseError(text: string): ParseError {
  try {
    parseJson(text, 'body');
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseJson', () => {
  it('parses strict JSON, brackets inside strings included.', () => {
    expect(parseJson('{"a": ["[[[", "\\\\\\"{"]}', 'body')).toEqual({ a: ['[[[', '\\"{'] });
  });

  it('names the line and column of a fault V8 leaves unplaced.', () => {
    expect(parseError('{\n  "a": tru\n}')).toMatchObject({ line: 2, column: 8 });
    expect(parseError('[1, 2,]').message).toMatch(/^body: invalid JSON at line 1, column 7/);
  });

  it('refuses nesting deeper than the limit, valid or not, before any recursive code runs.', () => {
    const deepValid = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseError(deepValid)).toMatchObject({ line: 1, column: MAX_JSON_DEPTH + 1 });
    expect(parseError(`{"x": ${'{"y": '.repeat(200_000)}`).message).toMatch(/nested deeper than 100 levels/);
    expect(parseJson(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`, 'body')).toBeInstanceOf(Array);
  });
});
