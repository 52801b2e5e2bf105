import { Parser } from 'n3';
import type { Quad } from 'n3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { startOidcDouble } from '../support/oidc-double.js';
import type { OidcDouble } from '../support/oidc-double.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { checkPage, macredFile } from '../support/workspace-story.js';

// The story of the workspace, end to end, in Chromium: from an empty store a facility manager signs
// in through an OpenID Connect provider, registers an organization, a facility, a model and an
// instrument, uploads a Micro-Meta App file with an error, fixes it, adds a laser as version 2,
// invites a colleague who signs in through the provider and edits the model, and revokes an API
// token. Every page passes axe and, at 390 px, does not scroll sideways. At the end the public API
// tells the same story.

const ANA = { login: 'ana', name: 'Ana Exemplo', orcid: '0000-0002-1825-0097' };
const COLE = { login: 'cole', name: 'Cole League', orcid: '0000-0001-5109-3700' };
const V1_FROM = '2024-03-01';
const TODAY = new Date().toISOString().slice(0, 10);
const WIDTHS = [1280, 390] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.each(WIDTHS)('The workspace story at %i px', (width) => {
  let provider: OidcDouble;
  let app: TestApp;
  const contexts: BrowserContext[] = [];
  let step = 0;

  beforeAll(async () => {
    // The app is reached at its base URL, so the provider can send the browser back to it.
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcDouble(baseUrl, {
      [ANA.login]: { name: ANA.name, orcid: ANA.orcid },
      [COLE.login]: { name: COLE.name, orcid: COLE.orcid },
    });
    // The double stands for an institutional provider that verifies the ORCID iDs it hands out; open registration is asked for.
    app = await startTestApp({ baseUrl, seedDir: '', env: { PORT: String(port), PHD_OPEN_REGISTRATION: 'true', ...provider.env, PHD_OIDC_TRUST_ORCID_CLAIM: 'true' } });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await app?.close();
    await provider?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 } });
    contexts.push(context);
    return context.newPage();
  }

  /** The page passes axe, fits the width, and its screenshot is kept. */
  async function check(page: Page, name: string): Promise<void> {
    step += 1;
    const result = await checkPage(page, String(width), step, name);
    expect.soft(result.violations, `${name}: ${result.path}`).toEqual([]);
    expect.soft(result.scrollWidth, `${name} scrolls sideways: ${result.path} (${result.overflowing.join(', ')})`).toBeLessThanOrEqual(width + 1);
  }

  /** Signs in at the provider's login form (any password) and agrees to share the claims. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  function param(page: Page, name: string): string {
    const value = new URL(page.url()).searchParams.get(name);
    if (value === null) throw new Error(`no ${name} in ${page.url()}`);
    return value;
  }

  async function turtle(path: string): Promise<{ status: number; quads: Quad[]; location: string | null }> {
    const response = await fetch(new URL(path, app.url), { headers: { accept: 'text/turtle' }, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, location: response.headers.get('location'), quads: response.status === 200 ? new Parser({ baseIRI: app.url }).parse(text) : [] };
  }

  it('from an empty store: sign in, register, upload and fix, version 2, a colleague, a revoked token — and the public API tells the same story.', async () => {
    const page = await newPage();

    // 1. Sign in through the OpenID Connect provider.
    await page.goto(`${app.url}/signin`);
    await check(page, 'signin');
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await signInAtProvider(page, ANA.login);
    await page.waitForURL(`${app.url}/workspace`);
    await check(page, 'dashboard');
    const ana = app.services.people.byOrcid(`https://orcid.org/${ANA.orcid}`);
    expect(ana?.name).toBe(ANA.name);

    // 2. The guided flow: the host organization, the manufacturer, the facility, the model, the instrument.
    await page.goto(`${app.url}/workspace/register/organization`);
    await check(page, 'register-organization');
    await page.getByLabel('ROR ID').fill('04b08hq31');
    await page.getByLabel('Name', { exact: true }).fill('Instituto Gulbenkian de Ciência');
    await Promise.all([page.waitForURL(/\/register\/facility\?/), page.getByRole('button', { name: 'Register the organization' }).click()]);
    const host = await page.getByLabel('Host organization').inputValue();
    expect(host).toBe('https://ror.org/04b08hq31');
    await page.getByRole('link', { name: '1. Organization' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Carl Zeiss Microscopy GmbH');
    await Promise.all([page.waitForURL(/\/register\/facility/), page.getByRole('button', { name: 'Register the organization' }).click()]);
    await check(page, 'register-facility');
    await page.getByLabel('Host organization').selectOption(host);
    await page.getByLabel('RRID').fill('RRID:SCR_999001');
    await page.getByLabel('Name', { exact: true }).fill('IGC Advanced Imaging');
    await Promise.all([page.waitForURL(/\/register\/model\?/), page.getByRole('button', { name: 'Register the facility' }).click()]);
    const facility = param(page, 'facility');
    expect(facility).toBe('https://identifiers.org/RRID:SCR_999001');
    // The person who registered the facility manages it.
    expect(app.services.people.memberships(ana?.id ?? '')).toMatchObject([{ facility, role: 'manager' }]);
    await check(page, 'register-model');
    await page.getByLabel('Manufacturer').selectOption({ label: 'Carl Zeiss Microscopy GmbH' });
    await page.getByLabel('Model name').fill('Axio Observer');
    await page.getByLabel('Stand type').selectOption('inverted');
    await Promise.all([page.waitForURL(/\/register\/instance\?/), page.getByRole('button', { name: 'Register the instrument model' }).click()]);
    const model = param(page, 'model');
    await check(page, 'register-instance');
    await page.getByLabel('Name', { exact: true }).fill('Macred widefield');
    await page.getByLabel('Serial number').fill(`MAC-${width}`);
    await Promise.all([page.waitForURL(/\/register\/configuration\?/), page.getByRole('button', { name: 'Register the instrument' }).click()]);
    const instance = param(page, 'instance');
    await check(page, 'register-configuration');

    // 3. Upload a real Micro-Meta App file with an error: the preview says it in words and stores nothing.
    await Promise.all([page.waitForURL(/\/workspace\/upload\?instance=/), page.getByRole('link', { name: /Upload its configuration/ }).click()]);
    await check(page, 'upload');
    const beforeUpload = await app.store.stats();
    await page.getByLabel('Valid from').fill(V1_FROM);
    await page.getByLabel('File').setInputFiles({ name: 'macred.json', mimeType: 'application/json', buffer: Buffer.from(macredFile(true)) });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Preview' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check before storing');
    await expect(page.locator('main').textContent()).resolves.toContain('Objective “10x”: Magnification is missing — add it (tier 1).');
    expect(await page.getByRole('button', { name: 'Confirm and store' }).count()).toBe(0);
    await check(page, 'upload-preview-error');
    expect(await app.store.stats()).toEqual(beforeUpload);

    // The corrected file, then confirm: version 1.
    await Promise.all([page.waitForURL(/\/workspace\/upload/), page.getByRole('link', { name: 'Upload a corrected file' }).click()]);
    await expect(page.getByLabel('Instrument').inputValue()).resolves.toBe(instance);
    await page.getByLabel('Valid from').fill(V1_FROM);
    await page.getByLabel('File').setInputFiles({ name: 'macred-fixed.json', mimeType: 'application/json', buffer: Buffer.from(macredFile(false)) });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Preview' }).click()]);
    await check(page, 'upload-preview-ok');
    await Promise.all([page.waitForURL(/\/id\/configuration\//), page.getByRole('button', { name: 'Confirm and store' }).click()]);
    const v1 = page.url().split('?')[0] ?? '';
    await check(page, 'configuration-v1');

    // 4. A laser as version 2, through the new-version form.
    await page.goto(`${app.url}/workspace/instrument?iri=${encodeURIComponent(instance)}`);
    await check(page, 'instrument');
    await Promise.all([page.waitForURL(/\/workspace\/instrument\/version/), page.getByRole('link', { name: 'Make a new configuration version' }).click()]);
    await check(page, 'new-version');
    await page.locator('#f-laser-label').fill('561 nm DPSS laser');
    await page.locator('#f-laser-type').selectOption('DiodePumpedSolidState (DPSS)');
    await page.locator('#f-laser-wavelength').fill('561');
    await page.locator('#f-laser-power').fill('20');
    await page.locator('#f-laser-manufacturer').fill('Cobolt');
    await page.locator('#f-laser-model').fill('Jive 561');
    await page.locator('#f-laser-catalogNumber').fill('J-561-20');
    await page.getByLabel('Name of the new version').fill('Macred with a 561 nm laser');
    await page.getByLabel('Valid from').fill(TODAY);
    await page.getByLabel('Change note').fill('Added a 561 nm laser.');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Store the new version' }).click()]);
    expect(page.url(), await page.locator('main').innerText()).toMatch(/done=version/);
    await expect(page.getByRole('heading', { name: /Version 2: Macred with a 561 nm laser/ }).count()).resolves.toBe(1);
    await check(page, 'instrument-v2');

    // 5. The team page: an invitation link for a colleague, and an API token, revoked.
    await page.goto(`${app.url}/workspace/team?facility=${encodeURIComponent(facility)}`);
    await check(page, 'team');
    await page.getByLabel('Role', { exact: true }).selectOption('editor');
    await Promise.all([page.waitForURL(/\/workspace\/team\?.*shown=/), page.getByRole('button', { name: 'Create an invitation link' }).click()]);
    const invitation = (await page.locator('code.secret').textContent()) ?? '';
    expect(invitation).toMatch(new RegExp(`^${app.url}/signin/link/`));
    await check(page, 'invitation');
    await page.goto(`${app.url}/workspace/team?facility=${encodeURIComponent(facility)}`);
    await page.getByLabel('Label').fill('microscope PC upload script');
    await Promise.all([page.waitForURL(/\/workspace\/team\?.*shown=/), page.getByRole('button', { name: 'Create the token' }).click()]);
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    await check(page, 'token-created');
    // The token works for the facility through the JSON API until it is revoked.
    const asScript = () => fetch(new URL(`/records/${encodeURIComponent(model)}`, app.url), {
      method: 'PUT', headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/turtle', 'if-match': '"nothing"' }, body: '',
    });
    expect((await asScript()).status).not.toBe(401);
    await page.goto(`${app.url}/workspace/team?facility=${encodeURIComponent(facility)}`);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/workspace/team' && url.search.includes('done=revoked')),
      page.getByRole('button', { name: 'Revoke the token microscope PC upload script' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('revoked');
    await check(page, 'token-revoked');
    expect((await asScript()).status).toBe(401);

    // 6. The colleague, in another browser, takes the invitation through the provider and edits the model.
    const colleague = await newPage();
    await colleague.goto(invitation);
    await check(colleague, 'colleague-invitation');
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    await signInAtProvider(colleague, COLE.login);
    await colleague.waitForURL(`${app.url}/workspace/team?facility=${encodeURIComponent(facility)}`);
    await check(colleague, 'colleague-team');
    const cole = app.services.people.byOrcid(`https://orcid.org/${COLE.orcid}`);
    expect(app.services.people.memberships(cole?.id ?? '')).toMatchObject([{ facility, role: 'editor' }]);
    await colleague.goto(`${app.url}/workspace/edit?iri=${encodeURIComponent(model)}`);
    await check(colleague, 'colleague-edit-model');
    await colleague.getByLabel('Model name').fill('Axio Observer 7');
    await Promise.all([colleague.waitForURL(/saved=1/), colleague.getByRole('button', { name: 'Save changes' }).click()]);
    await expect(colleague.getByRole('status').textContent()).resolves.toBe('Saved.');
    await check(colleague, 'colleague-saved');
    await colleague.goto(`${app.url}/workspace/history?iri=${encodeURIComponent(model)}`);
    await check(colleague, 'model-history');
    await expect(colleague.locator('main').textContent()).resolves.toContain(COLE.name);

    // 7. The stored truth, through the public API.
    const described = await turtle(`/pid/${encodeURIComponent(instance)}`);
    expect(described.status).toBe(200);
    const objects = (iri: string) => described.quads.filter((q) => q.subject.value === iri).map((q) => q.object.value);
    expect(objects(instance)).toContain(model);
    // The facility operates the instrument (the link points from the facility to the instance).
    expect(described.quads.filter((q) => q.subject.value === facility && q.object.value === instance).map((q) => q.predicate.value)).toEqual(['https://w3id.org/imaging-phd/ns#operates']);
    const atV1 = await turtle(`/pid/${encodeURIComponent(instance)}?at=${V1_FROM}`);
    expect(atV1.status).toBe(303);
    expect(new URL(atV1.location ?? '', app.url).href).toBe(v1);
    const atV2 = await turtle(`/pid/${encodeURIComponent(instance)}?at=${TODAY}`);
    expect(atV2.status).toBe(303);
    const v2 = new URL(atV2.location ?? '', app.url).href;
    expect(v2).not.toBe(v1);
    const [first, second] = await Promise.all([turtle(v1), turtle(v2)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const lasers = (quads: typeof first.quads) => quads.filter((q) => q.object.value === '561 nm DPSS laser').length;
    expect(lasers(first.quads)).toBe(0);
    expect(lasers(second.quads)).toBe(1);
    const history = await (await fetch(new URL(`/records/${encodeURIComponent(model)}/history`, app.url))).json() as { history: { actor: string; version: number }[] };
    expect(history.history.map((h) => h.actor)).toEqual([`person:${ana?.id ?? ''}`, `person:${cole?.id ?? ''}`]);
  });
});
