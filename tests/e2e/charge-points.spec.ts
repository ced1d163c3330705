import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('add a charge point, connect it, see it online, start a session remotely, see its live power, send a local list and update its firmware', async ({
  page,
  baseURL,
}) => {
  // Three polled waits (list, session, power) on a shared box.
  test.setTimeout(60_000);
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
  let started: Promise<{ transactionId: number }> | undefined;
  charger.handle('RemoteStartTransaction', async ({ params }: { params?: Record<string, unknown> }) => {
    started = new Promise((resolve) =>
      setTimeout(() => {
        resolve(charger.call('StartTransaction', { connectorId: 1, idTag: params!.idTag, meterStart: 0, timestamp: new Date().toISOString() }) as Promise<{ transactionId: number }>);
      }, 100),
    );
    return { status: 'Accepted' };
  });
  const localLists: Record<string, unknown>[] = [];
  charger.handle('SendLocalList', async ({ params }: { params?: Record<string, unknown> }) => {
    localLists.push(params!);
    return { status: 'Accepted' };
  });
  charger.handle('UpdateFirmware', async ({ params }: { params?: Record<string, unknown> }) => {
    expect(params!.location).toBe('https://firmware.example.com/e2e.bin');
    setTimeout(() => void charger.call('FirmwareStatusNotification', { status: 'Downloading' }), 100);
    return {};
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

    // Live power per connector, without a reload.
    const { transactionId } = await started!;
    await charger.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '7400', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
    await expect(page.getByTestId('power-1-1')).toHaveText('· 7.4 kW', { timeout: 15_000 });

    // The local list is built from the user's id tags (the remote start created one).
    await page.getByRole('button', { name: 'Send full list' }).click();
    await expect(page.getByTestId('maintenance-result')).toHaveText('Send full list: Accepted');
    await expect(page.getByTestId('local-list-state')).toContainText('Version 1, 1 tags');
    expect(localLists).toEqual([{ listVersion: 1, updateType: 'Full', localAuthorizationList: [expect.objectContaining({ idTagInfo: { status: 'Accepted' } })] }]);

    // A firmware update and the progress the charge point reports.
    await page.getByLabel('Firmware URL (http, https, ftp)').fill('https://firmware.example.com/e2e.bin');
    await page.getByRole('button', { name: 'Update firmware' }).click();
    // Disruptive: it asks first, naming the running session.
    const confirm = page.getByRole('alertdialog', { name: 'Update the firmware?' });
    await expect(confirm).toContainText('The restart ends the running session on connector 1');
    await confirm.getByRole('button', { name: 'Update firmware' }).click();
    await expect(page.getByTestId('maintenance-result')).toHaveText('Update firmware: Accepted');
    await expect(page.getByTestId('operation-status')).toHaveText('Downloading', { timeout: 15_000 });
  } finally {
    await charger.close({ force: true });
  }
});

test("assign a charge point's site and tariff, set a connector's maximum current and change a configuration key", async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('cp-settings'), password: PASSWORD });
  const post = async (path: string, data: Record<string, unknown>) => {
    const response = await page.request.post(path, { data, headers: { origin: baseURL! } });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: string; identity: string; password: string };
  };
  const site = await post('/api/sites', { name: 'Home supply', max_current_a: 32, phases: 3 });
  const tariff = await post('/api/tariffs', { name: 'Night rate', price_per_kwh: 0.21, currency: 'CHF' });
  const cp = await post('/api/charge-points', { identity: `e2e-set-${Date.now()}`, name: 'Carport' });

  // A connector row exists once the charge point has reported it.
  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const changes: Record<string, unknown>[] = [];
  charger.handle('GetConfiguration', async () => ({
    configurationKey: [
      { key: 'HeartbeatInterval', readonly: false, value: '300' },
      { key: 'NumberOfConnectors', readonly: true, value: '1' },
    ],
  }));
  charger.handle('ChangeConfiguration', async ({ params }: { params?: Record<string, unknown> }) => {
    changes.push(params!);
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Settings' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });

    await page.goto(`/charge-points/${cp.id}`);
    const form = page.getByRole('form', { name: 'Charge point settings' });
    await form.getByLabel('Site').selectOption({ label: 'Home supply' });
    await form.getByLabel('Tariff').selectOption({ label: 'Night rate' });
    await form.getByLabel('Connector 1/1 maximum current (A)').fill('16');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByTestId('settings-result')).toHaveText('Saved');

    const detail = await (await page.request.get(`/api/charge-points/${cp.id}`)).json();
    expect(detail).toMatchObject({ site_id: site.id, tariff_id: tariff.id, connectors: [{ evse_id: 1, connector_id: 1, max_current_a: 16 }] });

    await page.getByRole('button', { name: 'Load configuration' }).click();
    const configuration = page.getByRole('table', { name: 'Configuration' });
    await expect(configuration.getByRole('row', { name: /NumberOfConnectors/ })).toContainText('1');
    await configuration.getByLabel('HeartbeatInterval').fill('120');
    await configuration.getByRole('row', { name: /HeartbeatInterval/ }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('configuration-result')).toHaveText('Change HeartbeatInterval: Accepted');
    expect(changes).toEqual([{ key: 'HeartbeatInterval', value: '120' }]);
  } finally {
    await charger.close({ force: true });
  }
});

test('an OCPP 2.0.1 charge point: its configuration report is shown and a variable is set', async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('cp-201'), password: PASSWORD });
  const response = await page.request.post('/api/charge-points', { data: { identity: `e2e-201-${Date.now()}`, name: 'Station' }, headers: { origin: baseURL! } });
  const cp = (await response.json()) as { id: string; identity: string; password: string };
  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp2.0.1'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const heartbeat = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
  charger.handle('GetBaseReport', async ({ params }: { params?: Record<string, unknown> }) => {
    setTimeout(() => {
      void charger.call('NotifyReport', {
        requestId: params!.requestId,
        generatedAt: new Date().toISOString(),
        seqNo: 0,
        reportData: [
          { ...heartbeat, variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }] },
          { component: { name: 'SecurityCtrlr' }, variable: { name: 'SecurityProfile' }, variableAttribute: [{ value: '1', mutability: 'ReadOnly' }] },
        ],
      });
    }, 100);
    return { status: 'Accepted' };
  });
  const sets: Record<string, unknown>[] = [];
  charger.handle('SetVariables', async ({ params }: { params?: Record<string, unknown> }) => {
    sets.push(params!);
    return { setVariableResult: [{ ...heartbeat, attributeStatus: 'Accepted' }] };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'E2E', model: 'Station' } });

    await page.goto(`/charge-points/${cp.id}`);
    await page.getByRole('button', { name: 'Request configuration report' }).click();
    await expect(page.getByTestId('configuration-result')).toHaveText('Request configuration report: Accepted');
    const configuration = page.getByRole('table', { name: 'Configuration' });
    await expect(configuration.getByRole('row', { name: /SecurityCtrlr \/ SecurityProfile/ })).toContainText('1');
    await configuration.getByLabel('OCPPCommCtrlr / HeartbeatInterval').fill('120');
    await configuration.getByRole('row', { name: /HeartbeatInterval/ }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('configuration-result')).toHaveText('Set OCPPCommCtrlr / HeartbeatInterval: Accepted');
    expect(sets).toEqual([{ setVariableData: [{ ...heartbeat, attributeValue: '120' }] }]);
  } finally {
    await charger.close({ force: true });
  }
});
