import { expect, test } from '@playwright/test';

import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio';
import { startServer, type TestServer } from '../helpers/server';
import { PASSWORD, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

// SMS needs Twilio (and credits need Stripe), so this spec runs its own server against the fakes instead of the shared one.
let twilio: FakeTwilio;
let stripe: FakeStripe;
let server: TestServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [twilio, stripe] = await Promise.all([startFakeTwilio(), startFakeStripe()]);
  server = await startServer({ env: { ...twilio.env, ...stripe.env } });
});
test.afterAll(async () => {
  await server?.stop();
  await Promise.all([twilio?.close(), stripe?.close()]);
});

test('the SMS part of the notifications page: enter a number, enter the texted code, choose SMS, find credits', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('E-mail address').fill(uniqueEmail('sms'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(`${server.url}/notifications`);

  const sms = page.getByRole('region', { name: 'SMS' });
  await expect(sms).toContainText('verification code is free');
  await expect(page.getByTestId('sms-credits-left')).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Test SMS' })).toBeDisabled();

  await test.step('a number not in international format is refused next to the field', async () => {
    await page.getByLabel('Mobile number').fill('0151 23456789');
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByText('Enter a mobile number in international format')).toBeVisible();
  });

  await test.step('the code texted to the number verifies it; a wrong one is refused', async () => {
    await page.getByLabel('Mobile number').fill('+49 151 23456789');
    await page.getByRole('button', { name: 'Send code' }).click();
    const message = await twilio.waitFor((m) => m.to === '+4915123456789');
    const code = /(\d{6})/.exec(message.body)![1];
    // A reload keeps the code's field: the code is still waiting on the server.
    await expect(page.getByLabel('Code sent to +4915123456789')).toBeVisible();
    await page.reload();
    const codeField = page.getByLabel('Code sent to +4915123456789');
    await codeField.fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByText(/Wrong code: 4 tries left/)).toBeVisible();
    await codeField.fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('sms-phone')).toHaveText('+4915123456789');
    await expect(page.getByRole('button', { name: 'Test SMS' })).toBeEnabled();
  });

  await test.step('SMS can be chosen per event and is saved', async () => {
    const box = page.getByRole('checkbox', { name: 'SMS: Charge point faulted' });
    await box.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Notification settings saved')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('checkbox', { name: 'SMS: Charge point faulted' })).toBeChecked();
  });

  await test.step('without credits a test SMS says so; Buy SMS credits leads to the packs', async () => {
    await page.getByRole('button', { name: 'Test SMS' }).click();
    await expect(page.getByText(/Test no_credits/)).toBeVisible();
    await page.getByRole('link', { name: 'Buy SMS credits' }).click();
    await expect(page).toHaveURL(/\/billing#sms-credits$/);
    await expect(page.getByTestId('sms-credits')).toHaveText('0');
    await expect(page.getByRole('button', { name: 'Buy 200 SMS credits' })).toBeVisible();
  });
});
