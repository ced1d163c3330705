import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test("an OCPP 2.0.1 charge point's composite schedule is shown from the page", async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('cp-schedule'), password: PASSWORD });
  const response = await page.request.post('/api/charge-points', { data: { identity: `e2e-sched-${Date.now()}`, name: 'Station' }, headers: { origin: baseURL! } });
  const cp = (await response.json()) as { id: string; identity: string; password: string };
  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp2.0.1'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const asked: Record<string, unknown>[] = [];
  charger.handle('GetCompositeSchedule', async ({ params }: { params?: Record<string, unknown> }) => {
    asked.push(params!);
    return {
      status: 'Accepted',
      schedule: {
        evseId: 1,
        duration: 3600,
        scheduleStart: new Date().toISOString(),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 1800, limit: 10 },
        ],
      },
    };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'E2E', model: 'Station' } });

    await page.goto(`/charge-points/${cp.id}`);
    await page.getByRole('button', { name: 'Charging schedule' }).click();
    await expect(page.getByTestId('command-result')).toHaveText('Charging schedule: Accepted: 16 A from 0 s, 10 A from 1800 s');
    expect(asked).toEqual([{ evseId: 1, duration: 3600, chargingRateUnit: 'A' }]);
  } finally {
    await charger.close({ force: true });
  }
});
