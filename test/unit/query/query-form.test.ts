import { describe, expect, it } from 'vitest';
import { queryFormOf } from '../../../src/query/query-form.js';

describe('queryFormOf', () => {
  it('reads the form after the prologue: BASE, PREFIX, white space and comments.', () => {
    expect(queryFormOf('SELECT * WHERE { ?s ?p ?o }')).toBe('SELECT');
    expect(queryFormOf('  ask { ?s ?p ?o }')).toBe('ASK');
    expect(queryFormOf('# facilities\nPREFIX phd: <https://w3id.org/imaging-phd/ns#>\nBASE <http://example.org/>\r\nPREFIX : <http://example.org/#x>  CONSTRUCT WHERE { ?s ?p ?o }')).toBe('CONSTRUCT');
    expect(queryFormOf('PREFIX ex:<http://example.org/>DESCRIBE ex:a')).toBe('DESCRIBE');
  });

  it('answers undefined for a text that does not start like a query, leaving the verdict to the parser.', () => {
    expect(queryFormOf('')).toBeUndefined();
    expect(queryFormOf('# only a comment')).toBeUndefined();
    expect(queryFormOf('INSERT DATA { <a:b> <a:c> <a:d> }')).toBeUndefined();
    expect(queryFormOf('SELECTION')).toBeUndefined();
    expect(queryFormOf('PREFIX ex: <http://example.org/ space> SELECT * {}')).toBeUndefined();
  });

  it('scans a long prologue of comments in linear time.', () => {
    const text = `${'#'.repeat(200_000)}\n${'# x\n'.repeat(50_000)}${' '.repeat(100_000)}ASK {}`;
    const started = performance.now();
    expect(queryFormOf(text)).toBe('ASK');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
