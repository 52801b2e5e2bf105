import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDataciteDouble } from '../support/datacite-double.js';
import type { DataciteDouble } from '../support/datacite-double.js';
import { startServer } from '../support/server-process.js';
import type { ServerProcess } from '../support/server-process.js';
import { TURTLE_PREFIXES } from '../support/turtle-prefixes.js';

// The PID outbox through the real service process: a record's commit and its push to DataCite are
// two steps, and the outbox carries the push across time-outs, 5xx answers and a SIGKILL between them.

const ADMIN = 'pid-outbox-admin-token-0000';
const BASE = 'http://phd.test';
const PASSWORD = 'double-secret';

let datacite: DataciteDouble;
let server: ServerProcess;
let dataDir: string;
/** The configuration born with its DOI in the first test. */
let born = '';

function serve(): Promise<ServerProcess> {
  return startServer({
    PHD_DATA_DIR: dataDir, PHD_ADMIN_TOKEN: ADMIN, PHD_BASE_URL: BASE, PHD_QUERY_WORKERS: '1',
    PHD_DATACITE_API: datacite.url, PHD_DATACITE_REPOSITORY: 'PHD.TEST', PHD_DATACITE_PASSWORD: PASSWORD, PHD_DATACITE_PREFIX: '10.5072',
    PHD_PID_MAX_ATTEMPTS: '3', PHD_PID_TIMEOUT_MS: '20000', PHD_PID_RETRY_BASE_MS: '50',
  });
}

async function kill(process: ServerProcess): Promise<void> {
  process.child.kill('SIGKILL');
  await process.exited;
}

/**
 * A new hardware configuration version of an instance.
 * @param instance - the instance.
 * @param previous - its latest configuration.
 * @param doi - the new version's DOI (`10.5072/…`), or undefined to write it as `<>` (born with a DOI the service chooses).
 * @param version - its version number.
 * @returns the record in Turtle.
 */
function newVersion(instance: string, previous: string, doi: string | undefined, version: number): string {
  const iri = doi === undefined ? '' : `https://doi.org/${doi}`;
  const part = (name: string) => (doi === undefined ? `<#${name}>` : `<${iri}/component/${name}>`);
  return `${TURTLE_PREFIXES}
<${instance}> phd:hasConfiguration <${iri}> .
<${iri}> a phd:HardwareConfiguration ;
  rdfs:label "Version ${String(version)} (new objective)" ; phd:tier 1 ; phd:versionNumber ${String(version)} ; phd:validFrom "2025-0${String(version)}-01"^^xsd:date ;
  prov:wasRevisionOf <${previous}> ;
  phd:hasComponent ${part('laser405')}, ${part('objective')}, ${part('hyd1')} .
${part('laser405')} a nboq:Fluorescence_LightSource_Laser ; dcterms:identifier "laser405" ;
  nboq:tuneable false ; nboq:pulse false ; nboq:modulationMechanism "Direct" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "Diode 405" ; nboq:catalogNumber "158005114" .
${part('hyd1')} a nboq:HybridPhotoDetector ; dcterms:identifier "hyd1" ;
  nboq:coating "Gallium arsenide phosphide" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HyD SMD" ; nboq:catalogNumber "HyD-SMD" .
${part('objective')} a nboq:Objective ; dcterms:identifier "objective" ;
  nboq:magnification 63 ; nboq:lensNA 1.40 ; nboq:correction "PlanApo" ; nboq:immersionType "Mineral Oil" ; nboq:infinityCorrected true ;
  nboq:contrastModulation "None" ; nboq:dic false ; nboq:manufacturer "Leica Microsystems" ; nboq:model "HC PL APO 63x/1.40 OIL CS2" ; nboq:catalogNumber "11506350" .
`;
}

/** @returns the IRI of the record created. */
async function create(body: string): Promise<string> {
  const res = await fetch(`${server.url}/records`, { method: 'POST', headers: { 'content-type': 'text/turtle', authorization: `Bearer ${ADMIN}` }, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { iri: string }).iri;
}

interface PidHealth {
  readonly providers: string[];
  readonly registrations: number;
  readonly pending: number;
  readonly failed: number;
  readonly dead: number;
}

async function pidHealth(): Promise<PidHealth> {
  return ((await (await fetch(`${server.url}/health`)).json()) as { pids: PidHealth }).pids;
}

/** The requests the double received from the `start`th on, with its answers (status undefined: held without an answer). */
function since(start: number): { method: string; path: string; status: number | undefined }[] {
  return datacite.requests.slice(start).map((r) => ({ method: r.method, path: decodeURIComponent(r.path), status: r.status }));
}

async function held(doi: string, state: 'draft' | 'findable' | 'registered'): Promise<void> {
  await vi.waitFor(() => {
    expect(datacite.dois.get(doi)?.state).toBe(state);
  }, { timeout: 20_000, interval: 50 });
}

beforeAll(async () => {
  datacite = await startDataciteDouble({ repository: 'PHD.TEST', password: PASSWORD, prefixes: ['10.5072'] });
  dataDir = mkdtempSync(join(tmpdir(), 'phd-pid-outbox-'));
  server = await serve();
}, 120_000);

afterAll(async () => {
  await kill(server);
  await datacite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('The PID outbox of a running service', () => {
  it('registers a configuration born with its DOI over HTTP as a draft at DataCite, at its landing page, and leaves the seeded records alone.', async () => {
    expect(await pidHealth()).toEqual({ providers: ['datacite'], registrations: 0, pending: 0, failed: 0, dead: 0 });
    born = await create(newVersion('https://doi.org/10.5072/phd.ecc.sp8', 'https://doi.org/10.5072/phd.ecc.sp8.v2', undefined, 3));
    expect(born).toMatch(/^https:\/\/doi\.org\/10\.5072\/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    const id = born.slice('https://doi.org/'.length);

    await held(id, 'draft');
    const doi = datacite.dois.get(id);
    expect(doi?.url).toBe(`${BASE}/pid/doi:${encodeURIComponent(id)}`);
    expect(doi?.xml).toContain('Version 3 (new objective)');
    await vi.waitFor(async () => {
      expect(await pidHealth()).toEqual({ providers: ['datacite'], registrations: 1, pending: 0, failed: 0, dead: 0 });
    });
    expect([...datacite.dois.keys()]).toEqual([id]);
  });

  it('pushes a new version, and the version it revises again, now naming its successor.', async () => {
    const id = born.slice('https://doi.org/'.length);
    await create(newVersion('https://doi.org/10.5072/phd.ecc.sp8', born, '10.5072/phd-sp8v-0004', 4));
    await held('10.5072/phd-sp8v-0004', 'draft');
    await vi.waitFor(() => {
      expect(datacite.dois.get(id)?.writes).toBe(2);
    }, { timeout: 20_000, interval: 50 });
    expect(datacite.dois.get(id)?.xml).toMatch(/relationType="IsPreviousVersionOf"[^>]*>10\.5072\/phd-sp8v-0004</);
    expect(datacite.dois.get('10.5072/phd-sp8v-0004')?.xml).toMatch(new RegExp(`relationType="IsNewVersionOf"[^>]*>${id.replace(/\./g, '\\.')}<`));
    await vi.waitFor(async () => {
      expect(await pidHealth()).toMatchObject({ registrations: 2, pending: 0 });
    });
  });

  it('pushes a withdrawal: the withdrawn version keeps its DOI without new metadata, and the version before it no longer names it.', async () => {
    const id = born.slice('https://doi.org/'.length);
    const start = datacite.requests.length;
    const res = await fetch(`${server.url}/records/${encodeURIComponent('https://doi.org/10.5072/phd-sp8v-0004')}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBeLessThan(300);
    await vi.waitFor(() => {
      expect(datacite.dois.get(id)?.writes).toBe(3);
      expect(datacite.dois.get('10.5072/phd-sp8v-0004')?.writes).toBe(2);
    }, { timeout: 20_000, interval: 50 });
    expect(datacite.dois.get(id)?.xml).not.toContain('phd-sp8v-0004');
    expect(datacite.dois.get('10.5072/phd-sp8v-0004')?.url).toBe(`${BASE}/pid/doi:10.5072%2Fphd-sp8v-0004`);
    expect(since(start).filter((r) => r.method !== 'GET').map((r) => [r.method, r.status]).sort()).toEqual([['PUT', 200], ['PUT', 200]]);
    await vi.waitFor(async () => {
      expect(await pidHealth()).toMatchObject({ registrations: 2, pending: 0, failed: 0, dead: 0 });
    });
  });

  it('sends a push cut off by a SIGKILL after the commit once the service is back, exactly once in effect.', async () => {
    const start = datacite.requests.length;
    datacite.setFault('timeout');
    await create(newVersion('https://doi.org/10.5072/phd.igc.limelight', `${BASE}/id/configuration/igc-limelight-v1`, '10.5072/phd-11me-0002', 2));
    // The commit is acknowledged; the push is on its way and the provider does not answer.
    await vi.waitFor(() => {
      expect(since(start)).toEqual([{ method: 'GET', path: '/dois/10.5072/phd-11me-0002', status: undefined }]);
    }, { timeout: 20_000, interval: 20 });
    await kill(server);
    datacite.setFault(undefined);
    expect(datacite.dois.has('10.5072/phd-11me-0002')).toBe(false);

    server = await serve();
    await held('10.5072/phd-11me-0002', 'draft');
    await vi.waitFor(async () => {
      expect(await pidHealth()).toMatchObject({ registrations: 3, pending: 0, failed: 0, dead: 0 });
    });
    expect(datacite.dois.get('10.5072/phd-11me-0002')?.writes).toBe(1);
    // Sent again from the start, and nothing else: what was synced before the crash is not sent again.
    expect(since(start)).toEqual([
      { method: 'GET', path: '/dois/10.5072/phd-11me-0002', status: undefined },
      { method: 'GET', path: '/dois/10.5072/phd-11me-0002', status: 404 },
      { method: 'POST', path: '/dois', status: 201 },
    ]);
  }, 120_000);

  it('retries a push DataCite answers with 5xx, with backoff, until it succeeds.', async () => {
    const start = datacite.requests.length;
    datacite.setFault('5xx', 2);
    await create(newVersion('https://doi.org/10.5072/phd.igc.macred', `${BASE}/id/configuration/igc-macred-v1`, '10.5072/phd-macr-0002', 2));
    await held('10.5072/phd-macr-0002', 'draft');
    const get = { method: 'GET', path: '/dois/10.5072/phd-macr-0002' };
    expect(since(start)).toEqual([{ ...get, status: 503 }, { ...get, status: 503 }, { ...get, status: 404 }, { method: 'POST', path: '/dois', status: 201 }]);
    await vi.waitFor(async () => {
      expect(await pidHealth()).toMatchObject({ registrations: 4, pending: 0, failed: 0, dead: 0 });
    });
  });

  it('dead-letters a push after PHD_PID_MAX_ATTEMPTS tries, and /health shows it.', async () => {
    const start = datacite.requests.length;
    datacite.setFault('5xx');
    try {
      await create(newVersion('https://hdl.handle.net/21.t11998/phd-abif-axiovert1', 'https://doi.org/10.5072/phd.abif.axiovert1.v1', '10.5072/phd-ax10-0002', 2));
      await vi.waitFor(async () => {
        expect(await pidHealth()).toMatchObject({ registrations: 5, pending: 0, failed: 0, dead: 1 });
      }, { timeout: 20_000, interval: 50 });
      const failed = { method: 'GET', path: '/dois/10.5072/phd-ax10-0002', status: 503 };
      expect(since(start)).toEqual([failed, failed, failed]);
    } finally {
      datacite.setFault(undefined);
    }
    expect(datacite.dois.has('10.5072/phd-ax10-0002')).toBe(false);
  });

  it('never puts a credential in its logs.', () => {
    expect(server.logs.join('\n')).not.toContain(PASSWORD);
    expect(server.logs.some((line) => line.includes('"outcome":"dead"') && line.includes('10.5072/phd-ax10-0002'))).toBe(true);
  });
});
