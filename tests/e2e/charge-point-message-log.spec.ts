import { expect, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { DESKTOP, expectNoHorizontalOverflow, PHONE } from './support/layout';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

for (const viewport of [DESKTOP, PHONE]) {
  test(`the OCPP message log at ${viewport.width} px: both ways, filtered, payloads on a click, older pages`, async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    await signUpInBrowser(page, { email: uniqueEmail('msglog'), password: PASSWORD });
    const created = await page.request.post('/api/charge-points', { data: { identity: `e2e-log-${Date.now()}`, name: 'Log charger' }, headers: { origin: baseURL! } });
    expect(created.status()).toBe(201);
    const cp = (await created.json()) as { id: string; identity: string; password: string };

    const options = { endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
    const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
    charger.handle('ClearCache', async () => ({ status: 'Accepted' }));
    try {
      await charger.connect();
      await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Logger' });
      await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
      // More than a page (50): the rest behind "Older messages".
      for (let i = 0; i < 30; i++) await charger.call('Heartbeat', {});
      const command = await page.request.post(`/api/charge-points/${cp.id}/commands`, { data: { action: 'ClearCache' }, headers: { origin: baseURL! } });
      expect(command.status(), await command.text()).toBe(200);

      await page.goto(`/charge-points/${cp.id}`);
      const log = page.getByRole('list', { name: 'OCPP messages' });
      const rows = log.getByTestId('logged-message');
      // Newest first: our command's answer on top (the log is written about every second, the page polls every 10 s).
      await expect(rows.first()).toHaveAttribute('data-action', 'ClearCache', { timeout: 20_000 });
      await expect(rows.first()).toHaveAttribute('data-direction', 'in');
      await expect(rows).toHaveCount(50);
      await page.getByRole('button', { name: 'Older messages' }).click();
      // 2 × (Boot, Status, 30 Heartbeats, ClearCache) = 66 frames.
      await expect(rows).toHaveCount(66);
      await expect(page.getByRole('button', { name: 'Older messages' })).toHaveCount(0);
      await expect(rows.last()).toHaveAttribute('data-action', 'BootNotification');
      await expect(rows.last()).toHaveAttribute('data-direction', 'in');
      // The time in the reader's locale, not the server's UTC.
      await expect(rows.first().locator('time')).not.toContainText('UTC');

      await page.getByLabel('Action').selectOption('ClearCache');
      await expect(rows).toHaveCount(2);
      await page.getByLabel('Direction').selectOption('out');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('To the charge point');
      await page.getByLabel('Direction').selectOption('in');
      await expect(rows).toHaveCount(1);
      const answer = rows.first();
      await expect(answer.getByTestId('message-payload')).toBeHidden();
      await answer.getByText('ClearCache').click();
      await expect(answer.getByTestId('message-payload')).toHaveText(/"status": "Accepted"/);

      await page.getByLabel('Action').selectOption('BootNotification');
      await page.getByLabel('Direction').selectOption('');
      await expect(rows).toHaveCount(2);
      await rows.nth(1).getByText('BootNotification').click();
      await expect(rows.nth(1).getByTestId('message-payload')).toContainText('"chargePointModel": "Logger"');
      await expectNoHorizontalOverflow(page);
    } finally {
      await charger.close({ force: true });
    }
  });
}
