import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test("a site driver sees their own car on the charger in My charging and sets the session's plan there", async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const driverEmail = uniqueEmail('plan-driver');

  // The driver: an account with a simulated car, linked through the Link UI (plugged in).
  const driverContext = await browser.newContext();
  const driver = await driverContext.newPage();
  await signUpInBrowser(driver, { email: driverEmail, password: PASSWORD });
  const linkForm = driver.getByRole('form', { name: 'Link a vehicle' });
  await linkForm.getByLabel('Brand').selectOption('TESLA');
  await linkForm.getByRole('button', { name: 'Link a vehicle' }).click();
  await driver.getByLabel('Tesla').check();
  await driver.getByRole('button', { name: 'Approve' }).click();
  await expect(driver).toHaveURL(/\/dashboard\?vehicle_link=linked/);

  // The owner: a site with a charge point, the driver as a member with a card of their own.
  await signUpInBrowser(page, { email: uniqueEmail('plan-owner'), password: PASSWORD });
  const send = async (path: string, data: Record<string, unknown>, method: 'post' | 'patch' = 'post') => {
    const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as Record<string, any>;
  };
  const site = await send('/api/sites', { name: 'Carport' });
  const cp = await send('/api/charge-points', { identity: `e2e-driver-plan-${Date.now()}`, name: 'Bay 2' });
  await send(`/api/charge-points/${cp.id}`, { site_id: site.id }, 'patch');
  const member = await send(`/api/sites/${site.id}/members`, { email: driverEmail, role: 'driver' });
  const tag = `DRV-${Date.now()}`;
  await send(`/api/sites/${site.id}/id-tags`, { tag, member_id: member.id });

  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const profiles: Record<string, any>[] = [];
  charger.handle('SetChargingProfile', async ({ params }: { params?: Record<string, any> }) => {
    profiles.push(params!.csChargingProfiles);
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Driver plan' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 0, timestamp: new Date().toISOString() });

    await driver.goto('/my-charging');
    const card = driver.getByRole('region', { name: 'Car on the charger' });
    await expect(card.getByTestId('matched-car')).toContainText('Tesla Model 3', { timeout: 20_000 });
    await expect(card.getByTestId('matched-car')).toContainText('matched automatically');
    await expect(driver.getByText('Bay 2 · Carport').first()).toBeVisible();
    // The driver makes it their usual car at this charge point (their own, not the owner's).
    await card.getByRole('button', { name: 'Always this car here' }).click();
    await expect(card.getByRole('button', { name: 'Always this car here' })).toHaveCount(0);
    const usual = await driver.request.get(`/api/charge-points/${cp.id}/vehicle`);
    expect(((await usual.json()) as Record<string, any>).default_vehicle_id).not.toBeNull();

    const form = driver.getByRole('form', { name: 'Set the charging plan' });
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await form.getByLabel('Target battery level (%)').fill('90');
    await form.getByLabel('Departure').fill(local(Date.now() + 8 * 3_600_000));
    await form.getByRole('button', { name: 'Save plan' }).click();
    await expect(driver.getByTestId('plan')).toContainText(/Reaches 90 % by departure/);
    await expect(driver.getByRole('img', { name: 'Planned charging until departure' })).toBeVisible();
    await expect.poll(() => profiles.some((p) => p.chargingProfileKind === 'Absolute'), { timeout: 15_000 }).toBe(true);

    // The owner's charge point page shows the driver's session and plan, but offers no change to them.
    await page.goto(`/charge-points/${cp.id}`);
    const ownerCard = page.getByRole('region', { name: 'Car on the charger' });
    await expect(ownerCard.getByTestId('matched-car')).toContainText('Tesla Model 3');
    await expect(ownerCard.getByText("Someone else's session: they choose its car and plan.")).toBeVisible();
    await expect(page.getByTestId('plan')).toContainText(/Reaches 90 % by departure/);
    await expect(page.getByRole('form', { name: 'Set the charging plan' })).toHaveCount(0);
    await expect(ownerCard.getByRole('button', { name: 'Not this car' })).toHaveCount(0);
  } finally {
    await charger.close({ force: true });
    await driverContext.close();
  }
});
