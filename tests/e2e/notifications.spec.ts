import { expect, test } from '@playwright/test';

import { startFakeNtfy, type FakeNtfy } from '../fakes/ntfy';
import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

let ntfy: FakeNtfy;
test.beforeAll(async () => {
  ntfy = await startFakeNtfy();
});
test.afterAll(async () => {
  await ntfy?.close();
});

test('the notifications page saves choices, the ntfy topic and quiet hours, sends tests and shows the history', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('notify'), password: PASSWORD });
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Notifications' }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');

  // Defaults: e-mail for faults and broken links only.
  await expect(page.getByRole('checkbox', { name: 'E-mail: Charge point faulted' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'E-mail: Vehicle link broken' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'ntfy: Charging session finished' })).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Test ntfy' })).toBeDisabled();

  const topicField = page.getByLabel('ntfy topic URL');
  await topicField.fill('https://ntfy.sh/a/b');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/Enter a topic URL such as/)).toBeVisible();

  const topic = `${ntfy.url}/evc-browser-${Date.now()}`;
  await topicField.fill(topic);
  await page.getByRole('checkbox', { name: 'ntfy: Charging session finished' }).check();
  await page.getByRole('checkbox', { name: 'E-mail: Charge point faulted' }).uncheck();
  await page.getByLabel('From').fill('22:00');
  await page.getByLabel('Until').fill('07:00');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Notification settings saved')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'ntfy: Charging session finished' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'E-mail: Charge point faulted' })).not.toBeChecked();
  await expect(topicField).toHaveValue(topic);
  await expect(page.getByLabel('From')).toHaveValue('22:00');
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  const saved = await (await page.request.get('/api/notifications/preferences')).json();
  expect(saved.quiet_hours).toEqual({ start: '22:00', end: '07:00' });

  await page.getByRole('button', { name: 'Test ntfy' }).click();
  await expect(page.getByText('Test sent')).toBeVisible();
  const message = await ntfy.waitFor((m) => m.title === 'EVConduit test notification');
  expect(message.topic).toBe(topic.split('/').at(-1));
  const history = page.getByRole('table', { name: 'Notification history' });
  await expect(history.getByRole('row', { name: /EVConduit test notification.*ntfy.*sent/ })).toBeVisible();

  // The browser tests' server has no SMTP: the e-mail test says so, and the history shows it skipped.
  await page.getByRole('button', { name: 'Test E-mail' }).click();
  await expect(page.getByText(/Test skipped: No SMTP_URL is set/)).toBeVisible();
  await expect(history.getByRole('row', { name: /EVConduit test notification.*email.*skipped/ })).toBeVisible();
});
