import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlitePeopleRegistry, SqliteSessionStore } from '../../../src/accounts/index.js';
import { PidRegistry } from '../../../src/minting/pid-registry.js';
import { graphWrite } from '../../../src/store/renamed-graph.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { TokenRegistry } from '../../../src/store/token-registry.js';
import { chainIris, PHD, storeChain } from './rename-fixtures.js';
import type { Chain } from './rename-fixtures.js';

// Issue 19: a facility registered without an RRID is given it later. The rename moves what is keyed
// by the facility's IRI — its records, the team of shared records, its tokens, its team's
// memberships and invitations, the PIDs registered with its own account — in the rename's own transaction.

const { namedNode, literal, quad } = N3.DataFactory;
const RRID = 'https://identifiers.org/RRID:SCR_990001';
const MODEL = 'https://doi.org/10.5072/phd.rename.model';

let dir: string;
let store: SqliteRecordStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phd-rename-facility-'));
  store = new SqliteRecordStore(join(dir, 'phd.sqlite'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A chain, a shared model of the facility's team, a token, a manager and an invitation of the facility. */
async function seed(c: Chain) {
  await storeChain(store, c);
  const model = graphWrite(MODEL, 'model', [quad(namedNode(MODEL), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${PHD}InstrumentModel`)), quad(namedNode(MODEL), namedNode('https://schema.org/name'), literal('M'))], undefined, 'seed');
  await store.create({ ...model, team: c.facility });
  const tokens = new TokenRegistry(store.database, undefined);
  const token = tokens.create({ facility: c.facility, label: 'script' });
  const people = new SqlitePeopleRegistry(store.database);
  const sessions = new SqliteSessionStore(store.database);
  const person = people.create({ name: 'Ada Manager' });
  people.setMembership(c.facility, person.id, 'manager', 'admin');
  const link = sessions.createLink({ person: undefined, facility: c.facility, role: 'editor', createdBy: 'admin' }, 60_000);
  return { tokens, token, people, sessions, person, link };
}

describe('A SqliteRecordStore renaming a facility', () => {
  it('moves its records, the team of its shared records, its tokens, memberships, invitations and PID registrations to the new name.', async () => {
    const c = chainIris('facility');
    const { tokens, token, people, sessions, person, link } = await seed(c);
    // The facility mints with its own DataCite account: its registrations stay its own under the new name.
    const account = { api: 'http://127.0.0.1:9', repository: 'CORE.F', password: 'unused', prefix: '10.5072' };
    const registry = new PidRegistry(store.database, { datacite: undefined, facilityDatacite: new Map([[c.facility, account]]), handle: undefined, defaultProvider: 'datacite', maxAttempts: 3, timeoutMs: 1000, retryBaseMs: 1000 });
    expect(registry.ensure('https://doi.org/10.5072/phd-abcd-efgh', c.facility).facility).toBe(c.facility);
    const { record, relinked } = await store.rename(c.facility, RRID, 'admin');
    expect(registry.get('https://doi.org/10.5072/phd-abcd-efgh')?.facility).toBe(RRID);
    expect(record.iri).toBe(RRID);
    expect(record.facility).toBe(RRID);
    expect(relinked).toEqual([c.instance]);
    for (const iri of [c.instance, c.configuration, c.dataset]) expect((await store.meta(iri))?.facility).toBe(RRID);
    expect((await store.get(c.instance))?.ntriples).toContain(`<${RRID}> <${PHD}operates> <${c.instance}> .`);
    expect((await store.meta(MODEL))?.team).toBe(RRID);
    const check = tokens.check(token.token);
    expect(check.ok && check.principal.facility).toBe(RRID);
    expect(tokens.listFor(c.facility)).toEqual([]);
    expect(people.memberships(person.id)).toMatchObject([{ facility: RRID, role: 'manager' }]);
    expect(people.members(c.facility)).toEqual([]);
    const redeemed = sessions.redeemLink(link.token);
    expect(redeemed.ok && redeemed.grant.facility).toBe(RRID);
    expect(await store.canonicalOf(c.facility)).toBe(RRID);
  });

  it('renames a facility in a bare store that has no accounts tables.', async () => {
    const c = chainIris('bare');
    await storeChain(store, c);
    const token = new TokenRegistry(store.database, undefined).create({ facility: c.facility });
    expect(store.database.prepare('SELECT name FROM sqlite_master WHERE name = \'memberships\'').get()).toBeUndefined();
    await store.rename(c.facility, RRID, 'admin');
    expect((await store.meta(c.configuration))?.facility).toBe(RRID);
    expect((store.database.prepare('SELECT facility FROM tokens WHERE id = ?').get(token.id) as { facility: string }).facility).toBe(RRID);
  });

  it('leaves everything as it was when the rename fails midway.', async () => {
    const c = chainIris('atomic');
    const { tokens, token, people, person } = await seed(c);
    const before = store.database.prepare('SELECT iri, version, facility, team, etag, deleted_at FROM records ORDER BY iri').all();
    // The last table the rename moves refuses the update: everything written before it must roll back.
    store.database.exec('CREATE TRIGGER refuse_move BEFORE UPDATE ON signin_links BEGIN SELECT RAISE(ABORT, \'refused by the test\'); END');
    await expect(store.rename(c.facility, RRID, 'admin')).rejects.toThrow(/refused by the test/);
    expect(store.database.prepare('SELECT iri, version, facility, team, etag, deleted_at FROM records ORDER BY iri').all()).toEqual(before);
    expect(await store.meta(RRID)).toBeUndefined();
    expect(await store.canonicalOf(c.facility)).toBeUndefined();
    const check = tokens.check(token.token);
    expect(check.ok && check.principal.facility).toBe(c.facility);
    expect(people.memberships(person.id)).toMatchObject([{ facility: c.facility, role: 'manager' }]);
    expect((await store.history(c.instance)).length).toBe(1);
  });

  it('keeps the facility of a renamed instance\'s records (only a facility moves them).', async () => {
    const c = chainIris('instance-only');
    await storeChain(store, c);
    await store.rename(c.instance, 'https://doi.org/10.5072/phd-rename-inst', 'admin');
    expect((await store.meta('https://doi.org/10.5072/phd-rename-inst'))?.facility).toBe(c.facility);
    expect((await store.meta(c.configuration))?.facility).toBe(c.facility);
  });
});
