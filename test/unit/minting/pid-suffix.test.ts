import { describe, expect, it } from 'vitest';
import { isServiceSuffix, newPidSuffix } from '../../../src/minting/pid-suffix.js';

describe('newPidSuffix', () => {
  it('writes phd-xxxx-xxxx in lower-case Crockford base32 (no i, l, o, u).', () => {
    for (let i = 0; i < 200; i += 1) expect(newPidSuffix()).toMatch(/^phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('draws a new suffix on every call.', () => {
    const drawn = new Set(Array.from({ length: 1000 }, () => newPidSuffix()));
    expect(drawn.size).toBe(1000);
  });
});

describe('isServiceSuffix', () => {
  it('recognizes the suffixes newPidSuffix draws and nothing written otherwise.', () => {
    for (let i = 0; i < 50; i += 1) expect(isServiceSuffix(newPidSuffix())).toBe(true);
    for (const suffix of ['phd-inst-0001', 'phd-ABCD-0001', 'phd-abcd-00011', 'xphd-abcd-0001', 'my-doi', 'phd-abcd-0001/x']) expect(isServiceSuffix(suffix)).toBe(false);
  });
});
