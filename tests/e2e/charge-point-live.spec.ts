import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('live state: the site shows its limit and each session’s allocation (the second queued), the charge point page its limit, the list Charging and power', async ({
  page,
  baseURL,
}) => {
  // Polled pages (5 s and 10 s) on a shared box.
  test.setTimeout(60_000);
  await signUpInBrowser(page, { email: uniqueEmail('cp-live'), password: PASSWORD });
  const send = async (method: 'post' | 'patch', path: string, data: Record<string, unknown>) => {
    const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as { id: string; identity: string; password: string };
  };
  // 10 A: the first session gets it all, the second cannot get the 6 A minimum and waits.
  const site = await send('post', '/api/sites', { name: 'Garage supply', max_current_a: 10, phases: 3 });
  await send('post', '/api/id-tags', { tag: 'LIVE-1' });
  const cp = await send('post', '/api/charge-points', { identity: `e2e-live-${Date.now()}`, name: 'Twin charger' });
  await send('patch', `/api/charge-points/${cp.id}`, { site_id: site.id });

  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const limits: { connectorId: number; limit: number }[] = [];
  charger.handle('SetChargingProfile', async ({ params }: { params?: Record<string, any> }) => {
    limits.push({ connectorId: params!.connectorId, limit: params!.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit });
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Twin' });
    const start = async (connectorId: number, at: Date) => {
      await charger.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Charging' });
      return (await charger.call('StartTransaction', { connectorId, idTag: 'LIVE-1', meterStart: 0, timestamp: at.toISOString() })) as { transactionId: number };
    };
    const first = await start(1, new Date(Date.now() - 60_000));
    await start(2, new Date());
    await charger.call('MeterValues', {
      connectorId: 1,
      transactionId: first.transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '7400', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
    await expect.poll(() => limits.filter((l) => l.connectorId === 1).at(-1)?.limit, { timeout: 10_000 }).toBe(10);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
    const section = page.getByRole('region', { name: 'Site Garage supply' });
    await expect(section.getByTestId('site-limit')).toHaveText('Limit 10 A per phase · 3 phases · at least 6 A per session');
    const allocation = section.getByRole('table', { name: 'Allocation of Garage supply' });
    await expect(allocation.getByRole('row', { name: /Twin charger 1\/1/ })).toContainText('10 A', { timeout: 15_000 });
    await expect(allocation.getByRole('row', { name: /Twin charger 1\/1/ })).toContainText('Accepted');
    await expect(allocation.getByRole('row', { name: /Twin charger 2\/2/ })).toContainText('Queued · 0 A');
    await expect(section).toContainText('Allocated 10 A of 10 A');

    await page.goto(`/charge-points/${cp.id}`);
    await expect(page.getByTestId('allocation-1-1')).toHaveText('· site allows 10 A');
    await expect(page.getByTestId('allocation-2-2')).toHaveText('· queued by the site (0 A)');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Charge points' }).click();
    const row = page.getByRole('table', { name: 'Charge points' }).getByRole('row', { name: /Twin charger/ });
    await expect(row).toContainText('Online');
    await expect(row).toContainText('1/1 · Charging');
    await expect(row).toContainText('2/2 · Charging');
    await expect(row.getByTestId('session-active')).toHaveText('2 sessions');
    await expect(row.getByTestId('charge-point-power')).toHaveText('7.4 kW');
  } finally {
    await charger.close({ force: true });
  }
});
