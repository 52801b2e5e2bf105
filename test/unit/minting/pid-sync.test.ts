import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnprocessableError } from '../../../src/errors/phd-error.js';
import type { ExportFormat } from '../../../src/exporters/export-service.js';
import { getLogger } from '../../../src/logging/logger.js';
import { PidRegistry } from '../../../src/minting/pid-registry.js';
import { PidSync } from '../../../src/minting/pid-sync.js';
import type { PidSyncOptions } from '../../../src/minting/pid-sync.js';
import type { PidProvider } from '../../../src/minting/pid-provider.js';
import type { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import {
  createRecord, doi, FACILITY, HANDLE_PREFIX, MemoryProvider, MINTING, providerFailure, tempStore, updateRecord,
} from './minting-doubles.js';
import type { TempStore } from './minting-doubles.js';

const BASE = 'http://phd.test';
const A = doi('phd-aaaa-0001');
const B = doi('phd-bbbb-0002');
const START = Date.parse('2026-12-06T12:00:00Z');

let temp: TempStore;
let clock: number;
let datacite: MemoryProvider;
let handle: MemoryProvider;
/** Export refusals to throw, by record. */
let refusals: Map<string, Error>;

/**
 * Exports that write the record's current graph (so a test sees which state was pushed), or refuse
 * as the real export refuses incomplete metadata.
 */
function exportsOf(store: () => SqliteRecordStore) {
  return {
    export: async (format: ExportFormat, iri: string) => {
      const refusal = refusals.get(iri);
      if (refusal !== undefined) throw refusal;
      const record = await store().get(iri);
      const body = format === 'pidinst' ? JSON.stringify({ identifier: { identifier: iri } }) : `<resource>${record?.ntriples ?? ''}</resource>`;
      return { representation: 'datacite+xml' as const, mediaType: 'application/xml', body, filename: 'x.xml' };
    },
  };
}

function syncOver(options: Partial<PidSyncOptions> = {}): { registry: PidRegistry; sync: PidSync } {
  const now = () => new Date(clock);
  const registry = new PidRegistry(temp.store.database, MINTING, { now });
  const providers: Record<string, PidProvider> = { datacite, handle };
  const sync = new PidSync({
    registry, store: temp.store, exports: exportsOf(() => temp.store), providerFor: (_facility, name = 'datacite') => providers[name],
    baseUrl: BASE, maxAttempts: 3, timeoutMs: 1000, retryBaseMs: 1000, retryCapMs: 60_000, now, random: () => 1, ...options,
  });
  return { registry, sync };
}

beforeEach(() => {
  temp = tempStore();
  clock = START;
  datacite = new MemoryProvider();
  handle = new MemoryProvider('handle', HANDLE_PREFIX);
  refusals = new Map();
});
afterEach(async () => {
  await temp.remove();
});

describe('A PidSync pushing the outbox', () => {
  it('pushes a new registration as a draft with the record\'s current metadata and records it synced.', async () => {
    const { registry, sync } = syncOver();
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await updateRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY, triples: [`<${A}> <https://schema.org/name> "now" .`] });

    const round = await sync.runOnce();

    expect(round).toEqual({ consumed: 2, pushes: [{ pid: A, outcome: 'synced', state: 'draft' }] });
    expect(datacite.calls).toHaveLength(1);
    const current = await temp.store.get(A);
    expect(datacite.calls[0]).toEqual({
      target: 'draft',
      document: { id: '10.5072/phd-aaaa-0001', url: `${BASE}/pid/doi:10.5072%2Fphd-aaaa-0001`, kind: 'instance', withdrawn: false, dataciteXml: `<resource>${current?.ntriples ?? ''}</resource>` },
    });
    expect(registry.get(A)).toMatchObject({ sync: 'synced', providerState: 'draft', attempts: 0, lastError: undefined });
    expect((await sync.runOnce()).pushes).toEqual([]);
  });

  it('sends a handle the PIDINST record of its instance and no DataCite XML.', async () => {
    const { sync } = syncOver();
    const pid = `https://hdl.handle.net/${HANDLE_PREFIX}/phd-hhhh-0001`;
    await createRecord(temp.store, { iri: pid, kind: 'instance', facility: FACILITY });
    await sync.runOnce();
    expect(datacite.calls).toEqual([]);
    expect(handle.calls.map((c) => c.document)).toEqual([
      { id: `${HANDLE_PREFIX}/phd-hhhh-0001`, url: `${BASE}/pid/hdl:${encodeURIComponent(`${HANDLE_PREFIX}/phd-hhhh-0001`)}`, kind: 'instance', withdrawn: false, pidinst: { identifier: { identifier: pid } } },
    ]);
  });

  it('pushes a publication as findable and a withdrawal as a hidden tombstone without metadata.', async () => {
    const { registry, sync } = syncOver();
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await sync.runOnce();
    registry.publish(A);
    await sync.runOnce();
    await temp.store.delete(A, 'test');
    await sync.runOnce();
    expect(datacite.calls.map((c) => [c.target, c.document.withdrawn, c.document.dataciteXml === undefined])).toEqual([
      ['draft', false, false], ['findable', false, false], ['hidden', true, true],
    ]);
    expect(registry.get(A)).toMatchObject({ target: 'hidden', sync: 'synced', providerState: 'registered' });
    expect(datacite.held.get('10.5072/phd-aaaa-0001')?.url).toBe(`${BASE}/pid/doi:10.5072%2Fphd-aaaa-0001`);
  });

  it('retries a 5xx with exponential backoff and then records the success.', async () => {
    const { registry, sync } = syncOver();
    datacite.failures.push(providerFailure(503, 'DataCite is down'), providerFailure(502, 'bad gateway'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });

    expect((await sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'retry', error: 'DataCite is down' }]);
    expect(registry.get(A)).toMatchObject({ sync: 'pending', attempts: 1, lastError: 'DataCite is down', lastStatus: 503, nextAttemptAt: new Date(START + 1000).toISOString() });
    clock += 999;
    expect((await sync.runOnce()).pushes).toEqual([]);
    clock += 1;
    expect((await sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'retry', error: 'bad gateway' }]);
    expect(registry.get(A)).toMatchObject({ attempts: 2, nextAttemptAt: new Date(clock + 2000).toISOString() });
    clock += 2000;
    expect((await sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'synced', state: 'draft' }]);
    expect(registry.get(A)).toMatchObject({ sync: 'synced', attempts: 0, nextAttemptAt: undefined, lastError: undefined, lastStatus: undefined });
    expect(datacite.calls).toHaveLength(3);
  });

  it('spreads retries between half and all of the backoff and caps it.', async () => {
    const { registry, sync } = syncOver({ random: () => 0, retryBaseMs: 1000, retryCapMs: 1500, maxAttempts: 10 });
    datacite.failures.push(providerFailure(503, 'down'), providerFailure(503, 'down'), providerFailure(503, 'down'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sync.runOnce();
      const next = Date.parse(registry.get(A)?.nextAttemptAt ?? '');
      delays.push(next - clock);
      clock = next;
    }
    expect(delays).toEqual([500, 750, 750]);
  });

  it('treats a provider that does not answer in time as retryable.', async () => {
    const { registry, sync } = syncOver({ timeoutMs: 50 });
    datacite.failures.push('hang');
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    const [push] = (await sync.runOnce()).pushes;
    expect(push?.outcome).toBe('retry');
    expect(registry.get(A)?.lastError).toContain('did not finish a push within 150 ms');
  });

  it('gives a push of two requests, each answered within the time limit of one request, the time it needs.', async () => {
    // A GET and a PUT, each taking 0.6 of PHD_PID_TIMEOUT_MS: every request is in time, so the push is too.
    const provider = datacite;
    const twoRequests: PidProvider = { name: 'datacite', prefix: '10.5072', lookup: (id) => provider.lookup(id), push: async (document, target) => {
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 60));
      return provider.push(document, target);
    } };
    const { registry, sync } = syncOver({ timeoutMs: 100, providerFor: () => twoRequests });
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    expect((await sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'synced', state: 'draft' }]);
    expect(registry.get(A)?.sync).toBe('synced');
  });

  it('dead-letters a push after the maximum number of tries, until it is retried.', async () => {
    const { registry, sync } = syncOver();
    for (let i = 0; i < 3; i++) datacite.failures.push(providerFailure(500, `internal error ${String(i)}`));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(...(await sync.runOnce()).pushes.map((p) => p.outcome));
      clock += 60_000;
    }
    expect(outcomes).toEqual(['retry', 'retry', 'dead']);
    expect(registry.get(A)).toMatchObject({ sync: 'dead', attempts: 3, lastError: 'internal error 2', lastStatus: 500 });
    expect(registry.counts()).toEqual({ registrations: 1, pending: 0, failed: 0, dead: 1 });

    expect(registry.retry(A)).toBe(1);
    expect((await sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'synced', state: 'draft' }]);
  });

  it('keeps a dead push\'s last error without the promise of another try it carried while retried.', async () => {
    const { registry, sync } = syncOver();
    for (let i = 0; i < 3; i++) datacite.failures.push(providerFailure(503, 'DataCite answered 503 to GET /dois/10.5072/x. It will be sent again.'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await sync.runOnce();
    expect(registry.get(A)?.lastError).toBe('DataCite answered 503 to GET /dois/10.5072/x. It will be sent again.');
    for (let i = 0; i < 2; i++) {
      clock += 60_000;
      await sync.runOnce();
    }
    expect(registry.get(A)).toMatchObject({ sync: 'dead', lastError: 'DataCite answered 503 to GET /dois/10.5072/x.' });
  });

  it('marks a 4xx failed with the provider\'s message and still pushes the others.', async () => {
    const { registry, sync } = syncOver();
    datacite.failures.push(providerFailure(422, 'Metadata is invalid: Missing child element(s). Expected is ( {http://datacite.org/schema/kernel-4}creators ).'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: B, kind: 'instance', facility: FACILITY });

    const round = await sync.runOnce();

    expect(round.pushes.map((p) => [p.pid, p.outcome])).toEqual([[A, 'failed'], [B, 'synced']]);
    expect(registry.get(A)).toMatchObject({ sync: 'failed', lastStatus: 422, lastError: expect.stringContaining('Missing child element(s)') as string });
    expect((await sync.runOnce()).pushes).toEqual([]);
    // The record fixed: the next change sends it again.
    await updateRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY, triples: [`<${A}> <https://schema.org/name> "fixed" .`] });
    expect((await sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'synced', state: 'draft' }]);
  });

  it('leaves for the next round the other pushes of an account that failed retryably, and pushes the other accounts\' now.', async () => {
    const { registry, sync } = syncOver();
    const H = `https://hdl.handle.net/${HANDLE_PREFIX}/phd-hhhh-0003`;
    datacite.failures.push(providerFailure(undefined, 'DataCite did not answer: the request timed out after 1000 ms. It will be sent again.'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: B, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: H, kind: 'instance', facility: FACILITY });

    const round = await sync.runOnce();

    expect(round.pushes.map((p) => [p.pid, p.outcome])).toEqual([[A, 'retry'], [H, 'synced']]);
    expect(datacite.calls).toHaveLength(1);
    // Not tried, so no attempt counted and no backoff: it goes in the next round.
    expect(registry.get(B)).toMatchObject({ sync: 'pending', attempts: 0, nextAttemptAt: undefined });
    expect((await sync.runOnce()).pushes).toEqual([{ pid: B, outcome: 'synced', state: 'draft' }]);
  });

  it('marks failed a record whose metadata the export refuses, with the export\'s message.', async () => {
    const { registry, sync } = syncOver();
    refusals.set(A, new UnprocessableError('Cannot export as DataCite 4.5: the configuration has no title.', { code: 'incomplete-metadata' }));
    await createRecord(temp.store, { iri: A, kind: 'configuration', facility: FACILITY });
    await createRecord(temp.store, { iri: B, kind: 'instance', facility: FACILITY });
    const round = await sync.runOnce();
    expect(round.pushes.map((p) => [p.pid, p.outcome])).toEqual([[A, 'failed'], [B, 'synced']]);
    expect(registry.get(A)).toMatchObject({ sync: 'failed', lastError: 'Cannot export as DataCite 4.5: the configuration has no title.', lastStatus: undefined });
    expect(datacite.calls.map((c) => c.document.id)).toEqual(['10.5072/phd-bbbb-0002']);
  });

  it('marks failed a registration whose provider is not configured.', async () => {
    const { registry, sync } = syncOver({ providerFor: () => undefined });
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await sync.runOnce();
    expect(registry.get(A)).toMatchObject({ sync: 'failed', lastError: expect.stringContaining('provider is not configured') as string });
  });

  it('pushes again after a crash between the provider\'s answer and its recording, leaving the provider as one push would.', async () => {
    const first = syncOver({ timeoutMs: 2 ** 31 - 1 });
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    // The provider applies the push, and the process dies before the answer is recorded.
    const lost: PidProvider = { name: 'datacite', prefix: '10.5072', lookup: (id) => datacite.lookup(id), push: (document, target) => {
      void datacite.push(document, target);
      return new Promise(() => undefined);
    } };
    const crashed = new PidSync({
      registry: first.registry, store: temp.store, exports: exportsOf(() => temp.store), providerFor: () => lost,
      baseUrl: BASE, maxAttempts: 3, timeoutMs: 2 ** 31 - 1,
    });
    void crashed.runOnce();
    await vi.waitFor(() => {
      expect(datacite.calls).toHaveLength(1);
    });
    await temp.reopen();

    const restarted = syncOver();
    expect(restarted.registry.get(A)?.sync).toBe('pending');
    expect((await restarted.sync.runOnce()).pushes).toEqual([{ pid: A, outcome: 'synced', state: 'draft' }]);
    expect(datacite.calls).toHaveLength(2);
    expect(datacite.calls[1]).toEqual(datacite.calls[0]);
    expect([...datacite.held.keys()]).toEqual(['10.5072/phd-aaaa-0001']);
    expect(restarted.registry.get(A)?.sync).toBe('synced');
  });
});

describe('A PidSync in the background', () => {
  it('pushes after a nudge and waits for the push in flight when closed.', async () => {
    const { registry, sync } = syncOver({ pollMs: 60_000 });
    let release: (() => void) | undefined;
    const slow: PidProvider = { name: 'datacite', prefix: '10.5072', lookup: (id) => datacite.lookup(id), push: async (document, target) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return datacite.push(document, target);
    } };
    const background = new PidSync({ registry, store: temp.store, exports: exportsOf(() => temp.store), providerFor: () => slow, baseUrl: BASE, maxAttempts: 3, timeoutMs: 10_000 });
    await sync.close();
    background.start();
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    background.nudge();
    await vi.waitFor(() => {
      expect(release).toBeDefined();
    });
    const closing = background.close();
    release?.();
    await closing;
    expect(registry.get(A)?.sync).toBe('synced');
    background.nudge();
    await createRecord(temp.store, { iri: B, kind: 'instance', facility: FACILITY });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registry.get(B)).toBeUndefined();
  });

  it('runs no round inside the write that nudges it, and makes one round of several nudges.', async () => {
    const { registry, sync } = syncOver({ pollMs: 60_000 });
    const consume = vi.spyOn(registry, 'consume');
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    sync.start();
    sync.nudge();
    sync.nudge();
    expect(consume).not.toHaveBeenCalled();
    await vi.waitFor(() => {
      expect(registry.get(A)?.sync).toBe('synced');
    });
    await sync.close();
    expect(consume).toHaveBeenCalledTimes(1);
  });

  it('does nothing in the background until it is started (a command flushes it instead).', async () => {
    const { registry, sync } = syncOver();
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    sync.nudge();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registry.get(A)).toBeUndefined();
    expect(datacite.calls).toEqual([]);
    await sync.runOnce();
    expect(registry.get(A)?.sync).toBe('synced');
  });

  it('logs a round it cannot run and goes on once the database answers again.', async () => {
    const lines: string[] = [];
    const { registry, sync } = syncOver({ logger: getLogger('test', 'debug', (line) => lines.push(line)), retryBaseMs: 50, pollMs: 60_000 });
    const busy = () => {
      throw new Error('database is locked');
    };
    const consume = vi.spyOn(registry, 'consume').mockImplementation(busy);
    const nextDue = vi.spyOn(registry, 'nextDue').mockImplementation(busy);
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    sync.start();
    await vi.waitFor(() => {
      expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['pid sync round failed']);
    });
    consume.mockRestore();
    await vi.waitFor(() => {
      expect(registry.get(A)?.sync).toBe('synced');
      expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['pid sync round failed', 'pid pushed', 'pid sync could not read when the next push is due']);
    });
    nextDue.mockRestore();
    await sync.close();
  });

  it('waits the first retry\'s delay after a round that could not record its push, whatever nudges it, rather than push again at once.', async () => {
    const lines: string[] = [];
    const { registry, sync } = syncOver({ logger: getLogger('test', 'debug', (line) => lines.push(line)), retryBaseMs: 300, pollMs: 60_000 });
    for (let i = 0; i < 20; i++) datacite.failures.push(providerFailure(503, 'down'));
    const busy = vi.spyOn(registry, 'recordFailure').mockImplementation(() => {
      throw new Error('SQLITE_BUSY: database is locked');
    });
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    sync.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    sync.nudge();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(datacite.calls).toHaveLength(1);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ msg: 'pid sync round failed', error: 'SQLITE_BUSY: database is locked' }));
    busy.mockRestore();
    await vi.waitFor(() => {
      expect(registry.get(A)).toMatchObject({ attempts: 1, lastError: 'down' });
    });
    expect(datacite.calls).toHaveLength(2);
    await sync.close();
  });

  it('comes back for a retry when it falls due.', async () => {
    clock = Date.now();
    const real = () => new Date();
    const registry = new PidRegistry(temp.store.database, MINTING, { now: real });
    const sync = new PidSync({
      registry, store: temp.store, exports: exportsOf(() => temp.store), providerFor: () => datacite, baseUrl: BASE,
      maxAttempts: 3, timeoutMs: 1000, retryBaseMs: 40, pollMs: 60_000, now: real,
    });
    datacite.failures.push(providerFailure(503, 'busy'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    sync.start();
    await vi.waitFor(() => {
      expect(registry.get(A)?.sync).toBe('synced');
    }, { timeout: 2000 });
    expect(datacite.calls).toHaveLength(2);
    await sync.close();
  });

  it('logs each push with its PID, provider, outcome and attempt, and never a credential.', async () => {
    const lines: string[] = [];
    const { sync } = syncOver({ logger: getLogger('test', 'debug', (line) => lines.push(line)) });
    datacite.failures.push(providerFailure(503, 'down'));
    await createRecord(temp.store, { iri: A, kind: 'instance', facility: FACILITY });
    await sync.runOnce();
    clock += 60_000;
    await sync.runOnce();
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.pid, e.provider, e.outcome, e.attempt])).toEqual([[A, 'datacite', 'retry', 1], [A, 'datacite', 'synced', 2]]);
    for (const secret of [MINTING.datacite?.password, MINTING.handle?.password]) expect(lines.join('')).not.toContain(secret);
  });
});
