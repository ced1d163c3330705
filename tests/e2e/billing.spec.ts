import { expect, test } from '@playwright/test';

import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { startServer, type TestServer } from '../helpers/server';
import { PASSWORD, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

// Billing needs Stripe, so this spec runs its own server against a fake Stripe instead of the shared one.
let stripe: FakeStripe;
let server: TestServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stripe = await startFakeStripe();
  server = await startServer({ env: stripe.env });
});
test.afterAll(async () => {
  await server?.stop();
  await stripe?.close();
});

test('upgrade: from Free through Stripe Checkout to Pro, shown on return before the webhook', async ({ page }) => {
  // Three round trips through the server and the fake Stripe (checkout, return, portal): 4 s when idle, once over 30 s on a busy CI box.
  test.setTimeout(60_000);
  await test.step('sign up and find the billing page', async () => {
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('E-mail address').fill(uniqueEmail('billing'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.getByRole('banner').getByRole('link', { name: 'Billing' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing');
    await expect(page.getByTestId('current-plan')).toContainText(/free/i);
  });

  await test.step('choose Pro monthly: Stripe Checkout takes the payment and sends us back', async () => {
    await page.getByRole('button', { name: 'Pro, monthly' }).click();
    await expect(page).toHaveURL(/\/billing\/success\?session_id=cs_test_/);
    await expect(page.getByText('Payment complete')).toBeVisible();
    await expect(page.getByTestId('current-plan')).toContainText(/pro/i);
    await expect(page.getByTestId('plan-renewal')).toContainText('Renews on');
  });

  await test.step('the billing page now offers the portal instead of checkout', async () => {
    await page.getByRole('link', { name: 'Back to billing' }).click();
    await expect(page.getByTestId('current-plan')).toContainText(/pro/i);
    await expect(page.getByRole('button', { name: 'Pro, monthly' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Change plan or cancel' }).click();
    await expect(page).toHaveURL(/\/billing$/);
    await expect(page.getByRole('link', { name: /^EVC-/ })).toHaveCount(1);
  });
});
