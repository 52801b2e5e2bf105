import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataciteDouble } from '../support/datacite-double.js';
import type { DataciteDouble } from '../support/datacite-double.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

/** The prefix the tests mint under: none of the seeded records is named under it. */
const PREFIX = '10.5555';
const IGC = 'https://identifiers.org/RRID:SCR_999001';
const ECC = 'https://identifiers.org/RRID:SCR_999003';

let datacite: DataciteDouble;
let app: TestApp;
let off: TestApp;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { 'content-type': 'application/json' };

interface Registration {
  pid: string;
  id: string;
  provider: string;
  target: string;
  providerState: string | null;
  sync: string;
  attempts: number;
  lastError?: string;
  href: string;
  landingPage: string;
}

interface Problem {
  type: string;
  status: number;
  detail: string;
  code: string;
  [member: string]: unknown;
}

/** Waits until `check` returns a value (polling every 50 ms), or fails after 15 s. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function registrationOf(id: string): Promise<Registration | undefined> {
  const res = await fetch(`${app.url}/records/${encodeURIComponent(id)}/pid`);
  return res.status === 200 ? await res.json() as Registration : undefined;
}

/** Everything a refused request must leave as it was: the records and their versions, the registrations, the provider. */
async function snapshot(): Promise<unknown> {
  const records = await (await fetch(`${app.url}/records`)).json() as { records: { iri: string; etag: string }[] };
  const pids = await (await fetch(`${app.url}/pids`, { headers: admin })).json();
  return { records: records.records.map((r) => `${r.iri} ${r.etag}`).sort(), pids, provider: [...datacite.dois.entries()] };
}

/** The text of the landing page a registration registers, without markup. */
async function landingText(registration: Registration): Promise<string> {
  const res = await fetch(`${app.url}${new URL(registration.landingPage).pathname}`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return (await res.text()).replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity).replace(/\s+/g, ' ');
}

async function problemOf(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return await res.json() as Problem;
}

beforeAll(async () => {
  datacite = await startDataciteDouble({ prefixes: [PREFIX] });
  [app, off] = await Promise.all([
    startTestApp({
      env: {
        PHD_DATACITE_API: datacite.url, PHD_DATACITE_REPOSITORY: 'PHD.TEST', PHD_DATACITE_PASSWORD: 'double-secret', PHD_DATACITE_PREFIX: PREFIX,
        PHD_PID_RETRY_BASE_MS: '50', PHD_MAX_BODY_BYTES: String(16 * 1024),
      },
    }),
    startTestApp({ seedDir: '' }),
  ]);
});
afterAll(async () => {
  await Promise.all([app.close(), off.close(), datacite.close()]);
});

describe('POST /records/{id}/mint and /publish', () => {
  const local = 'http://phd.test/id/configuration/igc-limelight-v1';
  let minted: Registration;

  it('gives a local record a new DOI as its name: 201, Location the new name, a draft at DataCite after the sync.', async () => {
    const igc = app.tokens.create({ facility: IGC });
    const res = await fetch(`${app.url}/records/configuration/igc-limelight-v1/mint`, { method: 'POST', headers: { authorization: `Bearer ${igc.token}` } });
    expect(res.status).toBe(201);
    minted = await res.json() as Registration;
    expect(minted.pid).toMatch(new RegExp(`^https://doi\\.org/${PREFIX.replace('.', '\\.')}/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`));
    expect(minted.id).toBe(minted.pid.slice('https://doi.org/'.length));
    expect(minted.provider).toBe('datacite');
    expect(minted.target).toBe('draft');
    expect(res.headers.get('location')).toBe(`/records/${encodeURIComponent(minted.pid)}`);
    expect(minted.pid).not.toBe(local);

    const synced = await until('the draft to reach DataCite', async () => {
      const now = await registrationOf(minted.pid);
      return now?.sync === 'synced' ? now : undefined;
    });
    expect(synced.providerState).toBe('draft');
    const held = datacite.dois.get(minted.id);
    expect(held?.state).toBe('draft');
    expect(held?.url).toBe(minted.landingPage);
    expect(minted.landingPage).toBe(`http://phd.test/pid/doi:${encodeURIComponent(minted.id)}`);
    // The record answers under its new name, and its registration under its old one too.
    expect((await fetch(`${app.url}${res.headers.get('location') ?? ''}`, { headers: { accept: 'text/turtle' } })).status).toBe(200);
    expect((await registrationOf(local))?.pid).toBe(minted.pid);
  });

  it('shows the registration state on the record\'s landing page.', async () => {
    const page = await landingText(minted);
    expect(page).toContain('Registration Draft.');
    expect(page).toContain(minted.id);
  });

  it('makes the DOI findable: publish answers 200 with the registration, and DataCite holds it findable after the sync.', async () => {
    const res = await fetch(`${app.url}/records/${encodeURIComponent(minted.pid)}/publish`, { method: 'POST', headers: admin });
    expect(res.status).toBe(200);
    const published = await res.json() as Registration;
    expect(published.pid).toBe(minted.pid);
    expect(published.target).toBe('findable');
    const done = await until('the publication to reach DataCite', async () => {
      const now = await registrationOf(minted.pid);
      return now?.sync === 'synced' || now?.sync === 'failed' ? now : undefined;
    });
    expect(done.lastError).toBeUndefined();
    expect(done.providerState).toBe('findable');
    expect(datacite.dois.get(minted.id)?.state).toBe('findable');
    expect(await landingText(minted)).toContain('Registration Findable.');
  });

  it('lists the registrations for the admin and a facility token, filtered by sync state.', async () => {
    const all = await (await fetch(`${app.url}/pids`, { headers: admin })).json() as { count: number; registrations: Registration[] };
    expect(all.registrations.map((r) => r.pid)).toContain(minted.pid);
    const synced = await (await fetch(`${app.url}/pids?sync=synced`, { headers: admin })).json() as { registrations: Registration[] };
    expect(synced.registrations.every((r) => r.sync === 'synced')).toBe(true);
    expect((await (await fetch(`${app.url}/pids?sync=dead`, { headers: admin })).json() as { registrations: Registration[] }).registrations.map((r) => r.pid)).not.toContain(minted.pid);
    const igc = app.tokens.create({ facility: IGC });
    const ecc = app.tokens.create({ facility: ECC });
    const own = await (await fetch(`${app.url}/pids`, { headers: { authorization: `Bearer ${igc.token}` } })).json() as { registrations: Registration[] };
    expect(own.registrations.map((r) => r.pid)).toContain(minted.pid);
    const other = await (await fetch(`${app.url}/pids`, { headers: { authorization: `Bearer ${ecc.token}` } })).json() as { registrations: Registration[] };
    expect(other.registrations.map((r) => r.pid)).not.toContain(minted.pid);
    expect((await fetch(`${app.url}/pids`)).status).toBe(401);
    const bad = await fetch(`${app.url}/pids?sync=stuck`, { headers: admin });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).allowed).toEqual(['synced', 'pending', 'failed', 'dead']);
  });

  it('answers 404 for the registration of a record without one, naming how to mint it.', async () => {
    const res = await fetch(`${app.url}/records/configuration/igc-macred-v1/pid`);
    expect(res.status).toBe(404);
    expect((await problemOf(res)).detail).toContain('/mint');
    expect((await fetch(`${app.url}/records/configuration/nothing-here/pid`)).status).toBe(404);
  });
});

describe('A refused mint', () => {
  const mint = (id: string, init: RequestInit) => fetch(`${app.url}/records/${id}/mint`, { method: 'POST', ...init });

  it.each([
    ['an unknown provider', { body: '{"provider": "crossref"}' }, 400, (p: Problem) => {
      expect(p.detail).toContain('datacite, handle');
      expect(p.allowed).toEqual(['datacite', 'handle']);
    }],
    ['malformed JSON', { body: '{\n  "provider": "datacite",\n  "publish": tru\n}' }, 400, (p: Problem) => {
      expect(p.code).toBe('parse-error');
      expect(p.line).toBe(3);
      expect(p.column).toBeTypeOf('number');
    }],
    ['a PID outside the configured prefix', { body: '{"pid": "10.9999/phd-abcd-1234"}' }, 400, (p: Problem) => {
      expect(p.detail).toContain('10.9999');
    }],
    ['an option that does not exist', { body: '{"publsh": true}' }, 400, (p: Problem) => {
      expect(p.field).toBe('publsh');
    }],
    ['a publish that is not a boolean', { body: '{"publish": "yes"}' }, 400, (p: Problem) => {
      expect(p.field).toBe('publish');
    }],
  ] as const)('refuses %s with problem details and changes nothing.', async (_case, init, status, check) => {
    const before = await snapshot();
    const res = await mint('configuration/igc-macred-v1', { headers: { ...json, ...admin }, ...init });
    expect(res.status).toBe(status);
    check(await problemOf(res));
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body that is not JSON (415), a missing token (401) and another facility\'s token (403), and changes nothing.', async () => {
    const before = await snapshot();
    const form = await mint('configuration/igc-macred-v1', { headers: { 'content-type': 'application/x-www-form-urlencoded', ...admin }, body: 'provider=datacite' });
    expect(form.status).toBe(415);
    await problemOf(form);
    const anonymous = await mint('configuration/igc-macred-v1', {});
    expect(anonymous.status).toBe(401);
    await problemOf(anonymous);
    const ecc = app.tokens.create({ facility: ECC });
    const forbidden = await mint('configuration/igc-macred-v1', { headers: { authorization: `Bearer ${ecc.token}` } });
    expect(forbidden.status).toBe(403);
    await problemOf(forbidden);
    const publishForbidden = await fetch(`${app.url}/records/configuration/igc-macred-v1/publish`, { method: 'POST', headers: { authorization: `Bearer ${ecc.token}` } });
    expect([403, 404, 409]).toContain(publishForbidden.status);
    await problemOf(publishForbidden);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body over PHD_MAX_BODY_BYTES with 413 and an unknown record with 404.', async () => {
    const before = await snapshot();
    const big = await mint('configuration/igc-macred-v1', { headers: { ...json, ...admin }, body: JSON.stringify({ pid: `10.5555/${'x'.repeat(20_000)}` }) });
    expect(big.status).toBe(413);
    await problemOf(big);
    const unknown = await mint('configuration/nothing-here', { headers: admin });
    expect(unknown.status).toBe(404);
    await problemOf(unknown);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 405 to other methods on the minting routes.', async () => {
    const res = await fetch(`${app.url}/records/configuration/igc-macred-v1/mint`, { headers: admin });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('Minting routes on a service without a provider', () => {
  it('answers 409 to mint and publish and 404 to a registration, naming the variables that turn minting on.', async () => {
    for (const [method, path, status] of [['POST', 'mint', 409], ['POST', 'publish', 409], ['GET', 'pid', 404]] as const) {
      const res = await fetch(`${off.url}/records/doi:10.5072%2Fphd.ecc.sp8/${path}`, { method, headers: admin });
      expect(res.status, path).toBe(status);
      const problem = await problemOf(res);
      expect(problem.code).toBe('minting-off');
      expect(problem.detail).toContain('PHD_DATACITE_API');
      expect(problem.detail).toContain('PHD_HANDLE_API');
    }
    const list = await fetch(`${off.url}/pids`, { headers: admin });
    expect(list.status).toBe(409);
    expect((await problemOf(list)).code).toBe('minting-off');
  });
});

describe('A push DataCite refuses', () => {
  it('leaves the mint done, and shows the sync failed with DataCite\'s message in the listing and on the landing page.', async () => {
    datacite.setFault('4xx');
    try {
      const res = await fetch(`${app.url}/records/configuration/igc-macred-v1/mint`, { method: 'POST', headers: admin });
      expect(res.status).toBe(201);
      const minted = await res.json() as Registration;
      const failed = await until('the refusal to be recorded', async () => {
        const now = await registrationOf(minted.pid);
        return now?.sync === 'failed' ? now : undefined;
      });
      expect(failed.lastError).toBeTruthy();
      expect(datacite.dois.has(minted.id)).toBe(false);
      const listed = await (await fetch(`${app.url}/pids?sync=failed`, { headers: admin })).json() as { registrations: Registration[] };
      expect(listed.registrations.map((r) => r.pid)).toEqual([minted.pid]);
      const page = await landingText(minted);
      expect(page).toContain('Registration Sync failed. DataCite refused the last update');
      expect(page).toContain(failed.lastError?.replace(/\s+/g, ' ').slice(0, 40));
    } finally {
      datacite.setFault(undefined);
    }
  });
});
