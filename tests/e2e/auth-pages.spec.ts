import { expect, test } from '@playwright/test';

import { ADMIN, PASSWORD, signInInBrowser, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('a wrong password shows the API’s message next to the form', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong e-mail address or password' })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
});

test('the password-reset page reports a bad token', async ({ page }) => {
  await page.goto(`/reset-password?token=${'x'.repeat(43)}`);
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'This link is invalid, expired or already used' }),
  ).toBeVisible();
});

test('the e-mail confirmation page reports a bad token', async ({ page }) => {
  await page.goto(`/verify-email?token=${'x'.repeat(43)}`);
  await expect(
    page.getByRole('alert').filter({ hasText: 'This link is invalid, expired or already used' }),
  ).toBeVisible();
});

test('the administrator sees the user list', async ({ page }) => {
  await signInInBrowser(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
  await expect(page.getByRole('row', { name: new RegExp(ADMIN.email) })).toContainText('Admin');
});

test('other users get a 403 page for the admin area', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('not-admin'), password: PASSWORD });
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByTestId('forbidden')).toContainText('403');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administrators only');
});

test('signing in works with the keyboard alone, and returns to the page asked for', async ({ page }) => {
  await page.goto('/api-keys');
  await expect(page).toHaveURL(/\/signin\?next=%2Fapi-keys$/);

  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail address')).toBeFocused();
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/api-keys$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API keys');
});

test('signing up with a taken address asks to check the inbox, like any sign-up that cannot sign in', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('E-mail address').fill(ADMIN.email);
  await page.getByLabel('Password').fill('someone else’s password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Check your inbox' })).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test('an account with an unconfirmed address is told to confirm it before creating an API key', async ({ page }) => {
  const email = uniqueEmail('unconfirmed');
  await signUpInBrowser(page, { email, password: PASSWORD }, { confirm: false });
  await expect(page.getByText('Please confirm your e-mail address')).toBeVisible();
  await page.goto('/api-keys');
  await page.getByLabel('Key name').fill('Home Assistant');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Confirm your e-mail address first' })).toBeVisible();
  await expect(page.getByText('No API keys yet')).toBeVisible();
});
