import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('the charge point page’s mode switch reaches the charging session; the site page shows the energy flow', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signUpInBrowser(page, { email: uniqueEmail('modes'), password: PASSWORD });
  const api = async (method: 'get' | 'post' | 'patch', path: string, data?: Record<string, unknown>) => {
    const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as Record<string, any>;
  };
  const site = await api('post', '/api/sites', { name: 'Solar home', max_current_a: 16 });
  const cp = await api('post', '/api/charge-points', { identity: `e2e-modes-${Date.now()}`, name: 'Driveway', site_id: site.id });
  await api('post', '/api/id-tags', { tag: 'MODES-1' });
  const charger = new RPCClient({
    endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`,
    identity: cp.identity,
    password: cp.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const limits: number[] = [];
  charger.handle('SetChargingProfile', async ({ params }: { params?: Record<string, any> }) => {
    limits.push(params!.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit);
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Modes' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger.call('StartTransaction', { connectorId: 1, idTag: 'MODES-1', meterStart: 0, timestamp: new Date().toISOString() });
    await expect.poll(() => limits.at(-1), { timeout: 15_000 }).toBe(16);

    await page.goto(`/charge-points/${cp.id}`);
    const modes = page.getByRole('radiogroup', { name: 'Charging mode' });
    await expect(modes.getByRole('radio', { name: 'Fast' })).toHaveAttribute('aria-checked', 'true');

    // Solar without any measurement: no surplus, the session waits at 0 A.
    await modes.getByRole('radio', { name: 'Solar', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Mode set to Solar' })).toBeVisible();
    await expect(modes.getByRole('radio', { name: 'Solar', exact: true })).toHaveAttribute('aria-checked', 'true');
    await expect.poll(() => limits.at(-1), { timeout: 15_000 }).toBe(0);

    // Min+Solar: the site's minimum always.
    await modes.getByRole('radio', { name: 'Min+Solar' }).click();
    await expect.poll(() => limits.at(-1), { timeout: 15_000 }).toBe(6);

    // Kept: a reload shows the saved mode.
    await page.reload();
    await expect(page.getByRole('radiogroup', { name: 'Charging mode' }).getByRole('radio', { name: 'Min+Solar' })).toHaveAttribute('aria-checked', 'true');

    // A measurement pushed (here signed in, as the app) shows on the site page with where it came from.
    await api('post', `/api/ha/sites/${site.id}/measurements`, { grid_power_w: -2500, pv_power_w: 4100, battery_power_w: 0 });
    await page.goto('/sites');
    const flow = page.getByRole('region', { name: 'Energy flow of Solar home' });
    await expect(flow.getByLabel('Grid')).toContainText('2.5 kW');
    await expect(flow.getByLabel('Grid')).toContainText('exporting');
    await expect(flow.getByLabel('Solar')).toContainText('4.1 kW');
    await expect(flow.getByTestId('measurement-source')).toContainText('From app');
  } finally {
    await charger.close({ force: true });
  }
});
