import { expect, test, type Page } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

async function post(page: Page, baseURL: string, path: string, data: unknown) {
  const response = await page.request.post(path, { data, headers: { origin: baseURL } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
}

test('the site page manages the id tags of the site’s members: add one for a member, block and unblock it, with field errors', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signUpInBrowser(page, { email: uniqueEmail('owner'), password: PASSWORD });
  const site = await post(page, baseURL!, '/api/sites', { name: 'Garden court' });
  const driver = uniqueEmail('tenant');
  await post(page, baseURL!, `/api/sites/${site.id}/members`, { email: driver, role: 'driver' });

  await page.goto(`/sites/${site.id}`);
  await expect(page.getByText('No member of this site has an id tag yet.')).toBeVisible();
  const form = page.getByRole('form', { name: 'Add an id tag for a member' });
  await form.getByRole('button', { name: 'Add id tag' }).click();
  await expect(form.getByText('Enter a tag').first()).toBeVisible();

  await form.getByLabel('Tag', { exact: true }).fill('GARDEN-1');
  await form.getByLabel('Member').selectOption({ label: driver });
  await form.getByLabel('Holder (optional)').fill('Flat 2');
  await form.getByRole('button', { name: 'Add id tag' }).click();
  const row = page.getByRole('table', { name: "Members' id tags" }).getByRole('row', { name: /GARDEN-1/ });
  await expect(row).toContainText('Flat 2');
  await expect(row).toContainText('Accepted');

  await row.getByRole('button', { name: 'Block' }).click();
  await expect(row).toContainText('Blocked');
  await row.getByRole('button', { name: 'Unblock' }).click();
  await expect(row).toContainText('Accepted');
  // The tag is the owner's, on the Id tags page too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Id tags' }).click();
  await expect(page.getByRole('table', { name: 'Id tags' }).getByRole('row', { name: /GARDEN-1/ })).toContainText(driver);
});
