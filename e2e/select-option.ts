import type { Page } from 'playwright-core';

/**
 * Chooses an option of the antd Select whose input matches `input`, and checks it was taken. On a
 * loaded machine a click can land while the dropdown is still animating in and select nothing, so the
 * choice is verified and retried rather than assumed.
 */
export async function chooseOption(
  page: Page,
  input: string,
  text: string,
  options: { search?: boolean } = {},
): Promise<void> {
  const select = page.locator('.ant-select').filter({ has: page.locator(input) });
  for (let attempt = 1; ; attempt++) {
    await page.locator(input).click();
    if (options.search) await page.locator(input).fill(text);
    const option = page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text })
      .first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    // The chosen label is the select's own text (the typed search is an input value, not text).
    const chosen = select.filter({ hasText: text });
    try {
      await chosen.first().waitFor({ state: 'visible', timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`could not choose "${text}" in ${input}`, { cause: error });
      await page.keyboard.press('Escape');
    }
  }
}
