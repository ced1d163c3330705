import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, mailedToken, signIn, signUp, uniqueEmail, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let admin: Account;
let member: Account;

beforeAll(async () => {
  server = await startServer();
  // Order matters: the first account of an installation becomes its admin.
  admin = await signUp(server, uniqueEmail('admin'));
  member = await signUp(server, uniqueEmail('member'));
});
afterAll(async () => {
  await server?.stop();
});

const tokenFromMail = (email: string, linkPath: string) => mailedToken(server, email, linkPath);

/** Mails to `email` logged by the end of the request tagged `requestId`. */
async function mailsTo(email: string, requestId: string) {
  await server.waitForLog((e) => e.msg === 'request' && e.reqId === requestId);
  return server.entries().filter((e) => e.mail?.to === email);
}

describe('sign-up and roles', () => {
  it('makes the first account admin and later ones ordinary users', () => {
    expect(admin.user.role).toBe('admin');
    expect(member.user.role).toBe('user');
    expect(member.user.email).toBe(member.email);
  });

  it('answers a sign-up for a taken address (in any case) exactly like a new one, and tells the owner by mail', async () => {
    const fresh = await api(server, '/api/auth/signup', {
      method: 'POST',
      body: { email: uniqueEmail('fresh'), password: 'another password 1' },
    });
    const requestId = `signup-taken-${Date.now()}`;
    const taken = await api(server, '/api/auth/signup', {
      method: 'POST',
      body: { email: member.email.toUpperCase(), password: 'another password 1' },
      headers: { 'x-request-id': requestId },
    });
    expect(taken.status).toBe(202);
    expect(taken.body).toEqual(fresh.body);
    expect(taken.headers.getSetCookie()).toEqual([]);
    expect(fresh.headers.getSetCookie()).toEqual([]);
    const notice = (await mailsTo(member.email, requestId)).at(-1)!;
    expect(notice.mail.subject).toMatch(/tried to sign up/i);
    // Nothing about the account changed: its password is still the old one.
    expect((await signIn(server, member.email, member.password)).status).toBe(200);
    expect((await signIn(server, member.email, 'another password 1')).status).toBe(401);
  });

  it('answers validation errors with 422 and every failing field', async () => {
    const response = await api(server, '/api/auth/signup', { method: 'POST', body: { email: 'not-an-address', password: 'short' } });
    const body = expectError(response, 422, 'validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.password']);
    for (const error of body.errors) expect(error.message).toEqual(expect.any(String));
  });

  it('answers a body that is not JSON with 400 invalid_json', async () => {
    const response = await api(server, '/api/auth/signin', { method: 'POST', body: '{"email": ' });
    expectError(response, 400, 'invalid_json');
  });
});

describe('sessions', () => {
  it('refuses a wrong password and an unknown address alike, with 401 and the error shape', async () => {
    const wrong = expectError(await signIn(server, member.email, 'not the password'), 401, 'unauthorized');
    const unknown = expectError(await signIn(server, uniqueEmail('nobody'), 'not the password'), 401, 'unauthorized');
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('signs in with the right password; the cookie is HttpOnly and SameSite=Lax', async () => {
    const response = await signIn(server, member.email, member.password);
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ id: member.user.id, email: member.email, role: 'user' });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('evc_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('knows the user by the session cookie until sign-out, which ends that session only', async () => {
    const first = await signUp(server);
    const second = await signIn(server, first.email, first.password);
    const secondCookie = second.headers.getSetCookie()[0].split(';')[0];

    const me = await api(server, '/api/me', { cookie: first.cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: first.user.id, email: first.email });

    const signOut = await api(server, '/api/auth/signout', { method: 'POST', cookie: first.cookie });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.getSetCookie()[0]).toMatch(/^evc_session=;.*Max-Age=0/i);

    expectError(await api(server, '/api/me', { cookie: first.cookie }), 401, 'unauthorized');
    expect((await api(server, '/api/me', { cookie: secondCookie })).status).toBe(200);
  });

  it('refuses a forged or tampered session cookie', async () => {
    const [name, value] = member.cookie.split('=');
    const tampered = `${name}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    expectError(await api(server, '/api/me', { cookie: tampered }), 401, 'unauthorized');
    expectError(await api(server, '/api/me', { cookie: 'evc_session=not-a-token' }), 401, 'unauthorized');
  });

  it('refuses cookie-authenticated mutations from another origin or without one (403 bad_origin)', async () => {
    const evil = await api(server, '/api/keys', { method: 'POST', cookie: member.cookie, body: { name: 'x' }, origin: 'http://evil.example' });
    expectError(evil, 403, 'bad_origin');
    const none = await api(server, '/api/keys', { method: 'POST', cookie: member.cookie, body: { name: 'x' }, origin: null });
    expectError(none, 403, 'bad_origin');
    const signInFromElsewhere = await api(server, '/api/auth/signin', {
      method: 'POST',
      body: { email: member.email, password: member.password },
      origin: 'http://evil.example',
    });
    expectError(signInFromElsewhere, 403, 'bad_origin');
    expect(signInFromElsewhere.headers.getSetCookie()).toEqual([]);
    // Nothing was created by the refused request.
    expect((await api(server, '/api/keys', { cookie: member.cookie })).body.keys).toEqual([]);
  });
});

describe('admin endpoints', () => {
  it('are refused to non-admins with 403 and to anonymous callers with 401', async () => {
    expectError(await api(server, '/api/admin/users', { cookie: member.cookie }), 403, 'admin_required');
    expectError(
      await api(server, `/api/admin/users/${member.user.id}`, { method: 'PATCH', cookie: member.cookie, body: { role: 'admin' } }),
      403,
      'admin_required',
    );
    expectError(await api(server, '/api/admin/users'), 401, 'unauthorized');
    const me = await api(server, '/api/me', { cookie: member.cookie });
    expect(me.body.role).toBe('user');
  });

  it('let an admin list users and change one', async () => {
    const list = await api(server, '/api/admin/users', { cookie: admin.cookie });
    expect(list.status).toBe(200);
    const emails = list.body.users.map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining([admin.email, member.email]));

    const target = await signUp(server);
    const changed = await api(server, `/api/admin/users/${target.user.id}`, {
      method: 'PATCH',
      cookie: admin.cookie,
      body: { tier: 'pro' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: target.user.id, tier: 'pro', role: 'user' });
    expect((await api(server, '/api/me', { cookie: target.cookie })).body.tier).toBe('pro');
    // The list shows the grant and the plan in effect, the one /api/me and Billing show.
    const listed = (await api(server, '/api/admin/users', { cookie: admin.cookie })).body.users;
    expect(listed.find((u: { id: string }) => u.id === target.user.id)).toMatchObject({ tier: 'pro', plan_tier: 'pro', plan_source: 'admin' });
    const adminRow = listed.find((u: { id: string }) => u.id === admin.user.id);
    expect(adminRow.plan_tier).toBe((await api(server, '/api/me', { cookie: admin.cookie })).body.tier);
  });

  it('validate the path and body (422)', async () => {
    const badId = await api(server, '/api/admin/users/not-a-uuid', { method: 'PATCH', cookie: admin.cookie, body: { tier: 'pro' } });
    expect(expectError(badId, 422, 'validation_failed').errors[0].path).toBe('path.id');
    const badTier = await api(server, `/api/admin/users/${member.user.id}`, { method: 'PATCH', cookie: admin.cookie, body: { tier: 'gold' } });
    expect(expectError(badTier, 422, 'validation_failed').errors[0].path).toBe('body.tier');
  });
});

describe('password reset (no SMTP: the link is in the server log)', () => {
  it('resets with the mailed link: old password fails, new works, the link works once, old sessions end', async () => {
    const account = await signUp(server);
    const requested = await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: account.email } });
    expect(requested.status).toBe(200);
    const token = await tokenFromMail(account.email, '/reset-password');

    const newPassword = 'a brand new password';
    const confirmed = await api(server, '/api/auth/password-reset/confirm', { method: 'POST', body: { token, password: newPassword } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);

    expectError(await signIn(server, account.email, account.password), 401, 'unauthorized');
    expect((await signIn(server, account.email, newPassword)).status).toBe(200);
    expectError(await api(server, '/api/me', { cookie: account.cookie }), 401, 'unauthorized');

    const reused = await api(server, '/api/auth/password-reset/confirm', { method: 'POST', body: { token, password: 'yet another password' } });
    expectError(reused, 400, 'invalid_token');
    expect((await signIn(server, account.email, newPassword)).status).toBe(200);
  });

  it('answers the same for an unknown address and mails nothing', async () => {
    const nobody = uniqueEmail('nobody');
    const requestId = `reset-unknown-${Date.now()}`;
    const known = await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: member.email } });
    const unknown = await api(server, '/api/auth/password-reset', {
      method: 'POST',
      body: { email: nobody },
      headers: { 'x-request-id': requestId },
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    // The request line is logged when the response is done, so any mail it sent is logged by then.
    await server.waitForLog((e) => e.msg === 'request' && e.reqId === requestId);
    expect(server.entries().some((e) => e.mail?.to === nobody)).toBe(false);
    await tokenFromMail(member.email, '/reset-password');
  });

  it('voids every older reset link once one of them is used', async () => {
    const account = await signUp(server);
    await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: account.email } });
    const older = await tokenFromMail(account.email, '/reset-password');
    await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: account.email } });
    const newer = await tokenFromMail(account.email, '/reset-password');
    expect(newer).not.toBe(older);

    const used = await api(server, '/api/auth/password-reset/confirm', { method: 'POST', body: { token: newer, password: 'the newest password' } });
    expect(used.status).toBe(200);
    const stale = await api(server, '/api/auth/password-reset/confirm', { method: 'POST', body: { token: older, password: 'an older idea' } });
    expectError(stale, 400, 'invalid_token');
    expect((await signIn(server, account.email, 'the newest password')).status).toBe(200);
  });

  it('voids outstanding reset links when the password is changed in the profile', async () => {
    const account = await signUp(server);
    await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: account.email } });
    const token = await tokenFromMail(account.email, '/reset-password');
    const changed = await api(server, '/api/me/password', {
      method: 'POST',
      cookie: account.cookie,
      body: { current_password: account.password, new_password: 'changed in the profile' },
    });
    expect(changed.status).toBe(200);
    const stale = await api(server, '/api/auth/password-reset/confirm', { method: 'POST', body: { token, password: 'an older idea' } });
    expectError(stale, 400, 'invalid_token');
  });

  it('revokes every API key unless told not to (revoke_api_keys)', async () => {
    const account = await signUp(server);
    const key = await createApiKey(server, account.cookie, 'Home Assistant');
    await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: account.email } });
    const keep = await api(server, '/api/auth/password-reset/confirm', {
      method: 'POST',
      body: { token: await tokenFromMail(account.email, '/reset-password'), password: 'first new password', revoke_api_keys: false },
    });
    expect(keep.status).toBe(200);
    expect((await api(server, '/api/me', { key: key.key })).status).toBe(200);

    await api(server, '/api/auth/password-reset', { method: 'POST', body: { email: account.email } });
    const revoke = await api(server, '/api/auth/password-reset/confirm', {
      method: 'POST',
      body: { token: await tokenFromMail(account.email, '/reset-password'), password: 'second new password' },
    });
    expect(revoke.status).toBe(200);
    expectError(await api(server, '/api/me', { key: key.key }), 401, 'invalid_api_key');
  });

  it('refuses a made-up token', async () => {
    const response = await api(server, '/api/auth/password-reset/confirm', {
      method: 'POST',
      body: { token: 'x'.repeat(43), password: 'a brand new password' },
    });
    expectError(response, 400, 'invalid_token');
  });
});

describe('e-mail verification', () => {
  it('verifies the address with the link mailed at sign-up, once', async () => {
    const account = await signUp(server, uniqueEmail(), undefined, { verified: false });
    expect((await api(server, '/api/me', { cookie: account.cookie })).body.email_verified).toBe(false);

    const token = await tokenFromMail(account.email, '/verify-email');
    const verified = await api(server, '/api/auth/verify-email', { method: 'POST', body: { token } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect((await api(server, '/api/me', { cookie: account.cookie })).body.email_verified).toBe(true);

    expectError(await api(server, '/api/auth/verify-email', { method: 'POST', body: { token } }), 400, 'invalid_token');
  });

  it('is needed before an account creates API keys, registers charge points or links vehicles (403 email_not_verified)', async () => {
    const account = await signUp(server, uniqueEmail('unverified'), undefined, { verified: false });
    const attempts = [
      ['/api/keys', { name: 'Home Assistant' }],
      ['/api/charge-points', { identity: `unverified-${Date.now()}`, name: 'Garage' }],
      ['/api/vehicles/link', {}],
    ] as const;
    for (const [path, body] of attempts) {
      const refused = expectError(await api(server, path, { method: 'POST', cookie: account.cookie, body }), 403, 'email_not_verified');
      expect(refused.detail).toMatch(/confirm your e-mail address/i);
    }
    expect((await api(server, '/api/keys', { cookie: account.cookie })).body.keys).toEqual([]);
    expect((await api(server, '/api/charge-points', { cookie: account.cookie })).body.charge_points).toEqual([]);

    const token = await tokenFromMail(account.email, '/verify-email');
    expect((await api(server, '/api/auth/verify-email', { method: 'POST', body: { token } })).status).toBe(200);
    expect((await api(server, '/api/keys', { method: 'POST', cookie: account.cookie, body: { name: 'Home Assistant' } })).status).toBe(201);
  });

  it('never writes passwords to the log', () => {
    const log = server.logs().join('\n');
    expect(log).not.toContain(member.password);
    expect(log).not.toContain('a brand new password');
  });
});
