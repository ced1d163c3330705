import { expect, test } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('the usage page shows the same allowance, tokens and reset date as the API', async ({ page }) => {
  await signUpInBrowser(page, { email: uniqueEmail('usage'), password: PASSWORD });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan and usage');

  const usage = await (await page.request.get('/api/me/api-usage')).json();
  await expect(page.getByTestId('calls-used')).toHaveText(`${usage.current_calls} of ${usage.max_calls}`);
  await expect(page.getByTestId('tokens-left')).toHaveText(String(usage.api_tokens));
  // In the app's English (next-intl's formatter, locale 'en').
  const resets = new Date(usage.resets_at).toLocaleDateString('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  await expect(page.getByText(`Resets on ${resets}.`)).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Allowance used' })).toHaveAttribute('aria-valuenow', '0');
  await expect(page.getByRole('img', { name: /^Calls a day:/ })).toBeVisible();
});
