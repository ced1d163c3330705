import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { ADMIN, signInInBrowser } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('an admin accepts unknown charge points as pending; one connects and is claimed', async ({ page, baseURL }) => {
  await signInInBrowser(page, ADMIN);
  await page.goto('/admin/charge-points');
  await page.getByLabel('Accept unknown charge points as pending').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved')).toBeVisible();

  const identity = `e2e-pending-${Date.now()}`;
  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  charger.handle('ChangeConfiguration', async () => ({ status: 'Accepted' }));
  const boot = async () => ((await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Pending' })) as { status: string }).status;
  try {
    await charger.connect();
    expect(await boot()).toBe('Pending');

    await page.goto('/charge-points');
    const row = page.getByRole('row', { name: new RegExp(identity) });
    await row.getByRole('button', { name: `Claim ${identity}` }).click();
    // An administrator may claim without the serial number (anyone else must enter it).
    const form = page.getByRole('form', { name: `Claim ${identity}` });
    await expect(form.getByLabel(`Serial number of ${identity}`)).not.toHaveAttribute('required');
    await form.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(page.getByTestId('claimed-password')).toHaveText(/^[0-9a-f]{40}$/);
    await expect(page.getByText('The charge point took the password over OCPP')).toBeVisible();
    expect(await boot()).toBe('Accepted');
    // At once, not at the list's next poll.
    await expect(page.getByRole('table', { name: 'Charge points' }).getByRole('link', { name: identity })).toBeVisible({ timeout: 5_000 });
  } finally {
    await charger.close({ force: true });
  }
});
