import { describe, expect, it } from 'vitest';
import { newPidSuffix } from '../../../src/minting/pid-suffix.js';

describe('newPidSuffix', () => {
  it('writes phd-xxxx-xxxx in lower-case Crockford base32 (no i, l, o, u).', () => {
    for (let i = 0; i < 200; i += 1) expect(newPidSuffix()).toMatch(/^phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('draws a new suffix on every call.', () => {
    const drawn = new Set(Array.from({ length: 1000 }, () => newPidSuffix()));
    expect(drawn.size).toBe(1000);
  });
});
