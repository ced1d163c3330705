import { expect, test, type Page } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

/** A real OCPP 1.6 charge point that records the commands it gets and accepts them. */
async function connectCharger(baseURL: string, cp: { identity: string; password: string }) {
  const options = { endpoint: `${baseURL.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const received: string[] = [];
  for (const action of ['Reset', 'RemoteStartTransaction', 'RemoteStopTransaction', 'UnlockConnector', 'ChangeAvailability']) {
    charger.handle(action, async () => {
      received.push(action);
      return { status: 'Accepted' };
    });
  }
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Commands' });
  return { charger, received };
}

async function createChargePoint(page: Page, baseURL: string, name: string) {
  const response = await page.request.post('/api/charge-points', { data: { identity: `e2e-cmd-${Date.now()}`, name }, headers: { origin: baseURL } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; identity: string; password: string };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

test('disruptive commands are grouped, confirmed with what happens to the running session, and enabled only when they make sense', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  await signUpInBrowser(page, { email: uniqueEmail('cp-commands'), password: PASSWORD });
  const cp = await createChargePoint(page, baseURL!, 'Driveway');
  const { charger, received } = await connectCharger(baseURL!, cp);
  try {
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    const { transactionId } = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'CMD-1', meterStart: 0, timestamp: minutesAgo(10) })) as {
      transactionId: number;
    };
    await charger.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: minutesAgo(1), sampledValue: [{ value: '7200', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    });

    await page.goto(`/charge-points/${cp.id}`);
    const everyday = page.getByRole('group', { name: 'Everyday commands' });
    const disruptive = page.getByRole('group', { name: 'Disruptive commands' });
    await expect(disruptive.getByRole('button')).toHaveText(['Stop session', 'Reset', 'Unlock connector', 'Make unavailable']);
    // No second session on a charging connector; the disabled button says why.
    const start = everyday.getByRole('button', { name: 'Start session' });
    await expect(start).toBeDisabled();
    await expect(start).toHaveAccessibleDescription('A session is already running on connector 1');
    await expect(page.getByTitle('A session is already running on connector 1')).toBeVisible();

    // Reset asks first; cancelling sends nothing.
    await disruptive.getByRole('button', { name: 'Reset' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Reset the charge point?' });
    await expect(dialog).toContainText('Resetting ends the running session on connector 1 (7.20 kWh so far).');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(received).toEqual([]);

    await disruptive.getByRole('button', { name: 'Reset' }).click();
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByTestId('command-result')).toHaveText('Reset: Accepted');
    expect(received).toEqual(['Reset']);

    // Once the session has ended: Start comes back, Stop has nothing to stop.
    await charger.call('StopTransaction', { transactionId, meterStop: 7300, timestamp: minutesAgo(0), reason: 'SoftReset' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await expect(start).toBeEnabled({ timeout: 15_000 });
    await expect(disruptive.getByRole('button', { name: 'Stop session' })).toBeDisabled();
    await expect(disruptive.getByRole('button', { name: 'Unlock connector' })).toHaveAccessibleDescription('Nothing is plugged into connector 1');
    await start.click();
    await expect(page.getByTestId('command-result')).toHaveText('Start session: Accepted');
    expect(received).toEqual(['Reset', 'RemoteStartTransaction']);

    // Both groups fit a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = (await disruptive.getByRole('button', { name: 'Make unavailable' }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await charger.close({ force: true });
  }
});

test('live power belongs to the running session: a new session shows none until its first reading, not the last one’s 10.7 kW', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  await signUpInBrowser(page, { email: uniqueEmail('cp-power'), password: PASSWORD });
  const cp = await createChargePoint(page, baseURL!, 'Carport');
  const { charger } = await connectCharger(baseURL!, cp);
  const power = (transactionId: number, w: number, at: string) =>
    charger.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at, sampledValue: [{ value: String(w), measurand: 'Power.Active.Import', unit: 'W' }] }] });
  try {
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    const first = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'PWR-1', meterStart: 0, timestamp: minutesAgo(30) })) as { transactionId: number };
    await power(first.transactionId, 10_700, minutesAgo(20));
    await page.goto(`/charge-points/${cp.id}`);
    await expect(page.getByTestId('power-1-1')).toHaveText('· 10.7 kW');

    await charger.call('StopTransaction', { transactionId: first.transactionId, meterStop: 5000, timestamp: minutesAgo(10), reason: 'Local' });
    const second = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'PWR-1', meterStart: 5000, timestamp: minutesAgo(5) })) as {
      transactionId: number;
    };
    await page.reload();
    await expect(page.getByTestId('active-session')).toBeVisible();
    await expect(page.getByTestId('power-1-1')).toHaveText('· –');

    await power(second.transactionId, 3_600, minutesAgo(1));
    await expect(page.getByTestId('power-1-1')).toHaveText('· 3.6 kW', { timeout: 15_000 });
  } finally {
    await charger.close({ force: true });
  }
});
