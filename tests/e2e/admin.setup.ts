import { expect, test as setup } from '@playwright/test';

import { ADMIN } from './support/accounts';
import { mailedLink } from './support/mails';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';

setup.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

setup('the first account of a new installation becomes the administrator', async ({ request, baseURL }) => {
  const headers = { Origin: baseURL! };
  const response = await request.post('/api/auth/signup', { data: ADMIN, headers });
  expect(response.status(), await response.text()).toBe(202);
  const token = new URL(await mailedLink(ADMIN.email, '/verify-email'), baseURL).searchParams.get('token');
  expect((await request.post('/api/auth/verify-email', { data: { token }, headers })).status()).toBe(200);
  const signedIn = await request.post('/api/auth/signin', { data: { email: ADMIN.email, password: ADMIN.password }, headers });
  expect((await signedIn.json()).user.role).toBe('admin');
});
