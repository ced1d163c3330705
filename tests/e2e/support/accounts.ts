import { expect, type Page } from '@playwright/test';

import { mailedLink } from './mails';

/** The first account of the fresh test installation, created by admin.setup.ts: the administrator. */
export const ADMIN = { email: 'admin@evconduit.test', password: 'admin-password-1234', name: 'Ada Admin' };

export const PASSWORD = 'correct horse battery staple';

/** A new address per call, so tests never collide. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Opens the link of the confirmation mail, as its owner would. */
export async function confirmEmailInBrowser(page: Page, email: string) {
  await page.goto(await mailedLink(email, '/verify-email'));
  await expect(page.getByText('E-mail address confirmed')).toBeVisible();
}

/** Signs up, confirms the address (unless `confirm: false`) and ends on the dashboard. */
export async function signUpInBrowser(
  page: Page,
  account: { email: string; password: string; name?: string },
  { confirm = true } = {},
) {
  await page.goto('/signup');
  if (account.name) await page.getByLabel('Name (optional)').fill(account.name);
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  if (!confirm) return;
  await confirmEmailInBrowser(page, account.email);
  await page.goto('/dashboard');
}

export async function signInInBrowser(page: Page, account: { email: string; password: string }) {
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
