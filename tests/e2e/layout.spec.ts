import { expect, type Page, test } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { DESKTOP, expectInside, expectNoHorizontalOverflow, expectNoInnerOverflow, expectPagesFit, MAIN_PAGES, PHONE } from './support/layout';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

// Unbroken text as long as the forms allow: a person's name, a charge point's name, a key's name.
const LONG_NAME = 'N'.repeat(100);
const LONG_KEY_NAME = 'K'.repeat(64);

/** An account with everything the pages show: long names, a charge point, a site, an API key and a linked vehicle. */
async function accountWithLongNames(page: Page, baseURL: string) {
  await signUpInBrowser(page, { email: uniqueEmail('layout'), password: PASSWORD, name: LONG_NAME });
  const headers = { Origin: baseURL };
  const post = async (path: string, data: object) => {
    const response = await page.request.post(path, { data, headers });
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  };
  const chargePoint = await post('/api/charge-points', { identity: `layout-${Date.now()}-${'x'.repeat(20)}`, name: LONG_NAME });
  await post('/api/sites', { name: LONG_NAME });
  await post('/api/keys', { name: LONG_KEY_NAME });
  const linkForm = page.getByRole('form', { name: 'Link a vehicle' });
  await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();
  await page.getByLabel('Tesla').check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);
  const vehicleHref = await page.getByTestId('vehicle-card').getByRole('link').first().getAttribute('href');
  return { chargePointPath: `/charge-points/${chargePoint.id}`, vehiclePath: vehicleHref! };
}

test('every main page fits a 390 px phone and a 1280 px desktop, long names included', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const { chargePointPath, vehiclePath } = await accountWithLongNames(page, baseURL!);
  const pages = [...MAIN_PAGES, chargePointPath, vehiclePath];

  await page.setViewportSize(PHONE);
  await expectPagesFit(page, pages);

  await page.setViewportSize(DESKTOP);
  await expectPagesFit(page, pages);
  // Headings and tables hold their long names too (a table may not scroll sideways for one name).
  await page.goto(chargePointPath);
  await expectInside(page.getByRole('heading', { level: 1 }), page.locator('main'));
  await page.goto('/api-keys');
  await expectNoInnerOverflow(page.locator('[data-slot="table-container"]'));
  await expectInside(page.getByRole('cell', { name: LONG_KEY_NAME, exact: true }), page.locator('[data-slot="table-container"]'));
});

test('the Home Assistant page: no sideways scrolling on a phone, every Copy button inside its card', async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('ha-layout'), password: PASSWORD });
  const created = await page.request.post('/api/charge-points', { data: { identity: `ha-layout-${Date.now()}`, name: 'Garage' }, headers: { Origin: baseURL! } });
  expect(created.status()).toBe(201);

  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.goto('/home-assistant');
    await expect(page.getByTestId('ha-yaml')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    const buttons = page.getByTestId('copy-button');
    expect(await buttons.count()).toBeGreaterThanOrEqual(3);
    for (const button of await buttons.all()) await expectInside(button, button.locator('xpath=ancestor::*[@data-slot="card"][1]'));
  }
});

test('the curl example on the API keys page breaks only between words', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('curl'), password: PASSWORD });
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.goto('/api-keys');
    const example = page.locator('code, pre').filter({ hasText: 'curl -H' });
    await expect(example).toContainText('curl -H');
    // Where the text wraps, the last character before the break is a space.
    const brokenMidWord = await example.evaluate((element) => {
      const text = element.firstChild as Text;
      const range = document.createRange();
      const bad: string[] = [];
      let top: number | undefined;
      for (let i = 0; i < text.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top !== undefined && rect.top > top + 1 && !/\s/.test(text.data[i - 1])) bad.push(text.data.slice(Math.max(0, i - 8), i + 8));
        top = rect.top;
      }
      return bad;
    });
    expect(brokenMidWord).toEqual([]);
    await expectNoHorizontalOverflow(page);
  }
});
