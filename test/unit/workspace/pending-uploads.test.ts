import { describe, expect, it } from 'vitest';
import { PendingUploads } from '../../../src/workspace/pending-uploads.js';

const upload = (session: string, text = '{}') => ({ session, format: 'micrometa' as const, fileName: 'scope.json', text, instance: 'https://doi.org/10.5072/x', facility: undefined, date: undefined, plan: {} });

/** Adds an upload that must be kept. */
function kept(pending: PendingUploads, session: string, text?: string): string {
  const entry = pending.add(upload(session, text));
  if (entry === undefined) throw new Error('the upload was refused');
  return entry.id;
}

describe('PendingUploads', () => {
  it('gives an upload only to its own session, and to its first confirmation.', () => {
    const pending = new PendingUploads();
    const id = kept(pending, 's1');
    expect(pending.find(id, 's2')).toBeUndefined();
    expect(pending.take(id, 's2')).toBeUndefined();
    expect(pending.take(id, 's1')?.id).toBe(id);
    expect(pending.take(id, 's1')).toBeUndefined();
  });

  it('forgets an upload once it expires, and the bytes it held.', () => {
    let now = 1_000;
    const pending = new PendingUploads({ ttlMs: 100, now: () => now });
    const first = kept(pending, 's', 'x'.repeat(10));
    expect(pending.size()).toBe(20);
    now += 99;
    expect(pending.find(first, 's')).toBeDefined();
    now += 1;
    expect(pending.find(first, 's')).toBeUndefined();
    expect(pending.size()).toBe(0);
  });

  it('keeps at most three uploads of one session, dropping that session\'s oldest and no one else\'s.', () => {
    const pending = new PendingUploads();
    const other = kept(pending, 'other');
    const mine = [kept(pending, 's'), kept(pending, 's'), kept(pending, 's'), kept(pending, 's')];
    expect(mine.map((id) => pending.find(id, 's') !== undefined)).toEqual([false, true, true, true]);
    expect(pending.find(other, 'other')).toBeDefined();
  });

  it('refuses a new upload when the waiting uploads hold too many bytes, keeping everyone else\'s.', () => {
    const pending = new PendingUploads({ maxBytes: 100 });
    const a = kept(pending, 'a', 'x'.repeat(20));
    const b = kept(pending, 'b', 'x'.repeat(20));
    expect(pending.add(upload('c', 'x'.repeat(20)))).toBeUndefined();
    expect(pending.find(a, 'a')).toBeDefined();
    expect(pending.find(b, 'b')).toBeDefined();
    expect(pending.size()).toBe(80);
    // Once one is confirmed, there is room again.
    pending.take(a, 'a');
    expect(pending.add(upload('c', 'x'.repeat(20)))).toBeDefined();
  });

  it('counts a session\'s own oldest upload, about to be dropped, as room for its next one.', () => {
    const pending = new PendingUploads({ maxBytes: 100, maxPerSession: 1 });
    const first = kept(pending, 's', 'x'.repeat(40));
    const second = kept(pending, 's', 'x'.repeat(40));
    expect(pending.find(first, 's')).toBeUndefined();
    expect(pending.find(second, 's')).toBeDefined();
    expect(pending.size()).toBe(80);
  });

  it('refuses an upload larger than the whole bound, dropping nothing.', () => {
    const pending = new PendingUploads({ maxBytes: 100 });
    const small = kept(pending, 's', 'x');
    expect(pending.add(upload('s', 'x'.repeat(60)))).toBeUndefined();
    expect(pending.find(small, 's')).toBeDefined();
  });
});
