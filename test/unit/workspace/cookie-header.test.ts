import { describe, expect, it } from 'vitest';
import { parseCookieHeader } from '../../../src/workspace/cookie-header.js';

describe('parseCookieHeader', () => {
  it('reads name=value pairs separated by semicolons.', () => {
    const cookies = parseCookieHeader('phd_session=abc; other=1;third=x y');
    expect([...cookies]).toEqual([['phd_session', 'abc'], ['other', '1'], ['third', 'x y']]);
  });

  it('keeps the first of two cookies with one name, unquotes and percent-decodes values.', () => {
    const cookies = parseCookieHeader('a=first; a=second; b="quoted"; c=%2Fpath%3D');
    expect(cookies.get('a')).toBe('first');
    expect(cookies.get('b')).toBe('quoted');
    expect(cookies.get('c')).toBe('/path=');
  });

  it('skips malformed pairs and undecodable values without failing.', () => {
    const cookies = parseCookieHeader('novalue; =orphan; bad=%E0%A4%A; ok=1');
    expect([...cookies]).toEqual([['ok', '1']]);
  });

  it('gives an empty map for a missing header.', () => {
    expect(parseCookieHeader(undefined).size).toBe(0);
  });
});
