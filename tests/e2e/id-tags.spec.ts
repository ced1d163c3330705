import fs from 'node:fs';

import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

const CSV_HEADER = 'interval_start,interval_end,charge_point,evse_id,connector_id,id_tag,energy_kwh,interval_start_local';

test('id tags: add (with the server’s errors on bad input), edit, delete, and a real session’s 15-minute energy CSV', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  await signUpInBrowser(page, { email: uniqueEmail('id-tags'), password: PASSWORD });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Id tags' }).click();
  await expect(page).toHaveURL(/\/id-tags$/);

  const addForm = page.getByRole('form', { name: 'Add an id tag' });
  const table = page.getByRole('table', { name: 'Id tags' });
  await addForm.getByLabel('Tag', { exact: true }).fill('CARD-A1');
  await addForm.getByLabel('Label').fill('Anna');
  await addForm.getByRole('button', { name: 'Add id tag' }).click();
  await expect(table.getByRole('row', { name: /CARD-A1/ })).toContainText('Anna');
  await expect(table.getByRole('row', { name: /CARD-A1/ })).toContainText('Accepted');

  // Blank after trimming: the browser lets it through, the server's validation names the field.
  await addForm.getByLabel('Tag', { exact: true }).fill('   ');
  await addForm.getByRole('button', { name: 'Add id tag' }).click();
  await expect(addForm.locator('#new-tag-error')).toHaveText('Enter a tag');
  await expect(addForm.getByLabel('Tag', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // A tag you already have.
  await addForm.getByLabel('Tag', { exact: true }).fill('CARD-A1');
  await addForm.getByRole('button', { name: 'Add id tag' }).click();
  await expect(addForm.getByRole('alert')).toContainText('You already have the id tag "CARD-A1"');

  await addForm.getByLabel('Tag', { exact: true }).fill('CARD-B2');
  await addForm.getByLabel('Parent tag (optional)').fill('CARD-A1');
  await addForm.getByRole('button', { name: 'Add id tag' }).click();
  const b2 = table.getByRole('row', { name: /CARD-B2/ });
  await expect(b2).toContainText('CARD-A1');

  // Edit: status, label and expiry.
  await b2.getByRole('button', { name: 'Edit CARD-B2' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit CARD-B2' });
  await dialog.getByLabel('Status').selectOption('Blocked');
  await dialog.getByLabel('Label').fill('Spare card');
  await dialog.getByLabel('Expires (optional)').fill('2030-06-30T12:00');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(b2).toContainText('Blocked');
  await expect(b2).toContainText('Spare card');
  const { id_tags } = (await (await page.request.get('/api/id-tags')).json()) as { id_tags: { tag: string; status: string; label: string; expires_at: string; parent_tag: string }[] };
  expect(id_tags.find((t) => t.tag === 'CARD-B2')).toMatchObject({ status: 'Blocked', label: 'Spare card', parent_tag: 'CARD-A1' });
  expect(id_tags.find((t) => t.tag === 'CARD-B2')!.expires_at.slice(0, 4)).toBe('2030');

  // Delete, after confirming.
  await b2.getByRole('button', { name: 'Delete CARD-B2' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  // While the modal is open the table is hidden from role queries: only count rows once it has closed.
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(table.getByRole('row', { name: /CARD-B2/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /^CARD-A1/ })).toBeVisible();

  // A real OCPP 1.6 session with CARD-A1: 5 kWh (meter 1000 → 3000 → 6000 Wh) within this month.
  const response = await page.request.post('/api/charge-points', { data: { identity: `e2e-tags-${Date.now()}`, name: 'Driveway' }, headers: { origin: baseURL! } });
  const cp = (await response.json()) as { identity: string; password: string };
  const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const now = new Date();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const start = new Date(Math.max(now.getTime() - 20 * 60_000, monthStart));
  const middle = new Date((start.getTime() + now.getTime()) / 2);
  try {
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Tags' });
    const { transactionId, idTagInfo } = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'CARD-A1', meterStart: 1000, timestamp: start.toISOString() })) as {
      transactionId: number;
      idTagInfo: { status: string };
    };
    expect(idTagInfo.status).toBe('Accepted');
    await charger.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: middle.toISOString(), sampledValue: [{ value: '3000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    });
    await charger.call('StopTransaction', { transactionId, meterStop: 6000, timestamp: now.toISOString(), idTag: 'CARD-A1' });
  } finally {
    await charger.close({ force: true });
  }

  await page.getByLabel('Month of the energy CSV').fill(now.toISOString().slice(0, 7));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Energy CSV of CARD-A1' }).click()]);
  const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe(CSV_HEADER);
  const rows = lines.slice(1).map((line) => line.split(','));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.slice(2, 6)).toEqual([cp.identity, '1', '1', 'CARD-A1']);
  expect(rows.reduce((sum, row) => sum + Number(row[6]), 0)).toBeCloseTo(5, 2);
});
