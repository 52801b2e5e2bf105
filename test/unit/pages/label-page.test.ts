import { describe, expect, it } from 'vitest';
import { INSTRUMENT_STATUSES } from '../../../src/domain/instrument-status.js';
import { instrumentLabelPaths } from '../../../src/pages/instrument-label-paths.js';
import { renderLabelPage } from '../../../src/pages/label-page.js';
import { renderLandingPage } from '../../../src/pages/landing-page.js';
import type { LandingView } from '../../../src/pid/landing-view.js';
import { htmlProblems } from './html-problems.js';

const BASE = 'https://phd.example.org';
const DECOMMISSIONED = INSTRUMENT_STATUSES.find((s) => s.label === 'decommissioned');

/** An instance view: the SP8, decommissioned, with hostile text in its name and serial number. */
function instanceView(iri: string, changes: Partial<LandingView> = {}): LandingView {
  return {
    iri,
    kind: 'instance',
    title: 'SP8 <script>alert(1)</script> room 4.12',
    identifiers: [iri],
    description: undefined,
    facts: [{ name: 'Serial number', values: ['8100000451'] }],
    chain: {
      facility: { iri: 'https://identifiers.org/RRID:SCR_999003', label: 'Example Confocal Core', href: '/pid/RRID:SCR_999003' },
      model: { iri: `${BASE}/id/model/leica-tcs-sp8`, label: 'Leica TCS SP8', href: '/id/model/leica-tcs-sp8' },
      configurations: [],
    },
    components: [],
    lifecycle: { status: DECOMMISSIONED, since: '2025-03-31', commissioned: '2019-03-01', decommissioned: '2025-03-31' },
    serialNumber: '81"00<000451',
    datasets: [],
    publications: [],
    people: [],
    alternates: [],
    schemaOrg: {},
    version: 1,
    updatedAt: '2025-03-31T10:00:00Z',
    ...changes,
  };
}

describe('instrumentLabelPaths', () => {
  it('encode a DOI- or handle-named record by its resolver URL, and a minted one by its landing page.', () => {
    expect(instrumentLabelPaths('https://doi.org/10.5072/phd.ecc.sp8', BASE)).toEqual({
      label: '/pid/doi:10.5072/phd.ecc.sp8/label', qrCode: '/pid/doi:10.5072/phd.ecc.sp8/qr.svg', resolvable: 'https://doi.org/10.5072/phd.ecc.sp8',
    });
    expect(instrumentLabelPaths('https://hdl.handle.net/21.t11998/phd-x', BASE).resolvable).toBe('https://hdl.handle.net/21.t11998/phd-x');
    expect(instrumentLabelPaths(`${BASE}/id/instance/bench-scope`, `${BASE}/`)).toEqual({
      label: '/pid/instance/bench-scope/label', qrCode: '/pid/instance/bench-scope/qr.svg', resolvable: `${BASE}/id/instance/bench-scope`,
    });
  });
});

describe('renderLabelPage', () => {
  it('writes a well-formed label with every value escaped, the QR code of the resolvable URL and the print-only parts marked.', () => {
    const page = renderLabelPage(instanceView('https://doi.org/10.5072/phd.ecc.sp8'), { baseUrl: BASE, landingHref: '/pid/doi:10.5072/phd.ecc.sp8' });
    expect(htmlProblems(page)).toEqual([]);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('SP8 &lt;script&gt;alert(1)&lt;/script&gt; room 4.12');
    expect(page).toContain('<dt>Serial number</dt><dd><code>81&quot;00&lt;000451</code></dd>');
    expect(page).toContain('<dt>Facility</dt><dd>Example Confocal Core <code>RRID:SCR_999003</code></dd>');
    expect(page).toContain('<dt>Status</dt><dd>Decommissioned</dd>');
    expect(page).toContain('alt="QR code of https://doi.org/10.5072/phd.ecc.sp8"');
    expect(page).toContain('<div class="no-print">');
    expect(page).toContain('<meta name="robots" content="noindex">');
  });

  it('leaves out what the record does not state.', () => {
    const page = renderLabelPage(instanceView(`${BASE}/id/instance/bench`, { lifecycle: undefined, serialNumber: undefined, chain: { configurations: [] } }), { baseUrl: BASE, landingHref: '/id/instance/bench' });
    expect(htmlProblems(page)).toEqual([]);
    expect(page).toContain(`<dt>PID</dt><dd><code>${BASE}/id/instance/bench</code></dd>`);
    for (const absent of ['<dt>Facility</dt>', '<dt>Model</dt>', '<dt>Serial number</dt>', '<dt>Status</dt>']) expect(page).not.toContain(absent);
  });
});

describe('The status section of a landing page', () => {
  it('shows a decommissioned instance\'s status, since when, both dates and the link to its label.', () => {
    const page = renderLandingPage(instanceView('https://doi.org/10.5072/phd.ecc.sp8'), { baseUrl: BASE });
    expect(htmlProblems(page)).toEqual([]);
    expect(page).toContain('<strong class="status status-decommissioned">Decommissioned</strong> since <time datetime="2025-03-31">2025-03-31</time>');
    expect(page).toContain('<th scope="row">Commissioned</th><td><time datetime="2019-03-01">2019-03-01</time></td>');
    expect(page).toContain('<th scope="row">Decommissioned</th><td><time datetime="2025-03-31">2025-03-31</time></td>');
    expect(page).toContain('<a href="/pid/doi:10.5072/phd.ecc.sp8/label">');
  });

  it('is shown on instance pages only.', () => {
    const page = renderLandingPage(instanceView('https://doi.org/10.5072/phd.ecc.sp8.v2', { kind: 'configuration' }), { baseUrl: BASE });
    expect(page).not.toContain('id="status"');
    expect(page).not.toContain('/label"');
  });
});
