import { describe, expect, it } from 'vitest';
import { cachedUntilChange } from '../../../src/http/cached-until-change.js';

/** A change feed like store.onChange, with a way to announce a write. */
function feed(): { onChange: (listener: () => void) => void; write: () => void } {
  const listeners: (() => void)[] = [];
  return { onChange: (listener) => listeners.push(listener), write: () => listeners.forEach((l) => l()) };
}

describe('cachedUntilChange', () => {
  it('computes once between writes and again after each write.', async () => {
    const { onChange, write } = feed();
    let computed = 0;
    const value = cachedUntilChange(onChange, () => Promise.resolve(++computed));
    expect([await value(), await value(), await value()]).toEqual([1, 1, 1]);
    write();
    expect([await value(), await value()]).toEqual([2, 2]);
  });

  it('does not keep a failed computation.', async () => {
    const { onChange } = feed();
    let calls = 0;
    const value = cachedUntilChange(onChange, () => (++calls === 1 ? Promise.reject(new Error('store down')) : Promise.resolve(calls)));
    await expect(value()).rejects.toThrow('store down');
    expect(await value()).toBe(2);
  });
});
