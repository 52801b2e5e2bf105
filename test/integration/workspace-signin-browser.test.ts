import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { startOidcDouble } from '../support/oidc-double.js';
import type { OidcDouble } from '../support/oidc-double.js';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { signInInBrowser } from '../support/workspace-browser.js';

const FACILITY = 'https://identifiers.org/RRID:SCR_017000';
let provider: OidcDouble;
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  // The app is reached at its base URL, so the provider can send the browser back to it.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcDouble(baseUrl, { ada: { name: 'Ada Lovelace', orcid: '0000-0002-1825-0097' } });
  // The double stands for an institutional provider that verifies the ORCID iDs it hands out.
  app = await startTestApp({ baseUrl, seedDir: '', env: { PORT: String(port), ...provider.env, PHD_OIDC_TRUST_ORCID_CLAIM: 'true' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await provider?.close();
});

/** Signs in at the double's development login form (any password) and agrees to share the claims. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function sessionSubject(context: BrowserContext): Promise<unknown> {
  const cookie = (await context.cookies(app.url)).find((c) => c.name === 'phd_session');
  return cookie === undefined ? undefined : app.services.sessions.find(cookie.value)?.subject;
}

describe('Signing in in a real browser', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context.close();
  });

  it('with the OpenID Connect provider adds the person by ORCID iD with their name, and signs them in.', async () => {
    await page.goto(`${app.url}/signin?next=/workspace/upload`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await signInAtProvider(page, 'ada');
    await page.waitForURL(`${app.url}/workspace/upload`);
    const person = app.services.people.byOrcid('https://orcid.org/0000-0002-1825-0097');
    expect(person).toMatchObject({ name: 'Ada Lovelace', issuer: provider.issuer, subject: 'ada' });
    expect(await sessionSubject(context)).toEqual({ kind: 'person', person: person?.id });
  });

  it('with an invitation link, through the provider, joins the team once signed in.', async () => {
    const { token } = app.services.sessions.createLink({ person: undefined, facility: FACILITY, role: 'editor', createdBy: 'admin' }, 3_600_000);
    await page.goto(`${app.url}/signin/link/${token}`);
    expect(await seriousViolations(page)).toEqual([]);
    // Signed in already (the test before): the page names the team and the role, and joins at once.
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Join the team of /);
    await page.getByRole('button', { name: 'Join the team' }).click();
    await page.waitForURL(`${app.url}/workspace/team?facility=${encodeURIComponent(FACILITY)}`);
    const person = app.services.people.byOrcid('https://orcid.org/0000-0002-1825-0097');
    expect(app.services.people.memberships(person?.id ?? '')).toMatchObject([{ facility: FACILITY, role: 'editor' }]);
    expect(app.services.people.list().filter((p) => p.subject === 'ada')).toHaveLength(1);
  });

  it('a new login without an ORCID iD is a new person known by issuer and subject.', async () => {
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(`${app.url}/signin`);
    await other.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await signInAtProvider(other, 'grace');
    await other.waitForURL(`${app.url}/workspace`);
    const person = app.services.people.byIdentity(provider.issuer, 'grace');
    expect(person).toMatchObject({ name: 'grace', orcid: undefined });
    await fresh.close();
  });

  it('with the administrator token, through the page a person uses.', async () => {
    const fresh = await browser.newContext({ javaScriptEnabled: false });
    const other = await fresh.newPage();
    await signInInBrowser(other, app.url, ADMIN_TOKEN, '/workspace/people');
    expect(new URL(other.url()).pathname).toBe('/workspace/people');
    expect(await sessionSubject(fresh)).toEqual({ kind: 'admin' });
    await fresh.close();
  });
});
