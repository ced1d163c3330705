import { expect, test } from '@playwright/test';

import { PASSWORD, signUpInBrowser, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

for (const width of [1280, 390]) {
  test(`the sign-up form rates the password as it is typed and refuses a weak one on the field (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/signup');
    await page.getByLabel('E-mail address').fill(uniqueEmail('weak-password'));
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('password123');
    const meter = page.getByRole('meter', { name: 'Strength' });
    await expect(meter).toHaveAttribute('aria-valuetext', 'Very weak');
    await expect(page.getByTestId('password-strength-label')).toContainText('This is a commonly used password.');

    await page.getByRole('button', { name: 'Create account' }).click();
    const fieldError = page.locator('#password-error');
    await expect(fieldError).toHaveText(/^This password is too easy to guess\. This is a commonly used password\./);
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/signup$/);
    await page.screenshot({ path: `test-results/password-strength-weak-${width}.png`, fullPage: true });

    await password.fill('velvet otter lamplight');
    await expect(meter).toHaveAttribute('aria-valuetext', /strong/i);
    // The refusal was about the old password.
    await expect(fieldError).toHaveCount(0);
    await page.screenshot({ path: `test-results/password-strength-strong-${width}.png`, fullPage: true });
    // Nothing sticks out of a phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}

test('the profile’s new password has the meter, and a weak one is refused on its field', async ({ page }) => {
  const email = uniqueEmail('profile-password');
  await signUpInBrowser(page, { email, password: PASSWORD }, { confirm: false });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('/profile');
  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(PASSWORD);
  // Made of the account's own address: weak for this account, whatever it looks like.
  await form.getByLabel('New password').fill(email);
  await expect(form.getByRole('meter', { name: 'Strength' })).toHaveAttribute('aria-valuetext', /weak/i);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.locator('#new-password-error')).toHaveText(/^This password is too easy to guess\./);
  await page.screenshot({ path: 'test-results/password-strength-profile-390.png', fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
