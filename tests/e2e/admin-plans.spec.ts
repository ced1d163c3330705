import { expect, test } from '@playwright/test';

import { ADMIN, signInInBrowser } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('the administrator changes a plan limit and it is in force', async ({ page }) => {
  await signInInBrowser(page, ADMIN);
  await page.goto('/admin/users');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Plan limits' }).click();
  await expect(page).toHaveURL(/\/admin\/plans$/);

  const basicCalls = page.getByRole('group', { name: 'basic' }).getByLabel('Calls a month');
  const original = await basicCalls.inputValue();
  await basicCalls.fill('4321');
  await page.getByRole('button', { name: 'Save plan limits' }).click();
  await expect(page.getByText('Plan limits saved')).toBeVisible();
  expect((await (await page.request.get('/api/admin/plans')).json()).basic.monthly_calls).toBe(4321);

  await page.reload();
  await expect(basicCalls).toHaveValue('4321');
  // The browser refuses to send a negative number (min=0); the API would answer 422.
  await basicCalls.fill('-5');
  await page.getByRole('button', { name: 'Save plan limits' }).click();
  expect(await basicCalls.evaluate((input: HTMLInputElement) => input.validity.rangeUnderflow)).toBe(true);
  expect((await (await page.request.get('/api/admin/plans')).json()).basic.monthly_calls).toBe(4321);

  await basicCalls.fill(original);
  await page.getByRole('button', { name: 'Save plan limits' }).click();
  await expect(page.getByText('Plan limits saved')).toBeVisible();
});

test('the administrator finds the Enode webhook health', async ({ page }) => {
  await signInInBrowser(page, ADMIN);
  await page.goto('/admin/users');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Enode webhooks' }).click();
  await expect(page).toHaveURL(/\/admin\/webhooks$/);
  await expect(page.getByRole('heading', { name: 'Subscription' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recent deliveries' })).toBeVisible();
});

test('Admin › Users shows the plan in effect, as the Billing page does', async ({ page }) => {
  await signInInBrowser(page, ADMIN);
  await page.goto('/billing');
  const billingPlan = (await page.getByTestId('current-plan').textContent())!;
  // Without billing everyone is on the installation's plan (Pro by default), whatever tier was granted (Free).
  expect(billingPlan.toLowerCase()).toContain('pro');

  await page.goto('/admin/users');
  const row = page.getByRole('row', { name: new RegExp(ADMIN.email) });
  await expect(row.getByTestId('plan-in-effect')).toContainText('Pro');
  await expect(row.getByTestId('plan-in-effect')).toContainText('this installation’s plan');
  await expect(row.getByLabel(`Granted tier of ${ADMIN.email}`)).toHaveValue('free');
});
