import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShownOnce } from '../../../src/workspace/shown-once.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ShownOnce', () => {
  it('gives the secret once to the session that made it, then says it was shown already.', () => {
    const waiting = new ShownOnce<string>();
    const id = waiting.put('session-1', 'the secret', 'This API token');
    expect(waiting.take('session-2', id)).toBeUndefined();
    expect(waiting.take('session-1', id)).toEqual({ value: 'the secret' });
    expect(waiting.take('session-1', id)).toEqual({ shownAlready: 'This API token' });
  });

  it('forgets a secret after ten minutes, and keeps at most a thousand.', () => {
    vi.useFakeTimers();
    const waiting = new ShownOnce<string>();
    const late = waiting.put('s', 'late', 'This API token');
    vi.advanceTimersByTime(10 * 60_000 + 1);
    expect(waiting.take('s', late)).toEqual({ shownAlready: undefined });
    const first = waiting.put('s', 'first', 'This API token');
    for (let i = 0; i < 1000; i += 1) waiting.put('s', `secret ${i}`, 'This API token');
    expect(waiting.take('s', first)).toEqual({ shownAlready: undefined });
  });
});
