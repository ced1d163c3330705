import { expect, test, type Page } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('the landing page offers vehicles as working, not "Coming soon"', async ({ page }) => {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/');
    const features = page.getByRole('list').filter({ has: page.getByRole('heading', { name: 'Your electric vehicles' }) });
    await expect(features.getByRole('heading', { level: 3 })).toHaveText(['Your electric vehicles', 'Your charge points', 'Home Assistant']);
    await expect(page.getByText('Coming soon')).toHaveCount(0);
    await expectNoHorizontalOverflow(page);
  }
});

test('the simulator’s Link page is served by the app itself, so a phone on the network can finish a link', async ({ page, baseURL }) => {
  await page.setViewportSize(PHONE);
  await signUpInBrowser(page, { email: uniqueEmail('sim-link'), password: PASSWORD });
  const linkForm = page.getByRole('form', { name: 'Link a vehicle' });
  await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();

  await expect(page.getByRole('heading', { name: 'Link your vehicle' })).toBeVisible();
  expect(page.url().startsWith(`${baseURL}/simulator/link/`)).toBe(true);
  await expect(page.getByRole('radio')).toHaveCount(3);
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: 'test-results/simulator-link-390.png', fullPage: true });

  const linkPage = page.url();
  await page.getByLabel('Volkswagen').check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);
  await expect(page.getByTestId('vehicle-card').getByRole('link', { name: 'Volkswagen ID.4' })).toBeVisible();

  // Used once: opening it again says so in words.
  await page.goto(linkPage);
  await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
});

test('addresses that name this machine come with a warning (APP_URL here is 127.0.0.1)', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('addresses'), password: PASSWORD });
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/charge-points');
    await expect(page.getByTestId('local-address-notice')).toContainText('Only this computer can use this address');
    await expectNoHorizontalOverflow(page);
    // (The Home Assistant page's own overflow at 390 px is another item of issue 22.)
    await page.goto('/home-assistant');
    await expect(page.getByTestId('local-address-notice')).toContainText('A charge point or Home Assistant on another device cannot reach');
  }
  await page.setViewportSize(DESKTOP);
  await page.goto('/charge-points');
  await page.screenshot({ path: 'test-results/charge-points-local-notice-1280.png', fullPage: true });
});
