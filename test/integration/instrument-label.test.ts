import { XMLParser } from 'fast-xml-parser';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

// The printable label of an instrument instance and the QR code of a record's PID, through HTTP.
// Macred (data/instruments.ttl) is named by a DOI and states its status; Axiovert1 by a handle;
// the Limelight v1 configuration by an IRI minted here.
const MACRED = { path: '/pid/doi:10.5072%2Fphd.igc.macred', url: 'https://doi.org/10.5072/phd.igc.macred' };
const ABIF = { path: '/pid/hdl:21.t11998%2Fphd-abif-axiovert1', url: 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1' };
const LIMELIGHT_V1 = '/pid/configuration/igc-limelight-v1';
const QUIET_ZONE = 4;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

/** A QR code's modules as rows of 0/1. */
type Matrix = number[][];

/**
 * Reads back the modules an SVG from `qrcode` draws: its dark path is a run-length list of
 * horizontal strokes (`M x y.5 h n` starts a row, `m dx 0 h n` continues it), each covering n
 * modules. The viewBox includes the quiet zone, which is cut off.
 */
function modulesOf(svg: string): { viewBox: number; matrix: Matrix } {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg) as {
    svg: { viewBox: string; xmlns: string; path: { fill?: string; stroke?: string; d: string }[] };
  };
  expect(parsed.svg.xmlns).toBe('http://www.w3.org/2000/svg');
  const [, , width = '0', height = '0'] = parsed.svg.viewBox.split(' ');
  expect(width).toBe(height);
  const box = Number(width);
  const size = box - 2 * QUIET_ZONE;
  const matrix: Matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const dark = parsed.svg.path.find((p) => p.stroke !== undefined);
  let x = 0;
  let y = 0;
  for (const [, command = '', a = '0', b = '0'] of (dark?.d ?? '').matchAll(/([Mmh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Number(b) - 0.5];
    else if (command === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i += 1) {
        const row = matrix[y - QUIET_ZONE];
        if (row !== undefined) row[x - QUIET_ZONE + i] = 1;
      }
      x += Number(a);
    }
  }
  return { viewBox: box, matrix };
}

/** The module matrix the QR standard gives a text at error correction level M. */
function expectedModules(text: string): Matrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) => Array.from({ length: modules.size }, (_, col) => (modules.get(row, col) ? 1 : 0)));
}

describe('The printable label of an instrument instance', () => {
  it('shows the PID, the facility with its RRID, the model, the serial number, the status and the QR code.', async () => {
    const response = await fetch(`${app.url}${MACRED.path}/label`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('<h1 id="label-title">Macred (Axio Imager M2)</h1>');
    expect(page).toContain('<dt>PID</dt><dd><code>doi:10.5072/phd.igc.macred</code></dd>');
    expect(page).toContain('<dt>Facility</dt><dd>IGC Advanced Imaging Resource (example RRID) <code>RRID:SCR_999001</code></dd>');
    expect(page).toContain('<dt>Model</dt><dd>ZEISS Axio Imager</dd>');
    expect(page).toContain('<dt>Serial number</dt><dd><code>3524005678</code></dd>');
    expect(page).toContain('<dt>Status</dt><dd>Active</dd>');
    expect(page).toContain(`<img class="qr" src="/pid/doi:10.5072/phd.igc.macred/qr.svg" width="120" height="120" alt="QR code of ${MACRED.url}">`);
    expect(page).toContain('href="/pid/doi:10.5072/phd.igc.macred"');
  });

  it('is printed without the site navigation: the stylesheet hides header, footer and explanations in print.', async () => {
    const page = await (await fetch(`${app.url}${MACRED.path}/label`)).text();
    const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(page)?.[1];
    expect(stylesheet).toBeDefined();
    const css = await (await fetch(`${app.url}${stylesheet ?? ''}`)).text();
    expect(css).toMatch(/@media print \{\s*header\.site, footer\.site, \.skip, \.no-print \{ display: none !important; \}/);
    expect(page).toContain('<div class="no-print">');
  });

  it('is linked from the instance\'s landing page, which shows the status and its dates.', async () => {
    const page = await (await fetch(`${app.url}${MACRED.path}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<h2 id="status">Status</h2>');
    expect(page).toContain('<strong class="status status-active">Active</strong> since <time datetime="2022-09-01">2022-09-01</time>');
    expect(page).toContain('<th scope="row">Commissioned</th><td><time datetime="2022-08-15">2022-08-15</time></td>');
    expect(page).toContain('<a href="/pid/doi:10.5072/phd.igc.macred/label">Printable label with the QR code of this PID</a>');
    // An instance without a status says so, and still links to its label.
    const abif = await (await fetch(`${app.url}${ABIF.path}`, { headers: { accept: 'text/html' } })).text();
    expect(abif).toContain('No status recorded.');
    expect(abif).toContain('href="/pid/hdl:21.t11998/phd-abif-axiovert1/label"');
  });

  it('is made for instances only: a configuration\'s label is 404, pointing to its QR code.', async () => {
    const response = await fetch(`${app.url}${LIMELIGHT_V1}/label`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await response.json() as { detail: string };
    expect(problem.detail).toBe(`Printable labels are made for instrument instances, and ${app.baseUrl}/id/configuration/igc-limelight-v1 is a configuration record. Its QR code alone is at /pid/configuration/igc-limelight-v1/qr.svg.`);
  });

  it('answers 404 for an unknown PID.', async () => {
    expect((await fetch(`${app.url}/pid/doi:10.5072%2Fno-such-scope/label`)).status).toBe(404);
    expect((await fetch(`${app.url}/pid/doi:10.5072%2Fno-such-scope/qr.svg`)).status).toBe(404);
  });
});

describe('The QR code of a PID', () => {
  it('is an SVG image, cacheable, that encodes the DOI\'s resolver URL with the modules its length calls for.', async () => {
    const response = await fetch(`${app.url}${MACRED.path}/qr.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    const svg = await response.text();
    const { viewBox, matrix } = modulesOf(svg);
    // 38 characters in byte mode at level M need version 3 (capacity 42; version 2 holds 26):
    // 4 × 3 + 17 = 29 modules, plus the quiet zone of 4 on each side.
    expect(MACRED.url).toHaveLength(38);
    expect(viewBox).toBe(29 + 2 * QUIET_ZONE);
    expect(matrix).toEqual(expectedModules(MACRED.url));
    // Not the landing page on this service: the PID's own resolver keeps working wherever the record moves.
    expect(matrix).not.toEqual(expectedModules(`${app.baseUrl}/pid/doi:10.5072/phd.igc.macred`));
  });

  it('differs for another PID, and encodes a handle\'s resolver URL.', async () => {
    const macred = await (await fetch(`${app.url}${MACRED.path}/qr.svg`)).text();
    const abif = await (await fetch(`${app.url}${ABIF.path}/qr.svg`)).text();
    expect(abif).not.toBe(macred);
    const { viewBox, matrix } = modulesOf(abif);
    // 51 characters at level M: version 4 (capacity 62), 33 modules.
    expect(ABIF.url).toHaveLength(51);
    expect(viewBox).toBe(33 + 2 * QUIET_ZONE);
    expect(matrix).toEqual(expectedModules(ABIF.url));
  });

  it('encodes the landing page of a record named by an IRI of this service.', async () => {
    const { matrix } = modulesOf(await (await fetch(`${app.url}${LIMELIGHT_V1}/qr.svg`)).text());
    expect(matrix).toEqual(expectedModules(`${app.baseUrl}/id/configuration/igc-limelight-v1`));
  });

  it('answers 304 to a client that has it (If-None-Match), and accepts the PID spelled with unencoded slashes.', async () => {
    const first = await fetch(`${app.url}${MACRED.path}/qr.svg`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"qr-[0-9a-f]{16}"$/);
    const again = await fetch(`${app.url}${MACRED.path}/qr.svg`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await fetch(`${app.url}${LIMELIGHT_V1}/qr.svg`)).headers.get('etag')).not.toBe(etag);
    const unencoded = await fetch(`${app.url}/pid/doi:10.5072/phd.igc.macred/qr.svg`);
    expect(unencoded.status).toBe(200);
    expect(unencoded.headers.get('etag')).toBe(etag);
  });
});

describe('The instrument status in a record\'s JSON-LD', () => {
  it('reads with the context\'s names: instrumentStatus and its dates.', async () => {
    const record = await (await fetch(`${app.url}${MACRED.path}`, { headers: { accept: 'application/ld+json' } })).json() as { '@graph': { id: string }[] };
    expect(record['@graph'].find((node) => node.id === MACRED.url)).toMatchObject({ instrumentStatus: 'phd:ActiveStatus', statusSince: '2022-09-01', commissioned: '2022-08-15' });
  });
});

describe('Editing the instrument status', () => {
  const ABIF_RECORD = '/records/hdl:21.t11998%2Fphd-abif-axiovert1';
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/n-triples' };
  const PHD_NS = 'https://w3id.org/imaging-phd/ns#';
  const XSD_DATE = 'http://www.w3.org/2001/XMLSchema#date';
  const withStatus = (ntriples: string, status: string, extra = '') =>
    `${ntriples}<${ABIF.url}> <${PHD_NS}instrumentStatus> <${PHD_NS}${status}> .\n${extra}`;
  const dated = (property: string, date: string) => `<${ABIF.url}> <${PHD_NS}${property}> "${date}"^^<${XSD_DATE}> .\n`;

  it('refuses a status outside the list and a decommissioning without its date, with the shapes\' words, changing nothing.', async () => {
    const before = await (await fetch(`${app.url}${ABIF_RECORD}`, { headers: { accept: 'application/n-triples' } })).text();
    const put = (body: string) => fetch(`${app.url}${ABIF_RECORD}`, { method: 'PUT', headers: admin, body });
    const unknown = await put(withStatus(before, 'RetiredStatus', dated('statusSince', '2025-01-01')));
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain('at most one status, one of phd:PlannedStatus');
    const undated = await put(withStatus(before, 'DecommissionedStatus', dated('statusSince', '2025-01-01')));
    expect(undated.status).toBe(422);
    expect(JSON.stringify(await undated.json())).toContain('A decommissioned instrument needs its decommissioning date');
    expect(await (await fetch(`${app.url}${ABIF_RECORD}`, { headers: { accept: 'application/n-triples' } })).text()).toBe(before);
  });

  it('takes a new status like any other property, and the landing page and the label follow it.', async () => {
    const before = await (await fetch(`${app.url}${ABIF_RECORD}`, { headers: { accept: 'application/n-triples' } })).text();
    const body = withStatus(before, 'InactiveStatus', dated('statusSince', '2025-02-03'));
    expect((await fetch(`${app.url}${ABIF_RECORD}`, { method: 'PUT', headers: admin, body })).status).toBe(200);
    const page = await (await fetch(`${app.url}${ABIF.path}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<strong class="status status-inactive">Inactive</strong> since <time datetime="2025-02-03">2025-02-03</time>');
    expect(await (await fetch(`${app.url}${ABIF.path}/label`)).text()).toContain('<dt>Status</dt><dd>Inactive</dd>');
  });
});
