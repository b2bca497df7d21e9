// What every browser suite checks the same way: a plain assertion, signing in through the login form,
// and a page that must not scroll sideways on a phone.
import type { Page } from 'playwright-core';

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Signs in through the login form and waits for the shell's greeting. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByText(/欢迎，/).waitFor();
}

export async function noSidewaysScroll(page: Page, where: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  check(widths.scroll <= widths.client, `${where} scrolls sideways: ${widths.scroll} > ${widths.client}`);
}
