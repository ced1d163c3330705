/**
 * Brakes on guessing (issue 20, finding 6): sign-in, reset mails and API key
 * lookups. The counters are in the database, so a restarted server (here with
 * its clock moved on) still knows them, as would another instance.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, signUp, uniqueEmail, type Account, type ApiResponse } from '../helpers/api';
import { startServer, usingPostgres, type TestServer } from '../helpers/server';

const MINUTE_MS = 60_000;

let server: TestServer;

beforeAll(async () => {
  // One proxy in front: the client's address is the last X-Forwarded-For entry, so the test can speak from several.
  server = await startServer({ env: { TRUSTED_PROXY_HOPS: '1' } });
});
afterAll(async () => {
  await server?.stop();
});

const from = (address: string) => ({ 'x-forwarded-for': address });

function signInFrom(target: TestServer, address: string, email: string, password: string) {
  return api(target, '/api/auth/signin', { method: 'POST', body: { email, password }, headers: from(address) });
}

function expectTooMany(response: ApiResponse) {
  expectError(response, 429, 'too_many_attempts');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  // However many failures, nobody waits longer than 15 minutes.
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  return retryAfter;
}

describe('sign-in', () => {
  let owner: Account;

  beforeAll(async () => {
    owner = await signUp(server);
  });

  it('after 20 wrong passwords from one address answers 429 there, even to the right password, but not to the owner elsewhere', async () => {
    const attacker = '203.0.113.9';
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) answers.push((await signInFrom(server, attacker, owner.email, `wrong password ${i}`)).status);
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(5).every((status) => status === 429)).toBe(true);

    expectTooMany(await signInFrom(server, attacker, owner.email, owner.password));
    expect((await signInFrom(server, '198.51.100.20', owner.email, owner.password)).status).toBe(200);
  });

  it('lets no more than the limit through when the guesses arrive all at once', async () => {
    const attacker = '203.0.113.15';
    const victim = await signUp(server);
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signInFrom(server, attacker, victim.email, `parallel guess ${i}`)),
    );
    const statuses = guesses.map((guess) => guess.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('limits an unknown account the same way, so the answer tells nothing', async () => {
    const attacker = '203.0.113.10';
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < 5; i++) expectError(await signInFrom(server, attacker, nobody, 'guess'), 401, 'unauthorized');
    expectTooMany(await signInFrom(server, attacker, nobody, 'guess'));
  });

  it('stops one address trying many accounts', async () => {
    const sprayer = '203.0.113.11';
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signInFrom(server, sprayer, uniqueEmail(`spray${i}`), 'Summer2026!')).status);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expectTooMany(await signInFrom(server, sprayer, owner.email, owner.password));
  });

  it('keeps the limit in the database (a restart does not forget it) and lifts it when the wait is over', async () => {
    const attacker = '203.0.113.12';
    const victim = await signUp(server);
    for (let i = 0; i < 5; i++) await signInFrom(server, attacker, victim.email, 'wrong');
    expectTooMany(await signInFrom(server, attacker, victim.email, victim.password));

    await server.stop('SIGTERM', { keepData: true });
    server = await startServer({ dataFrom: server, env: { TRUSTED_PROXY_HOPS: '1' } });
    expectTooMany(await signInFrom(server, attacker, victim.email, victim.password));

    await server.stop('SIGTERM', { keepData: true });
    server = await startServer({
      dataFrom: server,
      env: { TRUSTED_PROXY_HOPS: '1', EVCONDUIT_CLOCK_OFFSET_MS: String(16 * MINUTE_MS) },
    });
    expect((await signInFrom(server, attacker, victim.email, victim.password)).status).toBe(200);
    // Two restarts: each start runs the migrations check and Next's start-up.
  }, 120_000);
});

describe('changing the password', () => {
  it('a session guessing its current password is slowed down like a sign-in, the right one too while the wait lasts', async () => {
    const account = await signUp(server);
    const change = (current: string) =>
      api(server, '/api/me/password', { method: 'POST', cookie: account.cookie, body: { current_password: current, new_password: 'a brand new password' } });
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) answers.push((await change(`guess number ${i}`)).status);
    expect(answers).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    expectTooMany(await change(account.password));
  });
});

describe('password-reset mails', () => {
  it('go out at most three times an hour to one address; every request gets the same answer', async () => {
    const account = await signUp(server); // the confirmation mail is the first of the three
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const requestId = `reset-${i}-${randomBytes(4).toString('hex')}`;
      const answer = await api(server, '/api/auth/password-reset', {
        method: 'POST',
        body: { email: account.email },
        headers: { 'x-request-id': requestId },
      });
      await server.waitForLog((e) => e.msg === 'request' && e.reqId === requestId);
      answers.push(answer);
    }
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(answers[0].body);
    }
    const mails = server.entries().filter((e) => e.mail?.to === account.email);
    expect(mails.length).toBe(3);
    expect(mails.filter((e) => /reset/i.test(e.mail.subject)).length).toBe(2);
  });
});

describe('API key guessing', () => {
  it('answers 429 after 20 unknown keys a minute from one address; X-Forwarded-For beyond the trusted hop changes nothing', async () => {
    const owner = await signUp(server);
    const { key } = await createApiKey(server, owner.cookie, 'Home Assistant');
    const guesser = '203.0.113.13';
    const guess = (spoofed: string) =>
      api(server, '/api/me', {
        key: `evc_${randomBytes(32).toString('base64url')}`,
        // The client writes the left entry; only the proxy's (the right one) counts.
        headers: { 'x-forwarded-for': `${spoofed}, ${guesser}` },
      });
    for (let i = 0; i < 20; i++) expectError(await guess(`192.0.2.${i}`), 401, 'invalid_api_key');
    expectTooMany(await guess('192.0.2.200'));
    // A valid key is never a failed lookup: Home Assistant behind the same address keeps working.
    expect((await api(server, '/api/me', { key, headers: from(guesser) })).status).toBe(200);
    // Another address is not affected.
    expectError(await api(server, '/api/me', { key: 'evc_unknown', headers: from('198.51.100.30') }), 401, 'invalid_api_key');
  });
});

describe('without a trusted proxy', () => {
  let direct: TestServer;

  beforeAll(async () => {
    direct = await startServer();
  });
  afterAll(async () => {
    await direct?.stop();
  });

  it('ignores X-Forwarded-For: a client cannot pick a fresh address per guess', async () => {
    const owner = await signUp(direct);
    for (let i = 0; i < 5; i++) {
      await api(direct, '/api/auth/signin', {
        method: 'POST',
        body: { email: owner.email, password: 'wrong' },
        headers: from(`192.0.2.${i}`),
      });
    }
    const response = await api(direct, '/api/auth/signin', {
      method: 'POST',
      body: { email: owner.email, password: owner.password },
      headers: from('192.0.2.99'),
    });
    expectTooMany(response);
  });
});

describe.runIf(usingPostgres)('two instances on one PostgreSQL', () => {
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    first = await startServer({ env: { TRUSTED_PROXY_HOPS: '1' } });
    second = await startServer({ env: { DATABASE_URL: first.databaseUrl!, TRUSTED_PROXY_HOPS: '1' } });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('share the counters: failures at one instance close the other', async () => {
    const owner = await signUp(first);
    const attacker = '203.0.113.14';
    for (let i = 0; i < 5; i++) expectError(await signInFrom(first, attacker, owner.email, 'wrong'), 401, 'unauthorized');
    expectTooMany(await signInFrom(second, attacker, owner.email, owner.password));
    expect((await signInFrom(second, '198.51.100.40', owner.email, owner.password)).status).toBe(200);
  });
});
