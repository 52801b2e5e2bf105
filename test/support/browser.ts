import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's Chromium, installed by `.ci/install-test-tools.sh`; playwright-core downloads no browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, headless, sandbox-less run in a container: no GPU, no QUIC, and none of the
 * background traffic (component updates, sync, field trials) a fresh profile would start.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * Launches headless Chromium for the browser tests. Playwright gives each launch a fresh temporary
 * profile and removes it on `close()`, so no `--user-data-dir` is passed.
 * @returns the browser; close it in `afterAll`.
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
