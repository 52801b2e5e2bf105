import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PID_SYNC_CURSOR, PidRegistry } from '../../../src/minting/pid-registry.js';
import {
  createRecord, doi, FACILITY, HANDLE_PREFIX, hasConfiguration, instanceOf, MINTING, OWN_FACILITY, revises, tempStore, updateRecord,
} from './minting-doubles.js';
import type { TempStore } from './minting-doubles.js';

const INSTANCE = doi('phd-1n57-0001');
const V1 = doi('phd-c0nf-0001');
const V2 = doi('phd-c0nf-0002');
const MODEL = 'https://identifiers.org/RRID:SCR_020000';

let temp: TempStore;
let registry: PidRegistry;

beforeEach(() => {
  temp = tempStore();
  registry = new PidRegistry(temp.store.database, MINTING);
});
afterEach(async () => {
  await temp.remove();
});

/** An instance of MODEL with one configuration, registered and pushed. */
async function syncedInstanceWithConfiguration(): Promise<void> {
  await createRecord(temp.store, { iri: MODEL, kind: 'model' });
  await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)] });
  await createRecord(temp.store, { iri: V1, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V1)] });
  registry.consume();
  for (const due of registry.due()) registry.recordSuccess(due.pid, due.generation, 'draft');
  expect(registry.list().map((r) => [r.pid, r.sync])).toEqual([[INSTANCE, 'synced'], [V1, 'synced']]);
}

describe('A PidRegistry consuming the store\'s revisions', () => {
  it('gives a created instance or configuration named under a minted prefix a draft registration, and nothing else.', async () => {
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: `https://hdl.handle.net/${HANDLE_PREFIX}/phd-hd10-0001`, kind: 'configuration', facility: FACILITY });
    await createRecord(temp.store, { iri: 'https://doi.org/10.80001/phd-0wn0-0001', kind: 'instance', facility: OWN_FACILITY });
    await createRecord(temp.store, { iri: 'https://doi.org/10.1234/someone-else', kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: doi('phd-model-001'), kind: 'model' });
    await createRecord(temp.store, { iri: 'http://phd.test/id/instance/local', kind: 'instance', facility: FACILITY });

    expect(registry.consume()).toBe(6);

    expect(registry.list().map((r) => ({ pid: r.pid, id: r.id, provider: r.provider, facility: r.facility, target: r.target, sync: r.sync }))).toEqual([
      { pid: INSTANCE, id: '10.5072/phd-1n57-0001', provider: 'datacite', facility: undefined, target: 'draft', sync: 'pending' },
      { pid: `https://hdl.handle.net/${HANDLE_PREFIX}/phd-hd10-0001`, id: `${HANDLE_PREFIX}/phd-hd10-0001`, provider: 'handle', facility: undefined, target: 'draft', sync: 'pending' },
      { pid: 'https://doi.org/10.80001/phd-0wn0-0001', id: '10.80001/phd-0wn0-0001', provider: 'datacite', facility: OWN_FACILITY, target: 'draft', sync: 'pending' },
    ]);
    expect(registry.due().map((d) => d.generation)).toEqual([1, 1, 1]);
  });

  it('lists the registrations of one facility\'s records, in one state or all.', async () => {
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: 'https://doi.org/10.80001/phd-0000-0001', kind: 'instance', facility: OWN_FACILITY });
    registry.consume();
    expect(registry.list(undefined, FACILITY).map((r) => r.pid)).toEqual([INSTANCE]);
    expect(registry.list('pending', OWN_FACILITY).map((r) => r.pid)).toEqual(['https://doi.org/10.80001/phd-0000-0001']);
    expect(registry.list('synced', OWN_FACILITY)).toEqual([]);
    expect(registry.list()).toHaveLength(2);
  });

  it('registers on creation only names the service chose: a phd-xxxx-xxxx suffix or an adopted PID, not a name written by hand.', async () => {
    const byHand = doi('findable-by-hand');
    const adopted = doi('adopted-by-hand');
    temp.store.database.prepare('INSERT INTO aliases(alias, canonical, at) VALUES (?, ?, ?)').run('http://phd.test/id/instance/old', adopted, '2026-12-06T12:00:00Z');
    await createRecord(temp.store, { iri: byHand, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: adopted, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    registry.consume();
    expect(registry.list().map((r) => r.pid)).toEqual([adopted, INSTANCE]);
    expect(registry.ensure(byHand, FACILITY)).toMatchObject({ pid: byHand, target: 'draft' });
  });

  it('does not register the records written before minting was configured.', async () => {
    temp.store.database.prepare('DELETE FROM meta WHERE key = ?').run(PID_SYNC_CURSOR);
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    const later = new PidRegistry(temp.store.database, MINTING);
    expect(later.consume()).toBe(0);
    expect(later.list()).toEqual([]);
    await createRecord(temp.store, { iri: V1, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V1)] });
    expect(later.consume()).toBe(1);
    expect(later.list().map((r) => r.pid)).toEqual([V1]);
  });

  it('marks the instance and the previous version changed when a new configuration version is created.', async () => {
    await syncedInstanceWithConfiguration();
    await createRecord(temp.store, { iri: V2, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V2), revises(V2, V1)] });
    registry.consume();
    expect(registry.list().map((r) => [r.pid, r.target, r.sync])).toEqual([[INSTANCE, 'draft', 'pending'], [V1, 'draft', 'pending'], [V2, 'draft', 'pending']]);
    expect(registry.due().map((d) => [d.pid, d.generation])).toEqual([[INSTANCE, 3], [V1, 2], [V2, 1]]);
  });

  it('marks the instances of a model changed when the model is edited, and nothing two links away.', async () => {
    await syncedInstanceWithConfiguration();
    await updateRecord(temp.store, { iri: MODEL, kind: 'model', triples: [`<${MODEL}> <https://schema.org/name> "Renamed" .`] });
    registry.consume();
    expect(registry.list().map((r) => [r.pid, r.sync])).toEqual([[INSTANCE, 'pending'], [V1, 'synced']]);
  });

  it('marks the configurations of an instance changed when the instance is edited.', async () => {
    await syncedInstanceWithConfiguration();
    await updateRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)], triples: [`<${INSTANCE}> <https://schema.org/serialNumber> "42" .`] });
    registry.consume();
    expect(registry.list().map((r) => [r.pid, r.sync])).toEqual([[INSTANCE, 'pending'], [V1, 'pending']]);
  });

  it('targets hidden on a withdrawal and marks what the withdrawn record linked to.', async () => {
    await syncedInstanceWithConfiguration();
    await createRecord(temp.store, { iri: V2, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V2), revises(V2, V1)] });
    registry.consume();
    for (const due of registry.due()) registry.recordSuccess(due.pid, due.generation, 'findable');
    await temp.store.delete(V2, 'test');
    registry.consume();
    expect(registry.list().map((r) => [r.pid, r.target, r.sync])).toEqual([[INSTANCE, 'draft', 'pending'], [V1, 'draft', 'pending'], [V2, 'hidden', 'pending']]);
  });

  it('brings a restored record back to what it was before its withdrawal.', async () => {
    await syncedInstanceWithConfiguration();
    registry.publish(V1);
    await temp.store.delete(V1, 'test');
    registry.consume();
    expect(registry.get(V1)?.target).toBe('hidden');
    await temp.store.revive({ iri: V1, kind: 'configuration', ntriples: `<${V1}> <http://www.w3.org/2000/01/rdf-schema#label> "back" .\n`, triples: 1, facility: FACILITY, actor: 'admin', types: new Map(), links: [] });
    registry.consume();
    expect(registry.get(V1)?.target).toBe('findable');
  });

  it('keeps its cursor across a restart: nothing is consumed twice.', async () => {
    await syncedInstanceWithConfiguration();
    const cursor = registry.cursor;
    expect(cursor).toBeGreaterThan(0);
    const store = await temp.reopen();
    const reopened = new PidRegistry(store.database, MINTING);
    expect(reopened.cursor).toBe(cursor);
    expect(reopened.consume()).toBe(0);
    expect(reopened.list().map((r) => r.sync)).toEqual(['synced', 'synced']);
    await updateRecord(store, { iri: V1, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V1)], triples: [`<${V1}> <https://schema.org/description> "d" .`] });
    expect(reopened.consume()).toBe(1);
    expect(reopened.due().map((d) => [d.pid, d.generation])).toEqual([[INSTANCE, 3], [V1, 2]]);
  });

  it('applies a batch whole or not at all: a failure in its middle leaves the marks and the cursor as they were.', async () => {
    const small = new PidRegistry(temp.store.database, MINTING, { batchSize: 10 });
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    await createRecord(temp.store, { iri: V1, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V1)] });
    await createRecord(temp.store, { iri: V2, kind: 'configuration', facility: FACILITY, links: [hasConfiguration(INSTANCE, V2), revises(V2, V1)] });
    const cursor = small.cursor;
    // The database refuses the third registration, as a crash between two statements would stop the batch.
    temp.store.database.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON pid_registrations WHEN NEW.pid = '${V2}' BEGIN SELECT RAISE(ABORT, 'disk gone'); END`);
    expect(() => small.consume()).toThrow('disk gone');
    expect(small.cursor).toBe(cursor);
    expect(small.list()).toEqual([]);
    temp.store.database.exec('DROP TRIGGER refuse');
    expect(small.consume()).toBe(3);
    expect(small.due().map((d) => [d.pid, d.generation])).toEqual([[INSTANCE, 3], [V1, 2], [V2, 1]]);
  });

  it('reads the log in batches until it is consumed.', async () => {
    const small = new PidRegistry(temp.store.database, MINTING, { batchSize: 2 });
    for (let i = 0; i < 5; i++) await createRecord(temp.store, { iri: doi(`phd-many-000${String(i)}`), kind: 'instance', facility: FACILITY });
    expect(small.consume()).toBe(5);
    expect(small.counts()).toEqual({ registrations: 5, pending: 5, failed: 0, dead: 0 });
  });
});

describe('A PidRegistry\'s marks', () => {
  it('sends a failed registration again after the next change, but a dead one only after a retry.', async () => {
    await syncedInstanceWithConfiguration();
    await updateRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)] });
    registry.consume();
    const [instance, v1] = registry.due();
    registry.recordFailure(INSTANCE, instance?.generation ?? 0, { kind: 'failed' }, 'invalid metadata', 422);
    registry.recordFailure(V1, v1?.generation ?? 0, { kind: 'dead' }, 'service unavailable', 503);
    expect(registry.counts()).toEqual({ registrations: 2, pending: 0, failed: 1, dead: 1 });
    expect(registry.get(INSTANCE)).toMatchObject({ sync: 'failed', lastError: 'invalid metadata', lastStatus: 422 });

    await updateRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)], triples: [`<${INSTANCE}> <https://schema.org/name> "fixed" .`] });
    registry.consume();
    expect(registry.list().map((r) => [r.pid, r.sync])).toEqual([[INSTANCE, 'pending'], [V1, 'dead']]);

    expect(registry.retry()).toBe(1);
    expect(registry.list().map((r) => [r.pid, r.sync, r.attempts])).toEqual([[INSTANCE, 'pending', 0], [V1, 'pending', 0]]);
  });

  it('sends a dead or failed registration again when it is published or minted again.', async () => {
    await syncedInstanceWithConfiguration();
    await updateRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)] });
    registry.consume();
    const [instance, v1] = registry.due();
    registry.recordFailure(INSTANCE, instance?.generation ?? 0, { kind: 'dead' }, 'service unavailable', 503);
    registry.recordFailure(V1, v1?.generation ?? 0, { kind: 'failed' }, 'invalid metadata', 422);
    registry.publish(INSTANCE);
    registry.publish(INSTANCE);
    registry.ensure(V1, FACILITY);
    expect(registry.list().map((r) => [r.pid, r.target, r.sync, r.attempts])).toEqual([[INSTANCE, 'findable', 'pending', 0], [V1, 'draft', 'pending', 0]]);
    expect(registry.due().map((d) => d.pid)).toEqual([INSTANCE, V1]);
  });

  it('does not mark failed a refusal of metadata that has changed since the push began.', async () => {
    await syncedInstanceWithConfiguration();
    await updateRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)] });
    registry.consume();
    const [due] = registry.due();
    await updateRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY, links: [instanceOf(INSTANCE, MODEL)], triples: [`<${INSTANCE}> <https://schema.org/name> "x" .`] });
    registry.consume();
    registry.recordFailure(INSTANCE, due?.generation ?? 0, { kind: 'failed' }, 'invalid metadata', 422);
    expect(registry.get(INSTANCE)?.sync).toBe('pending');
  });

  it('keeps a change made during a push pending after the push succeeds.', async () => {
    await syncedInstanceWithConfiguration();
    registry.publish(INSTANCE);
    const [due] = registry.due();
    registry.publish(INSTANCE);
    await updateRecord(temp.store, { iri: MODEL, kind: 'model' });
    registry.consume();
    registry.recordSuccess(INSTANCE, due?.generation ?? 0, 'findable');
    expect(registry.get(INSTANCE)).toMatchObject({ sync: 'pending', target: 'findable', providerState: 'findable' });
  });

  it('waits out a retry\'s backoff before the registration is due again.', async () => {
    let now = new Date('2026-12-06T12:00:00Z');
    const clocked = new PidRegistry(temp.store.database, MINTING, { now: () => now });
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    clocked.consume();
    clocked.recordFailure(INSTANCE, 1, { kind: 'retry', nextAttemptAt: new Date('2026-12-06T12:00:30Z') }, 'timed out', undefined);
    expect(clocked.due()).toEqual([]);
    expect(clocked.nextDue()?.toISOString()).toBe('2026-12-06T12:00:30.000Z');
    expect(clocked.get(INSTANCE)).toMatchObject({ sync: 'pending', attempts: 1, nextAttemptAt: '2026-12-06T12:00:30.000Z' });
    now = new Date('2026-12-06T12:00:30Z');
    expect(clocked.due().map((d) => [d.pid, d.attempts])).toEqual([[INSTANCE, 1]]);
  });

  it('registers a record named under a minted prefix on demand, and refuses a name outside them.', async () => {
    await createRecord(temp.store, { iri: INSTANCE, kind: 'instance', facility: FACILITY });
    expect(registry.ensure(INSTANCE, FACILITY)).toMatchObject({ pid: INSTANCE, target: 'draft', sync: 'pending' });
    expect(registry.ensure(INSTANCE, FACILITY).pid).toBe(INSTANCE);
    expect(registry.counts().registrations).toBe(1);
    expect(() => registry.ensure('https://doi.org/10.1234/x', FACILITY)).toThrow(expect.objectContaining({ code: 'pid-outside-prefix' }));
  });
});
