import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../support/cli.js';
import { startDataciteDouble } from '../support/datacite-double.js';
import type { DataciteDouble } from '../support/datacite-double.js';

/** The prefix the tests mint under: none of the seeded records is named under it. */
const PREFIX = '10.5555';
const BASE = 'https://imaging-phd.example';

let datacite: DataciteDouble;
let dataDir: string;
let env: Record<string, string>;

interface Registration {
  pid: string;
  id: string;
  provider: string;
  target: string;
  providerState?: string;
  sync: string;
  attempts: number;
  lastError?: string;
}

/** `pid status --json`: every registration. */
async function registrations(): Promise<Registration[]> {
  const result = await runCliAsync(['pid', 'status', '--json'], env);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Registration[];
}

/** What a refused command must leave as it was: the registrations and what DataCite holds. */
async function snapshot(): Promise<unknown> {
  return { registrations: await registrations(), provider: [...datacite.dois.entries()] };
}

beforeAll(async () => {
  datacite = await startDataciteDouble({ prefixes: [PREFIX] });
  dataDir = mkdtempSync(join(tmpdir(), 'phd-cli-mint-'));
  env = {
    PHD_DATA_DIR: dataDir, PHD_BASE_URL: BASE, LOG_LEVEL: 'silent',
    PHD_DATACITE_API: datacite.url, PHD_DATACITE_REPOSITORY: 'PHD.TEST', PHD_DATACITE_PASSWORD: 'double-secret', PHD_DATACITE_PREFIX: PREFIX,
    PHD_PID_RETRY_BASE_MS: '50', PHD_PID_MAX_ATTEMPTS: '2', PHD_PID_TIMEOUT_MS: '2000',
  };
  const loaded = runCli(['load', 'data/'], env);
  expect(loaded.status, loaded.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await datacite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('imaging-phd mint', () => {
  let pid: string;

  it('gives a local record a new DOI, prints it and registers the draft at DataCite before it exits.', async () => {
    const result = await runCliAsync(['mint', 'configuration/igc-limelight-v1'], env);
    expect(result.status, result.stderr).toBe(0);
    pid = result.stdout.trim();
    expect(pid).toMatch(/^https:\/\/doi\.org\/10\.5555\/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(result.stderr).toContain(`${BASE}/id/configuration/igc-limelight-v1 is now ${pid}`);
    const id = pid.slice('https://doi.org/'.length);
    expect(datacite.dois.get(id)?.state).toBe('draft');
    expect(datacite.dois.get(id)?.url).toBe(`${BASE}/pid/doi:${encodeURIComponent(id)}`);
  });

  it('shows the registration in pid status, as a table and as JSON.', async () => {
    const id = pid.slice('https://doi.org/'.length);
    const table = await runCliAsync(['pid', 'status'], env);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^pid\s+│ provider │ target\s*│ provider state │ sync\s*│ attempts │ next try\s*│ last error/);
    const row = table.stdout.split('\n').find((line) => line.startsWith(id)) ?? '';
    expect(row.split('│').map((cell) => cell.trim())).toEqual([id, 'datacite', 'draft', 'draft', 'synced', '0', '-', '-']);
    const one = await runCliAsync(['pid', 'status', pid, '--json'], env);
    expect(one.status, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ pid, id, provider: 'datacite', target: 'draft', providerState: 'draft', sync: 'synced', attempts: 0 });
  });

  it('publishes a registered record with --publish: findable at DataCite.', async () => {
    const result = await runCliAsync(['mint', pid, '--publish', '--json'], env);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ pid, target: 'findable' });
    expect(datacite.dois.get(pid.slice('https://doi.org/'.length))?.state).toBe('findable');
  });

  it('refuses bad input with a message and exit 2, and changes nothing.', async () => {
    const before = await snapshot();
    const cases: [readonly string[], RegExp][] = [
      [['mint'], /^usage: imaging-phd mint <pid\|iri>/],
      [['mint', 'configuration/igc-macred-v1', 'configuration/igc-limelight-v1'], /mint takes one record, not 2/],
      [['mint', 'configuration/igc-macred-v1', '--provider', 'crossref'], /unknown provider "crossref": use one of datacite, handle/],
      [['mint', 'configuration/igc-macred-v1', '--pid'], /--pid takes the PID to adopt/],
      [['mint', 'configuration/igc-macred-v1', '--publish=yes'], /--publish takes no value/],
      [['mint', 'configuration/igc-macred-v1', '--frobnicate'], /unknown option --frobnicate/],
      [['mint', 'configuration/igc-macred-v1', '--pid', '10.9999/phd-abcd-1234'], /10\.9999/],
      [['pid', 'frob'], /unknown pid command "frob"/],
      [['pid', 'retry', '--json'], /--json applies to pid status/],
    ];
    for (const [args, message] of cases) {
      const result = await runCliAsync(args, env);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('exits 1 for a record it cannot mint and for a PID without a registration, in status and in retry.', async () => {
    const unknown = await runCliAsync(['mint', 'configuration/nothing-here'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('imaging-phd mint:');
    const none = await runCliAsync(['pid', 'status', 'configuration/igc-macred-v1'], env);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('has no registration here');
    const retry = await runCliAsync(['pid', 'retry', '10.5555/phd-zzzz-zzzz'], env);
    expect(retry.status).toBe(1);
    expect(retry.stderr).toContain('imaging-phd pid retry: https://doi.org/10.5555/phd-zzzz-zzzz has no PID registered here');
  });

  it('says which variables turn minting on when no provider is configured (exit 2).', async () => {
    const off = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('PHD_DATACITE_')));
    for (const args of [['mint', 'configuration/igc-macred-v1'], ['pid', 'status'], ['pid', 'retry']]) {
      const result = await runCliAsync(args, off);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('PID minting is not configured');
      expect(result.stderr).toContain('PHD_DATACITE_API');
      expect(result.stderr).toContain('PHD_HANDLE_API');
    }
  });

  it('refuses to mint while the service runs on the data directory, pointing to the HTTP route.', async () => {
    writeFileSync(join(dataDir, 'serve.lock'), String(process.pid));
    try {
      const before = await snapshot();
      const result = await runCliAsync(['mint', 'configuration/igc-macred-v1'], env);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`The service (pid ${process.pid}) is running`);
      expect(result.stderr).toContain('POST /records/{id}/mint');
      expect(await snapshot()).toEqual(before);
    } finally {
      rmSync(join(dataDir, 'serve.lock'), { force: true });
    }
  });

  it('prints its help with --help.', async () => {
    for (const command of ['mint', 'pid']) {
      const result = await runCliAsync([command, '--help'], env);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`usage: imaging-phd ${command}`);
    }
  });
});

describe('imaging-phd pid retry', () => {
  it('re-queues a push DataCite refused (beside the service: for it to send), sends it without the service, and has nothing to retry after.', async () => {
    datacite.setFault('4xx');
    const minted = await runCliAsync(['mint', 'configuration/igc-macred-v1'], env);
    datacite.setFault(undefined);
    expect(minted.status, minted.stderr).toBe(0);
    const pid = minted.stdout.trim();
    const id = pid.slice('https://doi.org/'.length);
    expect(datacite.dois.has(id)).toBe(false);

    const failed = await runCliAsync(['pid', 'status', id, '--json'], env);
    const registration = JSON.parse(failed.stdout) as Registration;
    expect(registration.sync).toBe('failed');
    expect(registration.lastError).toBeTruthy();
    const table = await runCliAsync(['pid', 'status', id], env);
    expect(table.stdout).toContain('failed');

    // Beside a running service the command only re-queues: the service's pusher sends it.
    writeFileSync(join(dataDir, 'serve.lock'), String(process.pid));
    try {
      const beside = await runCliAsync(['pid', 'retry', id], env);
      expect(beside.status, beside.stderr).toBe(0);
      expect(beside.stderr).toContain(`re-queued 1 push; the service (pid ${process.pid}) sends them`);
      expect(datacite.dois.has(id)).toBe(false);
      const queued = JSON.parse((await runCliAsync(['pid', 'status', id, '--json'], env)).stdout) as Registration;
      expect(queued.sync).toBe('pending');
    } finally {
      rmSync(join(dataDir, 'serve.lock'), { force: true });
    }

    // Without the service it sends what is due itself.
    const retried = await runCliAsync(['pid', 'retry', id], env);
    expect(retried.status, retried.stderr).toBe(0);
    expect(retried.stderr).toContain('re-queued 0 pushes; sent 1 push');
    expect(retried.stdout).toMatch(new RegExp(`^${id.replace(/[.]/g, '\\.')}\\s+│ datacite │ draft\\s+│ draft\\s+│ synced`, 'm'));
    expect(datacite.dois.get(id)?.state).toBe('draft');
    const after = JSON.parse((await runCliAsync(['pid', 'status', id, '--json'], env)).stdout) as Registration;
    expect(after.sync).toBe('synced');

    const again = await runCliAsync(['pid', 'retry'], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('nothing to retry');
  });
});
