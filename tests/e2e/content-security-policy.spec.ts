import { expect, test } from '@playwright/test';

import { ADMIN, signInInBrowser } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

test('pages hydrate and run under their Content-Security-Policy without a single violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  // Init scripts come from the browser's tooling, so the policy does not apply to this listener itself.
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
  await signInInBrowser(page, ADMIN); // the form submits through React: hydration worked
  for (const path of ['/docs/api', '/charge-points', '/usage', '/api-keys', '/home-assistant', '/dashboard']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  // next-themes' inline script (it carries the nonce) set the theme before React did.
  await expect(page.locator('html')).toHaveClass(/\b(light|dark)\b/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/); // client-side navigation loads further chunks
  expect(violations).toEqual([]);
});
