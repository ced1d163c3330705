import { expect, test } from '@playwright/test';

import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('the status page is public and shows every component with its state', async ({ page }) => {
  const response = await page.goto('/status');
  expect(response!.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^(All systems operational|Some parts are (degraded|down))$/);
  for (const [id, name] of [
    ['database', 'Database'],
    ['enode', 'Vehicle data (Enode)'],
    ['stripe', 'Payments (Stripe)'],
    ['ocpp', 'Charge point connections (OCPP)'],
    ['push', 'Home Assistant push delivery'],
  ]) {
    const card = page.getByTestId(`status-${id}`);
    await expect(card.getByText(name, { exact: true })).toBeVisible();
    await expect(card.getByText(/^(Operational|Degraded|Down|Not in use)$/)).toBeVisible();
  }
  await expect(page.getByTestId('status-database').getByText('Operational')).toBeVisible();
  // Signed out, nobody is sent to the sign-in page.
  expect(new URL(page.url()).pathname).toBe('/status');
});
