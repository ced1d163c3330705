import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

const periods = [
  { startPeriod: 0, limit: 16 },
  { startPeriod: 1800, limit: 10 },
];

/** Per protocol: its boot, the request the page must send, and the charge point's answer. */
const cases = [
  {
    protocol: 'ocpp1.6',
    boot: { chargePointVendor: 'E2E', chargePointModel: 'Schedule' },
    request: { connectorId: 1, duration: 86_400 },
    answer: { status: 'Accepted', connectorId: 1, scheduleStart: new Date().toISOString(), chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods } },
  },
  {
    protocol: 'ocpp2.0.1',
    boot: { reason: 'PowerUp', chargingStation: { vendorName: 'E2E', model: 'Schedule' } },
    request: { evseId: 1, duration: 86_400, chargingRateUnit: 'A' },
    answer: { status: 'Accepted', schedule: { evseId: 1, duration: 86_400, scheduleStart: new Date().toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: periods } },
  },
];

for (const { protocol, boot, request, answer } of cases) {
  test(`an ${protocol} charge point's composite schedule is shown on its page`, async ({ page, baseURL }) => {
    await signUpInBrowser(page, { email: uniqueEmail('cp-schedule'), password: PASSWORD });
    const response = await page.request.post('/api/charge-points', { data: { identity: `e2e-sched-${Date.now()}`, name: 'Driveway' }, headers: { origin: baseURL! } });
    expect(response.status(), await response.text()).toBe(201);
    const cp = (await response.json()) as { id: string; identity: string; password: string };

    const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: [protocol], strictMode: true, reconnect: false };
    const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
    const requests: Record<string, unknown>[] = [];
    charger.handle('GetCompositeSchedule', async ({ params }: { params?: Record<string, unknown> }) => {
      requests.push(params!);
      return answer;
    });
    try {
      await charger.connect();
      await charger.call('BootNotification', boot);

      await page.goto(`/charge-points/${cp.id}`);
      await expect(page.getByTestId('charge-point-state')).toHaveText('Online', { timeout: 15_000 });
      await page.getByRole('button', { name: 'Composite schedule' }).click();
      await expect(page.getByTestId('command-result')).toHaveText('Composite schedule: Accepted: 16 A now, 10 A from +30 min');
      expect(requests).toEqual([request]);
    } finally {
      await charger.close({ force: true });
    }
  });
}
