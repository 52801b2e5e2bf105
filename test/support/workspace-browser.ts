import type { Page } from 'playwright-core';

/**
 * Signs in to the workspace as the administrator in a real browser: the sign-in page, the
 * "Administrator token" field, the button; waits until the browser has left the sign-in page.
 * @param page - a Playwright page.
 * @param appUrl - the app's URL (`http://127.0.0.1:<port>`).
 * @param adminToken - the PHD_ADMIN_TOKEN the app runs with.
 * @param next - where to land (default: the workspace's home).
 */
export async function signInInBrowser(page: Page, appUrl: string, adminToken: string, next = '/workspace'): Promise<void> {
  await page.goto(`${appUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Administrator token').fill(adminToken);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/signin'),
    page.getByRole('button', { name: 'Sign in as administrator' }).click(),
  ]);
}
