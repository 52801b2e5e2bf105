import { describe, expect, it } from 'vitest';
import { PendingUploads } from '../../../src/workspace/pending-uploads.js';

const upload = (session: string) => ({ session, format: 'micrometa' as const, fileName: 'scope.json', text: '{}', instance: 'https://doi.org/10.5072/x', facility: undefined, date: undefined, plan: {} });

describe('PendingUploads', () => {
  it('gives an upload only to its own session, and to its first confirmation.', () => {
    const pending = new PendingUploads();
    const entry = pending.add(upload('s1'));
    expect(pending.find(entry.id, 's2')).toBeUndefined();
    expect(pending.take(entry.id, 's2')).toBeUndefined();
    expect(pending.take(entry.id, 's1')?.id).toBe(entry.id);
    expect(pending.take(entry.id, 's1')).toBeUndefined();
  });

  it('forgets an upload once it expires, and the oldest past its bound.', () => {
    let now = 1_000;
    const pending = new PendingUploads({ ttlMs: 100, maxEntries: 2, now: () => now });
    const first = pending.add(upload('s'));
    now += 99;
    expect(pending.find(first.id, 's')).toBeDefined();
    now += 1;
    expect(pending.find(first.id, 's')).toBeUndefined();
    const a = pending.add(upload('s'));
    const b = pending.add(upload('s'));
    const c = pending.add(upload('s'));
    expect([a, b, c].map((e) => pending.find(e.id, 's') !== undefined)).toEqual([false, true, true]);
  });
});
