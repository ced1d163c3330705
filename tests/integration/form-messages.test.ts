/**
 * What people read when a form is refused (issue 22, items 12–14): weak
 * passwords, validation messages in words, currencies, taken identities.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, mailedToken, signUp, uniqueEmail, type Account } from '../helpers/api';
import { ocppEndpoint, registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let admin: Account;
let member: Account;

beforeAll(async () => {
  server = await startServer();
  admin = await signUp(server); // the first account is the administrator
  member = await signUp(server);
});
afterAll(async () => {
  await server?.stop();
});

const post = (path: string, body: unknown, account?: Account) =>
  api(server, path, { method: 'POST', body, cookie: account?.cookie });

/** A 400 `weak_password` with zxcvbn's advice, shown on `field`. */
function expectWeakPassword(response: Awaited<ReturnType<typeof api>>, field: string) {
  const body = expectError(response, 400, 'weak_password');
  expect(body.detail).toMatch(/^This password is too easy to guess\. \S/);
  expect(body.errors).toEqual([{ path: `body.${field}`, message: body.detail }]);
  return body;
}

describe('weak passwords', () => {
  it.each(['aaaaaaaaaa', 'password123', 'qwertyuiop1'])('refuses %j at sign-up, saying why', async (password) => {
    const body = expectWeakPassword(await post('/api/auth/signup', { email: uniqueEmail('weak'), password }), 'password');
    expect(body.detail).not.toMatch(/score|zxcvbn/i);
  });

  it('names the common password', async () => {
    const body = expectWeakPassword(await post('/api/auth/signup', { email: uniqueEmail('weak'), password: 'password123' }), 'password');
    expect(body.detail).toContain('commonly used password');
  });

  it('refuses a weak password for a taken address alike, so the answer tells nothing about the address', async () => {
    expectWeakPassword(await post('/api/auth/signup', { email: member.email, password: 'password123' }), 'password');
  });

  it('refuses a password made of the account’s own e-mail address', async () => {
    const email = uniqueEmail('marguerite.oyelaran');
    expectWeakPassword(await post('/api/auth/signup', { email, password: email }), 'password');
  });

  it('refuses a weak new password in the profile, on its field', async () => {
    const response = await api(server, '/api/me/password', {
      method: 'POST',
      cookie: member.cookie,
      body: { current_password: member.password, new_password: 'password123' },
    });
    expectWeakPassword(response, 'new_password');
  });

  it('refuses a weak password on reset and leaves the link usable for a better one', async () => {
    const account = await signUp(server, uniqueEmail('reset'));
    await post('/api/auth/password-reset', { email: account.email });
    const token = await mailedToken(server, account.email, '/reset-password');
    expectWeakPassword(await post('/api/auth/password-reset/confirm', { token, password: 'aaaaaaaaaa' }), 'password');
    const accepted = await post('/api/auth/password-reset/confirm', { token, password: 'velvet otter lamplight' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });
});

describe('validation messages in words', () => {
  it('says what is wrong with each field, not in the validator’s words', async () => {
    const response = await post('/api/charge-points', { identity: 'CP-WORDS', name: '' }, member);
    const body = expectError(response, 422, 'validation_failed');
    expect(body.errors).toEqual([{ path: 'body.name', message: 'Enter at least 1 character' }]);
    expect(body.detail).toBe('Invalid request: body.name: Enter at least 1 character');
  });

  it('words missing fields, wrong types, lengths and formats', async () => {
    const response = await post('/api/charge-points', { name: 'x'.repeat(101), site_id: 'not-an-id' }, member);
    const messages = Object.fromEntries(expectError(response, 422, 'validation_failed').errors.map((e: any) => [e.path, e.message]));
    expect(messages).toEqual({
      'body.identity': 'This is required',
      'body.name': 'At most 100 characters',
      'body.site_id': 'Must be a valid ID',
    });
    const typed = await post('/api/ha/electricity-rate', { cost_per_kwh: 'cheap', currency: 'EUR' }, member);
    expect(expectError(typed, 422, 'validation_failed').errors).toEqual([{ path: 'body.cost_per_kwh', message: 'Must be a number' }]);
  });
});

describe('currencies', () => {
  it('refuses a code that is not ISO 4217, for tariffs and the electricity rate', async () => {
    const tariff = await post('/api/tariffs', { name: 'Made up', price_per_kwh: 0.3, currency: 'XYZ' }, member);
    expect(expectError(tariff, 422, 'validation_failed').errors).toEqual([
      { path: 'body.currency', message: 'Enter an ISO 4217 currency code, such as EUR, SEK or CHF' },
    ]);
    const rate = await post('/api/ha/electricity-rate', { cost_per_kwh: 0.3, currency: 'XYZ' }, member);
    expect(expectError(rate, 422, 'validation_failed').errors[0].path).toBe('body.currency');
  });

  it('takes a real code in any case and stores it upper-case', async () => {
    const tariff = await post('/api/tariffs', { name: 'Swedish', price_per_kwh: 1.2, currency: 'sek' }, member);
    expect(tariff.status, JSON.stringify(tariff.body)).toBe(201);
    expect(tariff.body.currency).toBe('SEK');
    const rate = await post('/api/ha/electricity-rate', { cost_per_kwh: 0.3, currency: 'chf' }, member);
    expect(rate.status, JSON.stringify(rate.body)).toBe(200);
    expect(rate.body.currency).toBe('CHF');
  });
});

describe('a taken charge point identity', () => {
  const identity = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}`;

  it('tells someone else to choose another identity, without saying whose it is', async () => {
    const taken = identity('TAKEN');
    await registerChargePoint(server, admin.cookie, taken, 'The admin’s own');
    const body = expectError(await post('/api/charge-points', { identity: taken, name: 'Mine' }, member), 409, 'identity_taken');
    expect(body.detail).toMatch(/Choose another identity/);
    expect(body.errors).toEqual([{ path: 'body.identity', message: body.detail }]);
    expect(body.detail).not.toContain(admin.email);
    expect(body.detail).not.toContain('The admin’s own');
  });

  it('tells the owner that it is already in their list', async () => {
    const mine = identity('MINE');
    await registerChargePoint(server, member.cookie, mine);
    const body = expectError(await post('/api/charge-points', { identity: mine, name: 'Again' }, member), 409, 'identity_taken');
    expect(body.detail).toMatch(/You already added a charge point with identity/);
  });

  it('points to claiming with the serial number when the identity is connecting as pending', async () => {
    const setting = await api(server, '/api/admin/ocpp', { method: 'PUT', cookie: admin.cookie, body: { accept_unknown_identities: true } });
    expect(setting.status).toBe(200);
    const unknown = identity('PENDING');
    const socket = new WebSocket(`${ocppEndpoint(server)}/${unknown}`, ['ocpp1.6']);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.terminate();

    const body = expectError(await post('/api/charge-points', { identity: unknown, name: 'Found' }, member), 409, 'identity_taken');
    expect(body.detail).toMatch(/claim it with its serial number/);
    expect(body.detail).toContain('Waiting to be claimed');
  });
});
