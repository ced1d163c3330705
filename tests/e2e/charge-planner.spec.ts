import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('the charge point page shows the car on the charger, a plan is set there and shown as a timeline, and the charger gets its schedule', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signUpInBrowser(page, { email: uniqueEmail('planner'), password: PASSWORD });
  const send = async (method: 'post' | 'patch', path: string, data: Record<string, unknown>) => {
    const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as Record<string, any>;
  };

  // A simulated car, linked through the Link UI: plugged in.
  const linkForm = page.getByRole('form', { name: 'Link a vehicle' });
  await linkForm.getByLabel('Brand').selectOption('TESLA');
  await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();
  await page.getByLabel('Tesla').check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);

  const site = await send('post', '/api/sites', { name: 'Planner home' });
  const cp = await send('post', '/api/charge-points', { identity: `e2e-plan-${Date.now()}`, name: 'Driveway' });
  await send('patch', `/api/charge-points/${cp.id}`, { site_id: site.id });
  // Hourly prices from the next hour: the third is the cheapest.
  const first = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  const prices = [0.3, 0.32, 0.04, 0.31, 0.33, 0.35];
  await send('post', `/api/ha/sites/${site.id}/prices`, {
    slots: prices.map((p, i) => ({ start: new Date(first + i * 3_600_000).toISOString(), end: new Date(first + (i + 1) * 3_600_000).toISOString(), price_per_kwh: p })),
  });

  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const profiles: Record<string, any>[] = [];
  charger.handle('SetChargingProfile', async ({ params }: { params?: Record<string, any> }) => {
    profiles.push(params!.csChargingProfiles);
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Planner' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger.call('StartTransaction', { connectorId: 1, idTag: 'PLAN-1', meterStart: 0, timestamp: new Date().toISOString() });

    await page.goto(`/charge-points/${cp.id}`);
    const card = page.getByRole('region', { name: 'Car on the charger' });
    await expect(card.getByTestId('matched-car')).toContainText('Tesla Model 3', { timeout: 20_000 });
    await expect(card.getByTestId('matched-car')).toContainText('matched automatically');
    await expect(card.getByTestId('matched-car')).toContainText(/battery \d+ %/);

    // A departure in the past: the message next to the field.
    const form = page.getByRole('form', { name: 'Set the charging plan' });
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await form.getByLabel('Target battery level (%)').fill('90');
    await form.getByLabel('Departure').fill(local(Date.now() - 3_600_000));
    await form.getByRole('button', { name: 'Save plan' }).click();
    await expect(form.getByText('The departure must be in the future')).toBeVisible();

    // Six hours: 90 % is reachable, and the cheap hour is in the plan.
    await form.getByLabel('Departure').fill(local(first + 6 * 3_600_000));
    await form.getByRole('button', { name: 'Save plan' }).click();
    const plan = page.getByTestId('plan');
    await expect(plan).toContainText(/Reaches 90 % by departure|Cannot reach 90 %/);
    await expect(page.getByRole('img', { name: 'Planned charging until departure' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Planned slots' })).toContainText('at 0.04 per kWh');
    await expect(plan).toContainText('Prices: pushed prices');
    await expect.poll(() => profiles.some((p) => p.chargingProfileKind === 'Absolute'), { timeout: 15_000 }).toBe(true);

    // Too little time for 100 %: the page says so and when it could be done.
    await form.getByLabel('Target battery level (%)').fill('100');
    await form.getByLabel('Departure').fill(local(Date.now() + 20 * 60_000));
    await form.getByRole('button', { name: 'Save plan' }).click();
    await expect(plan).toContainText('Cannot reach 100 % by departure; earliest');

    // "Not this car": the session has no car.
    await card.getByRole('button', { name: 'Not this car' }).click();
    await expect(card.getByTestId('matched-car')).toContainText('No car');
  } finally {
    await charger.close({ force: true });
  }
});
