import { expect, request as playwrightRequest, test } from '@playwright/test';

import { ADMIN, PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('links a simulated vehicle through the Link UI (after a cancelled try) and starts charging', async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('vehicles'), password: PASSWORD });
  // Charging control needs Basic or Pro: the administrator upgrades this account.
  const me = await (await page.request.get('/api/me')).json();
  const admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  expect((await admin.post('/api/auth/signin', { data: { email: ADMIN.email, password: ADMIN.password } })).status()).toBe(200);
  expect((await admin.patch(`/api/admin/users/${me.id}`, { data: { tier: 'pro' } })).status()).toBe(200);
  await admin.dispose();

  const linkForm = page.getByRole('form', { name: 'Link a vehicle' });
  await expect(page.getByText('Simulated vehicles')).toBeVisible();

  // Cancelled in Enode's Link UI: back on the dashboard with Enode's message.
  await linkForm.getByLabel('Brand').selectOption('TESLA');
  await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();
  await expect(page.getByRole('heading', { name: 'Link your vehicle' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/dashboard\?vehicle_link=failed/);
  await expect(page.getByTestId('vehicle-link-notice')).toContainText('The user cancelled linking');
  await expect(page.getByTestId('vehicle-card')).toHaveCount(0);

  // Approved: the vehicle is there at once.
  await linkForm.getByLabel('Brand').selectOption('TESLA');
  await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();
  await page.getByLabel('Tesla').check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);
  await expect(page.getByTestId('vehicle-link-notice')).toContainText('Vehicle linked');
  const card = page.getByTestId('vehicle-card');
  await expect(card.getByRole('link', { name: 'Tesla Model 3' })).toBeVisible();
  await expect(card.getByTestId('vehicle-battery')).toHaveText(/^\d+ %/);
  await expect(card.getByText('Simulated')).toBeVisible();

  // Start charging: pending, then the car's confirmation (the simulator confirms after 300 ms).
  await card.getByRole('button', { name: 'Start charging' }).click();
  await expect(card.getByTestId('charging-outcome')).toHaveText('Charging started.');
  await expect(card.getByTestId('vehicle-charging-state')).toContainText('Charging', { timeout: 20_000 });

  // The vehicle page: chart and sessions.
  await card.getByRole('link', { name: 'Tesla Model 3' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tesla Model 3');
  await expect(page.getByRole('img', { name: /^Battery level/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toBeVisible();
});

test('with the simulator: only its brands, a count of the vehicles just linked, and a battery chart that says what it spans', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('vehicle-brands'), password: PASSWORD });
  const linkForm = page.getByRole('form', { name: 'Link a vehicle' });
  await expect(linkForm.getByLabel('Brand').locator('option')).toHaveText(['Choose in the next step', 'Tesla', 'Volkswagen', 'Kia']);

  // One car at a time: each notice counts the car just linked, not all of them.
  for (const [vendor, brand] of [['TESLA', 'Tesla'], ['KIA', 'Kia']]) {
    await linkForm.getByLabel('Brand').selectOption(vendor);
    await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();
    await page.getByLabel(brand).check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);
    await expect(page.getByTestId('vehicle-link-notice')).toContainText('Vehicle linked');
  }
  await expect(page.getByTestId('vehicle-card')).toHaveCount(2);

  // Minutes of readings are not called "the last 48 hours"; the axis labels are drawn whole.
  await page.getByTestId('vehicle-card').getByRole('link', { name: 'Kia EV6' }).click();
  const section = page.getByRole('region', { name: /^Battery/ });
  await expect(section.getByRole('heading', { level: 2 })).not.toContainText('48 hours');
  const chart = section.getByRole('img', { name: /Battery level/ });
  await expect(chart).not.toHaveAttribute('aria-label', /48 hours/);
  const top = chart.locator('svg text', { hasText: '100%' });
  await expect(top).toBeVisible();
  const [label, svg] = [await top.boundingBox(), await chart.locator('svg').first().boundingBox()];
  expect(label!.x).toBeGreaterThanOrEqual(svg!.x);
  expect(label!.y).toBeGreaterThanOrEqual(svg!.y);
});
