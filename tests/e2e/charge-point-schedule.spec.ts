import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test("an OCPP 1.6 charge point's composite schedule is shown on its page", async ({ page, baseURL }) => {
  await signUpInBrowser(page, { email: uniqueEmail('cp-schedule'), password: PASSWORD });
  const response = await page.request.post('/api/charge-points', { data: { identity: `e2e-sched-${Date.now()}`, name: 'Driveway' }, headers: { origin: baseURL! } });
  expect(response.status(), await response.text()).toBe(201);
  const cp = (await response.json()) as { id: string; identity: string; password: string };

  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const requests: Record<string, unknown>[] = [];
  charger.handle('GetCompositeSchedule', async ({ params }: { params?: Record<string, unknown> }) => {
    requests.push(params!);
    return {
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: new Date().toISOString(),
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 1800, limit: 10 }] },
    };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Schedule' });

    await page.goto(`/charge-points/${cp.id}`);
    await expect(page.getByTestId('charge-point-state')).toHaveText('Online', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Composite schedule' }).click();
    await expect(page.getByTestId('command-result')).toHaveText('Composite schedule: Accepted: 16 A now, 10 A from +30 min');
    expect(requests).toEqual([{ connectorId: 1, duration: 86_400 }]);
  } finally {
    await charger.close({ force: true });
  }
});
