import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../support/cli.js';
import { startHandleDouble } from '../support/handle-double.js';
import type { HandleDouble } from '../support/handle-double.js';

// A core manager's handle life cycle through the built CLI: mint a handle, then follow it with pid status.

const PREFIX = '21.T11998';
const BASE = 'https://imaging-phd.example';

let handles: HandleDouble;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  handles = await startHandleDouble({ prefix: PREFIX });
  dataDir = mkdtempSync(join(tmpdir(), 'phd-cli-handle-'));
  env = {
    PHD_DATA_DIR: dataDir, PHD_BASE_URL: BASE, LOG_LEVEL: 'silent',
    PHD_HANDLE_API: handles.url, PHD_HANDLE_PREFIX: PREFIX, PHD_HANDLE_USER: `300:${PREFIX}/ADMIN`, PHD_HANDLE_PASSWORD: 'double-secret',
    PHD_PID_TIMEOUT_MS: '2000',
  };
  const loaded = runCli(['load', 'data/'], env);
  expect(loaded.status, loaded.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await handles.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('imaging-phd mint --provider handle and pid status', () => {
  it('mints a handle for a local record, and pid status lists it in a form pid status accepts back.', async () => {
    const minted = await runCliAsync(['mint', 'configuration/igc-limelight-v1', '--provider', 'handle'], env);
    expect(minted.status, minted.stderr).toBe(0);
    const pid = minted.stdout.trim();
    expect(pid).toMatch(/^https:\/\/hdl\.handle\.net\/21\.T11998\/phd-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    const id = pid.slice('https://hdl.handle.net/'.length);
    expect(handles.handles.get(id.toLowerCase())?.values.find((v) => v.type === 'URL')?.data.value).toBe(`${BASE}/pid/hdl:${encodeURIComponent(id)}`);

    const table = await runCliAsync(['pid', 'status'], env);
    expect(table.status, table.stderr).toBe(0);
    const row = table.stdout.split('\n').find((line) => line.includes(id)) ?? '';
    const cells = row.split('│').map((cell) => cell.trim());
    expect(cells.slice(0, 2)).toEqual([`hdl:${id}`, 'handle']);
    // What the table shows is what a core manager copies into the next command.
    const one = await runCliAsync(['pid', 'status', cells[0] ?? '', '--json'], env);
    expect(one.status, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ pid, id, provider: 'handle', sync: 'synced' });
  });
});
