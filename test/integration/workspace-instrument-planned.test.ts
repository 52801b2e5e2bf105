import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import type { WorkspaceClient } from '../support/workspace-client.js';
import { signInAsMember } from '../support/workspace-person.js';

// A configuration version dated in the future (planned hardware) and the next version after it:
// the next one revises the latest and must keep what the planned one added.

const IGC = 'https://identifiers.org/RRID:SCR_999001';
const MACRED = 'https://doi.org/10.5072/phd.igc.macred';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const q = (iri: string) => `?iri=${encodeURIComponent(iri)}`;

/** A laser as the new-version form takes it (Macred's configuration is tier 1: every tier-1 field). */
const laser = (nm: string) => ({
  'laser-label': `${nm} nm laser`, 'laser-type': 'DiodePumpedSolidState (DPSS)', 'laser-wavelength': nm, 'laser-power': '20',
  'laser-modulationMechanism': 'None', 'laser-tuneable': 'false', 'laser-pulse': 'false',
  'laser-manufacturer': 'Cobolt', 'laser-model': `Jive ${nm}`, 'laser-catalogNumber': `J-${nm}-20`,
});

let app: TestApp;
let editor: WorkspaceClient;

/** The configuration records of an instance. */
async function configurationsOf(instance: string): Promise<string[]> {
  return (await app.store.links({ subject: instance, predicate: `${PHD}hasConfiguration` })).map((l) => l.object).sort();
}

beforeAll(async () => {
  app = await startTestApp();
  editor = signInAsMember(app, 'Eddie Editor', { facility: IGC, role: 'editor' }).client;
});

afterAll(async () => {
  await app.close();
});

describe('A new configuration version after a planned one', () => {
  it('continues from the planned version, says so on the form, and keeps the laser the planned version added.', async () => {
    const [v1] = await configurationsOf(MACRED);
    const planned = await editor.post(`/workspace/instrument/version${q(MACRED)}`, { ...laser('561'), label: 'Macred with a 561 nm laser', validFrom: '2099-01-01', changeNote: 'A 561 nm laser is ordered.' });
    expect(planned.status).toBe(303);
    const v2 = (await configurationsOf(MACRED)).find((iri) => iri !== v1) ?? '';
    expect(v2).not.toBe('');

    const form = await editor.get(`/workspace/instrument/version${q(MACRED)}`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('Version 2, valid from 2099-01-01, is planned; the new version continues from it.');
    expect(form.body).toContain('Components of version 2');
    expect(form.body).toContain('561 nm laser');

    const next = await editor.post(`/workspace/instrument/version${q(MACRED)}`, { ...laser('640'), label: 'Macred with 561 and 640 nm lasers', validFrom: '2099-06-01', changeNote: 'A 640 nm laser joins the 561 nm one.' });
    expect(next.status).toBe(303);
    const v3 = (await configurationsOf(MACRED)).find((iri) => iri !== v1 && iri !== v2) ?? '';
    const stored = (await app.store.get(v3))?.ntriples ?? '';
    expect(stored).toContain(`<${v3}> <http://www.w3.org/ns/prov#wasRevisionOf> <${v2}>`);
    expect(stored).toContain('"5.61E2"^^<http://www.w3.org/2001/XMLSchema#double>');
    expect(stored).toContain('"6.4E2"^^<http://www.w3.org/2001/XMLSchema#double>');
  });

  it('shows each version\'s change note on the instrument\'s timeline and on the version\'s landing page.', async () => {
    const page = await editor.get(`/workspace/instrument${q(MACRED)}`);
    expect(page.body).toContain('Change note: A 561 nm laser is ordered.');
    expect(page.body).toContain('Change note: A 640 nm laser joins the 561 nm one.');
    const configurations = await configurationsOf(MACRED);
    const graphs = await Promise.all(configurations.map(async (iri) => ({ iri, ntriples: (await app.store.get(iri))?.ntriples ?? '' })));
    const v3 = graphs.find((g) => g.ntriples.includes('A 640 nm laser joins'))?.iri ?? '';
    expect(v3).not.toBe('');
    const landing = await fetch(`${app.url}/pid/${encodeURIComponent(v3)}`, { headers: { accept: 'text/html' } });
    expect(landing.status).toBe(200);
    const body = await landing.text();
    expect(body).toContain('<th scope="row">change note</th><td>A 640 nm laser joins the 561 nm one.</td>');
  });
});
