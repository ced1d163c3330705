import { expect, test, type Page } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { confirmEmailInBrowser, PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { mailedLink } from './support/mails';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

async function post(page: Page, baseURL: string, path: string, data: unknown, method: 'post' | 'patch' = 'post') {
  const response = await page.request[method](path, { data, headers: { origin: baseURL } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
}

test('an owner invites a new driver by e-mail; the driver signs up, accepts, lands on My charging, starts, sees the session and blocks a lost card', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const driverEmail = uniqueEmail('driver');

  // The owner: a site with a charge point on it, and the Members card.
  await signUpInBrowser(page, { email: uniqueEmail('owner'), password: PASSWORD });
  const site = await post(page, baseURL!, '/api/sites', { name: 'Courtyard' });
  const cp = await post(page, baseURL!, '/api/charge-points', { identity: `e2e-members-${Date.now()}`, name: 'Bay 1' });
  await post(page, baseURL!, `/api/charge-points/${cp.id}`, { site_id: site.id }, 'patch');
  const charger = new RPCClient({ endpoint: `${baseURL!.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  const started: string[] = [];
  charger.handle('RemoteStartTransaction', async ({ params }: { params?: Record<string, unknown> }) => {
    started.push(String(params?.idTag));
    return { status: 'Accepted' };
  });
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Members' });

  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
    const invite = page.getByRole('form', { name: 'Invite to Courtyard' });
    await invite.getByLabel('E-mail address').fill('not an address');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(invite.getByRole('alert')).toContainText('Enter an e-mail address');
    await invite.getByLabel('E-mail address').fill(driverEmail);
    await invite.getByLabel('Role').selectOption('driver');
    await invite.getByRole('button', { name: 'Invite' }).click();
    const members = page.getByRole('list', { name: 'Members of Courtyard' });
    await expect(members.getByRole('listitem').filter({ hasText: driverEmail })).toContainText('Invited');

    // The owner gives the (future) driver a card on the Id tags page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Id tags' }).click();
    const addTag = page.getByRole('form', { name: 'Add an id tag' });
    await addTag.getByLabel('Tag', { exact: true }).fill('DRIVER-CARD');
    await addTag.getByLabel('Driver (optional)').selectOption({ label: `${driverEmail} (Courtyard)` });
    await addTag.getByRole('button', { name: 'Add id tag' }).click();
    await expect(page.getByRole('table', { name: 'Id tags' }).getByRole('row', { name: /DRIVER-CARD/ })).toContainText(driverEmail);

    // The invitee, in their own browser: the link, sign-up, confirmation, the link again, accept.
    const driverContext = await browser.newContext();
    const driver = await driverContext.newPage();
    const link = await mailedLink(driverEmail, '/invitation');
    await driver.goto(link);
    await expect(driver.getByText('You are invited to the site Courtyard as a driver')).toBeVisible();
    await signUpInBrowser(driver, { email: driverEmail, password: PASSWORD }, { confirm: false });
    await confirmEmailInBrowser(driver, driverEmail);
    await driver.goto(link);
    await driver.getByRole('button', { name: 'Accept the invitation' }).click();
    await expect(driver).toHaveURL(/\/my-charging$/);

    // Signing in again lands a driver-only user on My charging.
    await driver.context().clearCookies();
    await driver.goto('/signin');
    await driver.getByLabel('E-mail address').fill(driverEmail);
    await driver.getByLabel('Password').fill(PASSWORD);
    await driver.getByRole('button', { name: 'Sign in' }).click();
    await expect(driver).toHaveURL(/\/my-charging$/);
    await expect(driver.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My charging' })).toBeVisible();

    const points = driver.getByRole('list', { name: 'Charge points I may use' });
    await expect(points).toContainText('Bay 1');
    await points.getByRole('button', { name: 'Start charging at Bay 1' }).click();
    await expect.poll(() => started).toEqual(['DRIVER-CARD']);

    // The charge point starts and ends the session; it shows with its energy.
    const { transactionId } = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'DRIVER-CARD', meterStart: 1000, timestamp: new Date(Date.now() - 60_000).toISOString() })) as { transactionId: number };
    await charger.call('StopTransaction', { transactionId, meterStop: 5500, timestamp: new Date().toISOString() });
    await driver.reload();
    const sessions = driver.getByRole('table', { name: 'My sessions' });
    await expect(sessions.getByRole('row', { name: /DRIVER-CARD/ })).toContainText('4.50 kWh');
    await expect(sessions).toContainText('Bay 1 · Courtyard');

    // A lost card: blocked at once, and the charge point hears so.
    const tags = driver.getByRole('list', { name: 'My id tags' });
    await tags.getByRole('button', { name: 'Block DRIVER-CARD' }).click();
    await driver.getByRole('alertdialog').getByRole('button', { name: 'Block' }).click();
    await expect(tags).toContainText('Blocked');
    expect(((await charger.call('Authorize', { idTag: 'DRIVER-CARD' })) as { idTagInfo: { status: string } }).idTagInfo.status).toBe('Blocked');

    // The owner sees the driver's energy this month on the Members card, and removes them.
    await page.goto('/sites');
    const row = page.getByRole('list', { name: 'Members of Courtyard' }).getByRole('listitem').filter({ hasText: driverEmail });
    await expect(row).toContainText('4.5 kWh');
    await row.getByRole('button', { name: `Remove ${driverEmail}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('list', { name: 'Members of Courtyard' })).not.toContainText(driverEmail);
    await driver.reload();
    await expect(driver.getByText('No charge points yet')).toBeVisible();
    await driverContext.close();
  } finally {
    await charger.close({ force: true });
  }
});
