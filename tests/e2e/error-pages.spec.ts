import { expect, test } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('404 and 403 in the signed-in area: one header, the right status, the same layout', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('errors'), password: PASSWORD });

  // A vehicle that does not exist (or is someone else's).
  const missing = await page.goto('/vehicles/00000000-0000-4000-8000-000000000000');
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page does not exist');
  await expect(page.locator('header')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  // An administrator's page, for a user.
  const forbidden = await page.goto('/admin/users');
  expect(forbidden!.status()).toBe(403);
  await expect(page.getByText('Error 403')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrators only');
  await expect(page.locator('header')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the dashboard' })).toBeVisible();

  // An address that matches no page at all, signed in: still a 404 with one header.
  const unknown = await page.goto('/no-such-page');
  expect(unknown!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page does not exist');
  await expect(page.locator('header')).toHaveCount(1);
});
