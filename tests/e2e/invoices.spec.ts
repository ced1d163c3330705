import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);
// The browser's zone is what a new site starts with.
test.use({ timezoneId: 'Europe/Zurich' });

/** The month before now, as the Invoices card preselects it. */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

test("a site in the browser's time zone with legal details; issuing last month's invoices lists the session nobody is billed for", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signUpInBrowser(page, { email: uniqueEmail('invoices'), password: PASSWORD });
  await page.goto('/sites');

  const addSite = page.getByRole('form', { name: 'Add a site' });
  await addSite.getByLabel('Name').fill('Lakeside');
  await expect(addSite.getByLabel('Time zone')).toHaveValue('Europe/Zurich');
  await addSite.getByLabel('Legal entity (on invoices)').fill('Lakeside Housing AG');
  await addSite.getByLabel('VAT ID').fill('CHE-123.456.789');
  // A bad rate: the server's message next to the field.
  await addSite.getByLabel('VAT rate (%)').fill('8.123');
  await addSite.getByRole('button', { name: 'Add site' }).click();
  await expect(addSite.getByText('At most two decimals, such as 8.1 or 7.75')).toBeVisible();
  await addSite.getByLabel('VAT rate (%)').fill('8.1');
  await addSite.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('region', { name: 'Site Lakeside' })).toBeVisible();

  const api = async (method: 'get' | 'post' | 'patch', path: string, data?: Record<string, unknown>) => {
    const response = await page.request[method](path, { data, headers: { origin: baseURL! } });
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()) as Record<string, any>;
  };
  const { sites } = await api('get', '/api/sites');
  expect(sites[0]).toMatchObject({ time_zone: 'Europe/Zurich', legal_name: 'Lakeside Housing AG', vat_rate_percent: 8.1 });
  const tariff = await api('post', '/api/tariffs', { name: 'Flat', price_per_kwh: 0.3, currency: 'CHF' });
  const cp = await api('post', '/api/charge-points', { identity: `e2e-inv-${Date.now()}`, name: 'Garage charger', site_id: sites[0].id, tariff_id: tariff.id });
  const tag = `INV${Date.now() % 100000}`;
  await api('post', '/api/id-tags', { tag });

  // A session last month, sent late (an offline queue).
  const month = lastMonth();
  const charger = new RPCClient({
    endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`,
    identity: cp.identity,
    password: cp.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Invoices' });
    const { transactionId } = (await charger.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 0, timestamp: `${month}-10T10:00:00Z` })) as { transactionId: number };
    await charger.call('StopTransaction', { transactionId, meterStop: 2500, timestamp: `${month}-10T11:00:00Z` });
  } finally {
    await charger.close({ force: true });
  }

  await page.goto('/sites');
  await page.getByRole('region', { name: 'Site Lakeside' }).getByRole('link', { name: 'Invoices' }).click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Lakeside Housing AG')).toBeVisible();
  await expect(page.getByLabel('Month')).toHaveValue(month);
  await expect(page.getByText(`No invoices for ${month}.`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Month CSV' })).toHaveAttribute('href', `/api/sites/${sites[0].id}/invoices.csv?month=${month}`);

  // A month that has not ended is refused with words.
  await page.getByLabel('Month').fill('2999-01');
  await page.getByRole('button', { name: 'Issue invoices' }).click();
  await expect(page.getByText(/has not ended yet in the site's time zone \(Europe\/Zurich\)/)).toBeVisible();

  await page.getByLabel('Month').fill(month);
  await page.getByRole('button', { name: 'Issue invoices' }).click();
  const summary = page.getByRole('status').filter({ hasText: 'issued' });
  await expect(summary).toContainText('0 issued, 0 already issued before.');
  await expect(summary).toContainText(`Not invoiced, no member or holder on the id tag: ${tag} (2.500 kWh).`);

  // The tag gets a holder (a tenant without an account): issuing again bills them, numbered 1.
  const { id_tags } = await api('get', '/api/id-tags');
  await api('patch', `/api/id-tags/${id_tags.find((t: { tag: string }) => t.tag === tag).id}`, { holder: 'Apartment 3B' });
  await page.getByRole('button', { name: 'Issue invoices' }).click();
  await expect(summary).toContainText('1 issued, 0 already issued before.');
  const row = page.getByRole('table', { name: `Invoices ${month}` }).getByRole('row', { name: /Apartment 3B/ });
  await expect(row).toContainText('INV-00001');
  // 2.5 kWh at 0.30 CHF is 0.75 net; 8.1 % VAT rounds to 0.06: 0.81.
  await expect(row).toContainText('0.81');
});
