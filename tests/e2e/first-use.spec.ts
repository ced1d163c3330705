import { expect, test } from '@playwright/test';

import { confirmEmailInBrowser, PASSWORD, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('first use: sign up, sign out and in, then create, copy, use and revoke an API key', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const email = uniqueEmail('first-use');
  const header = page.getByRole('banner');

  await test.step('sign up from the landing page', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Home Assistant');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await page.getByLabel('Name (optional)').fill('Erin Example');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Erin Example');
    await expect(page.getByText('Please confirm your e-mail address')).toBeVisible();
  });

  await test.step('confirm the address with the mailed link', async () => {
    await confirmEmailInBrowser(page, email);
    await page.goto('/dashboard');
    await expect(page.getByText('Please confirm your e-mail address')).toHaveCount(0);
  });

  await test.step('sign out', async () => {
    await header.getByRole('button', { name: /account menu/i }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(header.getByRole('link', { name: 'Sign in' })).toBeVisible();
  });

  await test.step('sign in again', async () => {
    await header.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  let apiKey = '';
  await test.step('create an API key and copy it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await expect(page).toHaveURL(/\/api-keys$/);
    await expect(page.getByText('No API keys yet')).toBeVisible();
    await page.getByLabel('Key name').fill('Home Assistant');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shownKey = page.getByTestId('new-api-key');
    await expect(shownKey).toHaveText(/^evc_\S+$/);
    apiKey = (await shownKey.textContent())!.trim();
    await expect(page.getByText('you won’t see it again')).toBeVisible();

    const copyButton = page.getByRole('button', { name: 'Copy api key' });
    await copyButton.click();
    await expect(copyButton).toHaveAttribute('data-state', 'copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);
    await expect(page.getByRole('row', { name: /Home Assistant/ })).toContainText(apiKey.slice(0, 12));
  });

  await test.step('the key works against the API', async () => {
    const response = await request.get('/api/me', { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(response.status()).toBe(200);
    expect((await response.json()).email).toBe(email);
  });

  await test.step('revoke the key', async () => {
    await page.getByRole('button', { name: 'Revoke Home Assistant' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Revoke “Home Assistant”?');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('No API keys yet')).toBeVisible();
  });

  await test.step('the revoked key is refused', async () => {
    const response = await request.get('/api/me', { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(response.status()).toBe(401);
    expect((await response.json()).detail).toBe('Invalid API key');
  });

  await test.step('a full-access key is chosen explicitly and marked as such', async () => {
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('Key name').fill('My script');
    await page.getByLabel('Access').selectOption('full');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('new-api-key')).toHaveText(/^evc_\S+$/);
    await expect(page.getByRole('row', { name: /My script/ })).toContainText('Full access');
  });
});
