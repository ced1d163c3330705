import { expect, test as setup } from '@playwright/test';

import { ADMIN } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

setup.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

setup('the first account of a new installation becomes the administrator', async ({ request, baseURL }) => {
  const response = await request.post('/api/auth/signup', {
    data: ADMIN,
    headers: { Origin: baseURL! },
  });
  expect(response.status(), await response.text()).toBe(201);
  expect((await response.json()).user.role).toBe('admin');
});
