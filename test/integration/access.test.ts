import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/validation/model-files.js';
import { runCli } from '../support/cli.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';

const IGC = 'RRID:SCR_999001';
const ECC = 'RRID:SCR_999003';

let server: ServerProcess;
let dataDir: string;
const tokens: Record<'own' | 'other' | 'expired' | 'revoked', string> = { own: '', other: '', expired: '', revoked: '' };

/** `imaging-phd token create` through the real CLI (before the service holds the data directory). */
function createToken(facility: string, expires?: string): { token: string; id: string } {
  const result = runCli(['token', 'create', '--facility', facility, ...(expires === undefined ? [] : ['--expires', expires])], { PHD_DATA_DIR: dataDir });
  expect(result.status, result.stderr).toBe(0);
  return { token: result.stdout.trim(), id: /token (\S+) writes/.exec(result.stderr)?.[1] ?? '' };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phd-access-'));
  // Seed, then stop: tokens are made with the CLI on a data directory no service holds.
  const seeding = await startServer({ PHD_DATA_DIR: dataDir });
  seeding.child.kill('SIGTERM');
  await seeding.exited;
  tokens.own = createToken(IGC).token;
  tokens.other = createToken(ECC).token;
  tokens.expired = createToken(IGC, '2020-01-01').token;
  const revoked = createToken(IGC);
  tokens.revoked = revoked.token;
  const revoke = runCli(['token', 'revoke', revoked.id], { PHD_DATA_DIR: dataDir });
  expect(revoke.status, revoke.stderr).toBe(0);
  server = await startServer({ PHD_DATA_DIR: dataDir });
}, 180_000);

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every route that writes, with a body IGC's token may write (so only the token decides). */
const WRITES = [
  {
    route: 'POST /records', method: 'POST', path: '/records', type: 'text/turtle',
    body: `<https://identifiers.org/${IGC}> <https://w3id.org/imaging-phd/ns#operates> <https://doi.org/10.5072/phd.access.instance> .
<https://doi.org/10.5072/phd.access.instance> a <https://w3id.org/imaging-phd/ns#InstrumentInstance> .`,
  },
  { route: 'PUT /records/{id}', method: 'PUT', path: `/records/${IGC}`, type: 'text/turtle', body: `<https://identifiers.org/${IGC}> a <https://w3id.org/imaging-phd/ns#Facility> .` },
  { route: 'DELETE /records/{id}', method: 'DELETE', path: `/records/${IGC}`, type: undefined, body: undefined },
  { route: 'POST /import/micrometa', method: 'POST', path: '/import/micrometa?instance=doi%3A10.5072%2Fphd.igc.macred', type: 'application/json', body: readFileSync(join(PACKAGE_ROOT, 'test/fixtures/micrometa/IGC_Macred.json'), 'utf8') },
  { route: 'POST /import/ome-xml', method: 'POST', path: '/import/ome-xml?instance=doi%3A10.5072%2Fphd.igc.macred', type: 'application/xml', body: readFileSync(join(PACKAGE_ROOT, 'test/fixtures/ome-xml/confocal-sp8.ome.xml'), 'utf8') },
] as const;

describe('Access to every write route', () => {
  it('refuses a missing, malformed, unknown, expired or revoked token with 401, and another facility\'s token with 403, storing nothing.', async () => {
    const before = (await (await fetch(`${server.url}/health`)).json()) as { records: number; triples: number };
    const cases: [string, string | undefined, number][] = [
      ['missing', undefined, 401],
      ['malformed', 'Bearer', 401],
      ['another scheme', 'Basic aWdjOnNlY3JldA==', 401],
      ['unknown', 'Bearer phd_nosuchid_0000000000000000000000000000000000', 401],
      ['expired', `Bearer ${tokens.expired}`, 401],
      ['revoked', `Bearer ${tokens.revoked}`, 401],
      ['another facility\'s', `Bearer ${tokens.other}`, 403],
    ];
    const failures: string[] = [];
    for (const write of WRITES) {
      for (const [name, authorization, status] of cases) {
        const headers: Record<string, string> = {};
        if (write.type !== undefined) headers['content-type'] = write.type;
        if (authorization !== undefined) headers.authorization = authorization;
        const res = await fetch(`${server.url}${write.path}`, { method: write.method, headers, ...(write.body === undefined ? {} : { body: write.body }) });
        const text = await res.text();
        if (res.status !== status) failures.push(`${write.route} with a ${name} token: ${res.status} ${text.slice(0, 160)}`);
        else if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) failures.push(`${write.route} with a ${name} token: not problem+json`);
        if (status === 401 && res.headers.get('www-authenticate') === null) failures.push(`${write.route} with a ${name} token: 401 without WWW-Authenticate`);
        if (/\n\s+at |\/work\/|node_modules/.test(text)) failures.push(`${write.route} with a ${name} token: leaks ${text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await (await fetch(`${server.url}/health`)).json()) as { records: number; triples: number }).toMatchObject({ records: before.records, triples: before.triples });
  });

  it('accepts the facility\'s own token on the same routes (the refusals above were the token\'s doing).', async () => {
    const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${tokens.own}` }, body: WRITES[0].body });
    // The instance lacks its model and serial number: the shapes refuse it (422), after the token was accepted.
    expect([201, 422]).toContain(res.status);
  });

  it('keeps tokens only as hashes: no token appears in the database.', () => {
    const db = new Database(join(dataDir, 'phd.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT * FROM tokens').all() as Record<string, unknown>[];
    db.close();
    expect(rows.length).toBe(4);
    const stored = JSON.stringify(rows);
    for (const token of Object.values(tokens)) {
      expect(stored).not.toContain(token);
      // The secret is everything after `phd_{id}_`: base64url, so it may hold '_' itself.
      const secret = /^phd_[a-z0-9]{12}_(.{43})$/.exec(token)?.[1];
      expect(secret).toBeDefined();
      expect(stored).not.toContain(secret);
    }
    expect(rows.every((r) => typeof r.hash === 'string' && /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });
});
