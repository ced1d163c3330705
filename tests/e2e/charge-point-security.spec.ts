import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('allow a charge point without a password (with the warning), then change its password', async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('cp-security'), password: PASSWORD });
  const identity = `e2e-sec-${Date.now()}`;
  await page.goto('/charge-points');
  await page.getByLabel('Name', { exact: true }).fill('Carport');
  await page.getByLabel('Charge point ID').fill(identity);
  await page.getByRole('button', { name: 'Add charge point' }).click();
  const password = (await page.getByTestId('new-charge-point-password').textContent())!.trim();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('row', { name: new RegExp(identity) }).getByRole('link', { name: 'Carport' }).click();

  await expect(page.getByText('Only on a closed network')).toBeVisible();
  await page.getByLabel('Allow connections without a password (security profile 0)').check();
  await page.getByLabel('WebSocket ping interval (seconds)').fill('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();

  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  await expect(async () => {
    await charger.connect();
  }).toPass({ timeout: 5000 });
  expect(((await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'NoPassword' })) as { status: string }).status).toBe('Accepted');
  await charger.close({ force: true });

  await page.getByRole('button', { name: 'Change password' }).click();
  const rotated = (await page.getByTestId('rotated-password').textContent())!.trim();
  expect(rotated).toMatch(/^[0-9a-f]{40}$/);
  expect(rotated).not.toBe(password);
  await expect(page.getByTestId('password-rotation')).toContainText('The new password is the only valid one.');
});
