import { expect, type Locator, type Page } from '@playwright/test';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** The pages of the signed-in area a user reaches from the main navigation and the account menu. */
export const MAIN_PAGES = ['/dashboard', '/charge-points', '/id-tags', '/sites', '/home-assistant', '/api-keys', '/usage', '/billing', '/profile'];

/**
 * The page can be read without scrolling sideways: nothing is wider than the
 * window, once the layout has settled (after a resize, parts sized by a
 * ResizeObserver, such as charts, follow a frame or more later; a real
 * overflow stays and fails). The value shown is the excess in px.
 */
export async function expectNoHorizontalOverflow(page: Page) {
  const excess = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await expect
    .poll(excess, { timeout: 5_000, message: `${new URL(page.url()).pathname} is wider than the window (px too wide)` })
    .toBeLessThanOrEqual(0);
}

/** Opens each page at the window's current size and checks it for sideways overflow. */
export async function expectPagesFit(page: Page, paths: string[]) {
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoHorizontalOverflow(page);
  }
}

/** `inner` is drawn entirely inside `outer` (e.g. a button inside its card). */
export async function expectInside(inner: Locator, outer: Locator) {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(a && b, 'both elements are visible').toBeTruthy();
  const what = `${await inner.evaluate((e) => e.outerHTML.slice(0, 80))} at x ${a!.x}–${a!.x + a!.width}, its container at x ${b!.x}–${b!.x + b!.width}`;
  expect(a!.x, what).toBeGreaterThanOrEqual(b!.x);
  expect(a!.x + a!.width, what).toBeLessThanOrEqual(b!.x + b!.width);
}

/** The element shows all of its content in its own width (no scrolling inside it, nothing sticking out). */
export async function expectNoInnerOverflow(element: Locator) {
  const { scrollWidth, clientWidth } = await element.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
  expect(scrollWidth, `${await element.evaluate((e) => e.outerHTML.slice(0, 80))}`).toBeLessThanOrEqual(clientWidth);
}
