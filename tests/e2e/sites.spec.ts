import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('sites and tariffs: add, edit (a new limit reaches the charging session), the server’s errors on the field, delete after confirming', async ({ page, baseURL }) => {
  // The site's allocation is polled every 5 s on a shared box.
  test.setTimeout(90_000);
  await signUpInBrowser(page, { email: uniqueEmail('sites'), password: PASSWORD });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
  await expect(page).toHaveURL(/\/sites$/);

  const addSite = page.getByRole('form', { name: 'Add a site' });
  await addSite.getByLabel('Name').fill('Carport');
  await addSite.getByLabel('Max current per phase (A)').fill('10');
  await addSite.getByRole('button', { name: 'Add site' }).click();
  const site = page.getByRole('region', { name: 'Site Carport' });
  await expect(site.getByTestId('site-limit')).toHaveText('Limit 10 A per phase · 3 phases · at least 6 A per session');

  // A charge point on the site with one charging session, which gets the site's limit as its TxProfile.
  const api = async (method: 'get' | 'post' | 'patch', path: string, data?: Record<string, unknown>) => {
    const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as Record<string, any>;
  };
  const { sites } = await api('get', '/api/sites');
  const cp = await api('post', '/api/charge-points', { identity: `e2e-sites-${Date.now()}`, name: 'Carport charger', site_id: sites[0].id });
  await api('post', '/api/id-tags', { tag: 'SITES-1' });
  const charger = new RPCClient({
    endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`,
    identity: cp.identity,
    password: cp.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const limits: number[] = [];
  const sitePolls: string[] = [];
  charger.handle('SetChargingProfile', async ({ params }: { params?: Record<string, any> }) => {
    limits.push(params!.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit);
    return { status: 'Accepted' };
  });
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Sites' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger.call('StartTransaction', { connectorId: 1, idTag: 'SITES-1', meterStart: 0, timestamp: new Date().toISOString() });
    await expect.poll(() => limits.at(-1), { timeout: 10_000 }).toBe(10);
    // Charge point names come with the page.
    await page.reload();
    const row = site.getByRole('table', { name: 'Allocation of Carport' }).getByRole('row', { name: /Carport charger 1\/1/ });
    await expect(row).toContainText('10 A', { timeout: 15_000 });

    // A negative limit: the server's message on the field, nothing saved.
    await site.getByRole('button', { name: 'Edit site Carport' }).click();
    const editSite = page.getByRole('dialog', { name: 'Edit site Carport' });
    await editSite.getByLabel('Max current per phase (A)').fill('-5');
    await editSite.getByRole('button', { name: 'Save' }).click();
    await expect(editSite.getByLabel('Max current per phase (A)')).toHaveAttribute('aria-invalid', 'true');
    await expect(editSite.getByRole('alert')).toHaveText('More than 0 A (leave empty for no limit)');
    // 16 A on one phase: the page shows it and the session gets the new share.
    await editSite.getByLabel('Max current per phase (A)').fill('16');
    await editSite.getByLabel('Phases').selectOption('1');
    await editSite.getByLabel('Minimum per session (A)').fill('8');
    await editSite.getByRole('button', { name: 'Save' }).click();
    await expect(editSite).toBeHidden();
    await expect(page.getByText('Site Carport saved')).toBeVisible();
    await expect(site.getByTestId('site-limit')).toHaveText('Limit 16 A per phase · 1 phase · at least 8 A per session');
    await expect.poll(() => limits.at(-1), { timeout: 10_000 }).toBe(16);
    await expect(row).toContainText('16 A', { timeout: 15_000 });
    await expect(site).toContainText('Allocated 16 A of 16 A');

    // Removing the limit ends load balancing on the site.
    await site.getByRole('button', { name: 'Edit site Carport' }).click();
    await editSite.getByLabel('Max current per phase (A)').fill('');
    await editSite.getByRole('button', { name: 'Save' }).click();
    await expect(editSite).toBeHidden();
    await expect(site.getByTestId('site-limit')).toHaveText('No limit (no load balancing) · 1 phase');
    await expect(site.getByRole('table')).toHaveCount(0);
    // Without a limit there is no allocation to poll: from here on the page never asks for the site.
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === `/api/sites/${sites[0].id}` && request.method() === 'GET') sitePolls.push(request.url());
    });
    expect((await api('get', `/api/sites/${sites[0].id}`)).max_current_a).toBeNull();
  } finally {
    await charger.close({ force: true });
  }

  // A tariff, then a time block and a new base price.
  const addTariff = page.getByRole('form', { name: 'Add a tariff' });
  await addTariff.getByLabel('Name').fill('Household');
  await addTariff.getByLabel('Price per kWh').fill('0.3');
  await addTariff.getByRole('button', { name: 'Add tariff' }).click();
  const tariff = page.getByRole('list', { name: 'Tariffs' }).getByRole('listitem').filter({ hasText: 'Household' });
  await expect(tariff).toContainText('Household · 0.3 CHF/kWh');

  await tariff.getByRole('button', { name: 'Edit tariff Household' }).click();
  const editTariff = page.getByRole('dialog', { name: 'Edit tariff Household' });
  await editTariff.getByLabel('Price per kWh').fill('0.28');
  await editTariff.getByRole('button', { name: 'Add time block' }).click();
  const block = editTariff.getByRole('group', { name: 'Time block 1' });
  await block.getByLabel('To').fill('07:00');
  // A block without its price: the server names that block's field.
  await editTariff.getByRole('button', { name: 'Save' }).click();
  await expect(block.getByLabel('Price', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(block.getByRole('alert')).toHaveText('Enter a price');
  await block.getByLabel('Price', { exact: true }).fill('0.12');
  await editTariff.getByRole('button', { name: 'Save' }).click();
  await expect(editTariff).toBeHidden();
  await expect(tariff).toContainText('Household · 0.28 CHF/kWh');
  await expect(tariff).toContainText('22:00–07:00 local time: 0.12 CHF/kWh');
  const { tariffs } = await api('get', '/api/tariffs');
  expect(tariffs).toMatchObject([{ name: 'Household', price_per_kwh: 0.28, time_blocks: [{ from: '22:00', to: '07:00', price_per_kwh: 0.12 }] }]);
  await api('patch', `/api/charge-points/${cp.id}`, { tariff_id: tariffs[0].id });
  await page.reload();

  expect(sitePolls).toEqual([]);

  // Deleting what a charge point uses: the dialog says so; the charge point stays, without it.
  await tariff.getByRole('button', { name: 'Delete tariff Household' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Used by Carport charger');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(tariff).toHaveCount(0);
  await expect(page.getByText('No tariffs yet.')).toBeVisible();

  await site.getByRole('button', { name: 'Delete site Carport' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Used by Carport charger: it stays, without a site');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(site).toHaveCount(0);
  await expect(page.getByText('No sites yet.')).toBeVisible();
  expect(await api('get', `/api/charge-points/${cp.id}`)).toMatchObject({ site_id: null, tariff_id: null });
});
