import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInAsAdmin } from '../support/workspace-client.js';
import type { WorkspaceClient } from '../support/workspace-client.js';

// The sample data's ABIF Axiovert1 configuration was converted from the community file
// ABIF_axiovert1.json and is described at tier 3: a new version of it keeps tier 3, so a laser
// added to it must carry what tiers 1–3 ask of a laser (tier 2: IsPump and IsPumped).

const AXIOVERT = 'https://hdl.handle.net/21.t11998/phd-abif-axiovert1';
const AXIOVERT_V1 = 'https://doi.org/10.5072/phd.abif.axiovert1.v1';
const PHD = 'https://w3id.org/imaging-phd/ns#';
const NBOQ = 'https://w3id.org/imaging-phd/nbo-q#';
const BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';
const PATH = `/workspace/instrument/version?iri=${encodeURIComponent(AXIOVERT)}`;

/** Every tier-1 to tier-3 field of a laser, filled. */
const LASER = {
  'laser-label': '488 nm diode laser', 'laser-type': 'SemiconductorLaserDiode', 'laser-wavelength': '488', 'laser-power': '30',
  'laser-modulationMechanism': 'Direct', 'laser-tuneable': 'false', 'laser-pulse': 'false',
  'laser-manufacturer': 'Coherent', 'laser-model': 'OBIS 488 LX', 'laser-catalogNumber': '1178764',
  'laser-isPump': 'false', 'laser-isPumped': 'true',
};
const VERSION = { label: 'ABIF Axiovert1 with a 488 nm laser', changeNote: 'Added a 488 nm diode laser.' };

let app: TestApp;
let admin: WorkspaceClient;

/** The live configurations of the Axiovert. */
async function configurations(): Promise<string[]> {
  return (await app.store.links({ subject: AXIOVERT, predicate: `${PHD}hasConfiguration` })).map((l) => l.object).sort();
}

/** The `<label>` of a form field, as shown. */
function labelOf(page: string, name: string): string {
  return new RegExp(`<label for="f-${name}">(.*?)</label>`).exec(page)?.[1] ?? '';
}

beforeAll(async () => {
  app = await startTestApp();
  admin = await signInAsAdmin(app);
});

afterAll(async () => {
  await app.close();
});

describe('The new-version form of a tier-3 configuration', () => {
  it('says the tier and asks for every field tier 3 requires of a laser, labelled in words and none of them "(optional)".', async () => {
    const form = await admin.get(PATH);
    expect(form.status).toBe(200);
    expect(form.body).toContain('This configuration is described at tier 3: the fields below are what tier 3 asks of a laser.');
    expect(labelOf(form.body, 'laser-isPump')).toBe('Is pump');
    expect(labelOf(form.body, 'laser-isPumped')).toBe('Is pumped');
    for (const name of ['manufacturer', 'model', 'catalogNumber', 'isPump', 'isPumped', 'tuneable', 'pulse', 'modulationMechanism']) {
      expect(labelOf(form.body, `laser-${name}`), name).not.toContain('(optional)');
    }
    expect(labelOf(form.body, 'laser-power')).toContain('(optional)');
    expect(form.body).toMatch(/<select id="f-laser-isPump"[^>]*><option value="" selected>— choose —<\/option><option value="false">no<\/option><option value="true">yes<\/option>/);
    expect(labelOf(form.body, 'objective-workingDistance')).toBe('Working distance (mm)');
    expect(labelOf(form.body, 'objective-imageDistance')).toBe('Image distance (mm)');
    expect(form.body).toContain('<input type="number" id="f-objective-workingDistance"');
    expect(form.body).toContain('<option value="Reflection">Reflection</option>');
  });

  it('stores a laser with every tier-required field as version 2, its values in the new version.', async () => {
    const before = await configurations();
    const done = await admin.post(PATH, { ...LASER, ...VERSION, validFrom: '2026-01-15' });
    expect(done.status, done.body.match(/<div class="error"[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const after = await configurations();
    expect(after).toHaveLength(before.length + 1);
    const v2 = after.find((iri) => !before.includes(iri)) ?? '';
    const stored = (await app.store.get(v2))?.ntriples ?? '';
    expect(stored).toContain(`<${PHD}tier> "3"`);
    expect(stored).toContain('"488 nm diode laser"');
    expect(stored).toMatch(new RegExp(`<${NBOQ}isPump> "false"\\^\\^<${BOOLEAN}>`));
    expect(stored).toMatch(new RegExp(`<${NBOQ}isPumped> "true"\\^\\^<${BOOLEAN}>`));
    expect(stored).toContain(`<${NBOQ}catalogNumber> "1178764"`);
    expect(stored).toContain('"4.88E2"^^<http://www.w3.org/2001/XMLSchema#double>');
  });

  it('refuses a laser without a tier-2 field with 422, naming it in words once, and stores nothing.', async () => {
    const before = await configurations();
    const v1 = await app.store.meta(AXIOVERT_V1);
    const res = await admin.post(PATH, { ...LASER, 'laser-isPumped': '', ...VERSION, validFrom: '2026-02-01' });
    expect(res.status).toBe(422);
    const message = 'Choose “Is pumped” for the laser: tier 2 asks for it.';
    expect(res.body.split(message)).toHaveLength(3); // in the summary and beside the field, nowhere else
    expect(res.body).toContain('There is a problem');
    expect(res.body).not.toMatch(/IsPumped|is required at tier/);
    expect(res.body).toContain('value="OBIS 488 LX"');
    expect(await configurations()).toEqual(before);
    expect(await app.store.meta(AXIOVERT_V1)).toEqual(v1);
  });
});
