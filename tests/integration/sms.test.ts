/**
 * SMS through Twilio, end to end: a real server talks to a fake Twilio
 * (tests/fakes/twilio.ts) and a fake Stripe, driven by real OCPP charge
 * points. A number is verified by a texted code; credits are bought as a
 * Stripe pack, spent one per SMS, never below zero under concurrent sends and
 * refunded when Twilio refuses; failures are retried; a server killed while
 * Twilio holds a message sends nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { startFakeTwilio, type FakeTwilio, type TwilioMessage } from '../fakes/twilio';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

const PHONE = '+4915123456789';
let twilio: FakeTwilio;
let stripe: FakeStripe;
let server: TestServer;
let owner: Account;
const clients: RPCClient[] = [];

const env = (extra: Record<string, string> = {}) => ({
  ...twilio.env,
  ...stripe.env,
  NOTIFY_RETRY_BASE_MS: '300',
  JOB_INTERVAL_MS: '1000',
  JOB_LEASE_MS: '3000',
  ...extra,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const sms = (title: string) => (m: TwilioMessage) => m.to === PHONE && m.body.startsWith(title);
const countSms = (title: string) => twilio.received.filter(sms(title)).length;

async function credits(): Promise<number> {
  const response = await api(server, '/api/notifications/sms', { cookie: owner.cookie });
  expect(response.status).toBe(200);
  return response.body.credits;
}

async function enableSms(group: string) {
  const current = (await api(server, '/api/notifications/preferences', { cookie: owner.cookie })).body;
  const events = Object.fromEntries(current.events.map((e: { key: string; channels: Record<string, boolean> }) => [e.key, e.channels]));
  events[group] = { ...events[group], sms: true, email: false };
  const response = await api(server, '/api/notifications/preferences', {
    method: 'PUT',
    cookie: owner.cookie,
    body: { events, ntfy_url: null, quiet_hours: null, time_zone: 'UTC' },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function charger(label: string) {
  const name = `${label} ${randomBytes(3).toString('hex')}`;
  const cp = await registerChargePoint(server, owner.cookie, `${label}-${randomBytes(4).toString('hex')}`, name);
  const client = await bootedCharger(server, cp, 'ocpp1.6');
  clients.push(client);
  return { client, name };
}

async function session(client: RPCClient, wh: number) {
  const { transactionId } = (await client.call('StartTransaction', { connectorId: 1, idTag: 'SMS', meterStart: 0, timestamp: minutesAgo(90) })) as {
    transactionId: number;
  };
  await client.call('StopTransaction', { transactionId, meterStop: wh, timestamp: minutesAgo(5), reason: 'Local' });
}

async function rows(title: string) {
  const response = await api(server, '/api/notifications/history', { cookie: owner.cookie });
  return (response.body.deliveries as Array<Record<string, any>>).filter((d) => d.title === title && d.channel === 'sms');
}

async function settled(title: string, count: number, timeoutMs = 30_000) {
  const final = new Set(['sent', 'failed', 'no_credits', 'skipped']);
  for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(300)) {
    const mine = await rows(title);
    if (mine.length === count && mine.every((d) => final.has(d.status))) return mine;
  }
  throw new Error(`${title}: not settled: ${JSON.stringify(await rows(title))}`);
}

/** Pays for a pack in the fake Stripe and delivers its webhook (twice: a redelivery credits nothing). */
async function buyPack(pack: number) {
  const checkout = await api(server, '/api/billing/checkout', { method: 'POST', cookie: owner.cookie, body: { sms_pack: pack } });
  expect(checkout.status, JSON.stringify(checkout.body)).toBe(200);
  const sessionId = new URL(checkout.body.url).pathname.split('/').pop()!;
  const event = stripe.event('checkout.session.completed', stripe.completeCheckout(sessionId));
  const body = JSON.stringify(event);
  for (let i = 0; i < 2; i++) {
    const response = await api(server, '/api/webhooks/stripe', { method: 'POST', body, origin: null, headers: { 'stripe-signature': stripe.sign(body) } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
}

beforeAll(async () => {
  [twilio, stripe] = await Promise.all([startFakeTwilio(), startFakeStripe()]);
  server = await startServer({ env: env() });
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true }).catch(() => {})));
  await server?.stop();
  await Promise.all([twilio?.close(), stripe?.close()]);
});

describe('SMS', () => {
  it('needs a number verified by a texted code, checked and hashed, before SMS can be chosen', async () => {
    const before = await api(server, '/api/notifications/sms', { cookie: owner.cookie });
    expect(before.body).toMatchObject({ available: true, phone: null, pending_phone: null, credits: 0 });
    const prefs = (await api(server, '/api/notifications/preferences', { cookie: owner.cookie })).body;
    expect(prefs.channels.sms).toEqual({ phone: null, credits: 0, charged: true });
    expect(prefs.events[0].channels).toHaveProperty('sms');

    for (const phone of ['0151 23456789', '+1 555', 'call me', '+999 123456']) {
      const bad = expectError(await api(server, '/api/notifications/sms/code', { method: 'POST', cookie: owner.cookie, body: { phone } }), 422, 'validation_failed');
      expect(bad.errors[0]).toMatchObject({ path: 'body.phone', message: expect.stringMatching(/international format/) });
    }
    expectError(await api(server, '/api/notifications/sms/verify', { method: 'POST', cookie: owner.cookie, body: { code: '123456' } }), 409, 'no_code_pending');

    const sent = await api(server, '/api/notifications/sms/code', { method: 'POST', cookie: owner.cookie, body: { phone: '+49 151 23456789' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({ pending_phone: PHONE, phone: null });
    const message = await twilio.waitFor((m) => m.to === PHONE && /verification code/.test(m.body));
    expect(message.from).toBe(twilio.env.TWILIO_FROM);
    const code = /(\d{6})/.exec(message.body)![1];
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const guess = expectError(await api(server, '/api/notifications/sms/verify', { method: 'POST', cookie: owner.cookie, body: { code: wrong } }), 422, 'wrong_code');
    expect(guess.detail).toMatch(/4 tries left/);
    expectError(await api(server, '/api/notifications/sms/verify', { method: 'POST', cookie: owner.cookie, body: { code: '12' } }), 422, 'validation_failed');
    const verified = await api(server, '/api/notifications/sms/verify', { method: 'POST', cookie: owner.cookie, body: { code } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({ phone: PHONE, pending_phone: null });
    // The code is single-use, and the verification SMS cost no credit.
    expectError(await api(server, '/api/notifications/sms/verify', { method: 'POST', cookie: owner.cookie, body: { code } }), 409, 'no_code_pending');
    expect(await credits()).toBe(0);
    expect((await api(server, '/api/notifications/sms')).status).toBe(401);
  });

  it('credits are bought as a Stripe pack (once per event) and shown to Home Assistant', async () => {
    await buyPack(50);
    expect(await credits()).toBe(50);
    const key = await createApiKey(server, owner.cookie, 'ha');
    const me = await api(server, '/api/ha/me', { key: key.key });
    expect(me.status).toBe(200);
    expect(me.body.sms_credits).toBe(50);
    const billing = await api(server, '/api/billing', { cookie: owner.cookie });
    expect(billing.body.sms_credits).toBe(50);
    expectError(await api(server, '/api/billing/checkout', { method: 'POST', cookie: owner.cookie, body: { sms_pack: 7 } }), 422, 'validation_failed');
  });

  it('a fault goes out as one SMS for one credit, however often it is reported', async () => {
    await enableSms('charge_point_fault');
    const { client, name } = await charger('fault');
    const before = await credits();
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted' });
    const message = await twilio.waitFor(sms(`${name} reports a fault`));
    expect(message.body).toContain('Connector 1: GroundFailure');
    expect(message.body.length).toBeLessThanOrEqual(306);
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted' });
    await sleep(2500);
    expect(countSms(`${name} reports a fault`)).toBe(1);
    expect(await credits()).toBe(before - 1);
    const [row] = await rows(`${name} reports a fault`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries on 500 and 429 with one credit in the end; a 400 is final and refunds it', async () => {
    await enableSms('session_finished');
    const { client, name } = await charger('retry');
    const start = await credits();
    twilio.failNext(1, 500);
    await session(client, 2000);
    const [first] = await settled(`Charging finished at ${name}`, 1);
    expect(first).toMatchObject({ status: 'sent', attempts: 2 });
    twilio.failNext(1, 429);
    await session(client, 3000);
    await sleep(200);
    const both = await settled(`Charging finished at ${name}`, 2);
    expect(both.map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(countSms(`Charging finished at ${name}`)).toBe(2);
    expect(await credits()).toBe(start - 2);

    twilio.failNext(1, 400);
    await session(client, 4000);
    const three = await settled(`Charging finished at ${name}`, 3);
    const refused = three.find((d) => d.status === 'failed')!;
    expect(refused.last_error).toMatch(/Twilio answered 400/);
    expect(refused.attempts).toBe(1);
    expect(await credits()).toBe(start - 2);
  });

  it('a server killed while Twilio holds a message sends nothing twice', async () => {
    const { client, name } = await charger('crash');
    const title = `Charging finished at ${name}`;
    twilio.delay(5000);
    for (let i = 1; i <= 3; i++) await session(client, i * 1000);
    await twilio.waitFor(sms(title), 20_000);
    await server.kill({ keepData: true });
    twilio.delay(0);
    // A minute later by the server's clock, so rows the crash left `sending` are in doubt at once.
    server = await startServer({ env: env({ EVCONDUIT_CLOCK_OFFSET_MS: '60000' }), dataFrom: server });
    const mine = await settled(title, 3, 60_000);
    const bodies = twilio.received.filter(sms(title)).map((m) => m.body);
    expect(new Set(bodies).size).toBe(bodies.length); // never twice
    const sent = mine.filter((d) => d.status === 'sent');
    const inDoubt = mine.filter((d) => d.status === 'failed');
    for (const d of inDoubt) expect(d.last_error).toMatch(/In doubt/);
    expect(inDoubt.length).toBeGreaterThan(0);
    expect(sent.length + inDoubt.length).toBe(3);
    expect(bodies.length).toBeGreaterThanOrEqual(sent.length);
  }, 120_000);

  it('credits never go below zero under concurrent sends: the rest is no_credits, shown and not retried', async () => {
    const { client, name } = await charger('drain');
    const title = `Charging finished at ${name}`;
    const left = await credits();
    const sessions = left + 4;
    for (let i = 1; i <= sessions; i++) await session(client, i * 100);
    const mine = await settled(title, sessions, 90_000);
    expect(mine.filter((d) => d.status === 'sent')).toHaveLength(left);
    const none = mine.filter((d) => d.status === 'no_credits');
    expect(none).toHaveLength(4);
    expect(none[0].last_error).toMatch(/No SMS credits/);
    expect(await credits()).toBe(0);
    expect(countSms(title)).toBe(left);
    await sleep(2000);
    expect((await rows(title)).filter((d) => d.status === 'no_credits')).toHaveLength(4);
    // A test SMS without credits says so too.
    const test = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'sms' } });
    expect(test.body).toMatchObject({ status: 'no_credits' });
  }, 150_000);

  it('limits code sends per user, and a removed number gets nothing', async () => {
    let limited;
    for (let i = 0; i < 6 && !limited; i++) {
      const response = await api(server, '/api/notifications/sms/code', { method: 'POST', cookie: owner.cookie, body: { phone: '+4915123456780' } });
      if (response.status === 429) limited = response;
      else expect(response.status, JSON.stringify(response.body)).toBe(202);
    }
    expect(limited && expectError(limited, 429, 'too_many_attempts')).toBeTruthy();
    const removed = await api(server, '/api/notifications/sms', { method: 'DELETE', cookie: owner.cookie });
    expect(removed.body).toMatchObject({ phone: null });
    const test = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'sms' } });
    expectError(test, 409, 'channel_not_set_up');
  });

  it('deletes finished deliveries older than NOTIFY_RETENTION_DAYS (a server two days later)', async () => {
    const before = (await api(server, '/api/notifications/history', { cookie: owner.cookie })).body.deliveries;
    expect(before.length).toBeGreaterThan(10);
    await server.stop('SIGTERM', { keepData: true });
    server = await startServer({ env: env({ NOTIFY_RETENTION_DAYS: '1', EVCONDUIT_CLOCK_OFFSET_MS: String(2 * 86_400_000) }), dataFrom: server });
    let left = before;
    for (let i = 0; i < 50 && left.length > 0; i++, await sleep(300)) left = (await api(server, '/api/notifications/history', { cookie: owner.cookie })).body.deliveries;
    expect(left).toEqual([]);
  }, 90_000);
});
