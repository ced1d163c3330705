import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('add a charge point, connect it, see it online and start a session remotely', async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('charge-points'), password: PASSWORD });
  const identity = `e2e-${Date.now()}`;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Charge points' }).click();
  await expect(page).toHaveURL(/\/charge-points$/);
  await page.getByLabel('Name', { exact: true }).fill('Garage');
  await page.getByLabel('Charge point ID').fill(identity);
  await page.getByRole('button', { name: 'Add charge point' }).click();
  const password = (await page.getByTestId('new-charge-point-password').textContent())!.trim();
  await expect(page.getByRole('button', { name: 'Copy ocpp server url' })).toBeVisible();

  // A real OCPP 1.6 charge point that accepts remote starts and then starts the transaction.
  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity, password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  charger.handle('RemoteStartTransaction', async ({ params }: { params?: Record<string, unknown> }) => {
    setTimeout(() => {
      void charger.call('StartTransaction', { connectorId: 1, idTag: params!.idTag, meterStart: 0, timestamp: new Date().toISOString() });
    }, 100);
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Browser' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });

    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: new RegExp(identity) });
    await expect(row.getByText('Online')).toBeVisible({ timeout: 15_000 });
    await row.getByRole('link', { name: 'Garage' }).click();

    await expect(page.getByTestId('charge-point-state')).toHaveText('Online');
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByTestId('command-result')).toHaveText('Start session: Accepted');
    await expect(page.getByTestId('active-session')).toBeVisible({ timeout: 15_000 });
  } finally {
    await charger.close({ force: true });
  }
});
