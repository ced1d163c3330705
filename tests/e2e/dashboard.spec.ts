import { expect, test } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('the dashboard: the same words as the charge point list, and the first steps go away once done', async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('dashboard'), password: PASSWORD });
  await expect(page.getByText('Three steps to get going')).toBeVisible();
  const headers = { Origin: baseURL! };
  expect((await page.request.post('/api/charge-points', { data: { identity: `dash-${Date.now()}`, name: 'Garage' }, headers })).status()).toBe(201);
  expect((await page.request.post('/api/keys', { data: { name: 'Home Assistant' }, headers })).status()).toBe(201);

  // A charge point that has never connected is "Offline" here and in the list.
  await page.goto('/charge-points');
  await expect(page.getByRole('row', { name: /Garage/ })).toContainText('Offline');
  await page.goto('/dashboard');
  const chargePoints = page.getByRole('list', { name: 'Charge points' });
  await expect(chargePoints).toContainText('Offline');
  await expect(chargePoints).not.toContainText('connected');

  // The last step: a vehicle. Then the guide's wording and its Home Assistant step are gone.
  await page.getByRole('form', { name: 'Link a vehicle' }).getByRole('button', { name: 'Link a vehicle' }).click();
  await page.getByLabel('Volkswagen').check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);
  await expect(page.getByTestId('vehicle-card')).toHaveCount(1);
  await expect(page.getByText('Three steps to get going')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Connect Home Assistant' })).toHaveCount(0);
});
