import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphWrite } from '../../../src/store/renamed-graph.js';
import { SqliteRecordStore } from '../../../src/store/sqlite-record-store.js';
import { TokenRegistry } from '../../../src/store/token-registry.js';

// The team of a shared record (issue 19): stored on create, never changed by an update, and given
// once to the shared records of a file written before teams, from the token that created them.

const { namedNode, literal, quad } = N3.DataFactory;
const FACILITY_A = 'https://identifiers.org/RRID:SCR_999001';
const FACILITY_B = 'https://identifiers.org/RRID:SCR_999002';
const NAME = 'https://schema.org/name';
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const model = (iri: string, name: string, actor: string) =>
  graphWrite(iri, 'model', [quad(namedNode(iri), namedNode(TYPE), namedNode('https://w3id.org/imaging-phd/ns#InstrumentModel')), quad(namedNode(iri), namedNode(NAME), literal(name))], undefined, actor);

let dir: string;
let path: string;
let store: SqliteRecordStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phd-teams-'));
  path = join(dir, 'phd.sqlite');
  store = new SqliteRecordStore(path);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('A SqliteRecordStore keeping the team of a shared record', () => {
  it('stores the team given on create and keeps it through updates that name another.', async () => {
    const iri = 'https://doi.org/10.5072/phd.model.team';
    expect((await store.create({ ...model(iri, 'v1', 'tok-a'), team: FACILITY_A })).team).toBe(FACILITY_A);
    const updated = await store.update({ ...model(iri, 'v2', 'tok-b'), team: FACILITY_B });
    expect(updated.team).toBe(FACILITY_A);
    expect((await store.meta(iri))?.team).toBe(FACILITY_A);
    expect((await store.list('model'))[0]?.team).toBe(FACILITY_A);
  });

  it('leaves the team undefined for a shared record created outside a team.', async () => {
    const iri = 'https://doi.org/10.5072/phd.model.none';
    await store.create(model(iri, 'v1', 'admin'));
    expect((await store.get(iri))?.team).toBeUndefined();
  });

  it('gives the shared records of an older file their creating token\'s facility as team, once, on open.', async () => {
    const tokens = new TokenRegistry(store.database, undefined);
    const tokenA = tokens.create({ facility: FACILITY_A });
    const byToken = 'https://doi.org/10.5072/phd.model.old';
    const byAdmin = 'https://doi.org/10.5072/phd.model.admin';
    await store.create(model(byToken, 'old', tokenA.id));
    await store.create(model(byAdmin, 'admin', 'admin'));
    // As a file written before teams: no team, no mark that the backfill ran.
    store.database.prepare('UPDATE records SET team = NULL').run();
    store.database.prepare("DELETE FROM meta WHERE key = 'teams_backfilled'").run();
    await store.close();
    store = new SqliteRecordStore(path);
    expect((await store.meta(byToken))?.team).toBe(FACILITY_A);
    expect((await store.meta(byAdmin))?.team).toBeUndefined();
    // Once: a team cleared later (by hand) is not set again on the next open.
    store.database.prepare('UPDATE records SET team = NULL').run();
    await store.close();
    store = new SqliteRecordStore(path);
    expect((await store.meta(byToken))?.team).toBeUndefined();
  });
});

describe('A TokenRegistry of a facility\'s tokens', () => {
  it('records who created a token, lists a facility\'s tokens only, and revokes only a token of that facility.', () => {
    const tokens = new TokenRegistry(store.database, undefined);
    const a = tokens.create({ facility: FACILITY_A, label: 'scripts', createdBy: 'person:abc' });
    const b = tokens.create({ facility: FACILITY_B, createdBy: 'admin' });
    const shared = tokens.create({});
    expect(tokens.listFor(FACILITY_A)).toEqual([expect.objectContaining({ id: a.id, label: 'scripts', createdBy: 'person:abc', revokedAt: undefined })]);
    expect(tokens.list().find((t) => t.id === shared.id)?.createdBy).toBeUndefined();
    expect(tokens.revokeFor(FACILITY_A, b.id)).toBe(false);
    expect(tokens.revokeFor(FACILITY_A, shared.id)).toBe(false);
    expect(tokens.check(b.token).ok).toBe(true);
    expect(tokens.check(shared.token).ok).toBe(true);
    expect(tokens.revokeFor(FACILITY_A, a.id)).toBe(true);
    expect(tokens.revokeFor(FACILITY_A, a.id)).toBe(false);
    expect(tokens.check(a.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(tokens.listFor(FACILITY_A)[0]?.revokedAt).toBeDefined();
  });
});
