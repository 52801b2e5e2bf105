import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { originAllowed, sameSecret } from '../../../src/workspace/csrf.js';

function request(headers: Record<string, string>, protocol = 'http'): Request {
  return { protocol, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

describe('originAllowed', () => {
  it('accepts a request without an Origin header (the CSRF token decides).', () => {
    expect(originAllowed(request({ host: 'phd.example' }), 'https://phd.example')).toBe(true);
  });

  it("accepts the base URL's origin and the origin the request was addressed to.", () => {
    expect(originAllowed(request({ origin: 'https://phd.example', host: 'internal:8080' }), 'https://phd.example/base')).toBe(true);
    expect(originAllowed(request({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000' }), 'http://phd.test')).toBe(true);
  });

  it('refuses a foreign origin, an opaque null origin and another port of this host.', () => {
    expect(originAllowed(request({ origin: 'https://evil.example', host: 'phd.example' }), 'https://phd.example')).toBe(false);
    expect(originAllowed(request({ origin: 'null', host: 'phd.example' }), 'https://phd.example')).toBe(false);
    expect(originAllowed(request({ origin: 'http://127.0.0.1:4001', host: '127.0.0.1:4000' }), 'http://phd.test')).toBe(false);
  });
});

describe('sameSecret', () => {
  it('tells equal secrets from different ones of any length.', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcabc')).toBe(false);
  });
});
