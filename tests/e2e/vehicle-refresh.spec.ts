import { expect, test } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { DESKTOP, expectNoHorizontalOverflow, PHONE } from './support/layout';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

for (const viewport of [DESKTOP, PHONE]) {
  test(`the vehicle page at ${viewport.width} px: refresh now shows progress, the outcome and errors`, async ({ page, baseURL }) => {
    // Sign-up and a link through the simulator first, on a shared box.
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    await signUpInBrowser(page, { email: uniqueEmail('refresh'), password: PASSWORD });
    await page.getByRole('form', { name: 'Link a vehicle' }).getByRole('button', { name: 'Link a vehicle' }).click();
    await page.getByLabel('Kia').check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);
    const link = page.getByTestId('vehicle-card').getByRole('link').first();
    await link.click();
    await expect(page).toHaveURL(/\/vehicles\//);
    const vehicleId = page.url().split('/vehicles/')[1];

    // Held until the button has shown its progress, then passed on to the server unchanged.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/vehicles/${vehicleId}/refresh`, async (route) => {
      await held;
      await route.continue();
    });
    const button = page.getByRole('button', { name: /Refresh/ });
    await button.click();
    await expect(button).toHaveText('Refreshing…');
    await expect(button).toBeDisabled();
    release();
    await expect(page.getByTestId('refresh-outcome')).toHaveText('Up to date.');
    await expect(button).toHaveText('Refresh now');
    await expectNoHorizontalOverflow(page);

    // Unlinked meanwhile (another tab): the refresh fails and says why.
    expect((await page.request.delete(`/api/vehicles/${vehicleId}`, { headers: { origin: baseURL! } })).ok()).toBe(true);
    await button.click();
    await expect(page.getByRole('alert').filter({ hasText: 'Refresh failed' })).toContainText(/not found/i);
    await expect(page.getByTestId('refresh-outcome')).toHaveText('');
    await expectNoHorizontalOverflow(page);
  });
}
