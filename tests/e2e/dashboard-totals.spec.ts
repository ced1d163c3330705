import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { DESKTOP, expectNoHorizontalOverflow, PHONE } from './support/layout';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

for (const viewport of [DESKTOP, PHONE]) {
  test(`the dashboard at ${viewport.width} px: power now, energy and cost today and this month, state colours`, async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    await signUpInBrowser(page, { email: uniqueEmail('totals'), password: PASSWORD });
    const send = async (method: 'post' | 'patch', path: string, data: Record<string, unknown>) => {
      const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
      expect(response.ok(), await response.text()).toBe(true);
      return (await response.json()) as { id: string; identity: string; password: string };
    };
    const tariff = await send('post', '/api/tariffs', { name: 'Flat', price_per_kwh: 0.5, currency: 'EUR' });
    const cp = await send('post', '/api/charge-points', { identity: `e2e-totals-${Date.now()}`, name: 'Totals charger' });
    await send('patch', `/api/charge-points/${cp.id}`, { tariff_id: tariff.id });

    const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
    const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
    try {
      await charger.connect();
      await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Totals' });
      await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
      // A minute ago (still today unless the test runs in the first minute after the browser's midnight).
      const started = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'ANY', meterStart: 10_000, timestamp: new Date(Date.now() - 60_000).toISOString() })) as { transactionId: number };
      await charger.call('MeterValues', {
        connectorId: 1,
        transactionId: started.transactionId,
        meterValue: [
          {
            timestamp: new Date().toISOString(),
            sampledValue: [
              { value: '13000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '7400', measurand: 'Power.Active.Import', unit: 'W' },
            ],
          },
        ],
      });

      await page.goto('/dashboard');
      await expect(page.getByTestId('total-power')).toContainText('7.4 kW');
      await expect(page.getByTestId('total-power')).toContainText('1 session running');
      // 3 kWh at 0.50 EUR: the same figures today and this month.
      for (const id of ['total-today', 'total-month']) {
        await expect(page.getByTestId(id)).toContainText('3.00 kWh');
        await expect(page.getByTestId(id)).toContainText('€1.50');
      }
      // Online in the state colour the charge point list uses.
      const badge = page.getByRole('list', { name: 'Charge points' }).getByText('Online');
      await expect(badge).toHaveAttribute('data-tone', 'ready');
      await expectNoHorizontalOverflow(page);

      // The periods are bounded: no month of more than 31 days, no "today" far from now.
      const day = new Date(Date.now() - 3_600_000).toISOString();
      const tooLong = await page.request.get(`/api/charge-points/totals?day_start=${day}&month_start=${new Date(Date.now() - 40 * 86_400_000).toISOString()}`);
      expect(tooLong.status()).toBe(422);
      expect((await page.request.get(`/api/charge-points/totals?day_start=2020-01-02T00:00:00Z&month_start=2020-01-01T00:00:00Z`)).status()).toBe(422);
      expect((await page.request.get('/api/charge-points/totals')).status()).toBe(422);

      await page.goto(`/charge-points/${cp.id}`);
      // The running session's duration ticks.
      const running = page.getByTestId('active-session').getByTestId('duration-running');
      const first = await running.textContent();
      await expect(running).not.toHaveText(first!, { timeout: 5_000 });
      await expect(page.getByTestId('charge-point-state')).toHaveAttribute('data-tone', 'ready');
      await expectNoHorizontalOverflow(page);
    } finally {
      await charger.close({ force: true });
    }
  });
}
