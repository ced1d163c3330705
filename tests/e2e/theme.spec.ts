import { expect, type Page, test } from '@playwright/test';

import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

for (const system of ['light', 'dark'] as const) {
  test(`the theme toggle changes the look at every click (system theme ${system})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: system });
    await page.goto('/');
    const toggle = page.getByTestId('theme-toggle');
    await expect(toggle).toHaveAttribute('aria-label', /Switch to/);
    expect(await isDark(page)).toBe(system === 'dark');
    for (let click = 1; click <= 3; click++) {
      const before = await isDark(page);
      await toggle.click();
      await expect.poll(() => isDark(page), { message: `click ${click} changes the look` }).toBe(!before);
    }
  });
}
